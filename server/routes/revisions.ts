import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { compareQuery, issueRevisionBody } from '../../shared/api/record.js';
import { compareVersions, issueRevision, restoreRevision, revisionDetail, revisionsOf } from '../services/revisions.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** Revisions (issue, list, view, restore) and the comparison of any two versions of the text. */
export function revisionRoutes(deps: AppDeps) {
  const { db } = deps;

  return new Hono<AppEnv>()
    .get('/:id/revisions', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      return c.json((await revisionsOf(deps, document.id)) satisfies ApiResponses['revisions'], 200);
    })

    .post('/:id/revisions', validate('json', issueRevisionBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'issueRevision');
      const revision = await issueRevision(deps, actor, document, c.req.valid('json'));
      return c.json({ revision } satisfies ApiResponses['revision'], 201);
    })

    .get('/:id/revisions/:ref', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      return c.json({ revision: await revisionDetail(deps, document, c.req.param('ref')) } satisfies ApiResponses['revisionDetail'], 200);
    })

    .post('/:id/revisions/:ref/restore', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'issueRevision');
      const revision = await restoreRevision(deps, actor, document, c.req.param('ref'));
      return c.json({ restored: revision } satisfies ApiResponses['restored'], 200);
    })

    .get('/:id/compare', validate('query', compareQuery), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      const { from, to, view } = c.req.valid('query');
      return c.json((await compareVersions(deps, document, from, to, view)) satisfies ApiResponses['compare'], 200);
    });
}

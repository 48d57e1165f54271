import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { compareQuery, issueRevisionBody, type ComparisonResponse, type RevisionDetail } from '../../shared/api/record.js';
import { compareDeclarations } from '../../shared/compare.js';
import { declarationPlainText } from '../../shared/editor/content.js';
import { listRevisions } from '../../db/repos/revisions.js';
import { findRevisionByRef, issueRevision, listRestorations, presentRevisions, resolveVersion, restoreRevision, revisionDoc } from '../services/revisions.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** Revisions (issue, list, view, restore) and the comparison of any two versions of the text. */
export function revisionRoutes(deps: AppDeps) {
  const { db } = deps;

  return new Hono<AppEnv>()
    .get('/:id/revisions', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      return c.json({ revisions: await presentRevisions(deps, await listRevisions(db, document.id)), restorations: await listRestorations(deps, document.id) } satisfies ApiResponses['revisions'], 200);
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
      const row = await findRevisionByRef(deps, document.id, c.req.param('ref'));
      const [summary] = await presentRevisions(deps, [row]);
      const doc = revisionDoc(row);
      const revision: RevisionDetail = { ...summary!, content: doc.toJSON(), text: declarationPlainText(doc, document.numbering) };
      return c.json({ revision } satisfies ApiResponses['revisionDetail'], 200);
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
      const { from, to } = c.req.valid('query');
      const [older, newer] = await Promise.all([resolveVersion(deps, document, from), resolveVersion(deps, document, to)]);
      const comparison = compareDeclarations(older.doc, newer.doc, document.numbering);
      const body: ComparisonResponse = { from: older.info, to: newer.info, ...comparison };
      return c.json(body satisfies ApiResponses['compare'], 200);
    });
}

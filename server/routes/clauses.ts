import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { clauseStatusBody } from '../../shared/api/discussion.js';
import { clauseStates, setClauseStatus } from '../services/clauses.js';
import { buildDesk } from '../services/desk.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** Clause status (open, agreed ad referendum, agreed), set by the chair; and the chair's desk. */
export function clauseRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/:id/clauses', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      return c.json({ clauses: await clauseStates(db, document.id) } satisfies ApiResponses['clauses'], 200);
    })

    .put('/:id/clauses/:clauseId/status', validate('json', clauseStatusBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      const clause = await setClauseStatus(deps, actor, document, c.req.param('clauseId'), c.req.valid('json').status);
      return c.json({ clause } satisfies ApiResponses['clause'], 200);
    })

    .get('/:id/desk', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      return c.json(await buildDesk(deps, document) satisfies ApiResponses['desk'], 200);
    });
}

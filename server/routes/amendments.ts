import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { amendmentQuery, decideBody, positionBody } from '../../shared/api/amendments.js';
import { amendmentViews, decide, decideOne, takePosition } from '../services/amendments.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** Amendments: proposals attributed to delegations, supported or opposed, and decided by the chair. */
export function amendmentRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/:id/amendments', validate('query', amendmentQuery), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      const { clauseId, status } = c.req.valid('query');
      const all = await amendmentViews(deps, document);
      return c.json({ amendments: all.filter((a) => (!clauseId || a.clauseId === clauseId) && (!status || a.status === status)) } satisfies ApiResponses['amendments'], 200);
    })

    .put('/:id/amendments/:amendmentId/position', validate('json', positionBody), async (c) => {
      const actor = requireActor(c);
      const access = await authorizeDocument(db, actor, c.req.param('id'), 'comment');
      const amendment = await takePosition(deps, actor, access, c.req.param('amendmentId'), c.req.valid('json').position);
      return c.json({ amendment } satisfies ApiResponses['amendment'], 200);
    })

    .post('/:id/amendments/decide', validate('json', decideBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      const { decision, delegationCode, clauseId } = c.req.valid('json');
      const decided = await decide(
        deps,
        actor,
        document,
        (a) => (delegationCode === undefined || a.delegationCode === delegationCode) && (clauseId === undefined || a.clauseId === clauseId),
        decision,
        decision === 'accept' ? 'accepted' : 'rejected',
      );
      return c.json({ decided: decided.map((d) => d.amendment.id) } satisfies ApiResponses['decided'], 200);
    })

    .post('/:id/amendments/:amendmentId/:action{accept|reject|withdraw}', async (c) => {
      const actor = requireActor(c);
      const action = c.req.param('action') as 'accept' | 'reject' | 'withdraw';
      const access = await authorizeDocument(db, actor, c.req.param('id'), action === 'withdraw' ? 'withdrawAmendment' : 'chair');
      const amendment = await decideOne(deps, actor, access, c.req.param('amendmentId'), action);
      return c.json({ amendment } satisfies ApiResponses['amendment'], 200);
    });
}

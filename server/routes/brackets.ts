import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { keepBody, pickBody } from '../../shared/api/amendments.js';
import { bracketsOf, clearBrackets, keepOneAlternative, pickOption } from '../services/brackets.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/**
 * The chair's decisions on square brackets (pick one option of a choice, or clear a bracket) and on
 * alternative paragraphs (keep one).
 */
export function bracketRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/:id/brackets', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      return c.json(await bracketsOf(deps, document) satisfies ApiResponses['brackets'], 200);
    })

    .post('/:id/alternatives/:clauseId/keep', validate('json', keepBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      return c.json({ kept: await keepOneAlternative(deps, actor, document, c.req.param('clauseId'), c.req.valid('json').keep) } satisfies ApiResponses['keptAlternative'], 200);
    })

    .post('/:id/brackets/:group/pick', validate('json', pickBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      return c.json({ picked: await pickOption(deps, actor, document, c.req.param('group'), c.req.valid('json').option) } satisfies ApiResponses['pickedBracket'], 200);
    })

    .post('/:id/brackets/:group/clear', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      return c.json({ cleared: await clearBrackets(deps, actor, document, c.req.param('group')) } satisfies ApiResponses['clearedBracket'], 200);
    });
}

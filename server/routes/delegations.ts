import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { delegationBody } from '../../shared/api/schemas.js';
import { validate } from '../http/validate.js';
import { forbidden } from '../http/errors.js';
import { canInWorkspace } from '../policies/workspace.js';
import { listDelegations } from '../../db/repos/delegations.js';
import { registerDelegation } from '../services/accounts.js';
import { presentDelegation } from '../presenters/people.js';
import type { ApiResponses } from '../../shared/api/responses.js';

export function delegationRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      requireActor(c);
      return c.json({ delegations: (await listDelegations(deps.db)).map(presentDelegation) } satisfies ApiResponses['delegations'], 200);
    })
    .post('/', validate('json', delegationBody), async (c) => {
      const actor = requireActor(c);
      if (!canInWorkspace(actor, 'manageDelegations')) throw forbidden('only the secretariat registers delegations');
      const row = await registerDelegation(deps.db, c.req.valid('json'));
      return c.json({ delegation: presentDelegation(row) } satisfies ApiResponses['createDelegation'], 201);
    });
}

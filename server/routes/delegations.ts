import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { delegationBody } from '../../shared/api/schemas.js';
import { validate } from '../http/validate.js';
import { conflict, forbidden } from '../http/errors.js';
import { canInWorkspace } from '../policies/workspace.js';
import { findDelegationByCode, insertDelegation, listDelegations } from '../../db/repos/delegations.js';
import { presentDelegation } from '../presenters/people.js';
import { newId } from '../ids.js';
import { timestamp } from '../../db/time.js';
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
      const body = c.req.valid('json');
      if (await findDelegationByCode(deps.db, body.code)) throw conflict(`a delegation with code ${body.code} exists`);
      const row = await insertDelegation(deps.db, { id: newId('d'), ...body, created_at: timestamp() });
      return c.json({ delegation: presentDelegation(row) } satisfies ApiResponses['createDelegation'], 201);
    });
}

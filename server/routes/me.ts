import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { findDelegation } from '../../db/repos/delegations.js';
import { presentDelegation } from '../presenters/people.js';
import type { Me } from '../../shared/api/types.js';
import { workspaceAbilities } from '../policies/workspace.js';

export function meRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const actor = requireActor(c);
    const delegation = actor.delegationId ? await findDelegation(deps.db, actor.delegationId) : undefined;
    const me: Me = {
      user: { id: actor.id, email: actor.email, name: actor.name, delegationId: actor.delegationId, workspaceRole: actor.workspaceRole },
      delegation: delegation ? presentDelegation(delegation) : null,
      workspaceRole: actor.workspaceRole,
      abilities: workspaceAbilities(actor),
    };
    return c.json(me, 200);
  });
}

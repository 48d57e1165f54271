import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { invitationBody, userBody } from '../../shared/api/schemas.js';
import { validate } from '../http/validate.js';
import { forbidden } from '../http/errors.js';
import { canInWorkspace } from '../policies/workspace.js';
import { listUsers } from '../../db/repos/users.js';
import { newPassword } from '../auth/password-policy.js';
import { presentUser } from '../presenters/people.js';
import { createInvitation, createUser } from '../services/accounts.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** The secretariat sets an account's first password: it gets the same full check as a sign-up. */
const newUserRequest = userBody.extend({ password: newPassword });

export function userRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const actor = requireActor(c);
      if (!canInWorkspace(actor, 'listUsers')) throw forbidden('only the secretariat lists accounts');
      return c.json({ users: (await listUsers(db)).map(presentUser) } satisfies ApiResponses['users'], 200);
    })
    .post('/', validate('json', newUserRequest), async (c) => {
      const actor = requireActor(c);
      if (!canInWorkspace(actor, 'manageUsers')) throw forbidden('only the secretariat creates accounts');
      const row = await createUser(db, c.req.valid('json'));
      return c.json({ user: presentUser(row) } satisfies ApiResponses['createUser'], 201);
    });
}

export function invitationRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>().post('/', validate('json', invitationBody), async (c) => {
    const actor = requireActor(c);
    if (!canInWorkspace(actor, 'invite')) throw forbidden('only the secretariat invites');
    const invitation = await createInvitation(db, actor, c.req.valid('json'));
    return c.json({ invitation } satisfies ApiResponses['createInvitation'], 201);
  });
}

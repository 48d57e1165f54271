import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { invitationBody, userBody } from '../../shared/api/schemas.js';
import { validate } from '../http/validate.js';
import { badRequest, conflict, forbidden } from '../http/errors.js';
import { canInWorkspace } from '../policies/workspace.js';
import { findUserByEmail, insertUser, listUsers } from '../../db/repos/users.js';
import { findDelegation } from '../../db/repos/delegations.js';
import { insertInvitation } from '../../db/repos/invitations.js';
import { sha256Hex } from '../../db/hash.js';
import { hashPassword } from '../auth/passwords.js';
import { newPassword } from '../auth/password-policy.js';
import { presentUser } from '../presenters/people.js';
import { newId, newToken } from '../ids.js';
import { timestamp } from '../../db/time.js';
import type { Invitation } from '../../shared/api/types.js';
import type { ApiResponses } from '../../shared/api/responses.js';

const INVITATION_DAYS = 14;

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
      const body = c.req.valid('json');
      if (body.delegationId && !(await findDelegation(db, body.delegationId))) {
        throw badRequest(`delegationId: no delegation ${body.delegationId}`, [{ path: 'delegationId', message: 'no such delegation' }]);
      }
      if (await findUserByEmail(db, body.email)) throw conflict('an account with this email exists');
      const row = await insertUser(db, {
        id: newId('u'),
        email: body.email,
        name: body.name,
        password_hash: await hashPassword(body.password),
        delegation_id: body.delegationId ?? null,
        workspace_role: body.workspaceRole ?? null,
        created_at: timestamp(),
      });
      return c.json({ user: presentUser(row) } satisfies ApiResponses['createUser'], 201);
    });
}

export function invitationRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>().post('/', validate('json', invitationBody), async (c) => {
    const actor = requireActor(c);
    if (!canInWorkspace(actor, 'invite')) throw forbidden('only the secretariat invites');
    const body = c.req.valid('json');
    if (body.delegationId && !(await findDelegation(db, body.delegationId))) {
      throw badRequest(`delegationId: no delegation ${body.delegationId}`, [{ path: 'delegationId', message: 'no such delegation' }]);
    }
    if (await findUserByEmail(db, body.email)) throw conflict('an account with this email exists');
    const token = newToken();
    const expiresAt = timestamp(new Date(Date.now() + INVITATION_DAYS * 86400_000));
    const id = newId('i');
    await insertInvitation(db, {
      id,
      token_hash: sha256Hex(token),
      email: body.email,
      delegation_id: body.delegationId ?? null,
      workspace_role: body.workspaceRole ?? null,
      created_by: actor.id,
      created_at: timestamp(),
      expires_at: expiresAt,
      used_at: null,
    });
    const invitation: Invitation = { id, email: body.email, token, expiresAt };
    return c.json({ invitation } satisfies ApiResponses['createInvitation'], 201);
  });
}

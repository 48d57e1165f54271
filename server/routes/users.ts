import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { invitationBody, userBody } from '../../shared/api/schemas.js';
import { invitationIdParam, memberCandidatesQuery, type InvitationResponses } from '../../shared/api/invitations.js';
import { validate } from '../http/validate.js';
import { forbidden } from '../http/errors.js';
import { authorizeDocument } from '../http/authorize.js';
import { canInWorkspace } from '../policies/workspace.js';
import { listUsers } from '../../db/repos/users.js';
import { newPassword } from '../auth/password-policy.js';
import { presentUser } from '../presenters/people.js';
import { createInvitation, createUser, invitationsOf, revokeInvitation } from '../services/accounts.js';
import { memberCandidates } from '../services/members.js';
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
    })
    /**
     * The accounts whoever manages a document's members (the secretariat, its chair) may add to it.
     * A chair cannot list every account, but needs to pick someone: this answers only for their document.
     */
    .get('/candidates', validate('query', memberCandidatesQuery), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.valid('query').document, 'manageMembers');
      return c.json({ candidates: await memberCandidates(deps, document.id) } satisfies InvitationResponses['memberCandidates'], 200);
    });
}

export function invitationRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const actor = requireActor(c);
      if (!canInWorkspace(actor, 'invite')) throw forbidden('only the secretariat sees invitations');
      return c.json({ invitations: await invitationsOf(db) } satisfies InvitationResponses['invitations'], 200);
    })
    .post('/', validate('json', invitationBody), async (c) => {
      const actor = requireActor(c);
      if (!canInWorkspace(actor, 'invite')) throw forbidden('only the secretariat invites');
      const invitation = await createInvitation(db, actor, c.req.valid('json'));
      return c.json({ invitation } satisfies ApiResponses['createInvitation'], 201);
    })
    .post('/:id/revoke', validate('param', invitationIdParam), async (c) => {
      const actor = requireActor(c);
      if (!canInWorkspace(actor, 'invite')) throw forbidden('only the secretariat revokes invitations');
      const invitation = await revokeInvitation(db, c.req.valid('param').id);
      return c.json({ invitation } satisfies InvitationResponses['revokeInvitation'], 200);
    });
}

import type { Db } from '../../db/index.js';
import type { UserRow } from '../../db/schema.js';
import type { z } from 'zod';
import type { delegationBody, invitationBody, signUpBody, userBody } from '../../shared/api/schemas.js';
import type { Invitation } from '../../shared/api/types.js';
import { findDelegation, findDelegationByCode, insertDelegation } from '../../db/repos/delegations.js';
import type { DelegationRow } from '../../db/schema.js';
import { insertInvitation } from '../../db/repos/invitations.js';
import { hashPassword } from '../auth/passwords.js';
import { countUsers, findUserByEmail, insertUser } from '../../db/repos/users.js';
import { findOpenInvitation, useInvitation } from '../../db/repos/invitations.js';
import type { Actor } from '../policies/actor.js';
import { sha256Hex } from '../../db/hash.js';
import { timestamp } from '../../db/time.js';
import { newId, newToken } from '../ids.js';
import { Conflict, Forbidden, Invalid } from './errors.js';

/**
 * Creates an account: the first one becomes the secretariat; any other needs an open invitation for
 * its email, used up in the same transaction (so one invitation makes one account).
 */
export async function signUp(db: Db, body: z.infer<typeof signUpBody>): Promise<UserRow> {
  const passwordHash = await hashPassword(body.password);
  return db.transaction().execute(async (trx) => {
    const firstRun = (await countUsers(trx)) === 0;
    let delegationId: string | null = null;
    let workspaceRole: 'secretariat' | 'archivist' | null = firstRun ? 'secretariat' : null;
    if (!firstRun) {
      if (!body.invitation) throw new Forbidden('sign-up needs an invitation from the secretariat');
      const now = timestamp();
      const invitation = await findOpenInvitation(trx, sha256Hex(body.invitation), now);
      if (!invitation) throw new Forbidden('this invitation is unknown, used or expired');
      if (invitation.email !== body.email) throw new Forbidden('this invitation is for another email address');
      if (!(await useInvitation(trx, invitation.id, now))) throw new Forbidden('this invitation was just used');
      delegationId = invitation.delegation_id;
      workspaceRole = invitation.workspace_role;
    }
    if (await findUserByEmail(trx, body.email)) throw new Conflict('an account with this email exists');
    return insertUser(trx, {
      id: newId('u'),
      email: body.email,
      name: body.name,
      password_hash: passwordHash,
      delegation_id: delegationId,
      workspace_role: workspaceRole,
      created_at: timestamp(),
    });
  });
}

const INVITATION_DAYS = 14;

async function checkNewAccount(db: Db, body: { email: string; delegationId?: string | null | undefined }): Promise<void> {
  if (body.delegationId && !(await findDelegation(db, body.delegationId))) {
    throw new Invalid(`delegationId: no delegation ${body.delegationId}`, [{ path: 'delegationId', message: 'no such delegation' }]);
  }
  if (await findUserByEmail(db, body.email)) throw new Conflict('an account with this email exists');
}

/** The secretariat creates an account with its first password (already checked by the policy on passwords). */
export async function createUser(db: Db, body: z.infer<typeof userBody>): Promise<UserRow> {
  await checkNewAccount(db, body);
  return insertUser(db, {
    id: newId('u'),
    email: body.email,
    name: body.name,
    password_hash: await hashPassword(body.password),
    delegation_id: body.delegationId ?? null,
    workspace_role: body.workspaceRole ?? null,
    created_at: timestamp(),
  });
}

/** The secretariat invites someone: the token is shown once, only its hash is stored. */
export async function createInvitation(db: Db, actor: Actor, body: z.infer<typeof invitationBody>): Promise<Invitation> {
  await checkNewAccount(db, body);
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
  return { id, email: body.email, token, expiresAt };
}

/** The secretariat registers a delegation; codes are unique. */
export async function registerDelegation(db: Db, body: z.infer<typeof delegationBody>): Promise<DelegationRow> {
  if (await findDelegationByCode(db, body.code)) throw new Conflict(`a delegation with code ${body.code} exists`);
  return insertDelegation(db, { id: newId('d'), ...body, created_at: timestamp() });
}

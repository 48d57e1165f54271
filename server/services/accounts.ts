import type { Db } from '../../db/index.js';
import type { UserRow } from '../../db/schema.js';
import type { z } from 'zod';
import type { delegationBody, invitationBody, signUpBody, userBody } from '../../shared/api/schemas.js';
import type { Invitation } from '../../shared/api/types.js';
import type { InvitationLookup, InvitationState, InvitationSummary } from '../../shared/api/invitations.js';
import { findDelegation, findDelegationByCode, insertDelegation, listDelegations } from '../../db/repos/delegations.js';
import type { DelegationRow, InvitationRow } from '../../db/schema.js';
import { findInvitation, findInvitationByToken, insertInvitation, listInvitations, revokeInvitation as markRevoked, useInvitation } from '../../db/repos/invitations.js';
import { hashPassword } from '../auth/passwords.js';
import { countUsers, findUserByEmail, insertUser } from '../../db/repos/users.js';
import { presentDelegation } from '../presenters/people.js';
import type { Actor } from '../policies/actor.js';
import { sha256Hex } from '../../db/hash.js';
import { timestamp } from '../../db/time.js';
import { newId, newToken } from '../ids.js';
import { Conflict, Forbidden, Invalid, NotFound } from './errors.js';

/**
 * Creates an account: the first one becomes the secretariat; any other needs an open invitation, used
 * up in the same transaction (so one invitation makes one account). The account takes the invited
 * address whatever address was posted: the link was sent there, and the page shows it fixed.
 */
export async function signUp(db: Db, body: z.infer<typeof signUpBody>): Promise<UserRow> {
  const passwordHash = await hashPassword(body.password);
  return db.transaction().execute(async (trx) => {
    const firstRun = (await countUsers(trx)) === 0;
    let email = body.email;
    let delegationId: string | null = null;
    let workspaceRole: 'secretariat' | 'archivist' | null = firstRun ? 'secretariat' : null;
    if (!firstRun) {
      if (!body.invitation) throw new Forbidden('sign-up needs an invitation from the secretariat');
      const now = timestamp();
      const invitation = await findInvitationByToken(trx, sha256Hex(body.invitation));
      if (!invitation) throw new Forbidden('this invitation link is unknown: check that it was copied whole');
      const refusal = REFUSAL[invitationState(invitation, now)];
      if (refusal) throw new Forbidden(refusal);
      if (!(await useInvitation(trx, invitation.id, now))) throw new Forbidden('this invitation was just used or revoked');
      email = invitation.email;
      delegationId = invitation.delegation_id;
      workspaceRole = invitation.workspace_role;
    }
    if (await findUserByEmail(trx, email)) throw new Conflict('an account with this email exists');
    return insertUser(trx, {
      id: newId('u'),
      email,
      name: body.name,
      password_hash: passwordHash,
      delegation_id: delegationId,
      workspace_role: workspaceRole,
      created_at: timestamp(),
    });
  });
}

/** Why a link in each state cannot make an account (a pending one can). */
const REFUSAL: Record<InvitationState, string | null> = {
  pending: null,
  accepted: 'this invitation was already used to create an account: sign in instead',
  revoked: 'this invitation was revoked by the secretariat: ask them for a new one',
  expired: 'this invitation has expired: ask the secretariat for a new one',
};

/** Revoked and accepted are decisions; expiry is only the clock, so it is read at `now`. */
function invitationState(row: InvitationRow, now: string): InvitationState {
  if (row.used_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  return row.expires_at <= now ? 'expired' : 'pending';
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
    revoked_at: null,
  });
  return { id, email: body.email, token, expiresAt };
}

function summarize(row: InvitationRow, delegations: ReadonlyMap<string, DelegationRow>, now: string): InvitationSummary {
  const delegation = row.delegation_id ? delegations.get(row.delegation_id) : undefined;
  return {
    id: row.id,
    email: row.email,
    delegation: delegation ? presentDelegation(delegation) : null,
    workspaceRole: row.workspace_role,
    state: invitationState(row, now),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.used_at,
    revokedAt: row.revoked_at,
  };
}

async function delegationsById(db: Db): Promise<Map<string, DelegationRow>> {
  return new Map((await listDelegations(db)).map((d) => [d.id, d]));
}

/** Every invitation with its state, newest first: the secretariat sees who has not accepted yet. */
export async function invitationsOf(db: Db): Promise<InvitationSummary[]> {
  const [rows, delegations] = await Promise.all([listInvitations(db), delegationsById(db)]);
  const now = timestamp();
  return rows.map((row) => summarize(row, delegations, now));
}

/** The secretariat takes back an invitation nobody has accepted: its link is refused from now on. */
export async function revokeInvitation(db: Db, id: string): Promise<InvitationSummary> {
  const row = await findInvitation(db, id);
  if (!row) throw new NotFound(`no invitation ${id}`);
  if (row.used_at) throw new Conflict(`the invitation to ${row.email} was already accepted; it can no longer be revoked`);
  if (row.revoked_at) throw new Conflict(`the invitation to ${row.email} was already revoked`);
  if (!(await markRevoked(db, id, timestamp()))) throw new Conflict(`the invitation to ${row.email} was accepted or revoked meanwhile`);
  return summarize((await findInvitation(db, id))!, await delegationsById(db), timestamp());
}

/** What the holder of a link sees before signing up: the token is the secret, so it may read its own address. */
export async function lookUpInvitation(db: Db, token: string): Promise<InvitationLookup> {
  const row = await findInvitationByToken(db, sha256Hex(token));
  if (!row) throw new NotFound('this invitation link is unknown: check that it was copied whole');
  const delegation = row.delegation_id ? await findDelegation(db, row.delegation_id) : undefined;
  return {
    email: row.email,
    state: invitationState(row, timestamp()),
    expiresAt: row.expires_at,
    delegation: delegation ? { code: delegation.code, name: delegation.name } : null,
  };
}

/** The secretariat registers a delegation; codes are unique. */
export async function registerDelegation(db: Db, body: z.infer<typeof delegationBody>): Promise<DelegationRow> {
  if (await findDelegationByCode(db, body.code)) throw new Conflict(`a delegation with code ${body.code} exists`);
  return insertDelegation(db, { id: newId('d'), ...body, created_at: timestamp() });
}

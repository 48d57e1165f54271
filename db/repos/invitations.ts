import type { Db } from '../index.js';
import type { InvitationRow, InvitationTable } from '../schema.js';

export async function insertInvitation(db: Db, row: InvitationTable): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

/** The invitation a link names, in whatever state it is (the caller says why it cannot be used). */
export function findInvitationByToken(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function findInvitation(db: Db, id: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every invitation, newest first. */
export function listInvitations(db: Db): Promise<InvitationRow[]> {
  return db.selectFrom('invitations').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
}

/** Marks an invitation used; false if someone used or revoked it first (the caller's transaction rolls back). */
export async function useInvitation(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Takes an invitation back; false if it was accepted or revoked in the meantime. */
export async function revokeInvitation(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

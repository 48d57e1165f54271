import type { Db } from '../index.js';
import type { InvitationRow, InvitationTable } from '../schema.js';

export async function insertInvitation(db: Db, row: InvitationTable): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

export function findOpenInvitation(db: Db, tokenHash: string, now: string): Promise<InvitationRow | undefined> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Marks an invitation used; false if someone used it first (the caller's transaction rolls back). */
export async function useInvitation(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

import { logWriterOf, type Db } from '../index.js';
import { timestamp } from '../time.js';

/** The update log and snapshots of collaborative documents. */

export interface StoredState {
  snapshot: { data: Uint8Array; throughUpdateId: number } | null;
  updates: { id: number; data: Uint8Array }[];
}

export async function loadStoredState(db: Db, documentId: string): Promise<StoredState> {
  const snapshot = await db
    .selectFrom('document_snapshots')
    .select(['data', 'through_update_id'])
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  const through = snapshot ? Number(snapshot.through_update_id) : 0;
  const updates = await db
    .selectFrom('document_updates')
    .select(['id', 'data'])
    .where('document_id', '=', documentId)
    .where('id', '>', through)
    .orderBy('id')
    .execute();
  return {
    snapshot: snapshot ? { data: new Uint8Array(snapshot.data), throughUpdateId: through } : null,
    updates: updates.map((u) => ({ id: Number(u.id), data: new Uint8Array(u.data) })),
  };
}

/** Appends updates in one statement (so all or none are stored); returns the id of the last one. */
export async function appendUpdates(db: Db, documentId: string, updates: readonly Uint8Array[]): Promise<number> {
  const now = timestamp();
  const rows = await db
    .insertInto('document_updates')
    .values(updates.map((data) => ({ document_id: documentId, data, created_at: now })))
    .returning('id')
    .execute();
  return Math.max(...rows.map((r) => Number(r.id)));
}

/**
 * Folds the log into a snapshot: the snapshot holds everything up to `throughUpdateId`, and the log
 * entries it covers are deleted in the same transaction, so a crash leaves either the old pair or
 * the new one, never a gap.
 */
export async function writeSnapshot(db: Db, documentId: string, data: Uint8Array, throughUpdateId: number): Promise<void> {
  const now = timestamp();
  // Through the log writer when there is one, so it is ordered with the appends queued there.
  const writer = logWriterOf(db);
  if (writer) return writer.writeSnapshot(documentId, data, throughUpdateId, now);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('document_snapshots')
      .values({ document_id: documentId, data, through_update_id: throughUpdateId, updated_at: now })
      .onConflict((oc) => oc.column('document_id').doUpdateSet({ data, through_update_id: throughUpdateId, updated_at: now }))
      .execute();
    await trx.deleteFrom('document_updates').where('document_id', '=', documentId).where('id', '<=', throughUpdateId).execute();
  });
}

/** Yjs client ids of a document and who first wrote with each. */
export async function loadWriters(db: Db, documentId: string): Promise<Map<number, string>> {
  const rows = await db.selectFrom('document_writers').select(['client_id', 'user_id']).where('document_id', '=', documentId).execute();
  return new Map(rows.map((r) => [Number(r.client_id), r.user_id]));
}

/**
 * Appends updates and records the client ids they claimed, in one transaction: a client id is never
 * stored as written without its owner. Returns the id of the last update once it is committed (on a
 * SQLite file, by the log writer thread, in one group commit with other documents' appends).
 */
export async function appendUpdatesClaiming(db: Db, documentId: string, updates: readonly Uint8Array[], claims: ReadonlyMap<number, string>): Promise<number> {
  const writer = logWriterOf(db);
  if (writer) return writer.append(documentId, updates, claims, timestamp());
  if (!claims.size) return appendUpdates(db, documentId, updates);
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('document_writers')
      .values([...claims].map(([clientId, userId]) => ({ document_id: documentId, client_id: clientId, user_id: userId })))
      .onConflict((oc) => oc.columns(['document_id', 'client_id']).doNothing())
      .execute();
    return appendUpdates(trx, documentId, updates);
  });
}

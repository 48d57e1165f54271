import type { Db } from '../index.js';
import type { CommentRow, CommentTable, ThreadRow, ThreadTable } from '../schema.js';
import type { Updateable } from 'kysely';

export async function insertThread(db: Db, row: ThreadTable): Promise<void> {
  await db.insertInto('threads').values(row).execute();
}

export function findThread(db: Db, documentId: string, threadId: string): Promise<ThreadRow | undefined> {
  return db.selectFrom('threads').selectAll().where('document_id', '=', documentId).where('id', '=', threadId).executeTakeFirst();
}

export function listThreads(db: Db, documentId: string, filter: { status?: 'open' | 'resolved'; clauseId?: string } = {}): Promise<ThreadRow[]> {
  let query = db.selectFrom('threads').selectAll().where('document_id', '=', documentId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.clauseId) query = query.where('clause_id', '=', filter.clauseId);
  return query.orderBy('created_at').orderBy('id').execute();
}

/**
 * Changes a thread only if it is still in status `from`; false if someone changed it first (a
 * concurrent resolve, or a reply racing a resolution), so the caller answers 409.
 */
export async function updateThreadIf(db: Db, threadId: string, from: 'open' | 'resolved', changes: Updateable<ThreadTable>): Promise<boolean> {
  const result = await db.updateTable('threads').set(changes).where('id', '=', threadId).where('status', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertComment(db: Db, row: CommentTable): Promise<void> {
  await db.insertInto('comments').values(row).execute();
}

export function findComment(db: Db, documentId: string, commentId: string): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('document_id', '=', documentId).where('id', '=', commentId).executeTakeFirst();
}

/** Changes a comment unless it was deleted; false if it was (possibly a moment ago). */
export async function updateLiveComment(db: Db, commentId: string, changes: Updateable<CommentTable>): Promise<boolean> {
  const result = await db.updateTable('comments').set(changes).where('id', '=', commentId).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function listComments(db: Db, threadIds: readonly string[]): Promise<CommentRow[]> {
  if (!threadIds.length) return Promise.resolve([]);
  return db.selectFrom('comments').selectAll().where('thread_id', 'in', threadIds).orderBy('created_at').orderBy('id').execute();
}

/** The status of every thread of a document (for the record's statistics). */
export function listThreadStatuses(db: Db, documentId: string): Promise<{ status: ThreadRow['status'] }[]> {
  return db.selectFrom('threads').select(['status']).where('document_id', '=', documentId).execute();
}

import type { Db } from '../index.js';
import type { DocumentMemberRow, DocumentRow, NewDocument } from '../schema.js';

export async function insertDocument(db: Db, row: NewDocument): Promise<DocumentRow> {
  await db.insertInto('documents').values(row).execute();
  return (await findDocument(db, row.id)) as DocumentRow;
}

export function findDocument(db: Db, id: string): Promise<DocumentRow | undefined> {
  return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listAllDocuments(db: Db): Promise<DocumentRow[]> {
  return db.selectFrom('documents').selectAll().orderBy('created_at', 'desc').execute();
}

/** The documents a person is a member of, with their role in each. */
export function listDocumentsOfMember(db: Db, userId: string) {
  return db
    .selectFrom('documents')
    .innerJoin('document_members', 'document_members.document_id', 'documents.id')
    .selectAll('documents')
    .select('document_members.role')
    .where('document_members.user_id', '=', userId)
    .orderBy('documents.created_at', 'desc')
    .execute();
}

export function findMembership(db: Db, documentId: string, userId: string): Promise<DocumentMemberRow | undefined> {
  return db
    .selectFrom('document_members')
    .selectAll()
    .where('document_id', '=', documentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function listMembers(db: Db, documentId: string) {
  return db
    .selectFrom('document_members')
    .innerJoin('users', 'users.id', 'document_members.user_id')
    .leftJoin('delegations', 'delegations.id', 'users.delegation_id')
    .select([
      'document_members.user_id',
      'document_members.role',
      'users.name',
      'users.email',
      'delegations.id as delegation_id',
      'delegations.code as delegation_code',
      'delegations.name as delegation_name',
      'delegations.color as delegation_color',
    ])
    .where('document_members.document_id', '=', documentId)
    .orderBy('users.name')
    .execute();
}

export async function upsertMember(db: Db, row: DocumentMemberRow): Promise<void> {
  await db
    .insertInto('document_members')
    .values(row)
    .onConflict((oc) => oc.columns(['document_id', 'user_id']).doUpdateSet({ role: row.role }))
    .execute();
}

export async function deleteMember(db: Db, documentId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('document_members')
    .where('document_id', '=', documentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The settings a chair or the secretariat may change; absent fields stay as they are. */
export interface DocumentSettingsChange {
  observersMayComment?: boolean | undefined;
  editingPhase?: 'direct' | 'amendments' | undefined;
  venue?: string | null | undefined;
  timeZone?: string | undefined;
  language?: string | undefined;
  organisation?: string | undefined;
}

export async function updateDocumentSettings(db: Db, documentId: string, change: DocumentSettingsChange, updatedAt: string): Promise<void> {
  await db
    .updateTable('documents')
    .set({
      ...(change.observersMayComment !== undefined ? { observers_may_comment: change.observersMayComment ? 1 : 0 } : {}),
      ...(change.editingPhase !== undefined ? { editing_phase: change.editingPhase } : {}),
      ...(change.venue !== undefined ? { venue: change.venue || null } : {}),
      ...(change.timeZone !== undefined ? { time_zone: change.timeZone } : {}),
      ...(change.language !== undefined ? { language: change.language } : {}),
      ...(change.organisation !== undefined ? { organisation: change.organisation } : {}),
      updated_at: updatedAt,
    })
    .where('id', '=', documentId)
    .execute();
}

/**
 * Moves a document to `to` only if it is in one of `from` now (so a step that raced another loses);
 * true if it moved.
 */
export async function moveDocumentStatus(
  db: Db,
  documentId: string,
  from: readonly DocumentRow['status'][],
  to: DocumentRow['status'],
  updatedAt: string,
  extra: { final_symbol?: string | null } = {},
): Promise<boolean> {
  const moved = await db
    .updateTable('documents')
    .set({ status: to, updated_at: updatedAt, ...extra })
    .where('id', '=', documentId)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}

/**
 * Several instances: the text is frozen (or thawed) in the database too, for at most `forMs`: see
 * the migration 2026-12-07T09-00-00-document-frozen.
 */
export async function setTextFrozen(db: Db, documentId: string, frozen: boolean, now: Date, forMs: number): Promise<void> {
  const until = frozen ? new Date(now.getTime() + forMs).toISOString() : null;
  await db.updateTable('documents').set({ text_frozen_until: until }).where('id', '=', documentId).execute();
}

/** Whether the database says the text is frozen for a check now (see setTextFrozen). */
export function textFrozenAt(row: { text_frozen_until: string | null }, now: Date): boolean {
  return row.text_frozen_until !== null && row.text_frozen_until > now.toISOString();
}

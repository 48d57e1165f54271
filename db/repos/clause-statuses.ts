import type { Db } from '../index.js';
import type { ClauseStatusRow } from '../schema.js';

export async function upsertClauseStatus(db: Db, row: ClauseStatusRow): Promise<void> {
  await db
    .insertInto('clause_statuses')
    .values(row)
    .onConflict((oc) => oc.columns(['document_id', 'clause_id']).doUpdateSet({ status: row.status, updated_by: row.updated_by, updated_at: row.updated_at }))
    .execute();
}

export function listClauseStatuses(db: Db, documentId: string): Promise<ClauseStatusRow[]> {
  return db.selectFrom('clause_statuses').selectAll().where('document_id', '=', documentId).execute();
}

export async function agreedClauseIds(db: Db, documentId: string): Promise<string[]> {
  const rows = await db.selectFrom('clause_statuses').select('clause_id').where('document_id', '=', documentId).where('status', '=', 'agreed').execute();
  return rows.map((r) => r.clause_id);
}

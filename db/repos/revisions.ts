import type { Db } from '../index.js';
import type { RevisionRow, RevisionTable } from '../schema.js';
import { storableJson, storableNullable, storableText } from '../../shared/text.js';

/** Stores an issued revision, its copy of the text made storable (no NUL, no lone surrogate: shared/text.ts). */
export async function insertRevision(db: Db, row: RevisionTable): Promise<void> {
  const stored: RevisionTable = { ...row, negotiation: row.negotiation === null ? null : storableJson(row.negotiation), symbol: storableText(row.symbol), note: storableNullable(row.note), label_map: storableJson(row.label_map), content: storableJson(row.content) };
  await db.insertInto('revisions').values(stored).execute();
}

/** Revisions of a document without their (large) state and content, oldest first. */
export function listRevisions(db: Db, documentId: string) {
  return db
    .selectFrom('revisions')
    .select(['id', 'document_id', 'number', 'symbol', 'note', 'issued_by', 'issued_at', 'renumbered', 'label_map'])
    .where('document_id', '=', documentId)
    .orderBy('number')
    .execute();
}

export async function findRevision(db: Db, documentId: string, number: number): Promise<RevisionRow | undefined> {
  const row = await db.selectFrom('revisions').selectAll().where('document_id', '=', documentId).where('number', '=', number).executeTakeFirst();
  return row && { ...row, state: new Uint8Array(row.state) };
}

export async function findRevisionById(db: Db, documentId: string, id: string): Promise<RevisionRow | undefined> {
  const row = await db.selectFrom('revisions').selectAll().where('document_id', '=', documentId).where('id', '=', id).executeTakeFirst();
  return row && { ...row, state: new Uint8Array(row.state) };
}

/** The number the next revision takes: 0 (the zero draft) when none has been issued. */
export async function nextRevisionNumber(db: Db, documentId: string): Promise<number> {
  const row = await db
    .selectFrom('revisions')
    .select((eb) => eb.fn.max('number').as('last'))
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

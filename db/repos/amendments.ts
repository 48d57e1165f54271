import { storableText } from '../../shared/text.js';
import type { Db } from '../index.js';
import type { AmendmentDecisionTable } from '../schema.js';

export async function setPosition(db: Db, row: { document_id: string; amendment_id: string; delegation_id: string; position: 'support' | 'oppose' | null; user_id: string; updated_at: string }): Promise<void> {
  if (row.position === null) {
    await db
      .deleteFrom('amendment_positions')
      .where('document_id', '=', row.document_id)
      .where('amendment_id', '=', row.amendment_id)
      .where('delegation_id', '=', row.delegation_id)
      .execute();
    return;
  }
  const position = row.position;
  await db
    .insertInto('amendment_positions')
    .values({ ...row, position })
    .onConflict((oc) => oc.columns(['document_id', 'amendment_id', 'delegation_id']).doUpdateSet({ position, user_id: row.user_id, updated_at: row.updated_at }))
    .execute();
}

/** Positions on a document's amendments, with the delegation's code. */
export function listPositions(db: Db, documentId: string) {
  return db
    .selectFrom('amendment_positions')
    .innerJoin('delegations', 'delegations.id', 'amendment_positions.delegation_id')
    .select(['amendment_positions.amendment_id', 'amendment_positions.position', 'delegations.code'])
    .where('amendment_positions.document_id', '=', documentId)
    .orderBy('delegations.code')
    .execute();
}

/** Records a decision; false if the amendment was already decided (a concurrent decision won). */
export async function recordDecision(db: Db, row: AmendmentDecisionTable): Promise<boolean> {
  // The proposed and struck-out words come from the document's text (see shared/text.ts).
  const stored = { ...row, summary: storableText(row.summary), inserted: storableText(row.inserted), deleted: storableText(row.deleted) };
  const inserted = await db
    .insertInto('amendment_decisions')
    .values(stored)
    .onConflict((oc) => oc.columns(['document_id', 'amendment_id']).doNothing())
    .returning('amendment_id')
    .execute();
  return inserted.length === 1;
}

export function listDecisions(db: Db, documentId: string) {
  return db.selectFrom('amendment_decisions').selectAll().where('document_id', '=', documentId).orderBy('decided_at').execute();
}

import type { Db } from '../index.js';
import type { SilenceProcedureRow, SilenceProcedureTable } from '../schema.js';

export async function insertSilence(db: Db, row: SilenceProcedureTable): Promise<void> {
  await db.insertInto('silence_procedures').values(row).execute();
}

/** The procedure running on a document, if any. */
export function findOpenSilence(db: Db, documentId: string): Promise<SilenceProcedureRow | undefined> {
  return db.selectFrom('silence_procedures').selectAll().where('document_id', '=', documentId).where('ended_at', 'is', null).executeTakeFirst();
}

export function listSilences(db: Db, documentId: string): Promise<SilenceProcedureRow[]> {
  return db.selectFrom('silence_procedures').selectAll().where('document_id', '=', documentId).orderBy('started_at').execute();
}

/** Procedures whose deadline has passed unbroken (ISO timestamps in UTC compare as text). */
export function listExpiredSilences(db: Db, now: string): Promise<SilenceProcedureRow[]> {
  return db.selectFrom('silence_procedures').selectAll().where('ended_at', 'is', null).where('deadline', '<=', now).orderBy('deadline').execute();
}

/**
 * Ends a running procedure; false if it had already ended (someone else got there first) or, with
 * `beforeDeadline`, if its deadline has passed (then only adoption may end it).
 */
export async function endSilence(
  db: Db,
  id: string,
  end: { ended_at: string; outcome: 'broken' | 'adopted' | 'withdrawn'; broken_by?: string | null; broken_delegation?: string | null; statement?: string | null },
  options: { beforeDeadline?: boolean } = {},
): Promise<boolean> {
  let update = db.updateTable('silence_procedures').set(end).where('id', '=', id).where('ended_at', 'is', null);
  if (options.beforeDeadline) update = update.where('deadline', '>', end.ended_at);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

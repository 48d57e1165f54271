import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** A Yjs client id a person writes with in a document, as stored in document_writers. */
export interface ClaimRow {
  document_id: string;
  client_id: number;
  user_id: string;
}

/**
 * Client ids read or written in one statement at most. One update may claim thousands (a struct per
 * client id, up to MAX_STRUCTS_PER_UPDATE) and a room's batch several updates, while a statement binds
 * at most 32,766 parameters on SQLite and 65,535 on PostgreSQL (three per row here).
 */
const CLAIMS_PER_STATEMENT = 2_000;

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += CLAIMS_PER_STATEMENT) yield items.slice(start, start + CLAIMS_PER_STATEMENT);
}

/** Records who writes with which client ids; a client id already recorded keeps its first owner. Run it in the append's transaction. */
export async function recordClaims(trx: Kysely<Database>, claims: readonly ClaimRow[]): Promise<void> {
  for (const rows of chunks(claims)) {
    await trx
      .insertInto('document_writers')
      .values(rows)
      .onConflict((oc) => oc.columns(['document_id', 'client_id']).doNothing())
      .execute();
  }
}

/** The recorded owners of these client ids of a document (those recorded at all). */
export async function ownersOf(trx: Kysely<Database>, documentId: string, clientIds: readonly number[]): Promise<{ client_id: number; user_id: string }[]> {
  const owners: { client_id: number; user_id: string }[] = [];
  for (const ids of chunks(clientIds)) {
    const rows = await trx.selectFrom('document_writers').select(['client_id', 'user_id']).where('document_id', '=', documentId).where('client_id', 'in', ids).execute();
    for (const row of rows) owners.push({ client_id: Number(row.client_id), user_id: row.user_id });
  }
  return owners;
}

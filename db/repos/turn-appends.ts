import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../schema.js';
import { postgresPoolOf, type Db } from '../index.js';
import { commitChannel } from '../log-writer/index.js';
import { recordClaims } from './claims.js';
import { timestamp } from '../time.js';

/** One room's append: its updates and the client ids they claimed, with its caller's promise. */
interface Asked {
  documentId: string;
  updates: readonly Uint8Array[];
  claims: ReadonlyMap<number, string>;
  resolve(lastUpdateId: number): void;
  reject(error: unknown): void;
}

/** Appends stored in one statement at most: each row binds three parameters, and PostgreSQL allows 65,535. */
const APPENDS_PER_STATEMENT = 500;

/**
 * Appends asked for in one turn of the event loop, stored together where no log writer groups them
 * (PostgreSQL; SQLite in memory): at the end of the turn (setImmediate), every room's updates go into
 * one INSERT (with the client ids they claim, in one transaction), rather than a statement and a round
 * trip each. Under load (twenty documents being typed into) that is one round trip instead of twenty;
 * a lone keystroke waits one turn of the event loop for company, without sleeping. Each append still
 * resolves only once its rows are committed. Should the statement fail (a document deleted meanwhile),
 * each append is stored alone, so only the one that cannot be stored fails.
 */
export class TurnAppends {
  private asked: Asked[] = [];

  constructor(private readonly db: Db) {}

  /** Resolves with the id of the last of these updates once they are committed. */
  append(documentId: string, updates: readonly Uint8Array[], claims: ReadonlyMap<number, string>): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      if (!this.asked.length) setImmediate(() => void this.storeAll());
      this.asked.push({ documentId, updates, claims, resolve, reject });
    });
  }

  private async storeAll(): Promise<void> {
    const asked = this.asked;
    this.asked = [];
    const chunks: Asked[][] = [];
    for (let start = 0; start < asked.length; start += APPENDS_PER_STATEMENT) chunks.push(asked.slice(start, start + APPENDS_PER_STATEMENT));
    await Promise.all(chunks.map((chunk) => this.storeChunk(chunk)));
  }

  private async storeChunk(asked: readonly Asked[]): Promise<void> {
    // One document twice in a turn (a room has one commit in flight, so this is rare): each alone, in order.
    const together = asked.length > 1 && new Set(asked.map((a) => a.documentId)).size === asked.length;
    if (together) {
      let last: Map<string, number> | null = null;
      try {
        last = await storeTogether(this.db, asked);
      } catch {
        // Nothing of them is stored: each alone below, so that only one that cannot be stored fails.
      }
      if (last) {
        for (const a of asked) a.resolve(last.get(a.documentId)!);
        return;
      }
    }
    for (const a of asked) {
      try {
        a.resolve(await storeOne(this.db, a));
      } catch (err) {
        a.reject(err);
      }
    }
  }
}

/** One append: its updates in one statement, with its claims in one transaction. Returns the last id. */
async function storeOne(db: Db, a: Pick<Asked, 'documentId' | 'updates' | 'claims'>): Promise<number> {
  const last = await storeTogether(db, [a]);
  return last.get(a.documentId)!;
}

/** Several documents' appends in one statement (one transaction with their claims); each document's last id. */
async function storeTogether(db: Db, asked: readonly Pick<Asked, 'documentId' | 'updates' | 'claims'>[]): Promise<Map<string, number>> {
  const now = timestamp();
  const claims = asked.flatMap((a) => [...a.claims].map(([clientId, userId]) => ({ document_id: a.documentId, client_id: clientId, user_id: userId })));
  const pool = postgresPoolOf(db);
  if (pool && !claims.length) return lastIds(await insertThroughPg(pool, asked, now));
  const insertUpdates = (q: Kysely<Database>) =>
    q
      .insertInto('document_updates')
      .values(asked.flatMap((a) => a.updates.map((data) => ({ document_id: a.documentId, data, created_at: now }))))
      .returning(['id', 'document_id'])
      .execute();
  const rows = claims.length
    ? await db.transaction().execute(async (trx) => {
        await recordClaims(trx, claims);
        return insertUpdates(trx);
      })
    : await insertUpdates(db);
  return lastIds(rows);
}

function lastIds(rows: readonly { id: number | string; document_id: string }[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const row of rows) last.set(row.document_id, Math.max(last.get(row.document_id) ?? 0, Number(row.id)));
  return last;
}

/** Statements prepared once per connection, by how many rows they insert: up to this many rows. */
const PREPARED_UP_TO_ROWS = 16;

/** The insert of `rows` updates, as Kysely would write it. */
function insertText(rows: number): string {
  const values = Array.from({ length: rows }, (_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(', ');
  return `insert into "document_updates" ("document_id", "data", "created_at") values ${values} returning "id", "document_id"`;
}
const insertTexts = Array.from({ length: PREPARED_UP_TO_ROWS + 1 }, (_, rows) => (rows ? insertText(rows) : ''));

/**
 * The updates of appends that claim nothing, straight through pg as one prepared statement: building
 * and compiling the same insert with Kysely cost 200 us of the server's CPU more per keystroke than
 * the statement itself (paced like a typist, against a local PostgreSQL).
 */
async function insertThroughPg(pool: pg.Pool, asked: readonly Pick<Asked, 'documentId' | 'updates'>[], now: string): Promise<{ id: number; document_id: string }[]> {
  const values: unknown[] = [];
  for (const a of asked) for (const data of a.updates) values.push(a.documentId, data, now);
  const rows = values.length / 3;
  const text = insertTexts[rows] ?? insertText(rows);
  const result = await pool.query<{ id: number; document_id: string }>(rows <= PREPARED_UP_TO_ROWS ? { name: `accord-append-${rows}`, text, values } : { text, values });
  if (commitChannel.hasSubscribers) commitChannel.publish(1);
  return result.rows;
}

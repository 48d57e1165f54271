import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Db } from '../index.js';
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
  const insertUpdates = (q: Kysely<Database>) =>
    q
      .insertInto('document_updates')
      .values(asked.flatMap((a) => a.updates.map((data) => ({ document_id: a.documentId, data, created_at: now }))))
      .returning(['id', 'document_id'])
      .execute();
  const rows = claims.length
    ? await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('document_writers')
          .values(claims)
          .onConflict((oc) => oc.columns(['document_id', 'client_id']).doNothing())
          .execute();
        return insertUpdates(trx);
      })
    : await insertUpdates(db);
  const last = new Map<string, number>();
  for (const row of rows) last.set(row.document_id, Math.max(last.get(row.document_id) ?? 0, Number(row.id)));
  return last;
}

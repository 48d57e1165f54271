import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from 'node:diagnostics_channel';
import { Kysely, SqliteDialect, type LogEvent } from 'kysely';
import SQLite from 'better-sqlite3';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { migrateToLatest } from '../../db/migrator.js';
import { loadStoredState, loadWriters } from '../../db/repos/updates.js';
import { TurnAppends } from '../../db/repos/turn-appends.js';
import type { Database } from '../../db/schema.js';
import { openDatabase, type Db } from '../../db/index.js';

/**
 * The appends of one turn of the event loop stored together where no log writer groups them
 * (PostgreSQL, SQLite in memory), on SQLite and on PostgreSQL (TEST_DATABASE_URL), counting the
 * statements that insert updates: PostgreSQL as the server opens it (appends that claim nothing go
 * straight through pg, and announce their commits on the channel the benchmark reads), SQLite through
 * a Kysely of its own over the file (the server's would commit through the log writer instead).
 */

let database: TestDatabase;
let db: Db;
let inserts = 0;

subscribe('accord.store.commit', () => inserts++);

function countInserts(event: LogEvent): void {
  if (event.level === 'query' && event.query.sql.startsWith('insert into "document_updates"')) inserts++;
}

function sqliteFile(url: string): SQLite.Database {
  const sqlite = new SQLite(url.slice('file:'.length));
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
}

beforeAll(async () => {
  database = await freshDatabase();
  db = database.kind === 'postgres' ? openDatabase(database.url) : new Kysely<Database>({ dialect: new SqliteDialect({ database: sqliteFile(database.url) }), log: countInserts });
  await migrateToLatest(db);
  const now = new Date().toISOString();
  await db.insertInto('users').values({ id: 'chair', email: 'chair@example.org', name: 'Chair', password_hash: 'x', delegation_id: null, workspace_role: null, created_at: now }).execute();
  for (const id of ['cop29', 'g20', 'asean', 'hlpf']) {
    await db
      .insertInto('documents')
      .values({ id, title: `Declaration ${id}`, symbol: null, venue: null, starts_on: null, ends_on: null, numbering: 'all', status: 'draft', created_by: 'chair', created_at: now, updated_at: now })
      .execute();
  }
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

const bytes = (...values: number[]) => new Uint8Array(values);
const stored = async (documentId: string) => (await loadStoredState(db, documentId)).updates.map((u) => ({ id: u.id, data: [...u.data] }));

describe('appends of one turn, stored together', () => {
  it('stores several documents\' appends in one statement, each answered with its own last id, claims with them', async () => {
    const appends = new TurnAppends(db);
    const before = inserts;
    const [cop29, g20, asean] = await Promise.all([
      appends.append('cop29', [bytes(1), bytes(2)], new Map()),
      appends.append('g20', [bytes(3)], new Map([[4242, 'chair']])),
      appends.append('asean', [bytes(4), bytes(5), bytes(6)], new Map()),
    ]);
    expect(inserts - before).toBe(1);
    const logs = { cop29: await stored('cop29'), g20: await stored('g20'), asean: await stored('asean') };
    expect(logs.cop29.map((u) => u.data)).toEqual([[1], [2]]);
    expect(logs.g20.map((u) => u.data)).toEqual([[3]]);
    expect(logs.asean.map((u) => u.data)).toEqual([[4], [5], [6]]);
    // Each append's answer is the id of its own last update.
    expect([cop29, g20, asean]).toEqual([logs.cop29.at(-1)!.id, logs.g20.at(-1)!.id, logs.asean.at(-1)!.id]);
    expect(await loadWriters(db, 'g20')).toEqual(new Map([[4242, 'chair']]));
    // A lone append, in a turn of its own: a statement of its own.
    const alone = await appends.append('cop29', [bytes(7)], new Map());
    expect(inserts - before).toBe(2);
    expect((await stored('cop29')).at(-1)).toEqual({ id: alone, data: [7] });
    // Appends that claim nothing (on PostgreSQL, straight through pg): one statement again.
    const [hlpf, g20Again] = await Promise.all([appends.append('hlpf', [bytes(8), bytes(9)], new Map()), appends.append('g20', [bytes(10)], new Map())]);
    expect(inserts - before).toBe(3);
    expect((await stored('hlpf')).slice(-2)).toEqual([
      { id: hlpf - 1, data: [8] },
      { id: hlpf, data: [9] },
    ]);
    expect((await stored('g20')).at(-1)).toEqual({ id: g20Again, data: [10] });
  });

  it('fails only the append that cannot be stored; the others of its turn are stored', async () => {
    const appends = new TurnAppends(db);
    const outcomes = await Promise.allSettled([
      appends.append('hlpf', [bytes(1)], new Map()),
      appends.append('no-such-declaration', [bytes(2)], new Map([[77, 'chair']])),
      appends.append('asean', [bytes(8)], new Map()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await stored('hlpf')).at(-1)!.data).toEqual([1]);
    expect((await stored('asean')).at(-1)!.data).toEqual([8]);
    // Nothing of the refused one, not even its claim.
    expect(await loadWriters(db, 'no-such-declaration')).toEqual(new Map());
  });

  it('stores an append that claims more client ids than one statement may bind (a hostile update claims one per struct)', async () => {
    const appends = new TurnAppends(db);
    // 5,000 structs from as many clients per update, and a room's batch may hold several such updates:
    // 25,000 claims bind 75,000 parameters, over what either database takes in one statement.
    const claims = new Map(Array.from({ length: 25_000 }, (_, i) => [1_000_000 + i, 'chair'] as [number, string]));
    const [id, other] = await Promise.all([appends.append('asean', [bytes(12)], claims), appends.append('cop29', [bytes(13)], new Map())]);
    expect((await stored('asean')).at(-1)).toEqual({ id, data: [12] });
    expect((await stored('cop29')).at(-1)).toEqual({ id: other, data: [13] });
    expect((await loadWriters(db, 'asean')).size).toBe(25_000);
  });

  it('stores one document\'s two appends of a turn one after the other, in the order asked', async () => {
    const appends = new TurnAppends(db);
    const [first, second] = await Promise.all([appends.append('g20', [bytes(10)], new Map()), appends.append('g20', [bytes(11)], new Map())]);
    expect(second).toBeGreaterThan(first);
    expect((await stored('g20')).slice(-2)).toEqual([
      { id: first, data: [10] },
      { id: second, data: [11] },
    ]);
  });
});

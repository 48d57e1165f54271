import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { POSTGRES_URL } from '../helpers/cluster.js';
import { openDatabase, type Db } from '../../db/index.js';
import { migrateToLatest } from '../../db/migrator.js';
import { appendUpdatesInOrder, loadStoredState, loadWriters } from '../../db/repos/updates.js';

/**
 * An append that claims more client ids than one statement may bind, through the path several
 * instances store by (appendUpdatesInOrder, PostgreSQL only): a hostile update may claim one per
 * struct, up to 5,000, and a room's batch may hold several such updates.
 */

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await freshDatabase(POSTGRES_URL);
  db = openDatabase(database.url);
  await migrateToLatest(db);
  const now = new Date().toISOString();
  for (const id of ['chair', 'mys']) {
    await db.insertInto('users').values({ id, email: `${id}@example.org`, name: id, password_hash: 'x', delegation_id: null, workspace_role: null, created_at: now }).execute();
  }
  await db
    .insertInto('documents')
    .values({ id: 'cop29', title: 'Declaration', symbol: null, venue: null, starts_on: null, ends_on: null, numbering: 'all', status: 'draft', created_by: 'chair', created_at: now, updated_at: now })
    .execute();
  // One client id among them already belongs to someone else.
  await db.insertInto('document_writers').values({ document_id: 'cop29', client_id: 1_024_999, user_id: 'mys' }).execute();
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

const claimsOf = (userId: string) => new Map(Array.from({ length: 25_000 }, (_, i) => [1_000_000 + i, userId] as [number, string]));

it('reads the owners of 25,000 claimed client ids and finds the one that is someone else\'s', async () => {
  let othersSeen: number[] = [];
  const stored = await appendUpdatesInOrder(db, 'cop29', [new Uint8Array([1])], claimsOf('chair'), (guard) => {
    othersSeen = guard.clientIdsOfOthers;
    return false; // the guard refuses: nothing is stored
  });
  expect(stored).toBeNull();
  expect(othersSeen).toEqual([1_024_999]);
  expect((await loadStoredState(db, 'cop29')).updates).toEqual([]);
});

it('stores 25,000 claimed client ids with their update, in one transaction', async () => {
  await db.deleteFrom('document_writers').execute();
  const stored = await appendUpdatesInOrder(db, 'cop29', [new Uint8Array([2])], claimsOf('chair'), () => true);
  expect(stored).not.toBeNull();
  expect((await loadStoredState(db, 'cop29')).updates.map((u) => u.id)).toEqual([stored!.lastId]);
  const writers = await loadWriters(db, 'cop29');
  expect(writers.size).toBe(25_000);
  expect(writers.get(1_024_999)).toBe('chair');
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { POSTGRES_URL } from '../helpers/cluster.js';
import { openDatabase, type Db } from '../../db/index.js';

/**
 * The server's PostgreSQL pool keeps connections open through a quiet spell: pg closes a connection
 * idle for 10 s, and the first statement after a pause (a keystroke, a socket opening) would wait for
 * a new one. Counted from PostgreSQL's side (pg_stat_activity), through a client of its own.
 */

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await freshDatabase(POSTGRES_URL);
  db = openDatabase(database.url);
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

async function connectionsTo(name: string): Promise<number> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

it('keeps connections to PostgreSQL open after ten quiet seconds', async () => {
  const name = new URL(database.url).pathname.slice(1);
  // Three statements at once open three connections.
  await Promise.all([1, 2, 3].map(() => sql`SELECT pg_sleep(0.05)`.execute(db)));
  expect(await connectionsTo(name)).toBe(3);
  // pg closes a connection idle for 10 s: all but the ones the pool keeps.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  expect(await connectionsTo(name)).toBe(2);
}, 20_000);

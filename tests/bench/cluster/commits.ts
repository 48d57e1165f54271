/**
 * Transactions committed in the run's database, from PostgreSQL's own statistics
 * (pg_stat_database.xact_commit), every backend of every instance together. A backend hands its
 * counts to the shared statistics when it goes idle, at most once a second, and an idle one within
 * ten seconds (PostgreSQL 15), so a reading is settled only that long after the work it counts.
 */
import pg from 'pg';
import { sleep } from '../collab/clients.js';

/** Long enough for every backend's pending statistics to reach the shared ones. */
const SETTLE_MS = Number(process.env.BENCH_STATS_SETTLE_MS ?? 11_000);

export async function committedTransactions(databaseUrl: string): Promise<number> {
  await sleep(SETTLE_MS);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const name = new URL(databaseUrl).pathname.slice(1);
    const { rows } = await client.query<{ commits: string }>('SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = $1', [name]);
    // This reading is a transaction of the database too: one more in the next, which is nothing beside thousands.
    return Number(rows[0]?.commits ?? NaN);
  } finally {
    await client.end();
  }
}

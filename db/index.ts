import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type Compilable, type InferResult, type LogEvent, type SqliteDatabase } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Database } from './schema.js';
import { commitChannel, LogWriter } from './log-writer/index.js';
import { DEFAULT_INLINE_POLICY } from './log-writer/inline.js';

export type Db = Kysely<Database>;

// int8 (bigserial ids, counts) as numbers: update ids stay far below 2^53.
pg.types.setTypeParser(20, (value: string) => Number(value));

/**
 * Connections to PostgreSQL kept open through a quiet spell (pg closes the others after 10 s idle):
 * opening one made the first statement after a pause, a keystroke or a socket, take 3.7-5.7 ms
 * instead of 0.6-1 ms.
 */
const KEPT_CONNECTIONS = 2;

const logWriters = new WeakMap<Db, LogWriter>();
const postgresPools = new WeakMap<Db, pg.Pool>();

/**
 * The pg pool behind a PostgreSQL database, for the one statement that goes around Kysely: a room's
 * append (db/repos/turn-appends.ts), where building and compiling the query cost about as much of the
 * server's CPU as the round trip. Queries through it announce their own commits (commitChannel).
 */
export function postgresPoolOf(db: Db): pg.Pool | undefined {
  return postgresPools.get(db);
}

/**
 * The log writer of a SQLite file database (db/log-writer): documents' updates and snapshots are
 * committed there, in groups; appends by the event loop itself while nothing waits in the worker
 * (db/log-writer/inline.ts), off it otherwise. None for PostgreSQL (already asynchronous), `:memory:` (a second
 * connection would see another database) and transactions (they are other Kysely objects).
 * To measure one way against another: ACCORD_LOG_WRITER=off keeps a file's commits on the main
 * connection, ACCORD_LOG_WRITER=worker leaves every commit to the worker.
 */
export function logWriterOf(db: Db): LogWriter | undefined {
  return logWriters.get(db);
}

/**
 * Opens the database named by a URL: `file:PATH` (or a bare path) for SQLite, `postgres://...` for
 * PostgreSQL. SQLite runs in WAL mode with synchronous=FULL, so a committed update survives a crash
 * of the process and of the machine; on a file, a log writer thread commits documents' updates with
 * the same settings (see logWriterOf), and db.destroy() stops it.
 */
export function openDatabase(url: string): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10, min: KEPT_CONNECTIONS });
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      // The benchmark's probe counts commits of the update log: each stores with one insert of updates
      // or snapshot (alone, or in the transaction that also claims client ids). Only when it listens.
      ...(commitChannel.hasSubscribers ? { log: countLogCommits } : {}),
    });
    postgresPools.set(db, pool);
    return db;
  }
  const path = url.startsWith('file:') ? url.slice('file:'.length) : url;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(sqlite) }) });
  if (path === ':memory:' || process.env.ACCORD_LOG_WRITER === 'off') return db;
  const writer = new LogWriter(path, process.env.ACCORD_LOG_WRITER === 'worker' ? false : DEFAULT_INLINE_POLICY);
  logWriters.set(db, writer);
  const destroy = db.destroy.bind(db);
  db.destroy = async () => {
    await writer.close();
    await destroy();
  };
  return db;
}

/** Announces a commit of the update log (PostgreSQL) on the channel the benchmark's probe reads. */
function countLogCommits(event: LogEvent): void {
  if (event.level !== 'query') return;
  const sql = event.query.sql;
  if (sql.startsWith('insert into "document_updates"') || sql.startsWith('insert into "document_snapshots"')) commitChannel.publish(1);
}

/** How many distinct SQL texts keep their prepared statement: the app's queries number in the hundreds. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * The SQLite connection as Kysely sees it, with each SQL text prepared once: Kysely prepares every
 * query afresh, and preparing was most of a query's cost (308 of 495 ms of SQLite time per 1,000
 * sockets opening). Kysely binds the parameters at each run, so a statement is safe to reuse, except
 * while an iterator over it is open (a stream): a busy statement is prepared anew for that query.
 * The least recently used text is dropped past STATEMENT_CACHE_SIZE (queries with `in (…)` lists make
 * a text per list length).
 */
function reusingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const prepared = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const cached = prepared.get(sql);
      if (cached && !cached.busy) {
        prepared.delete(sql);
        prepared.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (cached) return statement;
      prepared.set(sql, statement);
      if (prepared.size > STATEMENT_CACHE_SIZE) prepared.delete(prepared.keys().next().value!);
      return statement;
    },
  };
}

/**
 * A query Kysely builds and compiles once per database, then runs with new values: building and
 * compiling a query cost more than running it (about a third of the CPU of a socket's session and
 * document lookups). `build` receives stand-ins for the arguments; each must become exactly one
 * parameter of the compiled query (checked when it is first compiled). For the few hot queries only:
 * the SQL text must not depend on the values (no `in (…)` lists, no optional clauses).
 */
export function reusableQuery<A extends string, Q extends Compilable<unknown>>(
  names: readonly A[],
  build: (db: Db, args: Record<A, string>) => Q,
): (db: Db, args: Record<A, unknown>) => Promise<InferResult<Q>> {
  const compiled = new WeakMap<Db, { sql: string; slots: ({ arg: A } | { value: unknown })[] }>();
  const compile = (db: Db) => {
    const standIns = Object.fromEntries(names.map((name) => [name, `\u0000${name}\u0000`])) as Record<A, string>;
    const query = build(db, standIns).compile();
    const byStandIn = new Map<unknown, A>(names.map((name) => [standIns[name], name]));
    const slots = query.parameters.map((value) => (byStandIn.has(value) ? { arg: byStandIn.get(value)! } : { value }));
    for (const name of names) {
      const uses = slots.filter((slot) => 'arg' in slot && slot.arg === name).length;
      if (uses !== 1) throw new Error(`reusableQuery: argument ${name} is used ${uses} times in: ${query.sql}`);
    }
    const entry = { sql: query.sql, slots };
    compiled.set(db, entry);
    return entry;
  };
  return async (db, args) => {
    const { sql, slots } = compiled.get(db) ?? compile(db);
    const parameters = slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value));
    const result = await db.executeQuery(CompiledQuery.raw(sql, parameters));
    return result.rows as InferResult<Q>;
  };
}

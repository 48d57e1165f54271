import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Database } from './schema.js';
import { LogWriter } from './log-writer/index.js';

export type Db = Kysely<Database>;

// int8 (bigserial ids, counts) as numbers: update ids stay far below 2^53.
pg.types.setTypeParser(20, (value: string) => Number(value));

const logWriters = new WeakMap<Db, LogWriter>();

/**
 * The log writer of a SQLite file database (db/log-writer): documents' updates and snapshots are
 * committed there, off the event loop. None for PostgreSQL (already asynchronous), `:memory:`
 * (a second connection would see another database) and transactions (they are other Kysely objects).
 * ACCORD_LOG_WRITER=off keeps a file's commits on the main thread, to measure one against the other.
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
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }),
    });
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
  const writer = new LogWriter(path);
  logWriters.set(db, writer);
  const destroy = db.destroy.bind(db);
  db.destroy = async () => {
    await writer.close();
    await destroy();
  };
  return db;
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

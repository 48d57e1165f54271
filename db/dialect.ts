import { PostgresAdapter, type Kysely } from 'kysely';

/** The few places where SQLite and PostgreSQL differ (column types in migrations) ask this. */
export function isPostgres<T>(db: Kysely<T>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator } from 'kysely';
import { migrationProvider } from '../../db/migrator.js';
import { openDatabase, type Db } from '../../db/index.js';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'db', 'migrations');

/**
 * A fresh SQLite database in memory with every migration of db/migrations applied.
 * (db/migrator.ts's provider imports the .ts migrations from its own module, which the test runner
 * transforms.)
 */
export async function memoryDatabase(): Promise<Db> {
  const db = openDatabase(':memory:');
  const migrator = new Migrator({
    db,
    provider: migrationProvider(folder),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return db;
}

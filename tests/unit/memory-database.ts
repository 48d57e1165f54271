import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileMigrationProvider, Migrator } from 'kysely/migration';
import { openDatabase, type Db } from '../../db/index.js';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'db', 'migrations');

/**
 * A fresh SQLite database in memory with every migration of db/migrations applied.
 *
 * db/migrator.ts's FileMigrationProvider imports the .ts migrations from inside node_modules/kysely,
 * which the test runner does not transform, so Node refuses the .ts files there. Importing them from
 * this module instead goes through the runner's loader; the migrations themselves are the real ones.
 */
export async function memoryDatabase(): Promise<Db> {
  const db = openDatabase(':memory:');
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({
      fs,
      path,
      migrationFolder: folder,
      import: (file: string) => import(pathToFileURL(file).href),
    }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return db;
}

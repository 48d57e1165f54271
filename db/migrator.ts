import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileMigrationProvider, Migrator } from 'kysely/migration';
import type { Db } from './index.js';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies every pending migration; throws (and applies nothing more) if one fails. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Import the migration files from here rather than from inside node_modules, so that loaders
  // (tsx, vitest) that compile TypeScript see the import.
  const provider = new FileMigrationProvider({
    fs,
    path,
    migrationFolder: folder,
    import: (file: string) => import(pathToFileURL(file).href),
  });
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

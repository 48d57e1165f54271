import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './index.js';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Reads the migrations of a folder, named after their files without the extension (as Kysely's own
 * FileMigrationProvider names them, so databases migrated before keep their history). We import the
 * files from here rather than from inside node_modules, so that loaders (tsx, vitest) that compile
 * TypeScript see the import; Kysely 0.28 (the last to run on Node 20) has no `import` option for that.
 */
export function migrationProvider(migrationFolder: string): MigrationProvider {
  return {
    async getMigrations() {
      const migrations: Record<string, Migration> = {};
      for (const file of (await fs.readdir(migrationFolder)).sort()) {
        if (!/\.(ts|js)$/.test(file) || file.endsWith('.d.ts')) continue;
        const module = (await import(pathToFileURL(path.join(migrationFolder, file)).href)) as Partial<Migration> & { default?: Migration };
        const migration = module.default?.up ? module.default : module;
        if (typeof migration.up === 'function') migrations[file.slice(0, file.lastIndexOf('.'))] = migration as Migration;
      }
      return migrations;
    },
  };
}

/** Applies every pending migration; throws (and applies nothing more) if one fails. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const provider = migrationProvider(folder);
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { freshDatabase } from '../helpers/database.js';
import { openDatabase } from '../../db/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function demo(databaseUrl: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/demo.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('npm run demo', () => {
  it('fills an empty database with the ASEAN-UN workspace, prints the accounts, and refuses to run twice', async () => {
    const database = await freshDatabase();
    try {
      const first = demo(database.url);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('secretariat@asean.example');
      expect(first.stdout).toMatch(/MYS Malaysia/);
      expect(first.stdout).toContain('ASEAN/PVE/2017/L.1');
      // The main document is in mid-negotiation: statuses, threads, a supported amendment.
      const db = openDatabase(database.url);
      try {
        const count = async (table: 'threads' | 'clause_statuses' | 'amendment_positions' | 'revisions' | 'archive_records') =>
          Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
        expect(await count('threads')).toBe(2);
        expect(await count('clause_statuses')).toBe(2);
        expect(await count('amendment_positions')).toBe(1);
        // The zero draft of the main document, and the practitioners' statement adopted after Rev.1.
        expect(await count('revisions')).toBe(3);
        const record = await db.selectFrom('archive_records').selectAll().executeTakeFirstOrThrow();
        expect(record).toMatchObject({ symbol: 'UNODC/PWG-PVE/2022/1', draft_symbol: 'UNODC/PWG-PVE/2022/L.1', time_zone: 'Asia/Jakarta', venue: 'Jakarta', year: 2022, via: 'chair' });
        expect(record.final_text).toContain('to report on progress to participating countries at the third consultation meeting;');
        expect(await count('archive_records')).toBe(1);
      } finally {
        await db.destroy();
      }
      const second = demo(database.url);
      expect(second.status).toBe(1);
      expect(second.stdout + second.stderr).toMatch(/Refusing/);
    } finally {
      await database.drop();
    }
  });
});

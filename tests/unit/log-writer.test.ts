import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { logWriterOf, openDatabase, type Db } from '../../db/index.js';
import { migrateToLatest } from '../../db/migrator.js';
import { appendUpdatesClaiming, loadStoredState, loadWriters, writeSnapshot } from '../../db/repos/updates.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
const dbs: Db[] = [];

afterEach(async () => {
  for (const db of dbs.splice(0)) await db.destroy();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A migrated SQLite file with documents doc-0..doc-(n-1) (a second connection, foreign keys off, writes the fixture rows). */
async function fileDatabase(documents: number): Promise<{ path: string; db: Db }> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-log-writer-'));
  dirs.push(dir);
  const path = join(dir, 'accord.db');
  const db = openDatabase(`file:${path}`);
  dbs.push(db);
  await migrateToLatest(db);
  const fixture = new SQLite(path);
  fixture.pragma('foreign_keys = OFF');
  const insert = fixture.prepare(
    "INSERT INTO documents (id, title, symbol, venue, starts_on, ends_on, numbering, status, created_by, created_at, updated_at) VALUES (?, 'T', NULL, NULL, NULL, NULL, 'all', 'draft', 'u', 'now', 'now')",
  );
  for (let i = 0; i < documents; i++) insert.run(`doc-${i}`);
  fixture.close();
  return { path, db };
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('log writer (SQLite file: commits in a worker thread)', () => {
  it('is used for files only, not for :memory:', async () => {
    const memory = openDatabase(':memory:');
    expect(logWriterOf(memory)).toBeUndefined();
    await memory.destroy();
    const { db } = await fileDatabase(0);
    expect(logWriterOf(db)).toBeDefined();
  });

  it('commits appends from many documents at once, each with its own ids, claims and order', async () => {
    const { db } = await fileDatabase(20);
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, d) =>
        Promise.all(Array.from({ length: 5 }, (_, k) => appendUpdatesClaiming(db, `doc-${d}`, [bytes(d, k)], new Map([[1000 + d, `user-${d}`]])))),
      ),
    );
    const all = ids.flat();
    expect(new Set(all).size).toBe(100);
    for (let d = 0; d < 20; d++) {
      // In order within a document: ids increase as the appends were made.
      expect([...ids[d]!].sort((a, b) => a - b)).toEqual(ids[d]);
      const stored = await loadStoredState(db, `doc-${d}`);
      expect(stored.updates.map((u) => [...u.data])).toEqual(Array.from({ length: 5 }, (_, k) => [d, k]));
      expect(stored.updates.map((u) => u.id)).toEqual(ids[d]);
      expect(await loadWriters(db, `doc-${d}`)).toEqual(new Map([[1000 + d, `user-${d}`]]));
    }
  });

  it('orders a snapshot with the appends around it', async () => {
    const { db } = await fileDatabase(1);
    const first = await appendUpdatesClaiming(db, 'doc-0', [bytes(1), bytes(2)], new Map());
    // Not awaited in between: the snapshot and the next append are queued together.
    const [, after] = await Promise.all([writeSnapshot(db, 'doc-0', bytes(9), first), appendUpdatesClaiming(db, 'doc-0', [bytes(3)], new Map())]);
    const stored = await loadStoredState(db, 'doc-0');
    expect(stored.snapshot).toEqual({ data: bytes(9), throughUpdateId: first });
    expect(stored.updates).toEqual([{ id: after, data: bytes(3) }]);
  });

  it('fails only the request that cannot be stored, not the others committed with it', async () => {
    const { db } = await fileDatabase(1);
    const results = await Promise.allSettled([
      appendUpdatesClaiming(db, 'doc-0', [bytes(1)], new Map()),
      appendUpdatesClaiming(db, 'no-such-document', [bytes(2)], new Map()), // foreign key
      appendUpdatesClaiming(db, 'doc-0', [bytes(3)], new Map()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await loadStoredState(db, 'doc-0')).updates.map((u) => [...u.data])).toEqual([[1], [3]]);
  });

  it('waits for a transaction of the main connection that holds the write lock across awaits, without blocking the event loop', async () => {
    const { db } = await fileDatabase(1);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    let appended: Promise<number> | undefined;
    let answeredInside = false;
    try {
      await db.transaction().execute(async (trx) => {
        // The main connection now holds SQLite's write lock until this transaction ends.
        await trx.insertInto('document_writers').values({ document_id: 'doc-0', client_id: 7, user_id: 'u' }).execute();
        appended = appendUpdatesClaiming(db, 'doc-0', [bytes(1)], new Map());
        void appended.then(() => (answeredInside = true));
        const before = ticks;
        await new Promise((resolve) => setTimeout(resolve, 100));
        // The append kept trying without holding the event loop: the timer ran meanwhile.
        expect(ticks - before).toBeGreaterThanOrEqual(5);
        expect(answeredInside).toBe(false);
      });
      const id = await appended!;
      expect((await loadStoredState(db, 'doc-0')).updates).toEqual([{ id, data: bytes(1) }]);
      expect(await loadWriters(db, 'doc-0')).toEqual(new Map([[7, 'u']]));
    } finally {
      clearInterval(ticker);
    }
  });

  it('keeps the WAL bounded: its frames are checkpointed into the database file as appends go on (off the event loop)', async () => {
    const { path, db } = await fileDatabase(1);
    for (let k = 0; k < 700; k++) await appendUpdatesClaiming(db, 'doc-0', [bytes(k % 256)], new Map());
    // Each commit writes at least two pages (the table's and its index's) into the WAL: without
    // checkpoints (which let SQLite start the WAL over; the worker's connection checkpoints every
    // 1,000 pages), 700 commits would make it at least this long.
    const unbounded = 700 * 2 * 4096;
    expect(statSync(`${path}-wal`).size).toBeLessThan(unbounded);
    expect((await loadStoredState(db, 'doc-0')).updates).toHaveLength(700);
  });

  it('an answered append is on disk: kill -9 right after the answer loses none of them', async () => {
    const { path, db } = await fileDatabase(3);
    await db.destroy();
    dbs.pop();
    // A child process appends without pause to three documents and prints each id once it is answered;
    // it is killed (SIGKILL) while appends are still in flight.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `
        const { openDatabase } = await import(${JSON.stringify(join(root, 'db/index.ts'))});
        const { appendUpdatesClaiming } = await import(${JSON.stringify(join(root, 'db/repos/updates.ts'))});
        const db = openDatabase(${JSON.stringify(`file:${path}`)});
        await Promise.all([0, 1, 2].map(async (d) => {
          for (let k = 0; ; k++) {
            const id = await appendUpdatesClaiming(db, 'doc-' + d, [new Uint8Array([d, k % 256])], new Map());
            process.stdout.write(id + '\\n');
          }
        }));
        `,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let errors = '';
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        // Kill it as soon as it has answered a good number: appends are still being sent and committed.
        if (output.split('\n').length > 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`the child exited by itself: ${errors}`)));
    });
    await exited;
    const answered = output.split('\n').filter(Boolean).map(Number);
    expect(answered.length).toBeGreaterThanOrEqual(300);
    const reopened = new SQLite(path, { readonly: true });
    const stored = new Set((reopened.prepare('SELECT id FROM document_updates').all() as { id: number }[]).map((r) => r.id));
    reopened.close();
    expect(answered.filter((id) => !stored.has(id))).toEqual([]);
  });
});

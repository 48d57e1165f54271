import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { logWriterOf, openDatabase, type Db } from '../../db/index.js';
import { LogWriter } from '../../db/log-writer/index.js';
import { DEFAULT_INLINE_POLICY, type InlinePolicy } from '../../db/log-writer/inline.js';
import { migrateToLatest } from '../../db/migrator.js';
import { appendUpdatesClaiming, loadStoredState, loadWriters, writeSnapshot } from '../../db/repos/updates.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
const dbs: Db[] = [];

const writers: LogWriter[] = [];

afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.close();
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

  // Back to back, three documents' appends keep the log busy: the worker commits them in groups.
  // Paced, one document's appends find the log idle: the event loop commits them itself.
  // (Paced, the budget of an inline commit is lifted: a commit slower than 2 ms on a busy machine
  // would otherwise send the rest to the worker, as it should in service.)
  it.each([
    { how: 'back to back (group commits in the worker)', documents: 3, pauseMs: 0, committedBy: 'worker', policy: DEFAULT_INLINE_POLICY },
    { how: 'paced (commits on the event loop)', documents: 1, pauseMs: 8, committedBy: 'event loop', policy: { ...DEFAULT_INLINE_POLICY, budgetMs: 60_000 } },
  ])('an answered append is on disk: kill -9 right after the answer loses none of them, $how', async ({ documents, pauseMs, committedBy, policy }) => {
    const { path, db } = await fileDatabase(documents);
    await db.destroy();
    dbs.pop();
    // A child process appends and prints each id once it is answered, with how many appends so far
    // the event loop committed itself; it is killed (SIGKILL) while appends are still in flight.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `
        const { LogWriter } = await import(${JSON.stringify(join(root, 'db/log-writer/index.ts'))});
        const writer = new LogWriter(${JSON.stringify(path)}, ${JSON.stringify(policy)});
        const counts = writer.inline.counts;
        await Promise.all(Array.from({ length: ${documents} }, async (_, d) => {
          for (let k = 0; ; k++) {
            const id = await writer.append('doc-' + d, [new Uint8Array([d, k % 256])], new Map(), new Date().toISOString());
            process.stdout.write(id + ' ' + counts.inline + '\\n');
            if (${pauseMs}) await new Promise((resolve) => setTimeout(resolve, ${pauseMs}));
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
    const lines = output.split('\n').filter(Boolean).map((line) => line.split(' ').map(Number) as [number, number]);
    const answered = lines.map(([id]) => id);
    expect(answered.length).toBeGreaterThanOrEqual(300);
    // Which path committed them: most on the event loop when paced, few or none when the log is busy.
    const inline = lines.at(-1)![1];
    if (committedBy === 'event loop') expect(inline).toBeGreaterThan(answered.length / 2);
    else expect(inline).toBeLessThan(answered.length / 2);
    const reopened = new SQLite(path, { readonly: true });
    const stored = new Set((reopened.prepare('SELECT id FROM document_updates').all() as { id: number }[]).map((r) => r.id));
    reopened.close();
    expect(answered.filter((id) => !stored.has(id))).toEqual([]);
  });
});

describe('log writer: the event loop commits an idle log\'s appends itself', () => {
  /** A log writer of its own on a migrated file with one document, and a way to read what is stored. */
  async function writerWith(policy: InlinePolicy): Promise<{ writer: LogWriter; path: string; stored: () => number[] }> {
    const { path } = await fileDatabase(1);
    const writer = new LogWriter(path, policy);
    writers.push(writer);
    const stored = () => {
      const reader = new SQLite(path, { readonly: true });
      try {
        return (reader.prepare("SELECT id FROM document_updates WHERE document_id = 'doc-0' ORDER BY id").all() as { id: number }[]).map((r) => r.id);
      } finally {
        reader.close();
      }
    };
    return { writer, path, stored };
  }
  const append = (writer: LogWriter, ...values: number[]) => writer.append('doc-0', [bytes(...values)], new Map(), new Date().toISOString());
  const never = 60_000;

  it('commits the first append of an idle log on the event loop, durable once answered, and the next, while the log is busy, in the worker', async () => {
    const { writer, stored } = await writerWith({ idleMs: never, budgetMs: never, pauseMs: never });
    const first = await append(writer, 1);
    expect(writer.inline!.counts).toEqual({ inline: 1, handedOff: 0 });
    // Committed: another connection reads it.
    expect(stored()).toEqual([first]);
    const second = await append(writer, 2);
    expect(writer.inline!.counts).toEqual({ inline: 1, handedOff: 1 });
    expect(second).toBeGreaterThan(first);
    expect(stored()).toEqual([first, second]);
  });

  it('leaves an append to the worker when another connection holds the write lock, without waiting for it on the event loop', async () => {
    const { writer, path, stored } = await writerWith({ idleMs: 0, budgetMs: never, pauseMs: never });
    const holder = new SQLite(path);
    holder.exec('BEGIN IMMEDIATE');
    let answered = false;
    const started = performance.now();
    const appended = append(writer, 1).then((id) => ((answered = true), id));
    // Back at once: the event loop's connection does not wait for a lock (busy_timeout 0).
    expect(performance.now() - started).toBeLessThan(100);
    expect(writer.inline!.counts).toEqual({ inline: 0, handedOff: 1 });
    // A timer runs while the worker waits for the lock: the event loop is free.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    holder.exec('COMMIT');
    holder.close();
    const id = await appended;
    expect(stored()).toEqual([id]);
  });

  it('stops committing on the event loop for a while after a commit that held it ten times longer than its budget', async () => {
    const quick = await writerWith({ idleMs: 0, budgetMs: never, pauseMs: never });
    await append(quick.writer, 1);
    await append(quick.writer, 2);
    expect(quick.writer.inline!.counts).toEqual({ inline: 2, handedOff: 0 });

    // Every commit takes longer than ten times no time at all: the first one pauses inline commits.
    const slow = await writerWith({ idleMs: 0, budgetMs: 0, pauseMs: never });
    const ids = [await append(slow.writer, 1), await append(slow.writer, 2), await append(slow.writer, 3)];
    expect(slow.writer.inline!.counts).toEqual({ inline: 1, handedOff: 2 });
    expect(slow.stored()).toEqual(ids);
  });

  it('closes with a checkpoint and an append still in the worker, in a process with nothing else to keep it running', async () => {
    const { path } = await fileDatabase(1);
    // Once the last answer came, the worker used to be let go before it had exited: the process ran
    // out of work with close() still waiting (Node's exit code 13, an unsettled top-level await).
    const script = `
      const { LogWriter } = await import(${JSON.stringify(join(root, 'db/log-writer/index.ts'))});
      const writer = new LogWriter(${JSON.stringify(path)}, { idleMs: 60000, budgetMs: 60000, pauseMs: 60000 });
      await writer.append('doc-0', [new Uint8Array([1])], new Map(), 'now');
      const checkpointed = writer.checkpoint();
      const appended = writer.append('doc-0', [new Uint8Array([2])], new Map(), 'now');
      await writer.close();
      console.log('closed', await appended, await checkpointed.then(() => 'checkpointed'));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: 'closed 2 checkpointed' });
  });

  it('keeps the WAL bounded when the event loop commits: the worker checkpoints it, with no writer beside it', async () => {
    const { writer, path, stored } = await writerWith({ idleMs: 0, budgetMs: never, pauseMs: never });
    for (let k = 0; k < 700; k++) await append(writer, k % 256);
    expect(writer.inline!.counts.inline).toBeGreaterThan(600);
    // The event loop's connection never checkpoints (wal_autocheckpoint 0): without the worker's
    // checkpoints, 700 commits of at least two pages each would make the WAL at least this long.
    expect(statSync(`${path}-wal`).size).toBeLessThan(700 * 2 * 4096);
    expect(stored()).toHaveLength(700);
  });
});

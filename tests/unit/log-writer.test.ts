import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { logWriterOf, openDatabase, type Db } from '../../db/index.js';
import { LogWriter } from '../../db/log-writer/index.js';
import { CommitBudget, DEFAULT_INLINE_POLICY, type InlinePolicy } from '../../db/log-writer/inline.js';
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

/** When a paused CommitBudget opens again, searched millisecond by millisecond from `now`. */
function pauseEnd(budget: CommitBudget, now: number): number {
  let t = now;
  while (!budget.open(t)) t++;
  return t;
}

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

  // Back to back, three documents' appends share commits: on the event loop, or in the worker when
  // inline commits are off. Paced, each append is a commit of its own on the event loop.
  // (The budget of an inline commit is lifted: a commit slower than 2 ms on a busy machine would
  // otherwise send the rest to the worker, as it should in service.)
  const lifted = { ...DEFAULT_INLINE_POLICY, budgetMs: 60_000 };
  it.each([
    { how: 'back to back, group commits on the event loop', documents: 3, pauseMs: 0, committedBy: 'event loop', policy: lifted },
    { how: 'back to back, group commits in the worker', documents: 3, pauseMs: 0, committedBy: 'worker', policy: false },
    { how: 'paced, commits on the event loop', documents: 1, pauseMs: 8, committedBy: 'event loop', policy: lifted },
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
        const counts = writer.counts;
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
    // Which path committed them.
    const inline = lines.at(-1)![1];
    if (committedBy === 'event loop') expect(inline).toBeGreaterThan(answered.length / 2);
    else expect(inline).toBe(0);
    const reopened = new SQLite(path, { readonly: true });
    const stored = new Set((reopened.prepare('SELECT id FROM document_updates').all() as { id: number }[]).map((r) => r.id));
    reopened.close();
    expect(answered.filter((id) => !stored.has(id))).toEqual([]);
  });
});

describe('log writer: the event loop commits appends itself while nothing waits in the worker', () => {
  /** A log writer of its own on a migrated file with documents doc-0 and doc-1, and a way to read what is stored. */
  async function writerWith(policy: InlinePolicy): Promise<{ writer: LogWriter; path: string; stored: () => number[] }> {
    const { path } = await fileDatabase(2);
    const writer = new LogWriter(path, policy);
    writers.push(writer);
    const stored = () => {
      const reader = new SQLite(path, { readonly: true });
      try {
        return (reader.prepare('SELECT id FROM document_updates ORDER BY id').all() as { id: number }[]).map((r) => r.id);
      } finally {
        reader.close();
      }
    };
    return { writer, path, stored };
  }
  const append = (writer: LogWriter, value: number, documentId = 'doc-0') => writer.append(documentId, [bytes(value)], new Map(), new Date().toISOString());
  const never = 60_000;

  it('commits the appends of one turn together on the event loop, each durable and in order once answered', async () => {
    const { writer, stored } = await writerWith({ budgetMs: never, pauseMs: never, maxPauseMs: never });
    const first = await append(writer, 1);
    expect(writer.counts).toEqual({ inline: 1, inlineCommits: 1, worker: 0 });
    // Committed: another connection reads it.
    expect(stored()).toEqual([first]);
    // Two documents' appends asked for in one turn: one transaction.
    const ids = await Promise.all([append(writer, 2, 'doc-0'), append(writer, 3, 'doc-1'), append(writer, 4, 'doc-0')]);
    expect(writer.counts).toEqual({ inline: 4, inlineCommits: 2, worker: 0 });
    expect(ids).toEqual([first + 1, first + 2, first + 3]);
    expect(stored()).toEqual([first, ...ids]);
  });

  it('sends appends to the worker after anything already asked of it, and those gathered for the event loop with them, in order', async () => {
    const { writer, stored } = await writerWith({ budgetMs: never, pauseMs: never, maxPauseMs: never });
    // Gathered for the event loop; then a checkpoint is asked of the worker in the same turn: the
    // gathered append goes to the worker before it, and the next append after it.
    const gathered = append(writer, 1);
    const checkpointed = writer.checkpoint();
    const after = append(writer, 2);
    const ids = await Promise.all([gathered, after]);
    await checkpointed;
    expect(writer.counts).toEqual({ inline: 0, inlineCommits: 0, worker: 2 });
    expect(ids[1]).toBeGreaterThan(ids[0]);
    expect(stored()).toEqual(ids);
    // Nothing waits in the worker any more: the event loop commits again.
    await append(writer, 3);
    expect(writer.counts).toEqual({ inline: 1, inlineCommits: 1, worker: 2 });
  });

  it('fails only the append that cannot be stored: the others of its turn are committed', async () => {
    const { writer, stored } = await writerWith({ budgetMs: never, pauseMs: never, maxPauseMs: never });
    const outcomes = await Promise.allSettled([append(writer, 1, 'doc-0'), append(writer, 2, 'no-such-document'), append(writer, 3, 'doc-1')]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/storing failed: FOREIGN KEY/);
    // The event loop's transaction failed as a whole; the worker committed each alone.
    expect(writer.counts).toEqual({ inline: 0, inlineCommits: 0, worker: 3 });
    expect(stored()).toEqual([(outcomes[0] as PromiseFulfilledResult<number>).value, (outcomes[2] as PromiseFulfilledResult<number>).value]);
  });

  it('leaves appends to the worker when another connection holds the write lock, without waiting for it on the event loop', async () => {
    const { writer, path, stored } = await writerWith({ budgetMs: never, pauseMs: never, maxPauseMs: never });
    const holder = new SQLite(path);
    holder.exec('BEGIN IMMEDIATE');
    let answered = false;
    const appended = append(writer, 1).then((id) => ((answered = true), id));
    // The turn in which the event loop tries to commit it: back at once (busy_timeout 0), left to the worker.
    const started = performance.now();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(performance.now() - started).toBeLessThan(100);
    expect(writer.counts).toEqual({ inline: 0, inlineCommits: 0, worker: 1 });
    // A timer runs while the worker waits for the lock: the event loop is free.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    holder.exec('COMMIT');
    holder.close();
    const id = await appended;
    expect(stored()).toEqual([id]);
  });

  it('stops committing on the event loop for a while once its commits are over budget', async () => {
    const appendEleven = async (writer: LogWriter) => {
      const ids: number[] = [];
      for (let k = 0; k < 11; k++) ids.push(await append(writer, k));
      return ids;
    };
    const quick = await writerWith({ budgetMs: never, pauseMs: never, maxPauseMs: never });
    await appendEleven(quick.writer);
    expect(quick.writer.counts).toEqual({ inline: 11, inlineCommits: 11, worker: 0 });

    // Every commit takes longer than no time at all: the first one judged (after eight) pauses them.
    const slow = await writerWith({ budgetMs: 0, pauseMs: never, maxPauseMs: never });
    const ids = await appendEleven(slow.writer);
    expect(slow.writer.counts).toEqual({ inline: 9, inlineCommits: 9, worker: 2 });
    expect(slow.stored()).toEqual(ids);
  });

  it('pauses once the last eight commits were slow at the median, or stalled in all, longer each time soon after the last', () => {
    const budget = new CommitBudget({ budgetMs: 2, pauseMs: 1_000, maxPauseMs: 4_000 });
    let now = 0;
    // The first commits (preparing statements, a cold file) may be slow: not judged.
    for (let k = 0; k < 8; k++) budget.record(50, ++now);
    expect(budget.open(now)).toBe(true);
    // Quick ones, and one slow fsync among them (this machine has one of 20-30 ms in a few hundred).
    for (let k = 0; k < 20; k++) budget.record(0.5, ++now);
    budget.record(25, ++now);
    expect(budget.open(now)).toBe(true);
    // Steadily over budget: paused once most of the last eight are, for a second.
    let slow = 0;
    while (budget.open(now) && slow < 50) {
      budget.record(3, ++now);
      slow++;
    }
    expect(slow).toBe(4); // with the 25 ms one, five of eight over budget
    expect(budget.open(now + 999)).toBe(false);
    expect(budget.open(now + 1_000)).toBe(true);
    // A stall right after the pause: paused again, twice as long; then four times, then no longer than the most.
    const pauses: number[] = [];
    for (let k = 0; k < 4; k++) {
      now = pauseEnd(budget, now);
      budget.record(70, now);
      pauses.push(pauseEnd(budget, now) - now);
    }
    expect(pauses).toEqual([2_000, 4_000, 4_000, 4_000]);
    // Long after the last pause, quick commits, then a stall: a second again.
    now = pauseEnd(budget, now) + 60_000;
    for (let k = 0; k < 8; k++) budget.record(0.5, ++now);
    budget.record(70, ++now);
    expect(pauseEnd(budget, now) - now).toBe(1_000);
  });

  it('closes with a checkpoint and an append still in the worker, in a process with nothing else to keep it running', async () => {
    const { path } = await fileDatabase(1);
    // Once the last answer came, the worker used to be let go before it had exited: the process ran
    // out of work with close() still waiting (Node's exit code 13, an unsettled top-level await).
    const script = `
      const { LogWriter } = await import(${JSON.stringify(join(root, 'db/log-writer/index.ts'))});
      const writer = new LogWriter(${JSON.stringify(path)}, { budgetMs: 60000, pauseMs: 60000, maxPauseMs: 60000 });
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
    const { writer, path, stored } = await writerWith({ budgetMs: never, pauseMs: never, maxPauseMs: never });
    for (let k = 0; k < 700; k++) await append(writer, k % 256);
    expect(writer.counts.inline).toBeGreaterThan(600);
    // The event loop's connection never checkpoints (wal_autocheckpoint 0): without the worker's
    // checkpoints, 700 commits of at least two pages each would make the WAL at least this long.
    expect(statSync(`${path}-wal`).size).toBeLessThan(700 * 2 * 4096);
    expect(stored()).toHaveLength(700);
  });
});

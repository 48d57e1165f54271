/**
 * The floor of a durable store on this disk, printed beside the table (issue 13): what one bare
 * synchronous=FULL SQLite commit (WAL, as Accord runs it) and one write+fdatasync cost, in wall time
 * and in CPU (user and system), in the folder where the benchmarked servers keep their data. The
 * relay stores nothing, so this much of Accord's figure per stored update is the price of durability.
 * Beside it, Accord's log writer alone (db/log-writer), paced like the fan-out's writer, as the server
 * runs it (appends committed on the event loop while nothing waits in the worker) and with every
 * append handed to its worker thread (the message, the worker's commit, the answer back), so what
 * the hand-off adds to the bare commit is visible without a network or a document in the way.
 */
import SQLite from 'better-sqlite3';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogWriter } from '../../../db/log-writer/index.js';

const COMMITS = Number(process.env.BENCH_FLOOR_COMMITS ?? 200);
/** The log writer is paced like the fan-out's writer: one update every 10 ms, each awaited. */
const PACE_MS = 10;

export interface Cost {
  wallUs: number;
  userUs: number;
  systemUs: number;
}

export interface Floor {
  /** Waking up every PACE_MS and doing nothing: what an idle process pays per op on this machine. */
  idle: Cost;
  commit: Cost;
  fdatasync: Cost;
  /** Accord's log writer as the server runs it: appends committed on the event loop while nothing waits in the worker... */
  logWriter: Cost;
  /** ...how many of its appends were (of COMMITS and the warm-up's 20)... */
  inline: number;
  /** ...and every append handed to the worker thread instead. */
  worker: Cost;
}

/** Runs `body` COMMITS times, one every PACE_MS (each awaited), as the fan-out's writer paces its ops. */
async function paced(body: () => unknown): Promise<Cost> {
  for (let i = 0; i < 20; i++) await body(); // warm the file, the statements and the worker
  const cpu = process.cpuUsage();
  const started = performance.now();
  let wall = 0;
  for (let i = 0; i < COMMITS; i++) {
    const wait = started + i * PACE_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    await body();
    wall += performance.now() - sent;
  }
  const used = process.cpuUsage(cpu);
  return { wallUs: (wall * 1000) / COMMITS, userUs: used.user / COMMITS, systemUs: used.system / COMMITS };
}

/** The tables the log writer's worker writes, as the migrations make them (without the foreign keys). */
const SCHEMA = `
  CREATE TABLE document_updates (id INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL, data BLOB NOT NULL, created_at TEXT NOT NULL);
  CREATE INDEX document_updates_document ON document_updates (document_id, id);
  CREATE TABLE document_writers (document_id TEXT NOT NULL, client_id INTEGER NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (document_id, client_id));
  CREATE TABLE document_snapshots (document_id TEXT PRIMARY KEY, data BLOB NOT NULL, through_update_id INTEGER NOT NULL, updated_at TEXT NOT NULL);`;

export async function durableFloor(): Promise<Floor> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  try {
    // A one-character Yjs update is about 30 bytes.
    const update = new Uint8Array(30).fill(7);
    const idle = await paced(() => {});

    const sqlite = new SQLite(join(dir, 'floor.db'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.exec(SCHEMA);
    const insert = sqlite.prepare('INSERT INTO document_updates (document_id, data, created_at) VALUES (?, ?, ?)');
    const commit = await paced(sqlite.transaction(() => insert.run('floor', Buffer.from(update), new Date().toISOString())));
    sqlite.close();

    const fd = openSync(join(dir, 'raw'), 'w');
    const fdatasync = await paced(() => {
      writeSync(fd, update);
      fdatasyncSync(fd);
    });
    closeSync(fd);

    const writer = new LogWriter(join(dir, 'floor.db'));
    // Answered once the worker runs: its start (loading its modules) is not a commit's cost.
    await writer.checkpoint();
    const logWriter = await paced(() => writer.append('floor', [update], new Map(), new Date().toISOString()));
    const inline = writer.counts.inline;
    await writer.close();
    const workerOnly = new LogWriter(join(dir, 'floor.db'), false);
    const worker = await paced(() => workerOnly.append('floor', [update], new Map(), new Date().toISOString()));
    await workerOnly.close();
    return { idle, commit, fdatasync, logWriter, inline, worker };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeFloor(floor: Floor): string {
  const cost = (c: Cost) => `${Math.round(c.wallUs)} us wall, ${Math.round(c.userUs + c.systemUs)} us CPU (user ${Math.round(c.userUs)} + system ${Math.round(c.systemUs)})`;
  return (
    `Durable-store floor on this disk (${tmpdir()}), each ${COMMITS} times, one every ${PACE_MS} ms as the fan-out's writer types, CPU per op including the wake-up: ` +
    `waking up and doing nothing ${cost(floor.idle)}; a bare synchronous=FULL SQLite commit (WAL, one 30-byte update, on the event loop) ${cost(floor.commit)}; ` +
    `a 30-byte write + fdatasync ${cost(floor.fdatasync)}; Accord's log writer alone ${cost(floor.logWriter)} (${floor.inline} of ${COMMITS + 20} appends committed on the event loop), ` +
    `and with every append handed to its worker thread (the worker commits, the answer comes back; both threads) ${cost(floor.worker)}.`
  );
}

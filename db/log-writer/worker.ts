import { parentPort, workerData } from 'node:worker_threads';
import type { Answer, FromWorker, ToWorker, WriteRequest } from './protocol.js';
import { LogStatements, openLogConnection } from './statements.js';

/**
 * The log writer's thread: its own connection to the SQLite file (WAL, synchronous=FULL), committing
 * every request queued since its last commit in ONE transaction (group commit across documents), and
 * answering each request only after that commit. The fsync happens here, off the event loop, for
 * every snapshot, every checkpoint, and the appends asked for while one of those waits here or while
 * the event loop's own commits are paused or find the write lock taken (otherwise the event loop
 * commits appends itself: inline.ts).
 */

const port = parentPort;
if (!port) throw new Error('the log writer runs in a worker thread');
const { path } = workerData as { path: string };

// The main connection writes other tables (sessions, audit) in short transactions, and the event loop
// commits appends itself (inline.ts): wait for them. This connection also
// checkpoints the WAL as it grows, which the event loop's connection leaves to it.
const sqlite = openLogConnection(path, { busyTimeoutMs: 5000, autoCheckpointPages: 1000 });
const statements = new LogStatements(sqlite);

const apply = (r: WriteRequest): number => (r.kind === 'append' ? statements.append(r) : statements.snapshot(r));

/** All requests in one transaction; if that fails, each on its own, so one bad request fails alone. */
const commitAll = sqlite.transaction((requests: WriteRequest[]) => requests.map(apply));
const commitOne = sqlite.transaction(apply);

let queued: WriteRequest[] = [];
let commitScheduled = false;
let closing = false;

function commitQueued(): void {
  commitScheduled = false;
  const requests = queued;
  queued = [];
  if (!requests.length) return;
  let answers: Answer[];
  let commits = 1;
  try {
    const ids = commitAll(requests);
    answers = requests.map((r, i) => ({ seq: r.seq, ok: true, lastUpdateId: ids[i]! }));
  } catch {
    commits += requests.length;
    answers = requests.map((r) => {
      try {
        return { seq: r.seq, ok: true, lastUpdateId: commitOne(r) };
      } catch (err) {
        return { seq: r.seq, ok: false, error: (err as Error).message };
      }
    });
  }
  port!.postMessage({ kind: 'answers', answers, commits } satisfies FromWorker);
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'close') {
    closing = true;
    commitQueued();
    sqlite.close();
    port.close();
    return;
  }
  if (closing) return;
  if (message.kind === 'checkpoint') {
    commitQueued(); // what was asked for before it
    // PASSIVE: copies what no reader needs into the database file without waiting for anyone; the
    // next commit after a complete one starts the WAL over. One that fails is answered, not thrown:
    // thrown, it would stop this thread and every commit with it.
    let answer: Answer;
    try {
      sqlite.pragma('wal_checkpoint(PASSIVE)');
      answer = { seq: message.seq, ok: true, lastUpdateId: 0 };
    } catch (err) {
      answer = { seq: message.seq, ok: false, error: (err as Error).message };
    }
    port.postMessage({ kind: 'answers', answers: [answer], commits: 0 } satisfies FromWorker);
    return;
  }
  for (const r of message.requests) queued.push(r);
  // Messages that arrived while the last commit was fsyncing are all delivered before this runs:
  // they share the next commit.
  if (!commitScheduled) {
    commitScheduled = true;
    setImmediate(commitQueued);
  }
});

import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type { Answer, AppendRequest, FromWorker, SnapshotRequest, ToWorker, WriteRequest } from './protocol.js';

/**
 * The log writer's thread: its own connection to the SQLite file (WAL, synchronous=FULL), committing
 * every request queued since its last commit in ONE transaction (group commit across documents), and
 * answering each request only after that commit. The fsync happens here, off the event loop.
 */

const port = parentPort;
if (!port) throw new Error('the log writer runs in a worker thread');
const { path } = workerData as { path: string };

const sqlite = new SQLite(path);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = FULL');
sqlite.pragma('foreign_keys = ON');
// The main connection writes other tables (sessions, audit) in short transactions: wait for them.
sqlite.pragma('busy_timeout = 5000');

// Prepared on first use: the tables may not exist yet when the database is opened (migrations run after).
let statements: ReturnType<typeof prepare> | null = null;
function prepare() {
  return {
    insertUpdate: sqlite.prepare('INSERT INTO document_updates (document_id, data, created_at) VALUES (?, ?, ?)'),
    claim: sqlite.prepare('INSERT INTO document_writers (document_id, client_id, user_id) VALUES (?, ?, ?) ON CONFLICT (document_id, client_id) DO NOTHING'),
    upsertSnapshot: sqlite.prepare(
      'INSERT INTO document_snapshots (document_id, data, through_update_id, updated_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (document_id) DO UPDATE SET data = excluded.data, through_update_id = excluded.through_update_id, updated_at = excluded.updated_at',
    ),
    deleteFolded: sqlite.prepare('DELETE FROM document_updates WHERE document_id = ? AND id <= ?'),
  };
}

/** A Buffer over the same bytes (better-sqlite3 binds Buffers as blobs). */
const blob = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function append(r: AppendRequest): number {
  const s = (statements ??= prepare());
  for (const [clientId, userId] of r.claims) s.claim.run(r.documentId, clientId, userId);
  let last = 0;
  for (const update of r.updates) last = Number(s.insertUpdate.run(r.documentId, blob(update), r.createdAt).lastInsertRowid);
  return last;
}

function snapshot(r: SnapshotRequest): number {
  const s = (statements ??= prepare());
  s.upsertSnapshot.run(r.documentId, blob(r.data), r.throughUpdateId, r.updatedAt);
  s.deleteFolded.run(r.documentId, r.throughUpdateId);
  return r.throughUpdateId;
}

const apply = (r: WriteRequest): number => (r.kind === 'append' ? append(r) : snapshot(r));

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
  for (const r of message.requests) queued.push(r);
  // Messages that arrived while the last commit was fsyncing are all delivered before this runs:
  // they share the next commit.
  if (!commitScheduled) {
    commitScheduled = true;
    setImmediate(commitQueued);
  }
});

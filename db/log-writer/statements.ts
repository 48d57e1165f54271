import SQLite from 'better-sqlite3';
import type { AppendRequest, SnapshotRequest } from './protocol.js';

/** What a request says, without its sequence number: what a connection needs to store it. */
export type AppendBody = Omit<AppendRequest, 'seq' | 'kind'>;
export type SnapshotBody = Omit<SnapshotRequest, 'seq' | 'kind'>;

export interface LogConnectionOptions {
  /** How long a commit waits for another connection's write lock: the worker waits, the event loop never does. */
  busyTimeoutMs: number;
  /** WAL pages after which a commit also checkpoints (0: never; the event loop's connection leaves it to the worker). */
  autoCheckpointPages: number;
}

/** A connection to the SQLite file for the update log: WAL, synchronous=FULL, as every connection to it. */
export function openLogConnection(path: string, options: LogConnectionOptions): SQLite.Database {
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  sqlite.pragma(`wal_autocheckpoint = ${options.autoCheckpointPages}`);
  return sqlite;
}

/** A Buffer over the same bytes (better-sqlite3 binds Buffers as blobs). */
const blob = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * The update log's statements on one connection: an append (with the client ids it claims) and a
 * snapshot that folds the log. Prepared on first use: the tables may not exist yet when the file is
 * opened (migrations run after). The caller runs them inside its transaction.
 */
export class LogStatements {
  private prepared: ReturnType<LogStatements['prepare']> | null = null;

  constructor(private readonly sqlite: SQLite.Database) {}

  /** Returns the id of the last update appended. */
  append(r: AppendBody): number {
    const s = (this.prepared ??= this.prepare());
    for (const [clientId, userId] of r.claims) s.claim.run(r.documentId, clientId, userId);
    let last = 0;
    for (const update of r.updates) last = Number(s.insertUpdate.run(r.documentId, blob(update), r.createdAt).lastInsertRowid);
    return last;
  }

  /** Returns the id the snapshot covers the log through. */
  snapshot(r: SnapshotBody): number {
    const s = (this.prepared ??= this.prepare());
    s.upsertSnapshot.run(r.documentId, blob(r.data), r.throughUpdateId, r.updatedAt);
    s.deleteFolded.run(r.documentId, r.throughUpdateId);
    return r.throughUpdateId;
  }

  private prepare() {
    const sqlite = this.sqlite;
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
}

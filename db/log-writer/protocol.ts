/** Messages between the main thread and the log writer's worker (db/log-writer/worker.ts). */

/** Appends updates to a document's log and records the Yjs client ids they claimed, atomically. */
export interface AppendRequest {
  kind: 'append';
  seq: number;
  documentId: string;
  updates: Uint8Array[];
  /** [Yjs client id, user id] */
  claims: [number, string][];
  createdAt: string;
}

/** Folds a document's log into a snapshot (see writeSnapshot in db/repos/updates.ts). */
export interface SnapshotRequest {
  kind: 'snapshot';
  seq: number;
  documentId: string;
  data: Uint8Array;
  throughUpdateId: number;
  updatedAt: string;
}

export type WriteRequest = AppendRequest | SnapshotRequest;

/** Commits everything queued, closes the connection, and exits. */
export interface CloseRequest {
  kind: 'close';
}

/**
 * Commits what is queued, then copies the WAL into the database file (inline.ts asks for it: the event
 * loop's connection never checkpoints). Answered like a request (lastUpdateId 0); appends made while it
 * is under way are the worker's, so it runs with no writer beside it and the WAL can start over.
 */
export interface CheckpointRequest {
  kind: 'checkpoint';
  seq: number;
}

/** A main-thread message: requests that arrived in one tick travel together. */
export type ToWorker = { kind: 'requests'; requests: WriteRequest[] } | CheckpointRequest | CloseRequest;

/** One answer per request, sent only once its transaction is committed (WAL, synchronous=FULL). */
export type Answer = { seq: number; ok: true; lastUpdateId: number } | { seq: number; ok: false; error: string };

/** `commits`: the transactions these answers took (1, or more when a group commit failed and each request was retried alone). */
export type FromWorker = { kind: 'answers'; answers: Answer[]; commits: number };

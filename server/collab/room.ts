import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Db } from '../../db/index.js';
import { appendUpdates, loadStoredState, writeSnapshot, type StoredState } from '../../db/repos/updates.js';
import { COMPACT_AFTER_UPDATES } from '../../shared/limits.js';
import { CloseCode } from '../../shared/close-codes.js';
import type { Connection, ConnectionIdentity } from './connection.js';
import { applyGuarded, applyProposalsOnly } from './guard.js';
import { findDocument } from '../../db/repos/documents.js';
import { agreedClauseIds } from '../../db/repos/clause-statuses.js';
import {
  MalformedMessage,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  readAwarenessUpdate,
  writeAwarenessUpdate,
} from './protocol.js';

/** Awareness client ids one connection may speak for (a tab has one; allow a few for reconnects). */
const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;

export class DocumentLoadError extends Error {}

/** A change asked of a document whose text is frozen (under silence, or adopted). */
export class FrozenDocumentError extends Error {}

/**
 * Whether an update may change proposals, brackets or alternative paragraphs: it formats text with
 * those marks, marks a paragraph as an alternative, or deletes something.
 */
function mayTouchProposals(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  if (ds.clients.size > 0) return true;
  return structs.some(
    (s) =>
      s instanceof Y.Item &&
      ((s.content instanceof Y.ContentFormat && ['insertion', 'deletion', 'bracket'].includes(s.content.key)) || s.parentSub === 'alternativeOf'),
  );
}

/** The origin of changes the server makes itself. */
export const SERVER_ORIGIN = 'accord-server';

/** Why the server undid a change: it touched agreed text, or it was not a proposal in an amendments-only phase. */
export type RevertReason = 'agreed clause' | 'amendments only';

export interface RoomHooks {
  onFailure(room: DocumentRoom): void;
  /** A connection's change to agreed clauses was undone (after the undo was stored and sent). */
  onReverted(documentId: string, identity: ConnectionIdentity, clauseIds: string[], reason: RevertReason): void;
  /** Someone's update may have added, changed or removed proposals (amendments) or brackets in the text. */
  onProposals?(documentId: string): void;
  /** Fault injection for durability tests: wait this long before each write of the log. */
  storageDelayMs?: number;
}

/** Applies a snapshot and the log after it; throws DocumentLoadError if any of it cannot be read. */
export function applyStoredState(doc: Y.Doc, documentId: string, stored: StoredState): void {
  try {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.data, 'storage');
    for (const u of stored.updates) Y.applyUpdate(doc, u.data, 'storage');
  } catch (err) {
    throw new DocumentLoadError(`stored state of ${documentId} cannot be read: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * One document being edited: its Yjs document, the connections on it, and the order in which their
 * updates reach the database and each other.
 *
 * Durability: an update from a client is applied, appended to the log (updates that arrived together
 * in one transaction), and only then broadcast. Everything that reaches the in-memory document goes
 * through one queue, and sync replies are computed from that queue too, so no client ever receives
 * state the database does not hold yet.
 */
export class DocumentRoom {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  private inbox: { connection: Connection; update: Uint8Array }[] = [];
  private flushQueued = false;
  private queue: Promise<void> = Promise.resolve();
  private lastUpdateId = 0;
  private updatesSinceSnapshot = 0;
  private failed = false;
  /** Updates the current flush produced, with the connection that sent each. */
  private produced: { update: Uint8Array; origin: unknown }[] = [];

  /** Ids of agreed clauses: only connections that may edit agreed text change them. */
  readonly locked = new Set<string>();
  /** "amendments": changes from anyone but the chair must come as proposals. */
  editingPhase: 'direct' | 'amendments' = 'direct';
  /** Under silence or adopted: nobody's update is taken, and the server makes no change either. */
  frozen = false;

  private constructor(
    readonly documentId: string,
    private readonly db: Db,
    private readonly hooks: RoomHooks,
  ) {
    this.awareness.setLocalState(null); // the server itself has no caret
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.produced.push({ update, origin }));
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (origin instanceof Object && 'awarenessClients' in origin) {
        const connection = origin as Connection;
        for (const id of added) connection.awarenessClients.add(id);
        for (const id of removed) connection.awarenessClients.delete(id);
      }
      const frame = encodeAwareness(this.awareness, changed);
      for (const c of this.connections) c.send(frame);
    });
  }

  /** Loads a document from its snapshot and the log after it; throws DocumentLoadError if that fails. */
  static async load(documentId: string, db: Db, hooks: RoomHooks): Promise<DocumentRoom> {
    const room = new DocumentRoom(documentId, db, hooks);
    const stored = await loadStoredState(db, documentId);
    for (const id of await agreedClauseIds(db, documentId)) room.locked.add(id);
    const row = await findDocument(db, documentId);
    room.editingPhase = row?.editing_phase ?? 'direct';
    room.frozen = row !== undefined && row.status !== 'draft';
    try {
      applyStoredState(room.doc, documentId, stored);
    } catch (err) {
      room.doc.destroy();
      throw err;
    }
    room.produced = [];
    room.lastUpdateId = stored.updates.at(-1)?.id ?? stored.snapshot?.throughUpdateId ?? 0;
    room.updatesSinceSnapshot = stored.updates.length;
    return room;
  }

  get isFailed(): boolean {
    return this.failed;
  }

  join(connection: Connection): void {
    if (this.failed) {
      connection.close(CloseCode.serverError, 'document storage failed; reconnect');
      return;
    }
    this.connections.add(connection);
    // Our step 1 asks the client for what it has that we lack (edits made offline).
    connection.send(encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length) connection.send(encodeAwareness(this.awareness, states));
  }

  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    const clients = [...connection.awarenessClients];
    if (clients.length) awarenessProtocol.removeAwarenessStates(this.awareness, clients, connection);
    connection.awarenessClients.clear();
  }

  /** Handles one frame from a connection; a bad frame closes that connection only. */
  receive(connection: Connection, frame: Uint8Array): void {
    if (connection.closed) return;
    if (!connection.takeToken()) {
      connection.close(CloseCode.flood, 'too many messages: slow down and reconnect');
      this.leave(connection);
      return;
    }
    try {
      const message = decodeClientMessage(frame);
      switch (message.type) {
        case 'syncStep1':
          this.enqueue(() => this.replyToStep1(connection, message.stateVector));
          break;
        case 'syncUpdate':
          // Read-only connections may not change the text: both update-carrying types are dropped.
          // So is everyone's once the text is under silence or adopted.
          if (connection.readOnly || this.frozen) return;
          this.inbox.push({ connection, update: message.update });
          if (!this.flushQueued) {
            this.flushQueued = true;
            this.enqueue(() => this.flush());
          }
          break;
        case 'awareness':
          this.applyAwareness(connection, message.update);
          break;
        case 'queryAwareness':
          connection.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
          break;
        case 'auth':
          break; // the protocol's auth message is server-to-client only
      }
    } catch (err) {
      const reason = err instanceof MalformedMessage ? `malformed message: ${err.message}` : 'malformed message';
      connection.close(CloseCode.malformed, reason);
      this.leave(connection);
    }
  }

  /** Waits until everything received so far is stored (tests, shutdown). */
  settled(): Promise<void> {
    return this.enqueue(async () => {});
  }

  closeAll(code: number, reason: string): void {
    for (const c of [...this.connections]) {
      c.close(code, reason);
      this.leave(c);
    }
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }

  private enqueue(task: () => Promise<void> | void): Promise<void> {
    const next = this.queue.then(task).catch((err: unknown) => this.fail(err));
    this.queue = next;
    return next;
  }

  private replyToStep1(connection: Connection, stateVector: Uint8Array): void {
    if (connection.closed) return;
    let reply: Uint8Array;
    try {
      reply = encodeSyncStep2(this.doc, stateVector);
    } catch {
      connection.close(CloseCode.malformed, 'malformed message: bad state vector');
      this.leave(connection);
      return;
    }
    connection.send(reply);
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const batch = this.inbox;
    this.inbox = [];
    this.produced = [];
    const reverted: { connection: Connection; clauseIds: string[]; reason: RevertReason }[] = [];
    for (const { connection, update } of batch) {
      if (connection.closed || this.frozen) continue;
      try {
        if (connection.identity.mayEditAgreed) Y.applyUpdate(this.doc, update, connection);
        else if (this.editingPhase === 'amendments') {
          const clauseIds = applyProposalsOnly(this.doc, update, connection, { userId: connection.identity.userId, delegationCode: connection.identity.delegationCode }, this.locked);
          if (clauseIds) reverted.push({ connection, clauseIds, reason: 'amendments only' });
        } else {
          const clauseIds = applyGuarded(this.doc, update, connection, this.locked);
          if (clauseIds.length) reverted.push({ connection, clauseIds, reason: 'agreed clause' });
        }
      } catch {
        connection.close(CloseCode.malformed, 'malformed message: update cannot be applied');
        this.leave(connection);
      }
    }
    await this.commit();
    for (const r of reverted) this.hooks.onReverted(this.documentId, r.connection.identity, r.clauseIds, r.reason);
    if (this.updatesSinceSnapshot >= COMPACT_AFTER_UPDATES) this.enqueue(() => this.compact());
  }

  /**
   * A change the server itself makes to the text (the chair's decisions on amendments and brackets):
   * made in the queue, stored, then sent to every connection like any update. Returns what `edit` returns.
   */
  change<T>(edit: (doc: Y.Doc) => T, options: { evenIfFrozen?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      void this.enqueue(async () => {
        if (this.failed) return reject(new Error('document storage failed'));
        if (this.frozen && !options.evenIfFrozen) return reject(new FrozenDocumentError('the text is under silence or adopted: it cannot change'));
        this.produced = [];
        let outcome: { ok: true; value: T } | { ok: false; error: unknown };
        try {
          outcome = { ok: true, value: this.doc.transact(() => edit(this.doc), SERVER_ORIGIN) };
        } catch (error) {
          outcome = { ok: false, error };
        }
        // Whatever reached the document (even before an error) is stored and sent: Yjs has no rollback.
        await this.commit();
        if (outcome.ok) resolve(outcome.value);
        else reject(outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)));
      });
    });
  }

  /** Stores what the last transactions produced, in one statement, then broadcasts it. */
  private async commit(): Promise<void> {
    const produced = this.produced;
    this.produced = [];
    if (!produced.length) return;
    const merged = produced.length === 1 ? produced[0]!.update : Y.mergeUpdates(produced.map((p) => p.update));
    if (this.hooks.storageDelayMs) await new Promise((resolve) => setTimeout(resolve, this.hooks.storageDelayMs));
    this.lastUpdateId = await appendUpdates(this.db, this.documentId, [merged]);
    this.updatesSinceSnapshot++;
    // Stored: now, and only now, others may see it.
    for (const { update, origin } of produced) {
      const frame = encodeUpdate(update);
      for (const c of this.connections) if (c !== origin) c.send(frame);
    }
    if (this.hooks.onProposals && produced.some((p) => p.origin !== SERVER_ORIGIN && mayTouchProposals(p.update))) {
      this.hooks.onProposals(this.documentId);
    }
  }

  /** Folds the log into a snapshot. Runs in the queue, so the document holds exactly what is stored. */
  async compact(): Promise<void> {
    if (this.failed || this.updatesSinceSnapshot === 0) return;
    await writeSnapshot(this.db, this.documentId, Y.encodeStateAsUpdate(this.doc), this.lastUpdateId);
    this.updatesSinceSnapshot = 0;
  }

  /** Compacts from outside the queue (idle unload, shutdown). */
  compactNow(): Promise<void> {
    return this.enqueue(() => this.compact());
  }

  private applyAwareness(connection: Connection, update: Uint8Array): void {
    const entries = readAwarenessUpdate(update);
    const accepted = [];
    for (const entry of entries) {
      // A client speaks only for its own awareness ids, never for someone else's caret.
      const owner = [...this.connections].find((c) => c !== connection && c.awarenessClients.has(entry.clientId));
      if (owner) continue;
      if (!connection.awarenessClients.has(entry.clientId) && connection.awarenessClients.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) continue;
      // The server stamps who this is: a page cannot claim another name, delegation or role.
      const state = entry.state === null ? null : { ...entry.state, user: connection.identity.presence };
      accepted.push({ ...entry, state });
    }
    if (accepted.length) awarenessProtocol.applyAwarenessUpdate(this.awareness, writeAwarenessUpdate(accepted), connection);
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    console.error(`document ${this.documentId}: storage failed, closing its connections`, err);
    // The in-memory document may now hold updates the database does not: drop it, and let clients
    // reconnect to a fresh load; they re-send what the server never stored.
    this.closeAll(CloseCode.serverError, 'document storage failed; reconnect');
    this.hooks.onFailure(this);
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

import * as Y from 'yjs';
import type { WSContext } from 'hono/ws';
import type { Db } from '../../db/index.js';
import { lastUpdateIds, loadStoredState } from '../../db/repos/updates.js';
import type { DocumentRelay, RelayedMessage } from '../scale/document-relay.js';
import { CloseCode } from '../../shared/close-codes.js';
import { MAX_SOCKETS_PER_SESSION } from '../../shared/limits.js';
import { Connection, type ConnectionIdentity } from './connection.js';
import { DocumentRoom, applyStoredState } from './room.js';
import type { EventBus } from '../events/bus.js';
import type { DomainEvent } from '../events/domain.js';
import { DocumentLoadError } from '../services/errors.js';
import { log } from '../log.js';

/** How long a document with nobody on it stays in memory before it is compacted and dropped. */
const IDLE_UNLOAD_MS = 30_000;
/**
 * With other instances: how often the open documents' logs are compared with the database, so that a
 * relayed update lost on the way (and followed by nothing that would show the gap) is found.
 */
const LOG_CHECK_MS = 2_000;
/** Relayed messages kept for a document whose room is still loading; past this, it reads them back instead. */
const MAX_EARLY_RELAYED = 10_000;

/**
 * A socket open on this instance, and the room it joined (null while the room loads): what the
 * upgrade's handlers call. An object of a class rather than closures made per socket: under tsx
 * (esbuild's keepNames) each named closure gets a `name` property of its own, a 256-byte property
 * array per closure in a heap snapshot, three of them per socket.
 */
export class OpenSocket {
  room: DocumentRoom | null = null;
  /** Frames that came before the room was loaded, taken once it is. */
  readonly early: Uint8Array[] = [];

  constructor(
    private readonly registry: RoomRegistry,
    readonly connection: Connection,
    readonly documentId: string,
    /** The open sockets of its session (null: refused at the door, too many of them). */
    readonly ofSession: Set<OpenSocket> | null,
  ) {}

  receive(frame: Uint8Array): void {
    if (!this.ofSession) return;
    if (this.room) this.room.receive(this.connection, frame);
    else if (this.early.length < 64) this.early.push(frame);
    else this.connection.close(CloseCode.flood, 'too many messages before the document loaded');
  }

  close(): void {
    if (this.ofSession) this.registry.socketClosed(this);
  }
}

/** Which of these session ids are still valid (not expired, not signed out), without extending any. */
export type ActiveSessions = (sessionIds: string[]) => Promise<Set<string>>;

/** The documents open on this instance, loaded once each, dropped when idle. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<DocumentRoom>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  /** Open sockets by the session that opened them: to cap them, and to close them when it ends. */
  private readonly sockets = new Map<string, Set<OpenSocket>>();
  private sessionSweep: NodeJS.Timeout | null = null;
  /** With other instances: how each open room stops hearing its document's channel. */
  private readonly relayed = new WeakMap<DocumentRoom, () => Promise<void>>();
  private logCheck: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: {
      /** Where the room's side effects go (refused changes, proposals that may have changed). */
      events?: EventBus;
      storageDelayMs?: number;
      /** Other instances share the documents (REDIS_URL): rooms relay what they store, and hear theirs. */
      relay?: DocumentRelay;
    } = {},
  ) {
    const relay = options.relay;
    if (relay) {
      relay.onReconnect(() => void this.catchUpAll());
      this.logCheck = setInterval(() => void this.checkLogs(), LOG_CHECK_MS);
      this.logCheck.unref();
    }
  }

  /** The room of a document, loading it on first use. Rejects with DocumentLoadError if it cannot load. */
  room(documentId: string): Promise<DocumentRoom> {
    let room = this.rooms.get(documentId);
    if (!room) {
      room = this.load(documentId);
      this.rooms.set(documentId, room);
      // A failed load is not cached: the next attempt reads storage again (and still never writes).
      room.catch(() => this.rooms.delete(documentId));
    }
    return room;
  }

  private async load(documentId: string): Promise<DocumentRoom> {
    const relay = this.options.relay;
    const hooks = {
      onFailure: (failed: DocumentRoom) => this.forget(failed),
      publish: (event: DomainEvent) => {
        // The room's own work is done; what subscribers do with it must not reach the room's queue.
        void this.options.events?.publish(event).catch((err: unknown) => log.error({ documentId, err, event: event.type }, 'a subscriber failed'));
      },
      storageDelayMs: this.options.storageDelayMs ?? 0,
      relay: relay && {
        publishUpdates: (message: Parameters<DocumentRelay['publishUpdates']>[1]) => relay.publishUpdates(documentId, message),
        publishAwareness: (update: Uint8Array) => relay.publishAwareness(documentId, update),
      },
    };
    if (!relay) return DocumentRoom.load(documentId, this.db, hooks);
    // Heard before it is read: nothing stored by another instance falls between the two. What arrives
    // while the room loads waits for it (and what it already read is skipped by id).
    let loaded: DocumentRoom | null = null;
    let early: RelayedMessage[] | null = [];
    const stop = await relay.join(documentId, (message) => {
      if (loaded) loaded.receiveRelayed(message);
      else if (early && early.length < MAX_EARLY_RELAYED) early.push(message);
      else early = null; // too many: the room reads them back from the database once loaded
    });
    try {
      const room = await DocumentRoom.load(documentId, this.db, hooks);
      this.relayed.set(room, stop);
      loaded = room;
      if (early) for (const message of early) room.receiveRelayed(message);
      else void room.catchUp();
      early = null;
      return room;
    } catch (err) {
      this.stopRelaying(documentId, stop);
      throw err;
    }
  }

  /** Stops hearing a document (a later room of the same document keeps hearing it: see SharedRedis). */
  private stopRelaying(documentId: string, stop: (() => Promise<void>) | undefined): void {
    if (!stop) return;
    stop().catch((err: unknown) => log.warn({ documentId, err: (err as Error).message }, 'could not stop hearing a document'));
  }

  /** Every open room reads back what the database holds beyond it (Redis came back: messages may be lost). */
  private async catchUpAll(): Promise<void> {
    for (const pending of [...this.rooms.values()]) {
      const room = await pending.catch(() => null);
      if (room) void room.catchUp();
    }
  }

  /** Compares each open room with the database's log, in one query, and has the rooms behind catch up. */
  private async checkLogs(): Promise<void> {
    const open: DocumentRoom[] = [];
    for (const pending of [...this.rooms.values()]) {
      const room = await pending.catch(() => null);
      if (room && !room.isFailed) open.push(room);
    }
    if (!open.length) return;
    try {
      const last = await lastUpdateIds(this.db, open.map((r) => r.documentId));
      for (const room of open) if ((last.get(room.documentId) ?? 0) > room.appliedThrough) void room.catchUp();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not compare the open documents with the database');
    }
  }

  /** Sockets this session holds open on this instance, across all documents. */
  socketCount(sessionId: string): number {
    return this.sockets.get(sessionId)?.size ?? 0;
  }

  /**
   * Opens a connection on a document; frames received before the room is loaded wait for it. A session
   * past MAX_SOCKETS_PER_SESSION has the new socket closed at once (the upgrade refuses most earlier;
   * this catches upgrades that raced each other).
   */
  connect(documentId: string, socket: WSContext, identity: ConnectionIdentity): OpenSocket {
    const connection = new Connection(socket, identity);
    const ofSession = this.sockets.get(identity.sessionId) ?? new Set<OpenSocket>();
    if (ofSession.size >= MAX_SOCKETS_PER_SESSION) {
      connection.close(CloseCode.flood, `too many open sockets for one session (at most ${MAX_SOCKETS_PER_SESSION})`);
      return new OpenSocket(this, connection, documentId, null);
    }
    const open = new OpenSocket(this, connection, documentId, ofSession);
    ofSession.add(open);
    this.sockets.set(identity.sessionId, ofSession);
    this.cancelIdle(documentId);
    this.room(documentId).then(
      (loaded) => {
        if (connection.closed) return this.scheduleIdle(documentId, loaded);
        open.room = loaded;
        loaded.join(connection);
        for (const frame of open.early.splice(0)) loaded.receive(connection, frame);
      },
      (err: unknown) => {
        const reason = err instanceof DocumentLoadError ? 'document cannot be loaded; an operator has been told' : 'document storage unavailable';
        log.error({ documentId, err }, 'the room failed');
        connection.close(err instanceof DocumentLoadError ? CloseCode.documentUnavailable : CloseCode.serverError, reason);
      },
    );
    return open;
  }

  /** A socket closed (either side): it leaves its session's sockets and its room. */
  socketClosed(open: OpenSocket): void {
    const ofSession = open.ofSession;
    if (!ofSession) return;
    open.connection.closed = true;
    ofSession.delete(open);
    const { sessionId } = open.connection.identity;
    if (ofSession.size === 0 && this.sockets.get(sessionId) === ofSession) this.sockets.delete(sessionId);
    const room = open.room;
    if (room) {
      room.leave(open.connection);
      if (room.connections.size === 0) this.scheduleIdle(open.documentId, room);
    }
  }

  /**
   * Runs `read` on the current state of a document: a copy of the live one if it is open here (after
   * everything received is stored), else a copy loaded from storage for the occasion. Never the live
   * document itself: reading can change a Yjs document (y-tiptap deletes elements the schema refuses,
   * and merges adjacent texts), and a change outside the room's queue would reach clients and storage
   * unchecked and out of order.
   */
  async readDocument<T>(documentId: string, read: (doc: Y.Doc) => T): Promise<T> {
    const doc = new Y.Doc();
    try {
      const open = this.rooms.get(documentId);
      if (open) {
        const room = await open;
        await room.settled();
        // Synchronously after the queue drained: the copy holds exactly what is stored.
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
      } else {
        applyStoredState(doc, documentId, await loadStoredState(this.db, documentId));
      }
      return await read(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Makes a change to a document's text on the server (stored and sent to every copy). A frozen text
   * refuses it, unless `evenIfFrozen` (adoption's own clean renumbering, after the freeze).
   */
  async change<T>(documentId: string, edit: (doc: Y.Doc) => T, options: { evenIfFrozen?: boolean } = {}): Promise<T> {
    const room = await this.room(documentId);
    try {
      return await room.change(edit, options);
    } finally {
      if (room.connections.size === 0) this.scheduleIdle(documentId, room);
    }
  }

  /** Locks or unlocks a clause in the open room (a room loaded later reads the locks from storage). */
  async setClauseLocked(documentId: string, clauseId: string, locked: boolean): Promise<void> {
    const open = this.rooms.get(documentId);
    if (!open) return;
    const room = await open.catch(() => null);
    if (!room) return;
    // Through the room's queue, so updates received before the lock are judged without it.
    await room.settled();
    if (locked) room.locked.add(clauseId);
    else room.locked.delete(clauseId);
  }

  /** Sets the editing phase of the open room (a room loaded later reads it from storage). */
  async setEditingPhase(documentId: string, phase: 'direct' | 'amendments'): Promise<void> {
    const open = this.rooms.get(documentId);
    const room = open ? await open.catch(() => null) : null;
    if (!room) return;
    await room.settled();
    room.editingPhase = phase;
  }

  /**
   * Freezes or thaws a document's text (silence, adoption), loading the room if needed so that the
   * flag holds for every update from now on (with one exception, below). Updates received before it
   * are stored first.
   */
  async setFrozen(documentId: string, frozen: boolean): Promise<void> {
    // With other instances a freeze or thaw is written to the database before it is announced
    // (procedure.ts), and a room reads it when it loads: one that is not open here need not be loaded
    // for it. One loading now (in `rooms` from its first step) takes it once loaded.
    if (this.options.relay && !this.rooms.has(documentId)) return;
    const room = await this.room(documentId);
    await room.settled();
    room.frozen = frozen;
    if (room.connections.size === 0) this.scheduleIdle(documentId, room);
  }

  /** The document's status changed: every socket reconnects, and gets the access the new status gives. */
  statusChanged(documentId: string, reason: string): void {
    this.closeWhere(documentId, () => true, CloseCode.statusChanged, reason);
  }

  /** A member's role changed: their sockets reconnect and get the new role (read-only or not). */
  roleChanged(documentId: string, userId: string): void {
    this.closeWhere(documentId, (c) => c.identity.userId === userId, CloseCode.roleChanged, 'your role changed; reconnecting');
  }

  accessRevoked(documentId: string, userId: string): void {
    this.closeWhere(documentId, (c) => c.identity.userId === userId, CloseCode.accessRevoked, 'you are no longer a member of this document');
  }

  /** A session ended (sign-out): its sockets close everywhere. */
  closeSession(sessionId: string, reason = 'signed out'): void {
    for (const open of [...(this.sockets.get(sessionId) ?? [])]) {
      open.connection.close(CloseCode.sessionEnded, reason);
      open.room?.leave(open.connection);
    }
  }

  /**
   * Every `everyMs`, asks which sessions of open sockets are still valid, and closes the sockets of
   * those that expired (their sliding or absolute lifetime ended) or were ended on another instance.
   * The check does not extend a session: an open socket is not a use of it.
   */
  startSessionSweep(everyMs: number, active: ActiveSessions): void {
    this.stopSessionSweep();
    let running = false;
    this.sessionSweep = setInterval(() => {
      if (running || this.sockets.size === 0) return;
      running = true;
      const ids = [...this.sockets.keys()];
      void active(ids)
        .then((valid) => {
          for (const id of ids) if (!valid.has(id)) this.closeSession(id, 'your session expired; sign in again');
        })
        .catch((err: unknown) => log.error({ err }, 'checking the sessions of open sockets failed'))
        .finally(() => (running = false));
    }, everyMs);
    this.sessionSweep.unref();
  }

  stopSessionSweep(): void {
    if (this.sessionSweep) clearInterval(this.sessionSweep);
    this.sessionSweep = null;
  }

  /** Closes every connection, stores a snapshot of every open document, and forgets them. */
  async shutdown(): Promise<void> {
    this.stopSessionSweep();
    if (this.logCheck) clearInterval(this.logCheck);
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    this.rooms.clear();
    for (const r of rooms) {
      if (r.status !== 'fulfilled') continue;
      r.value.closeAll(CloseCode.goingAway, 'server restarting');
      this.stopRelaying(r.value.documentId, this.relayed.get(r.value));
      await r.value.compactNow();
      r.value.destroy();
    }
  }

  private closeWhere(documentId: string, match: (c: Connection) => boolean, code: number, reason: string): void {
    const open = this.rooms.get(documentId);
    void open?.then((room) => {
      for (const c of [...room.connections]) {
        if (!match(c)) continue;
        c.close(code, reason);
        room.leave(c);
      }
    }, () => {});
  }

  private forget(room: DocumentRoom): void {
    this.cancelIdle(room.documentId);
    void this.rooms.get(room.documentId)?.then((current) => {
      if (current === room) this.rooms.delete(room.documentId);
      this.stopRelaying(room.documentId, this.relayed.get(room));
      room.destroy();
    });
  }

  private cancelIdle(documentId: string): void {
    const timer = this.idleTimers.get(documentId);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(documentId);
  }

  private scheduleIdle(documentId: string, room: DocumentRoom): void {
    this.cancelIdle(documentId);
    const timer = setTimeout(() => {
      this.idleTimers.delete(documentId);
      if (room.connections.size > 0 || this.rooms.get(documentId) === undefined) return;
      this.rooms.delete(documentId);
      this.stopRelaying(documentId, this.relayed.get(room));
      void room.compactNow().finally(() => room.destroy());
    }, IDLE_UNLOAD_MS);
    timer.unref();
    this.idleTimers.set(documentId, timer);
  }
}

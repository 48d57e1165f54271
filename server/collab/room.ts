import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Db } from '../../db/index.js';
import {
  appendUpdatesClaiming,
  appendUpdatesInOrder,
  loadStoredSince,
  openingState,
  loadWriters,
  writeSnapshot,
  type StoredGuard,
  type StoredState,
} from '../../db/repos/updates.js';
import type { RelayedMessage, RelayedOf, RelayedUpdates } from '../scale/document-relay.js';
import { LogPosition } from './log-position.js';
import { COMPACT_AFTER_UPDATES, MAX_DOCUMENT_BYTES } from '../../shared/limits.js';
import { CloseCode } from '../../shared/close-codes.js';
import type { Connection } from './connection.js';
import { TrialDocument, type Phase } from './guard.js';
import { checkUpdate, type Refusal, type UpdateContext } from './validate.js';
import { Writers } from './writers.js';
import { textFrozenAt } from '../../db/repos/documents.js';
import {
  MalformedMessage,
  decodeClientMessage,
  encodeAwareness,
  encodeUpdate,
  writeAwarenessUpdate,
} from './protocol.js';
import { takePresence } from './presence.js';
import { DocumentLoadError, FrozenDocumentError } from '../services/errors.js';
import type { DomainEvent } from '../events/domain.js';
import { log } from '../log.js';
import { WireMessage } from './wire.js';
import { Greeting } from './greeting.js';
// Domain errors, so that the HTTP layer maps them without knowing the room.
export { DocumentLoadError, FrozenDocumentError } from '../services/errors.js';

/** After someone's proposal was refused, the trial copy is rebuilt for them at most this often. */
const REBUILD_INTERVAL_MS = 1_000;
/** How long after a refusal someone counts as refusing. */
const SUSPECT_MS = 10_000;
/** Checking and applying one room's updates in one turn of the event loop: past this, the rest waits for the next turn. */
const FLUSH_BUDGET_MS = 4;

/** The locked clauses of someone who may edit agreed text (the chair). */
const NOTHING_LOCKED: ReadonlySet<string> = new Set();

/** The origin of changes the server makes itself. */
export const SERVER_ORIGIN = 'accord-server';
/** The origin of what another instance stored (and this one applies and passes on). */
export const RELAYED_ORIGIN = 'accord-relayed';
/** How long relayed updates that arrived ahead of one still missing wait for it, before the database is asked. */
const GAP_WAIT_MS = 150;
/**
 * How long our step 1 waits for a client's first message when the room's stored text is still to be
 * applied (see join): a client that sends nothing is greeted anyway.
 */
const GREETING_WAIT_MS = 250;

/** Why the server undid a change: it touched agreed text, or it was not a proposal in an amendments-only phase. */
export type RevertReason = 'agreed clause' | 'amendments only' | 'proposals';

export interface RoomHooks {
  onFailure(room: DocumentRoom): void;
  /**
   * The room's side effects, as domain events: a connection's change was refused ('change.refused',
   * after the batch was stored), or someone's update may have changed proposals or brackets
   * ('proposals.changed').
   */
  publish(event: DomainEvent): void;
  /** Fault injection for durability tests: wait this long before each write of the log. */
  storageDelayMs?: number;
  /**
   * Other instances share this document (REDIS_URL): what this room stores and the carets of its
   * connections go to them, in the log's order (see commit and applyRelayed).
   */
  relay?: RoomRelay;
}

/** The room's side of the relay between instances (server/scale/document-relay.ts), for one document. */
export interface RoomRelay {
  publishUpdates(message: RelayedOf<'updates'>): void;
  publishAwareness(update: Uint8Array): void;
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
  /** How far into the document's update log this room has applied (and stored or heard) everything. */
  private position = new LogPosition(0);
  private updatesSinceSnapshot = 0;
  private failed = false;
  /** Why the room stopped, for a socket that joins it after (see stop). */
  private stoppedWith = { code: CloseCode.serverError as number, reason: 'document storage failed; reconnect' };
  /** Updates the current flush produced, with the connection that sent each. */
  private produced: { update: Uint8Array; origin: unknown }[] = [];
  /** Who may write with which Yjs client id. */
  private writers = new Writers();
  /** Bytes of the stored snapshot and log: a document may not grow past MAX_DOCUMENT_BYTES. */
  private storedBytes = 0;
  /** Bytes of updates taken since the last commit (they count against the limit before they are stored). */
  private takenBytes = 0;
  /** Where proposals in an "amendments only" phase are tried before the document takes them (from listen()). */
  private trialDocument: TrialDocument | null = null;
  /** The stored text, until the room's first task applies it (see the constructor). */
  private unapplied: StoredState | null = null;
  /** What a socket that opens is sent (our step 1, the whole text, the stored snapshot's bytes). */
  private readonly greeting: Greeting;
  /** Whether updates taken since the last commit may have added, changed or removed proposals. */
  private proposalsMayHaveChanged = false;
  /** Whether updates taken since the last commit wrote proposal marks without being judged (the chair's). */
  private marksMayHaveChanged = false;
  /**
   * When each person last had a proposal refused (ms). A refusal drops the trial copy, and rebuilding
   * it copies the whole document: someone refusing in a loop could make everyone pay for that.
   */
  private lastRefused = new Map<string, number>();
  /** An update's check, kept while it waits for a transaction of its own (take's 'apart'). */
  private checkedAhead: { update: Uint8Array; check: ReturnType<typeof checkUpdate> } | null = null;
  /** With other instances: when to read back from the database what has not arrived through Redis. */
  private gapTimer: NodeJS.Timeout | null = null;

  /** Ids of agreed clauses: only connections that may edit agreed text change them. */
  readonly locked = new Set<string>();
  /** "amendments": changes from anyone but the chair must come as proposals. */
  editingPhase: 'direct' | 'amendments' = 'direct';
  /** Under silence or adopted: nobody's update is taken, and the server makes no change either. */
  frozen = false;

  /**
   * The stored state is applied before anything listens to the document: nothing needs an update
   * event for it (it is stored, and nobody is connected yet), and encoding one for a whole long text
   * would be a fifth of the time it takes to open it.
   *
   * A text read from one snapshot alone (a document everyone had left, or any document after a
   * restart: both fold the log into a snapshot) is applied later, at the start of the first task of
   * the room's queue (enqueue): an update to take, a reply computed from the text, our step 1. Its
   * bytes are what this server wrote from its own document, and they are stored: whoever opens it
   * afresh is sent them as they are, at once, instead of waiting while Yjs integrates them (most of
   * opening a long text, and two thirds of it in code V8 has not optimised yet after a restart).
   * Applying them first would be no check of them either: Yjs takes any well-formed update. Bytes that
   * cannot be read close the room's sockets with 4500, as a log that cannot be read does at load.
   */
  private constructor(
    readonly documentId: string,
    private readonly db: Db,
    private readonly hooks: RoomHooks,
    stored: StoredState,
  ) {
    const unapplied = stored.snapshot && stored.updates.length === 0 ? stored : null;
    this.greeting = new Greeting(unapplied?.snapshot?.data ?? null);
    if (unapplied) this.unapplied = unapplied;
    else {
      try {
        applyStoredState(this.doc, documentId, stored);
      } catch (err) {
        this.doc.destroy();
        throw err;
      }
      this.listen();
    }
    this.awareness.setLocalState(null); // the server itself has no caret
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (origin instanceof Object && 'awarenessClients' in origin) {
        const connection = origin as Connection;
        for (const id of added) connection.awarenessClients.add(id);
        for (const id of removed) connection.awarenessClients.delete(id);
      }
      const frame = new WireMessage(encodeAwareness(this.awareness, changed));
      for (const c of this.connections) c.send(frame);
      // Carets of this instance's connections go to the others; theirs came from there.
      if (this.hooks.relay && origin !== RELAYED_ORIGIN) this.hooks.relay.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    });
  }

  /** From here on, every change of the text is stored and sent (commit), and followed by the trial copy. */
  private listen(): void {
    this.trialDocument = new TrialDocument(this.doc);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.produced.push({ update, origin });
      this.greeting.textChanged();
    });
  }

  /** Every task of the queue runs after the stored text is applied, and the trial copy with it. */
  private get trial(): TrialDocument {
    if (!this.trialDocument) throw new Error('the room\'s stored text is not applied yet');
    return this.trialDocument;
  }

  /** Applies the stored text left unapplied (see the constructor): at the start of the queue's first task. */
  private applyUnapplied(): void {
    const stored = this.unapplied;
    if (!stored) return;
    this.unapplied = null;
    applyStoredState(this.doc, this.documentId, stored);
    this.greeting.applied();
    this.listen();
  }

  /** Loads a document from its snapshot and the log after it; throws DocumentLoadError if that fails. */
  static async load(documentId: string, db: Db, hooks: RoomHooks): Promise<DocumentRoom> {
    // Two statements, read together (and with other rooms opening in this turn): the text, and what guards it.
    const { stored, guard } = await openingState(db, documentId);
    const room = new DocumentRoom(documentId, db, hooks, stored);
    for (const id of guard.agreedClauseIds) room.locked.add(id);
    const row = guard.document;
    room.editingPhase = row?.editing_phase ?? 'direct';
    room.frozen = row !== null && (row.status !== 'draft' || textFrozenAt(row, new Date()));
    room.writers = new Writers(new Map(guard.writers)); // its own: a batch of openings may share what it read
    room.storedBytes = (stored.snapshot?.data.byteLength ?? 0) + stored.updates.reduce((sum, u) => sum + u.data.byteLength, 0);
    room.position = new LogPosition(stored.updates.at(-1)?.id ?? stored.snapshot?.throughUpdateId ?? 0);
    room.updatesSinceSnapshot = stored.updates.length;
    return room;
  }

  get isFailed(): boolean {
    return this.failed;
  }

  join(connection: Connection): void {
    if (this.failed) {
      connection.close(this.stoppedWith.code, this.stoppedWith.reason);
      return;
    }
    this.connections.add(connection);
    // Our step 1 asks the client for what it has that we lack (edits made offline): the state vector
    // of the text as applied. While the stored text is still to be applied, it waits for the client's
    // first message (a y-websocket client's own step 1, answered at once from the snapshot's bytes),
    // so that applying the text does not hold that answer back (see greetOnceApplied).
    if (this.unapplied) {
      this.greeting.wait(connection);
      setTimeout(() => this.greetOnceApplied(connection), GREETING_WAIT_MS).unref();
    } else connection.send(this.greeting.step1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length) connection.send(encodeAwareness(this.awareness, states));
  }

  leave(connection: Connection): void {
    this.greeting.takeWaiting(connection);
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
        case 'syncStep1': {
          // Opening afresh while the text is still the stored snapshot: its bytes, at once.
          const atOnce = this.greeting.answerAtOnce(message.stateVector);
          if (atOnce) connection.send(atOnce);
          else void this.enqueue(() => this.replyToStep1(connection, message.stateVector));
          break;
        }
        case 'syncUpdate':
          // Read-only connections may not change the text: both update-carrying types are dropped.
          // So is everyone's once the text is under silence or adopted.
          if (connection.readOnly || this.frozen) return;
          this.inbox.push({ connection, update: message.update });
          if (!this.flushQueued) {
            this.flushQueued = true;
            void this.enqueue(() => this.flush());
          }
          break;
        case 'awareness':
          this.applyAwareness(connection, message.update);
          break;
        case 'queryAwareness':
          // The answer holds every state in the room: a client asking in a loop (and not reading)
          // would make the server queue copy after copy. One answer a second; the rest are ignored.
          if (connection.takeAwarenessQuery()) connection.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
          break;
        case 'auth':
          break; // the protocol's auth message is server-to-client only
      }
    } catch (err) {
      const reason = err instanceof MalformedMessage ? `malformed message: ${err.message}` : 'malformed message';
      connection.close(CloseCode.malformed, reason);
      this.leave(connection);
    }
    if (this.greeting.isWaiting(connection)) this.greetOnceApplied(connection);
  }

  /** Sends our step 1 to a connection that joined before the stored text was applied, in the queue (after it is). */
  private greetOnceApplied(connection: Connection): void {
    if (!this.greeting.takeWaiting(connection)) return;
    void this.enqueue(() => {
      if (!connection.closed) connection.send(this.greeting.step1(this.doc));
    });
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
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.trialDocument?.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Runs a task after every task before it, on the text with its stored state applied (unless it needs no text). */
  private enqueue(task: () => Promise<void> | void, { needsText = true } = {}): Promise<void> {
    const next = this.queue
      .then(() => {
        if (needsText) this.applyUnapplied();
        return task();
      })
      .catch((err: unknown) => this.fail(err));
    this.queue = next;
    return next;
  }

  private replyToStep1(connection: Connection, stateVector: Uint8Array): void {
    if (connection.closed) return;
    let reply: Uint8Array;
    try {
      // In the queue, after every commit before it: the document holds exactly what is stored.
      reply = this.greeting.answer(this.doc, stateVector);
    } catch {
      connection.close(CloseCode.malformed, 'malformed message: bad state vector');
      this.leave(connection);
      return;
    }
    connection.send(reply);
  }

  private async flush(): Promise<void> {
    // Each room's batch starts in a turn of the event loop of its own. Commits resolve as microtasks
    // (PostgreSQL, several rooms answered together): without this, rooms' flush -> commit -> flush
    // chains would run back to back in one task and hold timers and other sockets back for all of it.
    // What arrives while we wait joins this batch.
    await nextTurn();
    this.flushQueued = false;
    let batch = this.inbox;
    this.inbox = [];
    // The whole batch is taken in this one task of the queue, so a sync reply asked for after these
    // updates still answers after them. Checking and applying a long batch at once would be one long
    // task of the event loop, though: past the budget, what is taken so far is committed, and the rest
    // waits for a turn of its own.
    while (batch.length) {
      const started = performance.now();
      let next = 0;
      const refused: { connection: Connection; clauseIds: string[]; reason: RevertReason }[] = [];
      this.produced = [];
      while (next < batch.length) {
        if (next > 0 && performance.now() - started > FLUSH_BUDGET_MS) break;
        // One connection's updates in a row are applied in one transaction: Yjs cleans up, encodes and
        // announces them once, and they are stored and sent as one update (a typist's keystrokes that
        // arrived together). An update to be judged on the trial copy starts a transaction of its own:
        // the copy follows the text transaction by transaction (judged behind, the copy would have to be
        // made afresh from the whole text: TrialDocument.judge).
        const connection = batch[next]!.connection;
        const context = this.updateContext(connection);
        this.doc.transact(() => {
          let applied = 0;
          for (; next < batch.length && batch[next]!.connection === connection; next++) {
            if (applied > 0 && performance.now() - started > FLUSH_BUDGET_MS) return;
            const { update } = batch[next]!;
            // A socket the server closed (refused, flooding, access withdrawn) has nothing more taken; one
            // its client closed still has what it sent before closing taken, as if it had stayed a moment.
            if (connection.closedByServer || this.frozen) continue;
            // The step 2 of a client that has nothing we lack (every client opening afresh sends one):
            // a well-formed update that changes nothing, so nothing to check, apply or store.
            if (isEmptyUpdate(update)) continue;
            const outcome = this.take(connection, update, context, applied > 0);
            if (outcome === 'apart') return;
            if (outcome === 'taken') {
              applied++;
              continue;
            }
            const code = outcome.reason ? CloseCode.refused : outcome.refusal.code;
            log.warn({ documentId: this.documentId, userId: connection.identity.userId, code }, `refused an update: ${outcome.refusal.reason}`);
            connection.close(code, `change refused: ${outcome.refusal.reason}`);
            this.leave(connection);
            if (outcome.reason) refused.push({ connection, clauseIds: outcome.clauseIds, reason: outcome.reason });
          }
        }, connection);
      }
      batch = batch.slice(next);
      await this.commit();
      // A check kept for an update left to the next slice was made before this await: not reused.
      this.checkedAhead = null;
      for (const r of refused) {
        const { userId, delegationCode, presence } = r.connection.identity;
        this.hooks.publish({ type: 'change.refused', documentId: this.documentId, by: { userId, name: presence.name, delegationCode, color: presence.color }, clauseIds: r.clauseIds, reason: r.reason });
      }
      if (batch.length) await nextTurn();
    }
    // enqueue never rejects: a failure is the room's fail(), which closes it.
    if (this.updatesSinceSnapshot >= COMPACT_AFTER_UPDATES) void this.enqueue(() => this.compact());
  }

  /** What checking a connection's updates needs to know of the room (validate.ts). */
  private updateContext(connection: Connection): UpdateContext {
    return new SenderContext(connection, this.connections, this.writers, connection.identity.mayEditAgreed ? NOTHING_LOCKED : this.locked);
  }

  /**
   * Checks one client update and applies it only if it may stand; a refused update touches nothing.
   * First what any update must be (validate.ts), then, in an "amendments only" phase, whether it is
   * the sender's own proposal, judged on a trial copy (guard.ts). 'apart': it is to be judged, and
   * `afterOthers` (the transaction already holds other updates) says the trial copy does not have
   * those yet; it is taken again as the first of a transaction of its own (its check kept until then).
   */
  private take(connection: Connection, update: Uint8Array, context: UpdateContext, afterOthers: boolean): 'taken' | 'apart' | { refusal: Refusal; reason: RevertReason | null; clauseIds: string[] } {
    const identity = connection.identity;
    const kept = this.checkedAhead?.update === update ? this.checkedAhead.check : null;
    this.checkedAhead = null;
    const check = kept ?? checkUpdate(this.doc, update, context);
    if (!check.ok) {
      const clauseIds = check.refusal.lockedClauseIds ?? [];
      return { refusal: check.refusal, reason: clauseIds.length ? 'agreed clause' : null, clauseIds };
    }
    if (this.storedBytes + this.takenBytes + update.byteLength > MAX_DOCUMENT_BYTES) {
      return { refusal: { code: 1009, reason: `the document has reached its size limit (${MAX_DOCUMENT_BYTES} bytes)` }, reason: null, clauseIds: [] };
    }
    // Anyone but the chair: proposals must stay truthful. In "amendments only" every change is judged
    // on a trial copy; editing directly, only changes that may write or disturb proposal marks are.
    // "Amendments only" is the policy's to decide (editDirectly), for this person in the current phase.
    const phase: Phase = identity.editsDirectly(this.editingPhase) ? 'direct' : 'amendments';
    const judged =
      check.checked.changes && !identity.mayEditAgreed && (phase === 'amendments' || check.checked.writesProposalMarks || this.trial.hasProposals());
    if (judged && afterOthers) {
      this.checkedAhead = { update, check };
      return 'apart';
    }
    if (judged) {
      // The copy is rebuilt at most once a second for people whose proposals were just refused; they
      // are asked to try again later (1013: clients reconnect and send it again), nothing is lost.
      const now = Date.now();
      if (!this.trial.ready && now - this.trial.builtAt < REBUILD_INTERVAL_MS && now - (this.lastRefused.get(identity.userId) ?? 0) < SUSPECT_MS) {
        return { refusal: { code: CloseCode.tryAgainLater, reason: 'too many refused changes at once: try again in a moment' }, reason: null, clauseIds: [] };
      }
      const verdict = this.trial.judge(check.checked.update, { authorId: identity.userId, delegationCode: identity.delegationCode }, phase);
      if (verdict.refused) {
        this.lastRefused.set(identity.userId, now);
        const reason = phase === 'amendments' ? `not a proposal of your own: ${verdict.refused}` : verdict.refused;
        return { refusal: { code: 1008, reason }, reason: phase === 'amendments' ? 'amendments only' : 'proposals', clauseIds: verdict.clauseIds };
      }
    }
    if (check.checked.touchesProposals || (judged && phase === 'amendments')) this.proposalsMayHaveChanged = true;
    // The chair's own marks: the index of who owns which amendment is read afresh when next needed.
    if (!judged && check.checked.writesProposalMarks) {
      this.trial.forgetOwners();
      this.marksMayHaveChanged = true;
    }
    // Nothing new (structs and deletions the document already has): applying it would change nothing.
    if (check.checked.changes) Y.applyUpdate(this.doc, check.checked.update, connection);
    const store = this.doc.store;
    if (store.pendingStructs || store.pendingDs) {
      // validate.ts lets nothing through that Yjs would hold back; should it ever, nothing is kept.
      store.pendingStructs = null;
      store.pendingDs = null;
      log.error({ documentId: this.documentId }, 'an update left pending state; it was dropped');
    }
    this.takenBytes += check.checked.update.byteLength;
    for (const clientId of check.checked.claims) this.writers.claim(clientId, identity.userId);
    return 'taken';
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
        this.writers.claimForServer(this.doc);
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
    this.takenBytes = 0; // counted in storedBytes below, as stored
    if (!produced.length) return;
    const merged = produced.length === 1 ? produced[0]!.update : Y.mergeUpdates(produced.map((p) => p.update));
    if (this.hooks.storageDelayMs) await new Promise((resolve) => setTimeout(resolve, this.hooks.storageDelayMs));
    const claims = this.writers.takePending();
    if (this.hooks.relay) {
      if (!(await this.commitShared(merged, claims, produced))) return;
    } else {
      this.position.storedAlone(await appendUpdatesClaiming(this.db, this.documentId, [merged], claims));
    }
    this.updatesSinceSnapshot++;
    this.storedBytes += merged.byteLength;
    // Stored: now, and only now, others may see it.
    this.broadcast(produced);
    if (produced.some((p) => p.origin === SERVER_ORIGIN)) this.trial.forgetOwners();
    if (this.proposalsMayHaveChanged) this.hooks.publish({ type: 'proposals.changed', documentId: this.documentId });
    this.proposalsMayHaveChanged = false;
    this.marksMayHaveChanged = false;
  }

  private broadcast(produced: readonly { update: Uint8Array; origin: unknown }[]): void {
    for (const { update, origin } of produced) {
      const frame = new WireMessage(encodeUpdate(update));
      for (const c of this.connections) if (c !== origin) c.send(frame);
    }
  }

  /**
   * Stores a batch when other instances share the document: in the log's order across instances, and
   * only if the guard it was checked against still stands in the database (a clause agreed, the phase
   * changed or the text frozen through another instance a moment ago, before its event arrived here).
   * Stored, it goes to the other instances. Returns false if it was not stored: the room then starts
   * afresh and its clients re-send their changes, to be judged by the guard as it now is.
   */
  private async commitShared(merged: Uint8Array, claims: Map<number, string>, produced: readonly { update: Uint8Array; origin: unknown }[]): Promise<boolean> {
    let stale: StoredGuard | null = null;
    const stored = await appendUpdatesInOrder(this.db, this.documentId, [merged], claims, (guard) => {
      if (this.guardStillHolds(guard, produced)) return true;
      stale = guard;
      return false;
    });
    if (!stored || stale) {
      this.restartAfterStaleGuard(stale);
      return false;
    }
    // If another instance stored something just before, it is on its way here (or will be read back).
    this.position.stored(stored.previousId, stored.lastId);
    this.watchForGaps();
    this.hooks.relay!.publishUpdates({
      previousId: stored.previousId,
      lastId: stored.lastId,
      claims: [...claims],
      marksMayHaveChanged: this.marksMayHaveChanged || produced.some((p) => p.origin === SERVER_ORIGIN),
      updates: [merged],
    });
    return true;
  }

  /**
   * Whether a batch checked against this room's guard may be stored under the guard as the database
   * holds it now. Only what is stricter there matters, and only for the changes it would have refused.
   */
  private guardStillHolds(guard: StoredGuard, produced: readonly { update: Uint8Array; origin: unknown }[]): boolean {
    // Someone else's client id, stored through another instance: whoever claimed it here may not write with it.
    if (guard.clientIdsOfOthers.length) return false;
    const senders = produced.map((p) => p.origin).filter((o): o is Connection => o instanceof Object && 'identity' in o);
    const newlyAgreed = guard.agreedClauseIds.some((id) => !this.locked.has(id));
    if (newlyAgreed && senders.some((c) => !c.identity.mayEditAgreed)) return false;
    if (guard.editingPhase === 'amendments' && this.editingPhase === 'direct' && senders.some((c) => !c.identity.editsDirectly('amendments'))) return false;
    if ((guard.status !== 'draft' || guard.frozenForCheck) && !this.frozen && senders.length) return false;
    return true;
  }

  /**
   * The guard changed on another instance while this room checked a batch against the old one: the
   * batch is not stored, and the in-memory text, which holds it, is dropped. Every client reconnects
   * to a fresh load and sends again what was never stored; the guard, read afresh, judges it.
   */
  private restartAfterStaleGuard(guard: StoredGuard | null): void {
    if (this.failed) return;
    log.warn({ documentId: this.documentId, guard }, 'the guard changed on another instance during a batch; the room starts afresh');
    this.stop(CloseCode.tryAgainLater, 'the text changed on another instance; reconnecting');
  }

  /** What another instance relayed: carets at once; stored updates through the queue, in the log's order. */
  receiveRelayed(message: RelayedMessage): void {
    if (this.failed) return;
    if (message.kind === 'awareness') {
      try {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, RELAYED_ORIGIN);
      } catch (err) {
        log.warn({ documentId: this.documentId, err }, 'a relayed awareness update could not be read');
      }
      return;
    }
    void this.enqueue(() => {
      for (const batch of this.position.heard(message)) this.applyRelayed(batch);
      this.watchForGaps();
    });
  }

  /** Applies updates another instance stored, right after the last this room has, and passes them on. */
  private applyRelayed(message: RelayedUpdates): void {
    this.produced = [];
    for (const update of message.updates) Y.applyUpdate(this.doc, update, RELAYED_ORIGIN);
    for (const [clientId, userId] of message.claims) this.writers.learn(clientId, userId);
    const produced = this.produced;
    this.produced = [];
    this.updatesSinceSnapshot++;
    this.storedBytes += message.updates.reduce((sum, u) => sum + u.byteLength, 0);
    this.broadcast(produced);
    if (message.marksMayHaveChanged) this.trial.forgetOwners();
  }

  /** Something this room follows has not arrived: if it still has not in a moment, read it from the database. */
  private watchForGaps(): void {
    if (!this.position.waiting) {
      if (this.gapTimer) clearTimeout(this.gapTimer);
      this.gapTimer = null;
      return;
    }
    this.gapTimer ??= setTimeout(() => {
      this.gapTimer = null;
      if (this.position.waiting) void this.catchUp();
    }, GAP_WAIT_MS);
    this.gapTimer.unref();
  }

  /**
   * Reads from the database what was stored after the last update this room applied, applies it and
   * passes it on: after a relayed message was lost (Redis restarted, a gap that did not fill), or when
   * the database says the log went further than this room (checked now and then by the registry).
   */
  catchUp(): Promise<void> {
    return this.enqueue(async () => {
      if (this.failed) return;
      const through = this.position.appliedThrough;
      const stored = await loadStoredSince(this.db, this.documentId, through);
      const last = stored.updates.at(-1)?.id ?? stored.snapshot?.throughUpdateId ?? through;
      if (last <= through) return this.watchForGaps();
      this.produced = [];
      applyStoredState(this.doc, this.documentId, stored);
      const produced = this.produced;
      this.produced = [];
      this.writers = this.writers.withStored(await loadWriters(this.db, this.documentId));
      this.updatesSinceSnapshot += stored.updates.length;
      this.broadcast(produced);
      this.trial.forgetOwners();
      for (const batch of this.position.caughtUp(last)) this.applyRelayed(batch);
      this.watchForGaps();
    });
  }

  /** The last update of the log this room has applied (the registry compares it with the database's). */
  get appliedThrough(): number {
    return this.position.appliedThrough;
  }

  /** Folds the log into a snapshot. Runs in the queue, so the document holds exactly what is stored. */
  async compact(): Promise<void> {
    if (this.failed || this.updatesSinceSnapshot === 0) return;
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    await writeSnapshot(this.db, this.documentId, snapshot, this.position.appliedThrough);
    this.updatesSinceSnapshot = 0;
    this.storedBytes = snapshot.byteLength;
  }

  /** Compacts from outside the queue (idle unload, shutdown). */
  compactNow(): Promise<void> {
    // A text never applied is its snapshot, unchanged: nothing to fold (a restart with hundreds of
    // documents opened only to be read would otherwise apply each one on its way out).
    return this.enqueue(() => (this.unapplied ? undefined : this.compact()), { needsText: false });
  }

  /**
   * Takes a connection's awareness update, within limits (presence.ts): over a limit, nothing of the
   * message is applied and the connection is closed.
   */
  private applyAwareness(connection: Connection, update: Uint8Array): void {
    const outcome = takePresence(this.awareness, connection, update);
    if ('refused' in outcome) {
      connection.close(outcome.refused.code, outcome.refused.reason);
      this.leave(connection);
      return;
    }
    if (!outcome.accepted.length) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, writeAwarenessUpdate(outcome.accepted), connection);
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    if (err instanceof DocumentLoadError) {
      // The stored text, applied in the queue, could not be read (see the constructor).
      log.error({ documentId: this.documentId, err }, 'the stored text cannot be read, closing its connections');
      this.stop(CloseCode.documentUnavailable, 'document cannot be loaded; an operator has been told');
    } else {
      log.error({ documentId: this.documentId, err }, 'storage failed, closing its connections');
      // The in-memory document may now hold updates the database does not: drop it, and let clients
      // reconnect to a fresh load; they re-send what the server never stored.
      this.stop(CloseCode.serverError, 'document storage failed; reconnect');
    }
  }

  /** Closes every connection (and any that joins after) with this code, and has the registry drop the room. */
  private stop(code: number, reason: string): void {
    this.failed = true;
    this.stoppedWith = { code, reason };
    this.greeting.textChanged();
    this.closeAll(code, reason);
    this.hooks.onFailure(this);
  }
}

/** An update with no structs and no deletions: Yjs encodes it as two zero counts. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
}

/**
 * The sender of a run of updates, as the check sees it. A class, not an object literal with a closure:
 * under tsx (esbuild's keepNames) a named closure made per run would get a name property of its own.
 */
class SenderContext implements UpdateContext {
  readonly userId: string;
  readonly mayEditAgreed: boolean;

  constructor(
    private readonly sender: Connection,
    private readonly connections: ReadonlySet<Connection>,
    readonly writers: Writers,
    readonly locked: ReadonlySet<string>,
  ) {
    this.userId = sender.identity.userId;
    this.mayEditAgreed = sender.identity.mayEditAgreed;
  }

  isOthersClient(clientId: number): boolean {
    for (const c of this.connections) if (c !== this.sender && c.awarenessClients.has(clientId)) return true;
    return false;
  }
}

/** Resolves in the next turn of the event loop, after pending I/O. */
function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

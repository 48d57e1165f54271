import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import { CloseCode, FATAL_CLOSE_CODES } from '../../shared/close-codes.js';
import { FRAGMENT } from '../../shared/editor/fragment.js';
import { deferAwarenessUpdates, deferDocUpdates, type Deferred, type DeferredUpdates } from './afterPaint.js';
import { DeviceCopy } from './deviceCopy.js';

/**
 * One open document: its Yjs document, the socket to the server, and a copy on this device.
 *
 * The copy in IndexedDB is what makes offline work: edits made while the socket is down are stored
 * there, survive a reload, and are sent when the socket syncs again (Yjs merges them); see
 * deviceCopy.ts, and applyDeviceCopy below for how it is applied when the page opens. The editor is
 * only created once there is content to show (from the server or from the copy), so that it never
 * writes a blank skeleton of its own into a document the server already holds.
 */

export type ConnectionStatus =
  | { kind: 'connecting' }
  | { kind: 'syncing' }
  | { kind: 'saved' }
  | { kind: 'offline' }
  | { kind: 'stopped'; code: number; message: string };

export interface ConnectionState {
  status: ConnectionStatus;
  /** There is a text to show: the server synced once, or this device holds a copy. */
  contentReady: boolean;
  /** Only this device's copy has been seen so far (the server has not synced yet). */
  fromLocalCopy: boolean;
}

const STOP_MESSAGES: Record<number, string> = {
  [CloseCode.sessionEnded]: 'Your session has ended. Sign in again to continue; edits on this device are kept.',
  [CloseCode.accessRevoked]: 'Your access to this document has been withdrawn.',
  [CloseCode.documentUnavailable]:
    'This document is unavailable: its stored text could not be loaded. Nobody can edit it until an operator restores it.',
};

export function stopMessage(code: number, reason: string): string {
  return STOP_MESSAGES[code] ?? (reason || `The connection was closed (${code}).`);
}

/**
 * The caret plugin publishes this person's caret again after every change someone else makes, even
 * when it has not moved; each time the page encodes and sends it to everyone in the room, who find
 * nothing changed. A caret the same as the one published is not sent again (awareness still renews
 * the whole state on its own schedule, so others keep seeing the person).
 */
function skipUnchangedCursor(awareness: Awareness): void {
  const setField = awareness.setLocalStateField.bind(awareness);
  awareness.setLocalStateField = (field: string, value: unknown) => {
    if (field === 'cursor' && sameCursor((awareness.getLocalState() as { cursor?: unknown } | null)?.cursor, value)) return;
    setField(field, value);
  };
}

type Cursor = { anchor: unknown; head: unknown } | null | undefined;

function sameCursor(a: unknown, b: unknown): boolean {
  const x = a as Cursor;
  const y = b as Cursor;
  if (!x || !y) return x === y || (x == null && y == null);
  return samePosition(x.anchor, y.anchor) && samePosition(x.head, y.head);
}

function samePosition(a: unknown, b: unknown): boolean {
  try {
    return Y.compareRelativePositions(Y.createRelativePositionFromJSON(a), Y.createRelativePositionFromJSON(b));
  } catch {
    return false;
  }
}

function collabUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/collab`;
}

/**
 * Closes after which this copy holds a change the server will never take (refused by the guard, or
 * too large to send): reconnecting would only send it again, so the page starts a fresh copy.
 */
const REFUSED_CLOSE_CODES: readonly number[] = [CloseCode.refused, CloseCode.messageTooBig];
/** y-websocket's message type for sync, and y-protocols' sync step 1 within it. */
const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;

export class DocumentConnection {
  readonly ydoc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private local: DeviceCopy | null;
  private state: ConnectionState = { status: { kind: 'connecting' }, contentReady: false, fromLocalCopy: false };
  private listeners = new Set<() => void>();
  private everConnected = false;
  private stopped: { code: number; message: string } | null = null;
  private destroyed = false;
  /** Sending, saving and the caret's news, done once each frame is painted (afterPaint.ts). */
  private deferred: Deferred[] = [];
  /** Sending the document's updates over the socket, done after paint. */
  private sending: DeferredUpdates;
  /** Saving on this device, done after paint: dropped with the copy itself. */
  private localSaving: DeferredUpdates | null = null;
  /** Called after the server closed for a role change (4509): the page reloads what the person may do. */
  onRoleChanged: (() => void) | null = null;
  /**
   * Called after the server refused a change from this copy (4422): the copy holds something the
   * server will never take, so the page throws it away and starts again from the server's text.
   */
  onRefused: ((code: number) => void) | null = null;
  /** Called when connecting keeps failing without a close code (e.g. the upgrade was refused). */
  onRepeatedFailure: (() => void) | null = null;
  /** The refusal heard before the page set onRefused (a connection opened early), for the page to act on. */
  refusedBeforeWatched: number | null = null;

  constructor(readonly documentId: string) {
    performance.mark('accord:connecting');
    // The text's type made now, as the editor will bind it: otherwise the first update makes a
    // placeholder of it, which the editor's first look then converts, item by item.
    this.ydoc.getXmlFragment(FRAGMENT);
    this.local = new DeviceCopy(`accord-doc-${documentId}`, this.ydoc, this.applyDeviceCopy);
    this.provider = new WebsocketProvider(collabUrl(), documentId, this.ydoc, {
      // Only the codes after which reconnecting cannot help stop us; 4509 (role changed) must reconnect.
      // A refused change (4422) would only be sent again: the page starts a fresh copy instead.
      shouldReconnect: (event) => !FATAL_CLOSE_CODES.includes(event.code) && !REFUSED_CLOSE_CODES.includes(event.code),
    });

    this.watchServerStep1();
    skipUnchangedCursor(this.provider.awareness);
    // The handlers are the packages' own (public fields of both): only when they run changes.
    this.localSaving = deferDocUpdates(this.ydoc, this.local.store, this.local);
    this.sending = deferDocUpdates(this.ydoc, this.provider._updateHandler, this.provider);
    this.deferred = [
      this.sending,
      this.localSaving,
      deferAwarenessUpdates(this.provider.awareness, this.provider._awarenessUpdateHandler),
    ];
    window.addEventListener('pagehide', this.flush);
    document.addEventListener('visibilitychange', this.flush);

    this.local.whenLoaded.then(
      () => {
        if (this.destroyed || this.state.contentReady) return;
        if (this.ydoc.getXmlFragment(FRAGMENT).length > 0) this.update({ contentReady: true, fromLocalCopy: true });
      },
      // A copy that cannot be applied leaves the text to the server's sync.
      (error: unknown) => console.error('This device\'s copy of the document could not be read', error),
    );

    this.provider.on('status', this.refresh);
    this.provider.on('sync', this.onSync);
    this.provider.on('connection-close', this.onClose);
    window.addEventListener('online', this.refresh);
    window.addEventListener('offline', this.refresh);
  }

  /**
   * Applies this device's copy as it is read, without announcing it as an update: announced, Yjs
   * encoded the whole text again (~90 ms for a 300-paragraph declaration) and the page sent it all
   * back to the server, which has it. Before the socket is open (nearly always: the copy is read from
   * the page's first lines), the socket's sync, once open, answers the server's state with everything
   * the server lacks, the copy's offline edits included. Once that answer has gone, the copy is sent
   * encoded against the state the server gave in its step 1: only what the server lacks, the offline
   * edits.
   */
  private applyDeviceCopy = (apply: () => void) => {
    const saving = this.localSaving;
    this.sending.unheard(() => (saving ? saving.unheard(apply) : apply()));
    // The server's step 1 already answered: send what it lacks, measured against the state it said it
    // had (not against this page's text before the copy, which may still be empty if the server's
    // text has not arrived yet: that would send the whole copy back). Not answered yet: the answer,
    // made from the text as it is now, will carry the copy's edits.
    const server = this.serverStateVector;
    if (server && this.provider.wsconnected) this.provider._updateHandler(Y.encodeStateAsUpdate(this.ydoc, server), null);
  };

  /** The state the server said it had in its last sync step 1 (on this socket), once the page has answered it. */
  private serverStateVector: Uint8Array | null = null;

  /** Notes the server's state vector from each sync step 1 it sends, before y-websocket answers it. */
  private watchServerStep1(): void {
    const handlers = this.provider.messageHandlers;
    const sync = handlers[MESSAGE_SYNC]!;
    handlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
      const peek = decoding.createDecoder(decoder.arr);
      peek.pos = decoder.pos;
      const step1 = decoding.readVarUint(peek) === SYNC_STEP_1 ? decoding.readVarUint8Array(peek) : null;
      sync(encoder, decoder, provider, emitSynced, messageType);
      if (step1) this.serverStateVector = step1;
    };
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status !== 'connected') this.serverStateVector = null;
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): ConnectionState => this.state;

  /** Sends and saves now what waits for the next frame (the page is going away or hidden). */
  flush = () => {
    for (const d of this.deferred) d.flush();
  };

  private update(patch: Partial<ConnectionState>) {
    // For the benchmark's account of an opening (tests/bench/browser.ts): when the text was there.
    if (patch.contentReady && !this.state.contentReady) performance.mark(`accord:text-ready:${patch.fromLocalCopy ? 'device' : 'server'}`);
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private onSync = (synced: boolean) => {
    if (synced) {
      this.everConnected = true;
      if (!this.state.contentReady || this.state.fromLocalCopy) this.update({ contentReady: true, fromLocalCopy: false });
    }
    this.refresh();
  };

  private onClose = (event: CloseEvent | null) => {
    if (!event) return;
    if (FATAL_CLOSE_CODES.includes(event.code)) {
      this.stop(event.code, stopMessage(event.code, event.reason));
      return;
    }
    if (REFUSED_CLOSE_CODES.includes(event.code)) {
      if (this.onRefused) this.onRefused(event.code);
      else this.refusedBeforeWatched = event.code;
      return;
    }
    // A new role, or a new document status (silence, adoption): the page reloads what the person may do.
    if (event.code === CloseCode.roleChanged || event.code === CloseCode.statusChanged) this.onRoleChanged?.();
    // A refused upgrade reaches the browser as 1006 with no reason: ask the HTTP API why, now and then.
    if (event.code === 1006 && navigator.onLine && this.provider.wsUnsuccessfulReconnects % 4 === 3) this.onRepeatedFailure?.();
    this.refresh();
  };

  /** Stops for good: no more reconnecting, and the reason is what the status shows. */
  stop(code: number, message: string) {
    if (this.stopped) return;
    this.stopped = { code, message };
    this.provider.shouldConnect = false;
    this.provider.disconnect();
    if (code === CloseCode.accessRevoked && this.local) {
      // Withdrawn access: do not keep the text on this device.
      this.dropLocalSaving();
      void this.local.clearData();
      this.local = null;
    }
    this.refresh();
  }

  /** Forgets this device's copy of the document (after a refused change). */
  async discardLocalCopy(): Promise<void> {
    const local = this.local;
    this.local = null;
    this.dropLocalSaving();
    await local?.clearData();
  }

  private dropLocalSaving() {
    if (!this.localSaving) return;
    this.localSaving.drop();
    this.deferred = this.deferred.filter((d) => d !== this.localSaving);
    this.localSaving = null;
  }

  private refresh = () => {
    if (this.destroyed) return;
    this.update({ status: this.computeStatus() });
  };

  private computeStatus(): ConnectionStatus {
    if (this.stopped) return { kind: 'stopped', ...this.stopped };
    if (!navigator.onLine) return { kind: 'offline' };
    const provider = this.provider;
    if (provider.wsconnected) return provider.synced ? { kind: 'saved' } : { kind: 'syncing' };
    // A failed attempt or two is the socket starting up or reconnecting; after that, we are offline.
    if (provider.wsUnsuccessfulReconnects < 2) return this.everConnected ? { kind: 'syncing' } : { kind: 'connecting' };
    return { kind: 'offline' };
  }

  destroy() {
    this.destroyed = true;
    // Hands the events back to the packages, which unsubscribe their own handlers when destroyed.
    for (const d of this.deferred) d.stop();
    this.deferred = [];
    window.removeEventListener('pagehide', this.flush);
    document.removeEventListener('visibilitychange', this.flush);
    window.removeEventListener('online', this.refresh);
    window.removeEventListener('offline', this.refresh);
    this.provider.off('status', this.refresh);
    this.provider.off('sync', this.onSync);
    this.provider.off('connection-close', this.onClose);
    this.provider.destroy();
    void this.local?.destroy();
    this.ydoc.destroy();
    this.listeners.clear();
  }
}

/** Connections opened before their page could use them, by document id (openEarly). */
const early = new Map<string, { connection: DocumentConnection; timer: ReturnType<typeof setTimeout> }>();
/** How long an early connection waits for its page before it is closed. */
const UNCLAIMED_MS = 15_000;
/** Documents whose page holds their connection (how many pages), which opening early leaves alone. */
const held = new Map<string, number>();

/**
 * Opens a document's connection while the page still loads the document's details, instead of after:
 * the socket, the server's sync and this device's copy take as long as the details do, at the same
 * time. Nothing is shown before the details say the person may read the text, and the server
 * authorizes the socket itself, so opening it early gives nobody more. A connection no page takes
 * (the details said no, the person went elsewhere) is closed: by dropEarly, or after a while.
 */
export function openEarly(documentId: string): void {
  // Already open early, or already the page's: the document page asks for it as its details load,
  // which may be after its workspace took the connection (details fetched ahead are drawn at once).
  if (early.has(documentId) || held.has(documentId)) return;
  const connection = new DocumentConnection(documentId);
  early.set(documentId, { connection, timer: setTimeout(() => dropEarly(documentId), UNCLAIMED_MS) });
}

/** Closes the connection opened early for a document, if no page has taken it. */
export function dropEarly(documentId: string): void {
  const held = early.get(documentId);
  if (!held) return;
  early.delete(documentId);
  clearTimeout(held.timer);
  held.connection.destroy();
}

/** The connection opened early for a document, left where it is (the page's effect takes it). */
function peekEarly(documentId: string): DocumentConnection | null {
  return early.get(documentId)?.connection ?? null;
}

function takeEarly(documentId: string): DocumentConnection | null {
  const held = early.get(documentId);
  if (!held) return null;
  early.delete(documentId);
  clearTimeout(held.timer);
  return held.connection;
}

/** A connection for the life of the page (one per document id, the one opened early if any), and its state. */
export function useDocumentConnection(
  documentId: string,
  enabled: boolean,
  /** Told when the server refused a change of this copy (the close code), before a fresh copy starts. */
  onRefused?: (code: number) => void,
): [DocumentConnection | null, ConnectionState | null] {
  // A connection opened early is drawn from the first render (its text may already be here), not
  // one render and one frame later when the effect below takes it: the editor starts that much sooner.
  const [connection, setConnection] = useState<DocumentConnection | null>(() => (enabled ? peekEarly(documentId) : null));
  const refusedRef = useRef(onRefused);
  refusedRef.current = onRefused;
  // Bumped when the server refused a change: a fresh copy (and editor) replaces the refused one.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const created = takeEarly(documentId) ?? new DocumentConnection(documentId);
    created.onRefused = (code) => {
      refusedRef.current?.(code);
      void created.discardLocalCopy().finally(() => setGeneration((g) => g + 1));
    };
    if (created.refusedBeforeWatched !== null) created.onRefused(created.refusedBeforeWatched);
    setConnection(created);
    held.set(documentId, (held.get(documentId) ?? 0) + 1);
    return () => {
      const pages = (held.get(documentId) ?? 1) - 1;
      if (pages > 0) held.set(documentId, pages);
      else held.delete(documentId);
      created.destroy();
      setConnection(null);
    };
  }, [documentId, enabled, generation]);
  const state = useSyncExternalStore(
    connection?.subscribe ?? noSubscribe,
    connection?.getState ?? noState,
  );
  return [connection, state];
}

const noSubscribe = () => () => {};
const noState = () => null;

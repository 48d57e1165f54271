import type { WSContext } from 'hono/ws';
import type { PresenceUser } from '../../shared/api/types.js';
import { AWARENESS_QUERY_INTERVAL_MS, MAX_MESSAGES_PER_SECOND, MAX_UNSENT_BYTES, MESSAGE_BURST } from '../../shared/limits.js';
import { CloseCode } from '../../shared/close-codes.js';
import { log } from '../log.js';
import { WireMessage } from './wire.js';
import type { EditingPhase } from '../../shared/api/index.js';

export interface ConnectionIdentity {
  userId: string;
  /** The session the socket was opened with: signing out, or its expiry, closes it. */
  sessionId: string;
  /** Observers, archivists, and everyone after adoption: their sync updates are dropped. */
  readOnly: boolean;
  /** The chair may change agreed clauses; anyone else's change to one is reverted. */
  mayEditAgreed: boolean;
  /**
   * Whether this person edits the text directly in an editing phase, or only by proposing: the
   * policy's "editDirectly", asked again at each update because the phase can change under a socket.
   */
  editsDirectly(phase: EditingPhase): boolean;
  delegationCode: string | null;
  /** Stamped into the awareness state of every client on this connection. */
  presence: PresenceUser;
}

/** After the server closes a socket, how long the peer has to answer before the socket is dropped. */
const CLOSE_GRACE_MS = 3000;

/** What a Connection needs of the `ws` WebSocket under Hono's WSContext (its `raw`). */
interface RawSocket {
  /** Bytes queued for the peer and not yet handed to the kernel (ws: socket buffer plus its own queue). */
  bufferedAmount: number;
  readyState: number;
  send(data: Uint8Array): void;
  terminate(): void;
}

/**
 * What writing a framed message past `ws`'s sender needs: ws's TCP socket, and its sender, to see
 * that nothing of ws's own waits to go out before it. Both are ws's fields, not its API: where they
 * are not as expected (another version), every message goes through ws.send.
 */
interface DirectRoute {
  socket: { write(data: Buffer): boolean };
  sender: { _queue: unknown[]; _bufferedBytes: number; _state?: number };
}

/** How messages to many went out: framed once and written, or through ws.send (the tests count work). */
export const wireWork = { direct: 0, throughWs: 0 };

function rawSocketOf(socket: WSContext): RawSocket | null {
  const raw = socket.raw as Partial<RawSocket> | undefined;
  if (!raw || typeof raw.bufferedAmount !== 'number' || typeof raw.terminate !== 'function' || typeof raw.send !== 'function') return null;
  return raw as RawSocket;
}

function directRouteOf(raw: RawSocket | null): DirectRoute | null {
  const ws = raw as { _socket?: Partial<DirectRoute['socket']>; _sender?: Partial<DirectRoute['sender']> } | null;
  const socket = ws?._socket;
  const sender = ws?._sender;
  if (!socket || typeof socket.write !== 'function' || !sender || !Array.isArray(sender._queue) || typeof sender._bufferedBytes !== 'number') return null;
  return { socket: socket as DirectRoute['socket'], sender: sender as DirectRoute['sender'] };
}

/** One client's socket on one document. */
export class Connection {
  /** Awareness client ids this connection speaks for. */
  readonly awarenessClients = new Set<number>();
  private tokens = MESSAGE_BURST;
  private lastRefill = Date.now();
  private lastAwarenessQuery = -Infinity;
  private readonly raw: RawSocket | null;
  private readonly direct: DirectRoute | null;
  /** The socket is closed, by either side. */
  closed = false;
  /** The server closed it (refused, flooding, access withdrawn, ...): nothing it sent is taken any more. */
  closedByServer = false;

  constructor(
    private readonly socket: WSContext,
    readonly identity: ConnectionIdentity,
  ) {
    this.raw = rawSocketOf(socket);
    this.direct = directRouteOf(this.raw);
  }

  get readOnly(): boolean {
    return this.identity.readOnly;
  }

  /**
   * Queues a message for the client. A client that does not read would make the server hold
   * everything sent to it: once what is queued passes MAX_UNSENT_BYTES, the connection is closed
   * instead. A WireMessage (one message to many sockets) is written as the frame it already holds.
   */
  send(outgoing: Uint8Array | WireMessage): void {
    if (this.closed) return;
    // A keystroke is sent to every reader: straight to ws, without the WSContext wrapper's getter and
    // options object per send.
    const raw = this.raw;
    if ((raw ? raw.readyState : this.socket.readyState) !== 1) return;
    const message = outgoing instanceof WireMessage ? outgoing.message : outgoing;
    const unsent = raw?.bufferedAmount ?? 0;
    if (unsent + message.byteLength > MAX_UNSENT_BYTES) {
      log.warn({ user: this.identity.userId, unsent, next: message.byteLength }, 'collab: closing a socket: not reading');
      this.close(CloseCode.flood, 'not reading: too much unsent data');
      return;
    }
    try {
      const direct = this.direct;
      // Past ws only when nothing of ws's waits to go out first (its sender queues while it
      // compresses or reads a Blob, which this server never asks of it), so frames keep their order.
      if (outgoing instanceof WireMessage && direct && direct.sender._queue.length === 0 && direct.sender._bufferedBytes === 0 && !direct.sender._state) {
        wireWork.direct++;
        direct.socket.write(outgoing.frame);
      } else if (raw) {
        if (outgoing instanceof WireMessage) wireWork.throughWs++;
        raw.send(message);
      }
      // Frames are built by lib0 encoders over plain ArrayBuffers, never shared memory.
      else this.socket.send(message as Uint8Array<ArrayBuffer>);
    } catch {
      this.close(1011, 'send failed');
    }
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closedByServer = true;
    try {
      // Close reasons are limited to 123 bytes by the WebSocket protocol.
      this.socket.close(code, reason.slice(0, 120));
    } catch {
      // already gone
    }
    // The close frame waits behind whatever is queued; a peer that does not read never answers it,
    // and ws would keep the queue for 30 s. Drop the socket (and its queue) sooner.
    const raw = this.raw;
    if (raw && raw.readyState !== 3) {
      setTimeout(() => {
        if (raw.readyState !== 3) raw.terminate();
      }, CLOSE_GRACE_MS).unref();
    }
  }

  /** Token bucket: false when the client sends faster than a person plausibly could. */
  takeToken(): boolean {
    const now = Date.now();
    this.tokens = Math.min(MESSAGE_BURST, this.tokens + ((now - this.lastRefill) / 1000) * MAX_MESSAGES_PER_SECOND);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether a queryAwareness may be answered now: at most one per AWARENESS_QUERY_INTERVAL_MS. */
  takeAwarenessQuery(): boolean {
    const now = Date.now();
    if (now - this.lastAwarenessQuery < AWARENESS_QUERY_INTERVAL_MS) return false;
    this.lastAwarenessQuery = now;
    return true;
  }
}

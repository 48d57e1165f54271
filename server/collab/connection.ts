import type { WSContext } from 'hono/ws';
import type { PresenceUser } from '../../shared/api/types.js';
import { MAX_MESSAGES_PER_SECOND, MESSAGE_BURST } from '../../shared/limits.js';

export interface ConnectionIdentity {
  userId: string;
  /** The session the socket was opened with: signing out closes it. */
  sessionId: string;
  /** Observers, archivists, and everyone after adoption: their sync updates are dropped. */
  readOnly: boolean;
  /** The chair may change agreed clauses; anyone else's change to one is reverted. */
  mayEditAgreed: boolean;
  delegationCode: string | null;
  /** Stamped into the awareness state of every client on this connection. */
  presence: PresenceUser;
}

/** One client's socket on one document. */
export class Connection {
  /** Awareness client ids this connection speaks for. */
  readonly awarenessClients = new Set<number>();
  private tokens = MESSAGE_BURST;
  private lastRefill = Date.now();
  closed = false;

  constructor(
    private readonly socket: WSContext,
    readonly identity: ConnectionIdentity,
  ) {}

  get readOnly(): boolean {
    return this.identity.readOnly;
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.socket.readyState !== 1) return;
    try {
      // Frames are built by lib0 encoders over plain ArrayBuffers, never shared memory.
      this.socket.send(frame as Uint8Array<ArrayBuffer>);
    } catch {
      this.close(1011, 'send failed');
    }
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    try {
      // Close reasons are limited to 123 bytes by the WebSocket protocol.
      this.socket.close(code, reason.slice(0, 120));
    } catch {
      // already gone
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
}

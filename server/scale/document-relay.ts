import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { SharedRedis } from './redis.js';
import { log } from '../log.js';

/**
 * Updates another instance stored for a document, in the order of the document's log: `previousId` is
 * the id the log ended at before them, so an instance that last saw a different id knows it missed
 * something and catches up from the database.
 */
export interface RelayedUpdates {
  kind: 'updates';
  from: string;
  previousId: number;
  lastId: number;
  /** Client ids these updates claimed, and whose they are now (stored with them). */
  claims: [clientId: number, userId: string][];
  /** Whether they may have written proposal marks without being judged (the chair, the server). */
  marksMayHaveChanged: boolean;
  updates: Uint8Array[];
}

/** Carets and presence of the connections on another instance (a y-protocols awareness update). */
export interface RelayedAwareness {
  kind: 'awareness';
  from: string;
  update: Uint8Array;
}

export type RelayedMessage = RelayedUpdates | RelayedAwareness;
export type RelayedOf<K extends RelayedMessage['kind']> = Omit<Extract<RelayedMessage, { kind: K }>, 'from' | 'kind'>;

const UPDATES = 0;
const AWARENESS = 1;

/**
 * What instances say to each other about one document, over one Redis channel per document: stored
 * updates and awareness. An instance listens to the channels of the documents it has open. Nothing
 * here is trusted less than a socket would be: only Accord instances reach this Redis, and what they
 * relay was checked and stored by the instance that took it.
 */
export class DocumentRelay {
  constructor(private readonly redis: SharedRedis) {}

  get instanceId(): string {
    return this.redis.instanceId;
  }

  /** Starts hearing a document; resolves once Redis confirmed, so nothing published after is missed. */
  async join(documentId: string, deliver: (message: RelayedMessage) => void): Promise<() => Promise<void>> {
    const channel = this.channel(documentId);
    const handler = (raw: Buffer) => {
      const message = decodeRelayed(raw);
      if (message.from !== this.redis.instanceId) deliver(message);
    };
    await this.redis.listen(channel, handler);
    return () => this.redis.stopListening(channel, handler);
  }

  publishUpdates(documentId: string, message: RelayedOf<'updates'>): void {
    this.publish(documentId, encodeRelayed({ kind: 'updates', from: this.redis.instanceId, ...message }));
  }

  publishAwareness(documentId: string, update: Uint8Array): void {
    this.publish(documentId, encodeRelayed({ kind: 'awareness', from: this.redis.instanceId, update }));
  }

  /** Called each time Redis comes back after a loss: messages may have been missed meanwhile. */
  onReconnect(handler: () => void): () => void {
    return this.redis.onReconnect(handler);
  }

  private publish(documentId: string, payload: Uint8Array): void {
    // Fire and forget: a message that never arrives is found by the receivers' next gap check.
    this.redis.commands.publish(this.channel(documentId), Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)).catch((err: unknown) => {
      log.warn({ documentId, err: (err as Error).message }, 'could not relay to the other instances; they catch up from the database');
    });
  }

  private channel(documentId: string): string {
    return this.redis.key(`doc:${documentId}`);
  }
}

export function encodeRelayed(message: RelayedMessage): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, message.kind === 'updates' ? UPDATES : AWARENESS);
  encoding.writeVarString(e, message.from);
  if (message.kind === 'awareness') {
    encoding.writeVarUint8Array(e, message.update);
    return encoding.toUint8Array(e);
  }
  encoding.writeVarUint(e, message.previousId);
  encoding.writeVarUint(e, message.lastId);
  encoding.writeVarUint(e, message.marksMayHaveChanged ? 1 : 0);
  encoding.writeVarUint(e, message.claims.length);
  for (const [clientId, userId] of message.claims) {
    encoding.writeVarUint(e, clientId);
    encoding.writeVarString(e, userId);
  }
  encoding.writeVarUint(e, message.updates.length);
  for (const u of message.updates) encoding.writeVarUint8Array(e, u);
  return encoding.toUint8Array(e);
}

export function decodeRelayed(raw: Uint8Array): RelayedMessage {
  const d = decoding.createDecoder(raw);
  const kind = decoding.readVarUint(d);
  const from = decoding.readVarString(d);
  if (kind === AWARENESS) return { kind: 'awareness', from, update: decoding.readVarUint8Array(d) };
  const previousId = decoding.readVarUint(d);
  const lastId = decoding.readVarUint(d);
  const marksMayHaveChanged = decoding.readVarUint(d) === 1;
  const claims: [number, string][] = [];
  for (let n = decoding.readVarUint(d); n > 0; n--) claims.push([decoding.readVarUint(d), decoding.readVarString(d)]);
  const updates: Uint8Array[] = [];
  for (let n = decoding.readVarUint(d); n > 0; n--) updates.push(decoding.readVarUint8Array(d));
  return { kind: 'updates', from, previousId, lastId, claims, marksMayHaveChanged, updates };
}

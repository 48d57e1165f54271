import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes.js';

/**
 * The y-websocket wire protocol: every frame is a varUint message type followed by its payload.
 * Sync payloads start with their own varUint type (step 1, step 2, update).
 */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SyncType = { step1: 0, step2: 1, update: 2 } as const;

export class MalformedMessage extends Error {}

export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'syncUpdate'; update: Uint8Array; step2: boolean }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'auth' };

/** Decodes one frame from a client, or throws MalformedMessage saying what is wrong with it. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: ClientMessage;
    switch (type) {
      case MessageType.sync: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === SyncType.step1) message = { type: 'syncStep1', stateVector: payload };
        else if (syncType === SyncType.step2 || syncType === SyncType.update) {
          message = { type: 'syncUpdate', update: payload, step2: syncType === SyncType.step2 };
        } else throw new MalformedMessage(`unknown sync message type ${syncType}`);
        break;
      }
      case MessageType.awareness:
        message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MessageType.queryAwareness:
        message = { type: 'queryAwareness' };
        break;
      case MessageType.auth:
        message = { type: 'auth' };
        break;
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
    return message;
  } catch (err) {
    if (err instanceof MalformedMessage) throw err;
    throw new MalformedMessage('truncated or garbled frame');
  }
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Throws if the client's state vector is garbage. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

/** A sync step 2 carrying `update` as it is: the whole document, when `update` is all of it. */
export function encodeSyncStep2FromUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/** An awareness entry as it came: its state still JSON text, parsed only if the server takes it. */
export interface RawAwarenessEntry {
  clientId: number;
  clock: number;
  json: string;
}

/** An awareness message over a limit: the connection is closed with `code`, nothing of it applied. */
export class AwarenessLimitExceeded extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const utf8 = new TextDecoder();

/**
 * Reads an awareness update into its entries, within limits: the entry count is read (and refused)
 * before any entry, and each state's length before its text. Throws AwarenessLimitExceeded over a
 * limit, MalformedMessage on garbage.
 */
export function readAwarenessUpdate(update: Uint8Array, limits: { maxEntries: number; maxStateBytes: number }): RawAwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > limits.maxEntries) {
      throw new AwarenessLimitExceeded(CloseCode.flood, `too many awareness entries in one message (${count}; at most ${limits.maxEntries})`);
    }
    const entries: RawAwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      // lib0 writes a state as a varString: a byte length, then UTF-8.
      const bytes = decoding.readVarUint8Array(decoder);
      if (bytes.byteLength > limits.maxStateBytes) {
        throw new AwarenessLimitExceeded(CloseCode.messageTooBig, `awareness state too large (${bytes.byteLength} bytes; at most ${limits.maxStateBytes})`);
      }
      entries.push({ clientId, clock, json: utf8.decode(bytes) });
    }
    return entries;
  } catch (err) {
    if (err instanceof MalformedMessage || err instanceof AwarenessLimitExceeded) throw err;
    throw new MalformedMessage('garbled awareness update');
  }
}

/** An awareness state's JSON: an object, or null for "gone"; throws MalformedMessage otherwise. */
export function parseAwarenessState(json: string): Record<string, unknown> | null {
  let state: unknown;
  try {
    state = JSON.parse(json);
  } catch {
    throw new MalformedMessage('awareness state is not JSON');
  }
  if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new MalformedMessage('awareness state must be an object or null');
  return state as Record<string, unknown> | null;
}

export function writeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, JSON.stringify(e.state));
  }
  return encoding.toUint8Array(encoder);
}

/** A state vector naming no client: the client has nothing, it is opening afresh. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 1 && stateVector[0] === 0;
}

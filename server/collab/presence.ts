import type * as awarenessProtocol from 'y-protocols/awareness';
import { MAX_AWARENESS_CLIENTS_PER_CONNECTION, MAX_AWARENESS_ENTRIES_PER_MESSAGE, MAX_AWARENESS_STATE_BYTES } from '../../shared/limits.js';
import { CloseCode } from '../../shared/close-codes.js';
import type { Connection } from './connection.js';
import { AwarenessLimitExceeded, parseAwarenessState, readAwarenessUpdate, type AwarenessEntry, type RawAwarenessEntry } from './protocol.js';

/** What the room takes of one awareness message, or why the connection is closed for it. */
export type PresenceOutcome = { accepted: AwarenessEntry[] } | { refused: { code: number; reason: string } };

/**
 * Reads a connection's awareness message (its carets and selections) against the room's awareness,
 * changing neither: bounded before anything is parsed (entries, bytes per state), one entry per id
 * (the newest), nobody else's id taken over, no stale echo of someone who left, at most
 * MAX_AWARENESS_CLIENTS_PER_CONNECTION ids per connection, and each state stamped by the server with
 * who is speaking. Throws MalformedMessage on garbage, as the protocol's readers do.
 */
export function takePresence(awareness: awarenessProtocol.Awareness, connection: Connection, update: Uint8Array): PresenceOutcome {
  let entries: RawAwarenessEntry[];
  try {
    entries = readAwarenessUpdate(update, { maxEntries: MAX_AWARENESS_ENTRIES_PER_MESSAGE, maxStateBytes: MAX_AWARENESS_STATE_BYTES });
  } catch (err) {
    if (!(err instanceof AwarenessLimitExceeded)) throw err;
    return { refused: { code: err.code, reason: err.message } };
  }
  // One entry per id (the newest): what is parsed is then bounded by the ids taken, not the frame.
  const latest = new Map<number, RawAwarenessEntry>();
  for (const entry of entries) {
    const seen = latest.get(entry.clientId);
    if (!seen || seen.clock <= entry.clock) latest.set(entry.clientId, entry);
  }
  const own = connection.awarenessClients;
  const states = awareness.getStates();
  const accepted: AwarenessEntry[] = [];
  const newIds = new Set<number>();
  for (const { clientId, clock, json } of latest.values()) {
    const mine = own.has(clientId);
    // Someone else's caret (y-websocket clients echo the states they receive): skipped, never taken over.
    if (!mine && states.has(clientId)) continue;
    // Older than what the room saw of that id (an echo of someone who left): Yjs would ignore it.
    const seen = mine ? undefined : awareness.meta.get(clientId);
    if (seen && seen.clock >= clock) continue;
    const state = parseAwarenessState(json);
    if (!mine) {
      // Removing a state that is not there would only grow the awareness's clock table.
      if (state === null) continue;
      newIds.add(clientId);
      if (own.size + newIds.size > MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
        return { refused: { code: CloseCode.flood, reason: `too many awareness ids for one connection (at most ${MAX_AWARENESS_CLIENTS_PER_CONNECTION})` } };
      }
    }
    // The server stamps who this is: a page cannot claim another name, delegation or role.
    accepted.push({ clientId, clock, state: state === null ? null : { ...state, user: connection.identity.presence } });
  }
  return { accepted };
}

import type * as Y from 'yjs';
import type { Connection } from './connection.js';
import { encodeSyncStep1, encodeSyncStep2, encodeSyncStep2FromUpdate, isEmptyStateVector } from './protocol.js';

/**
 * What a room sends a socket that opens (the sync protocol's greeting), built once for everyone who
 * opens before the text next changes: a room reconnecting after a restart would otherwise encode the
 * whole document once per socket.
 *
 * - Our sync step 1 (the state vector of the text as applied), which asks the client for what it has
 *   that we lack (edits made offline).
 * - The whole text as a sync step 2, for a client opening afresh (an empty state vector).
 * - While the room's text is still a stored snapshot it has not applied (DocumentRoom's constructor),
 *   that snapshot's bytes as a step 2, sent at once, outside the room's queue, to a client opening
 *   afresh; and the connections that joined then, whose step 1 waits until the text is applied.
 *
 * Every task that changes the text says so (textChanged), and all of it is built again when next asked.
 */
export class Greeting {
  /** The stored snapshot as a sync step 2, for as long as the text is that snapshot. */
  private storedStep2: Uint8Array | null;
  private built: { step1: Uint8Array; fullStep2: Uint8Array | null } | null = null;
  /** Connections that joined while the stored text was unapplied, not yet sent our step 1. */
  private readonly waiting = new Set<Connection>();

  /** `unappliedSnapshot`: the bytes of a stored snapshot the room will apply in its first task, if so. */
  constructor(unappliedSnapshot: Uint8Array | null) {
    this.storedStep2 = unappliedSnapshot ? encodeSyncStep2FromUpdate(unappliedSnapshot) : null;
  }

  /** The text changed (an update taken, the room stopped): nothing built for it before is sent again. */
  textChanged(): void {
    this.built = null;
    this.storedStep2 = null;
  }

  /** The stored snapshot was applied: our step 1 is built from the text now (it still is the snapshot). */
  applied(): void {
    this.built = null;
  }

  /**
   * The answer to a client's step 1 that needs no task of the queue: the stored snapshot's bytes, to a
   * client opening afresh, while nothing taken since (in the queue or not) has changed the text.
   */
  answerAtOnce(stateVector: Uint8Array): Uint8Array | null {
    return this.storedStep2 && isEmptyStateVector(stateVector) ? this.storedStep2 : null;
  }

  /** Our sync step 1, for the text as applied (in the queue). */
  step1(doc: Y.Doc): Uint8Array {
    return this.build(doc).step1;
  }

  /** The answer to a client's step 1, for the text as applied (in the queue); throws on a bad state vector. */
  answer(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
    if (!isEmptyStateVector(stateVector)) return encodeSyncStep2(doc, stateVector);
    const built = this.build(doc);
    return (built.fullStep2 ??= encodeSyncStep2(doc, stateVector));
  }

  /** A connection joined before the stored text was applied: its step 1 waits (see DocumentRoom.join). */
  wait(connection: Connection): void {
    this.waiting.add(connection);
  }

  /** Whether the connection still waits for our step 1; it no longer does after this returns true. */
  takeWaiting(connection: Connection): boolean {
    return this.waiting.delete(connection);
  }

  isWaiting(connection: Connection): boolean {
    return this.waiting.has(connection);
  }

  private build(doc: Y.Doc): { step1: Uint8Array; fullStep2: Uint8Array | null } {
    return (this.built ??= { step1: encodeSyncStep1(doc), fullStep2: this.storedStep2 });
  }
}

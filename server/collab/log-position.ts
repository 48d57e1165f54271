import type { RelayedUpdates } from '../scale/document-relay.js';

/**
 * Where a room stands in its document's update log, when several instances append to it. The room
 * has applied every update up to `appliedThrough`, and nothing it applies skips one: its own batches
 * are stored after some id (the log's last when they were stored), and the other instances' arrive
 * through Redis, each naming the id it follows. What comes ahead of an id still missing waits here,
 * until that id arrives (or the room reads the gap back from the database: `caughtUp`).
 */
export class LogPosition {
  /** This room's own batches stored after an id it has not applied yet: previous id -> own last id. */
  private readonly ownAhead = new Map<number, number>();
  /** Relayed batches that arrived before one they follow, by the id they follow. */
  private readonly early = new Map<number, RelayedUpdates>();

  constructor(private through: number) {}

  get appliedThrough(): number {
    return this.through;
  }

  /** Whether something is missing: a batch this room holds or heard of follows an id it has not seen. */
  get waiting(): boolean {
    return this.ownAhead.size > 0 || this.early.size > 0;
  }

  /** One process: this room is the log's only writer, so what it stored last is where it stands. */
  storedAlone(lastId: number): void {
    this.through = lastId;
  }

  /** A batch of this room's own was stored after `previousId`, through `lastId`. */
  stored(previousId: number, lastId: number): void {
    if (previousId === this.through) this.advance(lastId);
    else this.ownAhead.set(previousId, lastId);
  }

  /**
   * A batch another instance stored. Returns the batches to apply now, in order (this one and any
   * that waited for it); the caller applies every one of them before anything else.
   */
  heard(batch: RelayedUpdates): RelayedUpdates[] {
    if (batch.lastId <= this.through) return []; // read back from the database already
    if (batch.previousId !== this.through) {
      this.early.set(batch.previousId, batch);
      return [];
    }
    return this.release(batch);
  }

  /** The room read the log back from the database through `lastId`: whatever that covers is done. */
  caughtUp(lastId: number): RelayedUpdates[] {
    if (lastId <= this.through) return [];
    for (const previousId of [...this.ownAhead.keys()]) if (previousId < lastId) this.ownAhead.delete(previousId);
    for (const previousId of [...this.early.keys()]) if (previousId < lastId) this.early.delete(previousId);
    this.advance(lastId);
    return this.release(null);
  }

  /** `first`, then every waiting batch that now follows in order. */
  private release(first: RelayedUpdates | null): RelayedUpdates[] {
    const ready: RelayedUpdates[] = [];
    if (first) {
      ready.push(first);
      this.advance(first.lastId);
    }
    for (let next = this.early.get(this.through); next; next = this.early.get(this.through)) {
      this.early.delete(next.previousId);
      ready.push(next);
      this.advance(next.lastId);
    }
    return ready;
  }

  /** Applied through `lastId`, and through the room's own batches that came right after it. */
  private advance(lastId: number): void {
    this.through = lastId;
    for (let own = this.ownAhead.get(this.through); own !== undefined; own = this.ownAhead.get(this.through)) {
      this.ownAhead.delete(this.through);
      this.through = own;
    }
  }
}

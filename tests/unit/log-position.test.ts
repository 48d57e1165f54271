import { describe, expect, it } from 'vitest';
import { LogPosition } from '../../server/collab/log-position.js';
import type { RelayedUpdates } from '../../server/scale/document-relay.js';

// A room's place in its document's log when several instances append to it: nothing is applied out of
// order or twice, and whatever waits for a missing id is released once it arrives.

function batch(previousId: number, lastId: number): RelayedUpdates {
  return { kind: 'updates', from: 'other', previousId, lastId, claims: [], marksMayHaveChanged: false, updates: [new Uint8Array([lastId])] };
}

const ids = (batches: RelayedUpdates[]) => batches.map((b) => b.lastId);

describe('LogPosition', () => {
  it('applies batches that follow in order, at once', () => {
    const position = new LogPosition(10);
    expect(ids(position.heard(batch(10, 12)))).toEqual([12]);
    expect(ids(position.heard(batch(12, 17)))).toEqual([17]);
    expect(position.appliedThrough).toBe(17);
    expect(position.waiting).toBe(false);
  });

  it('holds a batch that overtook the one before it, and releases both, in order, when it arrives', () => {
    const position = new LogPosition(10);
    expect(position.heard(batch(14, 20))).toEqual([]);
    expect(position.heard(batch(12, 14))).toEqual([]);
    expect(position.waiting).toBe(true);
    expect(ids(position.heard(batch(10, 12)))).toEqual([12, 14, 20]);
    expect(position.appliedThrough).toBe(20);
    expect(position.waiting).toBe(false);
  });

  it("moves past the room's own batch stored after one still on its way, once that one arrives", () => {
    const position = new LogPosition(10);
    position.stored(12, 13); // another instance stored 11..12 first
    expect(position.appliedThrough).toBe(10);
    expect(position.waiting).toBe(true);
    position.heard(batch(13, 15)); // and someone stored after ours
    expect(ids(position.heard(batch(10, 12)))).toEqual([12, 15]);
    expect(position.appliedThrough).toBe(15);
    expect(position.waiting).toBe(false);
  });

  it("its own batch right after what it applied moves it on at once", () => {
    const position = new LogPosition(10);
    position.stored(10, 11);
    expect(position.appliedThrough).toBe(11);
    expect(position.waiting).toBe(false);
  });

  it('ignores batches it has already read back from the database', () => {
    const position = new LogPosition(10);
    expect(position.caughtUp(20)).toEqual([]);
    expect(position.heard(batch(10, 12))).toEqual([]);
    expect(position.heard(batch(15, 20))).toEqual([]);
    expect(position.appliedThrough).toBe(20);
  });

  it('after reading a gap back, drops what it covered and releases what follows it', () => {
    const position = new LogPosition(10);
    position.heard(batch(14, 16)); // 11..14 lost on the way
    position.heard(batch(16, 18));
    position.stored(12, 13); // its own, inside the gap
    position.heard(batch(20, 22)); // beyond what the database will say
    expect(ids(position.caughtUp(16))).toEqual([18]);
    expect(position.appliedThrough).toBe(18);
    expect(position.waiting).toBe(true); // 19..20 still missing
    expect(ids(position.caughtUp(20))).toEqual([22]);
    expect(position.waiting).toBe(false);
  });

  it('one process: what it stored last is where it stands', () => {
    const position = new LogPosition(0);
    position.storedAlone(7);
    position.storedAlone(9);
    expect(position.appliedThrough).toBe(9);
  });
});

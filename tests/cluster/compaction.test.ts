import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestCluster } from '../helpers/cluster.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { clauseText, collabClient, serverCopy, syncRoundTrip, type CollabClient } from '../helpers/collab.js';
import type { TestServer } from '../helpers/server.js';
import { openDatabase, type Db } from '../../db/index.js';
import { loadStoredState, writeSnapshot } from '../../db/repos/updates.js';
import { COMPACT_AFTER_UPDATES } from '../../shared/limits.js';

// Every instance with a document open folds its log into a snapshot after COMPACT_AFTER_UPDATES
// updates, its own and the others' alike: two instances compact one document at nearly the same
// moment, each from its own copy. Neither may lose what the other stored.

let cluster: TestCluster;
let a: TestServer;
let b: TestServer;
let n: Negotiation;
let db: Db;
const clients: CollabClient[] = [];

beforeAll(async () => {
  cluster = await TestCluster.start(2);
  [a, b] = cluster.instances as [TestServer, TestServer];
  n = await negotiation(a.url);
  db = openDatabase(cluster.database.url);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await db?.destroy();
  await cluster?.stop();
});

function words(doc: Y.Doc): string[] {
  return clauseText(doc, 'operative', 0).toString().split(/\s+/).filter(Boolean);
}

describe('compaction with several instances', () => {
  it('both instances compacting one document at once lose nothing either stored', async () => {
    const onA = collabClient(a.wsUrl, n.documentId, n.mys.api.cookie, a.origin);
    const onB = collabClient(b.wsUrl, n.documentId, n.idn.api.cookie, b.origin);
    clients.push(onA, onB);
    await Promise.all([onA.synced(), onB.synced()]);
    // The paragraph's text exists before both type into it (two clients creating it at once make two).
    clauseText(onA.doc, 'operative', 0).insert(0, 'Encourage ');
    await syncRoundTrip(onA);
    await syncRoundTrip(onB);
    // One stored update per edit (a round trip after each), from both instances, past the threshold.
    const perInstance = Math.ceil((COMPACT_AFTER_UPDATES * 1.3) / 2);
    for (let i = 0; i < perInstance; i++) {
      clauseText(onA.doc, 'operative', 0).insert(0, `a${i} `);
      clauseText(onB.doc, 'operative', 0).insert(0, `b${i} `);
      await Promise.all([syncRoundTrip(onA), syncRoundTrip(onB)]);
    }
    const stored = await loadStoredState(db, n.documentId);
    expect(stored.snapshot, 'the log was compacted').not.toBeNull();
    // What storage holds, read by a fresh load on each instance and straight from the database.
    const fromStorage = new Y.Doc();
    Y.applyUpdate(fromStorage, stored.snapshot!.data);
    for (const u of stored.updates) Y.applyUpdate(fromStorage, u.data);
    const expected = ['Encourage', ...Array.from({ length: perInstance }, (_, i) => `a${i}`), ...Array.from({ length: perInstance }, (_, i) => `b${i}`)].sort();
    expect(words(fromStorage).sort()).toEqual(expected);
    for (const instance of [a, b]) expect(words(await serverCopy(instance.wsUrl, n.documentId, n.chair.api.cookie, instance.origin)).sort()).toEqual(expected);
  }, 180_000);

  it('a snapshot never replaces one that covers more of the log', async () => {
    const before = await loadStoredState(db, n.documentId);
    const through = before.snapshot?.throughUpdateId ?? 0;
    expect(through).toBeGreaterThan(1);
    // An instance that is behind folds what it has: its snapshot covers less, and must not win.
    await writeSnapshot(db, n.documentId, new Uint8Array([0, 0]), through - 1);
    const after = await loadStoredState(db, n.documentId);
    expect(after.snapshot?.throughUpdateId).toBe(through);
    expect(Buffer.from(after.snapshot!.data).equals(Buffer.from(before.snapshot!.data))).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../helpers/server.js';
import { ApiClient, negotiation, type Negotiation } from '../helpers/api.js';
import { clauseText, collabClient, waitFor, type CollabClient } from '../helpers/collab.js';
import type { DocumentSummary } from '../../shared/api/types.js';

// Storage is slowed down on purpose: a server that broadcast an update before storing it would then
// lose updates its clients had seen when it is killed, and this test would catch it.
const STORAGE_DELAY_MS = 25;

let server: TestServer;
let n: Negotiation;
const clients: CollabClient[] = [];

function join(cookie: string, documentId = n.documentId): CollabClient {
  const client = collabClient(server.wsUrl, documentId, cookie, server.origin);
  clients.push(client);
  return client;
}

/** What a client receives from the server from now on (and all it holds now, if it just synced). */
function mirrorOf(w: CollabClient): Y.Doc {
  const mirror = new Y.Doc();
  Y.applyUpdate(mirror, Y.encodeStateAsUpdate(w.doc));
  w.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === w.provider) Y.applyUpdate(mirror, update);
  });
  return mirror;
}

/** True if merging what the mirrors received into a document's restored copy changes nothing. */
function holdsAll(restoredState: Uint8Array, mirrors: Y.Doc[]): { unchanged: boolean; text: string } {
  const restored = new Y.Doc();
  Y.applyUpdate(restored, restoredState);
  const before = restored.getXmlFragment('default').toString();
  const beforeVector = Y.encodeStateVector(restored);
  for (const mirror of mirrors) Y.applyUpdate(restored, Y.encodeStateAsUpdate(mirror, beforeVector));
  const unchanged = restored.getXmlFragment('default').toString() === before && Buffer.from(Y.encodeStateVector(restored)).equals(Buffer.from(beforeVector));
  return { unchanged, text: before };
}

beforeAll(async () => {
  server = await TestServer.start({ FAULT_STORAGE_DELAY_MS: String(STORAGE_DELAY_MS) });
  n = await negotiation(server.url);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('durability', () => {
  it('kill -9 in the middle of a burst of edits loses nothing any client had received from the server', async () => {
    const writers = [join(n.mys.api.cookie), join(n.idn.api.cookie), join(n.chair.api.cookie)];
    await Promise.all(writers.map((w) => w.synced()));
    // What each client received from the server, and only that.
    const received = writers.map((w) => {
      const mirror = new Y.Doc();
      Y.applyUpdate(mirror, Y.encodeStateAsUpdate(w.doc)); // just synced: all of it came from the server
      w.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === w.provider) Y.applyUpdate(mirror, update);
      });
      return mirror;
    });
    let typing = true;
    const bursts = writers.map(async (w, i) => {
      for (let k = 0; typing && k < 2000; k++) {
        clauseText(w.doc, i === 0 ? 'preamble' : 'operative', 0).insert(0, `w${i}k${k} `);
        await new Promise((r) => setTimeout(r, 2));
      }
    });
    await waitFor(() => received.every((m) => m.getXmlFragment('default').toString().length > 2000), 'edits to flow');
    await server.crash();
    typing = false;
    await Promise.all(bursts);
    for (const w of writers) w.provider.disconnect();

    await server.launch();
    const reader = join(n.chair.api.cookie);
    await reader.synced();
    // Bring the restored copy fully up to date, then merge in everything the clients had received:
    // if the server kept it all, that merge changes nothing.
    const restored = new Y.Doc();
    Y.applyUpdate(restored, Y.encodeStateAsUpdate(reader.doc));
    const before = restored.getXmlFragment('default').toString();
    const beforeVector = Y.encodeStateVector(restored);
    for (const mirror of received) {
      const missing = Y.encodeStateAsUpdate(mirror, beforeVector);
      Y.applyUpdate(restored, missing);
    }
    expect(restored.getXmlFragment('default').toString()).toBe(before);
    expect(Y.encodeStateVector(restored)).toEqual(beforeVector);
    // And it really was a burst: thousands of characters survived.
    expect(before.length).toBeGreaterThan(2000);
  });

  it('kill -9 while 20 documents take bursts at once loses nothing any client of any of them had received', async () => {
    // Two writers on each of 20 documents (the first is the one the test above used): each receives the other's edits.
    const documentIds = [n.documentId];
    for (let i = 1; i < 20; i++) {
      const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title: `Statement ${i}`, symbol: `ASEAN/T/${i}`, venue: 'Kuala Lumpur', startsOn: '2017-12-06', endsOn: '2017-12-07', numbering: 'all' }, 201);
      await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.chair.user.id}`, { role: 'chair' });
      await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.mys.user.id}`, { role: 'delegate' });
      documentIds.push(document.id);
    }
    // A session of its own for the chair here: a session may hold at most 20 sockets.
    const chair = new ApiClient(server.url);
    await chair.signIn(n.chair.user.email);
    const writers = documentIds.map((id) => [join(chair.cookie, id), join(n.mys.api.cookie, id)] as const);
    await waitFor(() => writers.flat().every((w) => w.provider.synced), 'all writers to sync', 30_000).catch((err: unknown) => {
      const unsynced = writers.flat().filter((w) => !w.provider.synced);
      throw new Error(`${(err as Error).message}: ${unsynced.length} unsynced, closed with ${JSON.stringify(unsynced.map((w) => w.closes[0]))}`);
    });
    const received = writers.map((pair) => pair.map(mirrorOf));
    let typing = true;
    const bursts = writers.flatMap((pair, d) =>
      pair.map(async (w, i) => {
        for (let k = 0; typing && k < 2000; k++) {
          clauseText(w.doc, i === 0 ? 'preamble' : 'operative', 0).insert(0, `d${d}w${i}k${k} `);
          await new Promise((r) => setTimeout(r, 10));
        }
      }),
    );
    // Every document is being written and has sent its writers each other's edits.
    await waitFor(() => received.every((mirrors) => mirrors.every((m) => m.getXmlFragment('default').toString().length > 400)), 'edits to flow in every document', 60_000);
    await server.crash();
    typing = false;
    await Promise.all(bursts);
    for (const w of writers.flat()) w.provider.disconnect();

    await server.launch();
    for (const [d, documentId] of documentIds.entries()) {
      const reader = join(n.chair.api.cookie, documentId);
      await reader.synced();
      const { unchanged, text } = holdsAll(Y.encodeStateAsUpdate(reader.doc), received[d]!);
      expect(unchanged, `document ${d} lost updates its clients had received`).toBe(true);
      expect(text.length).toBeGreaterThan(400);
      reader.provider.disconnect();
    }
  }, 180_000);
});

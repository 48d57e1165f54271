import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { clauseText, collabClient, waitFor, type CollabClient } from '../helpers/collab.js';

// Storage is slowed down on purpose: a server that broadcast an update before storing it would then
// lose updates its clients had seen when it is killed, and this test would catch it.
const STORAGE_DELAY_MS = 25;

let server: TestServer;
let n: Negotiation;
const clients: CollabClient[] = [];

function join(cookie: string): CollabClient {
  const client = collabClient(server.wsUrl, n.documentId, cookie, server.origin);
  clients.push(client);
  return client;
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
});

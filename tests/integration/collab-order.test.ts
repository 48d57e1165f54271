import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { clauseText, rawSocket, serverCopy, waitFor } from '../helpers/collab.js';
import { updateFrame } from '../helpers/craft.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { MESSAGE_BURST } from '../../shared/limits.js';

/**
 * The room takes a long burst of updates in several slices (a slice per turn of the event loop), but
 * still in the order they came: a sync step 1 sent after the burst is answered with all of it, and a
 * client that closes right after sending has all it sent stored.
 */

let server: TestServer;
let n: Negotiation;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

/** As many one-word updates as the message limit allows in one burst (leaving room for one more message). */
const BURST = MESSAGE_BURST - 10;

/** A copy of the server's text and that many updates typed on it, each its own frame. */
async function burstOfTyping(marker: string) {
  const base = await serverCopy(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
  const mine = new Y.Doc();
  Y.applyUpdate(mine, Y.encodeStateAsUpdate(base));
  const frames: Uint8Array[] = [];
  mine.on('update', (update: Uint8Array) => frames.push(updateFrame(update)));
  const text = clauseText(mine, 'operative', 0);
  for (let i = 0; i < BURST; i++) text.insert(text.length, ` ${marker}${i}`);
  return { base, mine, frames };
}

function typedWords(doc: Y.Doc, marker: string): number {
  return (doc.getXmlFragment(FRAGMENT).toString().match(new RegExp(`${marker}\\d+`, 'g')) ?? []).length;
}

describe('a burst of updates', () => {
  it('is answered in order: a sync step 1 sent after it gets all of it back', async () => {
    const { base, mine, frames } = await burstOfTyping('alpha');
    const socket = rawSocket(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
    const replies: Uint8Array[] = [];
    socket.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 1) return; // sync step 2 only
      replies.push(decoding.readVarUint8Array(decoder));
    });
    await socket.opened;
    // All of it in one go, then: "what do you have that this copy (before the burst) lacks?"
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, 0);
    syncProtocol.writeSyncStep1(step1, base);
    for (const frame of frames) socket.ws.send(frame);
    socket.ws.send(encoding.toUint8Array(step1));
    await waitFor(() => replies.length > 0, 'the answer to the sync step 1', 30_000);
    const answered = new Y.Doc();
    Y.applyUpdate(answered, Y.encodeStateAsUpdate(base));
    Y.applyUpdate(answered, replies[0]!);
    expect(typedWords(answered, 'alpha')).toBe(BURST);
    expect(answered.getXmlFragment(FRAGMENT).toString()).toBe(mine.getXmlFragment(FRAGMENT).toString());
    socket.ws.close();
    await socket.closed;
  });

  it('sent just before the client closes its socket is all stored', async () => {
    const { frames } = await burstOfTyping('beta');
    const socket = rawSocket(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin);
    await socket.opened;
    for (const frame of frames) socket.ws.send(frame);
    socket.ws.close(1000, 'leaving the room');
    await socket.closed;
    // A fresh client's sync is answered from the room's queue, after the burst that came before it.
    const stored = await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
    expect(typedWords(stored, 'beta')).toBe(BURST);
  });
});

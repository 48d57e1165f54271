import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { clauseText, plainText, rawSocket, sendInOneWrite, serverCopy, waitFor } from '../helpers/collab.js';
import { updateFrame } from '../helpers/craft.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { MESSAGE_BURST } from '../../shared/limits.js';
import { CloseCode } from '../../shared/close-codes.js';

/**
 * The room takes a long burst of updates in several slices (a slice per turn of the event loop), but
 * still in the order they came: a sync step 1 sent after the burst is answered with all of it, and a
 * client that closes right after sending has all it sent stored. A connection's updates read together
 * are applied in one transaction, stored and sent as one update; one of them to be judged as a
 * proposal is judged on a trial copy that holds the ones before it.
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

/** A raw socket's copy of the server's text, and the frames of the edits made on it (not sent yet). */
async function editsOnACopy(who: Negotiation['mys']) {
  const base = await serverCopy(server.wsUrl, n.documentId, who.api.cookie, server.origin);
  const mine = new Y.Doc();
  Y.applyUpdate(mine, Y.encodeStateAsUpdate(base));
  const frames: Uint8Array[] = [];
  mine.on('update', (update: Uint8Array) => frames.push(updateFrame(update)));
  return { mine, frames, text: clauseText(mine, 'operative', 0) };
}

/** Sends a sync step 1 and waits for its answer or the socket's close: the room answers after what came before. */
function roundTrip(socket: ReturnType<typeof rawSocket>): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 1) return;
      socket.ws.off('message', onMessage);
      resolve();
    };
    socket.ws.on('message', onMessage);
    void socket.closed.then(() => resolve());
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, 0);
    syncProtocol.writeSyncStep1(step1, new Y.Doc());
    socket.ws.send(encoding.toUint8Array(step1));
  });
}

/** Update messages (sync step 2 and update) a raw socket receives. */
function countUpdates(socket: ReturnType<typeof rawSocket>): { count: number } {
  const seen = { count: 0 };
  socket.ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 2) seen.count++;
  });
  return seen;
}

/** Opens a socket as MYS, sends `frames` in ONE write and waits for the room's answer: the close it got, or null. */
async function sendTogether(frames: Uint8Array[]): Promise<{ code: number; reason: string } | null> {
  const writer = rawSocket(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
  await writer.opened;
  let closed: { code: number; reason: string } | null = null;
  void writer.closed.then((c) => (closed = c));
  sendInOneWrite(writer.ws, frames);
  // A refusal closes the socket before the answer to our sync step 1 would come.
  await roundTrip(writer);
  writer.ws.close();
  return closed;
}

/** Proposal marks as a delegation's editor writes them. */
function insertion(amendmentId: string, who: Negotiation['mys'], delegationCode: string) {
  return { insertion: { amendmentId, delegationCode, color: '#c0392b', authorId: who.user.id, authorName: who.user.name, at: '2026-12-06T10:00:00.000Z' } };
}

/** Whether the server now holds exactly `mine`'s text. */
async function storedIs(mine: Y.Doc): Promise<Y.Doc> {
  const stored = await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
  expect(stored.getXmlFragment(FRAGMENT).toString()).toBe(mine.getXmlFragment(FRAGMENT).toString());
  return stored;
}

describe("one connection's updates read together", () => {
  it('are taken in one transaction: stored and sent to the others as one update', async () => {
    const reader = rawSocket(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin);
    await reader.opened;
    const received = countUpdates(reader);
    const { mine, frames, text } = await editsOnACopy(n.mys);
    const words = ['Kuala', 'Lumpur', 'Declaration', 'on', 'Combating', 'Trafficking', 'in', 'Persons', 'especially', 'Women', 'and', 'Children'];
    for (const word of words) text.insert(text.length, ` ${word}`);
    expect(frames).toHaveLength(words.length);
    expect(await sendTogether(frames)).toBeNull();
    await storedIs(mine);
    await waitFor(() => received.count > 0, 'the typing to reach the reader');
    // One update, or two should the room's time budget for a turn have run out between them; not twelve.
    expect(received.count).toBeLessThanOrEqual(2);
    reader.ws.close();
  });

  it('a proposal among plain keystrokes is judged on a copy holding the keystrokes before it, and stands', async () => {
    const { mine, frames, text } = await editsOnACopy(n.mys);
    text.insert(text.length, ' and');
    // MYS's own proposal, typed right after the plain words: it goes on from them.
    text.insert(text.length, ' Children', insertion('a_mys_together', n.mys, 'MYS'));
    expect(frames).toHaveLength(2);
    expect(await sendTogether(frames)).toBeNull();
    const stored = await storedIs(mine);
    const delta = clauseText(stored, 'operative', 0).toDelta() as { insert: string; attributes?: { insertion?: { amendmentId: string } } }[];
    expect(delta.find((op) => op.insert === ' Children')?.attributes?.insertion?.amendmentId).toBe('a_mys_together');
  });

  it('after every proposal is decided, a proposal following plain keystrokes is still judged with them', async () => {
    // The trial copy made for the last test stays; with no proposal left, plain typing is not judged
    // and reaches the copy only when its transaction ends. (Judged on a copy without it, a proposal
    // would be judged on nothing, and stand whatever it was: the next test sends a forged one.)
    expect((await n.chair.api.request('POST', `/api/documents/${n.documentId}/amendments/a_mys_together/accept`)).status).toBe(200);
    const { mine, frames, text } = await editsOnACopy(n.mys);
    expect(JSON.stringify(text.toDelta())).not.toContain('insertion');
    text.insert(text.length, ' to');
    text.insert(text.length, ' combat', insertion('a_mys_again', n.mys, 'MYS'));
    expect(frames).toHaveLength(2);
    expect(await sendTogether(frames)).toBeNull();
    await storedIs(mine);
  });

  it('a forged proposal among them is refused, and what came before it is kept', async () => {
    const { frames, text } = await editsOnACopy(n.mys);
    const before = plainText(text);
    text.insert(text.length, ' Adopted');
    // Judged on a copy that lacked the plain word before it, the forgery would have been let through:
    // the room judges it in a transaction of its own, and the copy, if ever behind, is made afresh
    // (either is enough; this fails with neither).
    text.insert(text.length, ' forged', insertion('a_idn_forged', n.idn, 'IDN'));
    expect(await sendTogether(frames)).toMatchObject({ code: CloseCode.refused, reason: expect.stringMatching(/change refused/) });
    const stored = await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
    expect(plainText(clauseText(stored, 'operative', 0))).toBe(`${before} Adopted`);
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { deferAwarenessUpdates, deferDocUpdates } from '../../client/editor/afterPaint.js';

/**
 * Sending, saving and the caret's news, done once per frame instead of once per keystroke: several
 * keystrokes make one update, which carries all of them, and nothing is lost on the way. (No frames
 * in Node: the batch goes after its longest wait, or when flushed.)
 */

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function typing(doc: Y.Doc, words: string): void {
  const text = doc.getText('t');
  for (const ch of words) text.insert(text.length, ch);
}

describe('deferDocUpdates', () => {
  it('hands several keystrokes over as one update that holds them all', async () => {
    const doc = new Y.Doc();
    const received: Uint8Array[] = [];
    const handler = (update: Uint8Array) => received.push(update);
    doc.on('update', handler);
    deferDocUpdates(doc, handler, 'self');
    typing(doc, 'shall');
    expect(received).toHaveLength(0);
    await wait(150);
    expect(received).toHaveLength(1);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, received[0]!);
    expect(copy.getText('t').toString()).toBe('shall');
  });

  it('leaves out the handler’s own updates, and flushes and hands back the events when stopped', () => {
    const doc = new Y.Doc();
    const received: Uint8Array[] = [];
    const handler = (update: Uint8Array, origin: unknown) => {
      if (origin !== 'self') received.push(update);
    };
    doc.on('update', handler);
    const deferred = deferDocUpdates(doc, handler, 'self');
    const server = new Y.Doc();
    server.getText('t').insert(0, 'from the server');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), 'self');
    typing(doc, 'ab');
    deferred.stop();
    expect(received).toHaveLength(1);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(copy, received[0]!);
    expect(copy.getText('t').toString()).toBe('from the serverab');
    // Back to the handler's own subscription: one update, one call.
    typing(doc, 'c');
    expect(received).toHaveLength(2);
  });

  it('drop forgets what waits', async () => {
    const doc = new Y.Doc();
    const received: Uint8Array[] = [];
    const handler = (update: Uint8Array) => received.push(update);
    doc.on('update', handler);
    deferDocUpdates(doc, handler, 'self').drop();
    typing(doc, 'x');
    await wait(150);
    expect(received).toHaveLength(0);
  });
});

describe('deferAwarenessUpdates', () => {
  it('sends the caret once for the moves of a frame', () => {
    const awareness = new Awareness(new Y.Doc());
    const calls: { updated: number[]; removed: number[] }[] = [];
    const handler = (change: { added: number[]; updated: number[]; removed: number[] }) => calls.push(change);
    awareness.on('update', handler);
    const deferred = deferAwarenessUpdates(awareness, handler);
    for (let i = 0; i < 5; i++) awareness.setLocalStateField('cursor', { head: i });
    expect(calls).toHaveLength(0);
    deferred.flush();
    expect(calls).toEqual([{ added: [], updated: [awareness.clientID], removed: [] }]);
    awareness.destroy();
  });
});

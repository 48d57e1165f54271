import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deferDocUpdates } from '../../client/editor/afterPaint.js';

/**
 * Applying this device's copy of a text when the page opens, before the socket is open: the
 * sending and saving handlers do not hear of it (the socket's sync sends what the server lacks), so
 * Yjs does not encode the whole text as an update; what comes after is heard again as before.
 */

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function copyWith(words: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, words);
  return Y.encodeStateAsUpdate(doc);
}

describe('deferDocUpdates … unheard', () => {
  it('applies a change without the handler hearing of it, nor Yjs encoding it, and hears what follows', async () => {
    const doc = new Y.Doc();
    const received: Uint8Array[] = [];
    const handler = (update: Uint8Array) => received.push(update);
    doc.on('update', handler);
    const deferred = deferDocUpdates(doc, handler, 'self');
    let encoded = 0;
    // What Yjs does only when someone listens to 'update': write the transaction as an update.
    doc.on('afterTransaction', () => void (encoded += doc['_observers'].has('update') ? 1 : 0));

    const copy = copyWith('kept on the device');
    deferred.unheard(() => Y.applyUpdate(doc, copy, 'copy'));
    expect(doc.getText('t').toString()).toBe('kept on the device');
    expect(encoded).toBe(0);

    doc.getText('t').insert(0, 'typed ');
    deferred.flush();
    expect(encoded).toBe(1);
    expect(received).toHaveLength(1);
    // The update heard is the keystrokes only, not the copy applied unheard.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, received[0]!);
    expect(peer.getText('t').toString()).toBe('');
    Y.applyUpdate(peer, copy);
    expect(peer.getText('t').toString()).toBe('typed kept on the device');
    await wait(150);
    expect(received).toHaveLength(1);
  });

  it('hands the events back even when the change throws, and mutes the handler itself once stopped', () => {
    const doc = new Y.Doc();
    const received: Uint8Array[] = [];
    const handler = (update: Uint8Array) => received.push(update);
    doc.on('update', handler);
    const deferred = deferDocUpdates(doc, handler, 'self');
    expect(() =>
      deferred.unheard(() => {
        throw new Error('unreadable copy');
      }),
    ).toThrow('unreadable copy');
    doc.getText('t').insert(0, 'a');
    deferred.stop();
    expect(received).toHaveLength(1);

    deferred.unheard(() => doc.getText('t').insert(1, 'b'));
    expect(received).toHaveLength(1);
    doc.getText('t').insert(2, 'c');
    expect(received).toHaveLength(2);
  });

  it('does nothing to listen with once dropped', () => {
    const doc = new Y.Doc();
    const received: Uint8Array[] = [];
    const handler = (update: Uint8Array) => received.push(update);
    doc.on('update', handler);
    const deferred = deferDocUpdates(doc, handler, 'self');
    deferred.drop();
    deferred.unheard(() => doc.getText('t').insert(0, 'a'));
    doc.getText('t').insert(1, 'b');
    expect(received).toHaveLength(0);
  });
});

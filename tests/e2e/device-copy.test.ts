import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { clauseText, serverCopy } from '../helpers/collab.js';
import { launchChromium, signInPage } from '../helpers/browser.js';
import { caretAtEnd, storedText, textOf } from '../helpers/page.js';

/**
 * This device's copy of a document (client/editor/deviceCopy.ts), read from index.html's first lines
 * when a document's address opens: the text comes from it, it is not sent back to the server that
 * has it, and a copy as y-indexeddb stored it (copies made before) still opens and still delivers
 * the edits it holds that the server lacks.
 */

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let mys: Page;

const documentUrl = () => `${server.url}/documents/${n.documentId}`;
const copyName = () => `accord-doc-${n.documentId}`;

/** The document open, editable and labelled (the state the opening benchmark waits for). */
async function opened(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=editor][contenteditable=true] [data-label="OP1"]');
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  browser = await launchChromium();
  mys = await signInPage(browser, server.url, n.mys.user.email);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('this device’s copy of the text', () => {
  it('a reopened document is read from the device, and the copy is not sent back to the server', async () => {
    await mys.goto(documentUrl());
    await opened(mys);
    await caretAtEnd(mys, 'OP1');
    await mys.keyboard.type(' Kept on this device.');
    await expect.poll(() => storedText(n)).toContain('Kept on this device.');
    const whole = Y.encodeStateAsUpdate(await serverCopy(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin)).length;

    const sent: number[] = [];
    mys.on('websocket', (socket) => {
      if (socket.url().includes('/collab')) socket.on('framesent', (frame) => sent.push(frame.payload.length));
    });
    await mys.reload();
    await opened(mys);
    expect(await textOf(mys, 'OP1')).toContain('Kept on this device.');
    // The copy was read and applied (and the page's first lines started reading it).
    const marks = await mys.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    expect(marks).toContain('accord:device-reading');
    expect(marks).toContain('accord:device-applied');
    // What the page sends after paint has gone; none of it is the whole text again.
    await expect.poll(() => mys.getByTestId('connection-status').innerText()).toMatch(/Connected/);
    await mys.waitForTimeout(500);
    expect(sent.length).toBeGreaterThan(0);
    expect(Math.max(...sent)).toBeLessThan(whole / 2);
  });

  it('a copy stored as y-indexeddb stored it opens, and the edit it holds that the server lacks reaches the server', async () => {
    await writeCopy((await offlineCopy(' Written offline, long ago.')).updates);
    expect(await storedText(n)).not.toContain('Written offline, long ago.');

    await mys.goto(documentUrl());
    await opened(mys);
    await expect.poll(() => textOf(mys, 'OP1')).toContain('Written offline, long ago.');
    await expect.poll(() => storedText(n), { timeout: 20_000 }).toContain('Written offline, long ago.');
  });

  it('a copy read only after the socket has synced still delivers its offline edit, and only that', async () => {
    const { updates, whole } = await offlineCopy(' Read after the socket.');
    await writeCopy(updates);

    // Another tab of the same browser holds a transaction on the copy for a while: this page's read
    // of it waits, and the socket opens and syncs first (the page shows the server's text).
    const other = await mys.context().newPage();
    await other.goto(`${server.url}/`);
    await other.evaluate(
      (name) =>
        new Promise<void>((started) => {
          const open = indexedDB.open(name);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['updates'], 'readwrite');
            const until = performance.now() + 2_500;
            const hold = () => {
              if (performance.now() < until) tx.objectStore('updates').get(0).onsuccess = hold;
            };
            hold();
            tx.oncomplete = () => db.close();
            started();
          };
        }),
      copyName(),
    );
    const sent: number[] = [];
    mys.on('websocket', (socket) => {
      if (socket.url().includes('/collab')) socket.on('framesent', (frame) => sent.push(frame.payload.length));
    });
    await mys.goto(documentUrl());
    await opened(mys);
    await expect.poll(() => storedText(n), { timeout: 20_000 }).toContain('Read after the socket.');
    await expect.poll(() => textOf(mys, 'OP1')).toContain('Read after the socket.');
    const marks = await mys.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    expect(marks).toContain('accord:text-ready:server');
    expect(marks.indexOf('accord:text-ready:server')).toBeLessThan(marks.indexOf('accord:device-applied'));
    expect(Math.max(...sent)).toBeLessThan(whole / 2);
    await other.close();
  });
});

/**
 * A copy of this device as y-indexeddb would have kept it: the server's text, and an edit to OP1 made
 * here while offline (two updates); `whole` is the size of that text encoded at once.
 */
async function offlineCopy(edit: string): Promise<{ updates: number[][]; whole: number }> {
  const base = await serverCopy(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(base));
  const op1 = clauseText(device, 'operative', 0);
  op1.insert(op1.length, edit);
  const updates = [Y.encodeStateAsUpdate(base), Y.encodeStateAsUpdate(device, Y.encodeStateVector(base))].map((u) => [...u]);
  return { updates, whole: Y.encodeStateAsUpdate(device).length };
}

/**
 * Replaces this device's copy by one laid out as y-indexeddb 9 lays it out (stores 'updates', with
 * auto-increment keys, and 'custom'), from a page that is not the document's (which holds it open).
 */
async function writeCopy(updates: number[][]): Promise<void> {
    await mys.goto(`${server.url}/`);
    await mys.evaluate(
      async ({ name, updates }) => {
        await new Promise<void>((resolve, reject) => {
          const deleting = indexedDB.deleteDatabase(name);
          deleting.onsuccess = () => resolve();
          deleting.onerror = () => reject(deleting.error);
        });
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onupgradeneeded = () => {
            open.result.createObjectStore('updates', { autoIncrement: true });
            open.result.createObjectStore('custom');
          };
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction(['updates'], 'readwrite');
          for (const update of updates) tx.objectStore('updates').add(new Uint8Array(update));
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { name: copyName(), updates },
    );
}

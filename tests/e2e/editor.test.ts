import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { collabClient } from '../helpers/collab.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { caretAtEnd, editor, enterAndTypeInOneFrame, paragraph, storedText, textOf } from '../helpers/page.js';
import { newClauseId } from '../../shared/editor/ids.js';

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let mys: Page;
let idn: Page;
let observer: Page;

const serverText = () => storedText(n);

/** Adds OP2, numbered, as another integration would: straight into the Yjs document over the socket. */
async function addNumberedOP2(): Promise<void> {
  const client = collabClient(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
  await client.synced();
  const operative = client.fragment.toArray().find((e) => e instanceof Y.XmlElement && e.nodeName === 'operative') as Y.XmlElement;
  const clause = new Y.XmlElement('clause');
  clause.setAttribute('id', newClauseId());
  clause.setAttribute('kind', 'operative');
  clause.setAttribute('number', 2 as unknown as string); // a number, as the editor stores it
  const body = new Y.XmlElement('clauseText');
  body.insert(0, [new Y.XmlText('Call upon ASEAN Member States to develop National Action Plans;')]);
  clause.insert(0, [body]);
  operative.insert(operative.length, [clause]);
  // Wait until the server has it before the browsers open the document.
  for (let i = 0; i < 200 && !/^OP2 Call upon/m.test(await serverText()); i++) await new Promise((r) => setTimeout(r, 50));
  client.destroy();
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await addNumberedOP2();
  browser = await launchChromium();
  [mys, idn, observer] = await Promise.all([
    signInPage(browser, server.url, n.mys.user.email),
    signInPage(browser, server.url, n.idn.user.email),
    signInPage(browser, server.url, n.observer.user.email),
  ]);
  for (const page of [mys, idn, observer]) {
    await page.goto(`${server.url}/documents/${n.documentId}`);
    await page.waitForSelector('[data-testid=editor] [data-label="OP2"]');
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('two delegations co-editing in Chromium', () => {
  it('both type into the same operative paragraph and each sees the other’s text', async () => {
    await paragraph(mys, 'OP1').click();
    await mys.keyboard.type('Encourage Member States to integrate a gender perspective');
    // All of it, not its start: a caret put at the end of half of it would type into the middle.
    await expect.poll(() => textOf(idn, 'OP1')).toBe('Encourage Member States to integrate a gender perspective');

    await caretAtEnd(idn, 'OP1');
    await idn.keyboard.type(' into policies to prevent violent extremism;');
    await expect.poll(() => textOf(mys, 'OP1')).toContain('gender perspective into policies to prevent violent extremism;');
    await expect.poll(() => textOf(idn, 'OP1')).toBe(await textOf(mys, 'OP1'));
    await expect.poll(serverText).toMatch(/^OP1 Encourage Member States to integrate a gender perspective into policies/m);
  });

  it('each sees the other’s caret, labelled with person and delegation', async () => {
    await expect.poll(() => mys.locator('.collaboration-carets__label').allInnerTexts()).toContainEqual(expect.stringContaining('IDN'));
    await expect.poll(() => idn.locator('.collaboration-carets__label').allInnerTexts()).toContainEqual(expect.stringContaining('MYS'));
    const label = (await mys.locator('.collaboration-carets__label').allInnerTexts()).find((t) => t.includes('IDN'))!;
    expect(label).toContain(n.idn.user.name);
    await expect.poll(() => mys.getByTestId('presence').innerText()).toContain(n.idn.user.name);
  });

  it('a paragraph inserted after OP2 is labelled OP2bis in both browsers, and OP2 keeps its label', async () => {
    await caretAtEnd(mys, 'OP2');
    await mys.keyboard.press('Enter');
    await mys.keyboard.type('Request the ASEAN Secretariat to report on progress;');
    for (const page of [mys, idn]) {
      await expect.poll(() => textOf(page, 'OP2bis')).toBe('Request the ASEAN Secretariat to report on progress;');
      await expect.poll(() => textOf(page, 'OP2')).toContain('Call upon ASEAN Member States');
    }
    await expect.poll(serverText).toMatch(/^OP2bis Request the ASEAN Secretariat to report on progress;$/m);
    // The paragraph being typed in is marked (laid out at once, its label lit), and only that one.
    expect(await editor(mys).locator('[data-caret]').evaluateAll((els) => els.map((el) => el.getAttribute('data-label')))).toEqual(['OP2bis']);
    await mys.screenshot({ path: artifact('editor-mys.png') });
    await idn.screenshot({ path: artifact('editor-idn.png') });
  });

  it('keys typed straight after Enter, before the page draws again, all go into the new paragraph', async () => {
    // Paragraphs far from the screen are not laid out (content-visibility: auto), and Chromium finds a
    // new one near the screen only when it next draws: until then a key went to the paragraph after it
    // ("Det0 typed;" at the start of the next) or the first character stayed at its end ("et0 typed;D").
    // Each round queues Enter and the keys behind a busy moment of the page, so no frame comes between.
    for (let round = 0; round < 3; round++) {
      await caretAtEnd(mys, 'OP2bis');
      await enterAndTypeInOneFrame(mys, `Typed at once ${round};`);
    }
    await expect.poll(async () => (await serverText()).split('\n').filter((line) => line.includes('Typed at once'))).toEqual([
      'OP2ter Typed at once 2;',
      'OP2quater Typed at once 1;',
      'OP2quinquies Typed at once 0;',
    ]);
    await expect.poll(() => textOf(idn, 'OP2ter')).toBe('Typed at once 2;');
    await expect.poll(() => textOf(mys, 'OP2bis')).toBe('Request the ASEAN Secretariat to report on progress;');
  });

  it('the observer sees the live text but cannot change it', async () => {
    await expect.poll(() => textOf(observer, 'OP2bis')).toContain('Request the ASEAN Secretariat');
    expect(await editor(observer).getAttribute('contenteditable')).toBe('false');
    await expect(observer.getByTestId('read-only-notice').isVisible()).resolves.toBe(true);
    await paragraph(observer, 'OP1').click();
    await observer.keyboard.type('OBSERVER TEXT');
    await observer.waitForTimeout(500);
    expect(await textOf(observer, 'OP1')).not.toContain('OBSERVER TEXT');
    expect(await serverText()).not.toContain('OBSERVER TEXT');
    await observer.screenshot({ path: artifact('editor-observer.png') });
  });

  it('edits made while the server is down are kept on the device, even if the tab is closed, and merge when it returns', async () => {
    await server.crash();
    await expect.poll(() => mys.getByTestId('connection-status').innerText()).toMatch(/Offline/);
    await caretAtEnd(mys, 'OP2bis');
    await mys.keyboard.type(' Typed while offline.');
    await mys.screenshot({ path: artifact('editor-offline.png') });
    // The delegate closes the tab before the connection returns: the edit lives in IndexedDB only.
    await mys.waitForTimeout(300);
    const context = mys.context();
    await mys.close();
    await server.launch();
    await expect.poll(serverText).not.toContain('Typed while offline.');
    mys = await context.newPage();
    await mys.goto(`${server.url}/documents/${n.documentId}`);
    await expect.poll(() => mys.getByTestId('connection-status').innerText(), { timeout: 20_000 }).toMatch(/Connected/);
    await expect.poll(() => textOf(idn, 'OP2bis'), { timeout: 20_000 }).toContain('Typed while offline.');
    await expect.poll(serverText).toMatch(/^OP2bis Request the ASEAN Secretariat to report on progress; Typed while offline\.$/m);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { caretAtEnd, clause, pveDraft, storedText, writeZeroDraft } from '../helpers/page.js';

/**
 * A change the server refuses never reaches anyone, and the page of the person who made it starts
 * again from the server's text (issue 9). An honest page meets this when it edits offline a paragraph
 * the chair agrees meanwhile.
 */

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let mys: Page;
let op3Id: string;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft('the importance of a whole-of-society approach to preventing violent extremism;'), 'whole-of-society');
  browser = await launchChromium();
  mys = await signInPage(browser, server.url, n.mys.user.email);
  await mys.goto(`${server.url}/documents/${n.documentId}`);
  await mys.waitForSelector('[data-testid=editor] [data-label="OP3"]');
  op3Id = (await clause(mys, 'OP3').getAttribute('data-id'))!;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a refused change, in Chromium', () => {
  it('words typed offline into OP3, which the chair agrees meanwhile, are refused on reconnecting: the page shows the agreed text again', async () => {
    await caretAtEnd(mys, 'OP3');
    await mys.context().setOffline(true);
    await expect.poll(() => mys.getByTestId('connection-status').innerText()).toMatch(/offline/i);
    await mys.keyboard.type(' and resilience');
    await expect.poll(() => clause(mys, 'OP3').innerText()).toContain('and resilience');
    // Meanwhile the chair marks OP3 agreed.
    expect((await n.chair.api.request('PUT', `/api/documents/${n.documentId}/clauses/${op3Id}/status`, { status: 'agreed' })).status).toBe(200);
    await mys.context().setOffline(false);
    // The server refuses the offline words (4422); the page starts again from the server's text.
    await expect.poll(() => clause(mys, 'OP3').innerText(), { timeout: 20_000 }).not.toContain('and resilience');
    await expect.poll(() => clause(mys, 'OP3').innerText()).toContain('whole-of-society approach to preventing violent extremism;');
    await expect.poll(() => mys.getByTestId('connection-status').innerText()).toMatch(/saved/i);
    await mys.screenshot({ path: artifact('refused-offline-edit.png') });
    expect(await storedText(n)).not.toContain('and resilience');
    // Other paragraphs are editable on the fresh copy.
    await caretAtEnd(mys, 'OP2');
    await mys.keyboard.type(' promptly');
    await expect.poll(() => storedText(n)).toContain('recommendations of this Dialogue; promptly');
  });
});

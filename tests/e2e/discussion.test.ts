import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { caretAtEnd, clause, pveDraft, selectWords, textOf, writeZeroDraft } from '../helpers/page.js';

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let delegate: Page;
let chair: Page;

const QUOTE = 'whole-of-society approach';





beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft(`the importance of a ${QUOTE} to preventing violent extremism;`), QUOTE);
  browser = await launchChromium();
  [delegate, chair] = await Promise.all([signInPage(browser, server.url, n.mys.user.email), signInPage(browser, server.url, n.chair.user.email)]);
  for (const page of [delegate, chair]) {
    await page.goto(`${server.url}/documents/${n.documentId}`);
    await page.waitForSelector('[data-testid=editor] [data-label="OP3"]');
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('discussing a clause and steering it to agreement, in Chromium', () => {
  it('a delegate opens a thread on OP3 quoting three words, and the count appears live on the chair’s page', async () => {
    await expect(clause(chair, 'OP3').getByTestId('thread-count').count()).resolves.toBe(0);
    await selectWords(delegate, 'OP3', QUOTE);
    await delegate.getByRole('toolbar').getByRole('button', { name: 'Comment', exact: true }).click();
    await delegate.getByTestId('thread-composer').fill('We would prefer "comprehensive approach".\nSee the 2017 Manila Declaration.');
    await delegate.getByTestId('discussion-panel').getByRole('button', { name: 'Comment', exact: true }).click();

    const thread = delegate.getByTestId('discussion-panel').getByTestId('thread').first();
    await expect.poll(() => thread.getByTestId('thread-quote').innerText()).toContain(QUOTE);
    await expect.poll(() => clause(chair, 'OP3').getByTestId('thread-count').innerText()).toBe('1');
    await delegate.screenshot({ path: artifact('discussion-side-panel.png') });
    await clause(chair, 'OP3').scrollIntoViewIfNeeded();
    const box = (await clause(chair, 'OP3').boundingBox())!;
    await chair.screenshot({ path: artifact('discussion-margin.png'), clip: { x: Math.max(0, box.x - 140), y: box.y - 12, width: box.width + 280, height: box.height + 24 } });
  });

  it('the chair resolves it with a note, and the delegate sees it resolved', async () => {
    await clause(chair, 'OP3').getByTestId('thread-count').click();
    const thread = chair.getByTestId('discussion-panel').getByTestId('thread').first();
    await thread.getByRole('button', { name: 'Resolve', exact: true }).click();
    await thread.getByTestId('resolution-note').fill('Agreed to merge with OP5');
    await thread.getByRole('button', { name: 'Resolve thread', exact: true }).click();

    const seen = delegate.getByTestId('discussion-panel').getByTestId('resolution').first();
    await expect.poll(() => seen.innerText()).toMatch(/Resolved[\s\S]*Agreed to merge with OP5/);
    await expect.poll(() => clause(delegate, 'OP3').getByTestId('thread-count').count()).toBe(0);
    const threads = await n.mys.api.json<{ threads: { status: string; resolution: { note: string } | null }[] }>('GET', `/api/documents/${n.documentId}/threads`);
    expect(threads.threads).toMatchObject([{ status: 'resolved', resolution: { note: 'Agreed to merge with OP5' } }]);
  });

  it('the chair marks OP1 agreed, and the delegate’s editor no longer lets them type in OP1', async () => {
    await caretAtEnd(chair, 'OP1');
    await chair.getByTestId('clause-status-control').getByRole('button', { name: 'Agreed', exact: true }).click();
    await expect.poll(() => clause(delegate, 'OP1').getAttribute('data-status')).toBe('agreed');

    const before = await textOf(delegate, 'OP1');
    await caretAtEnd(delegate, 'OP1');
    await delegate.keyboard.type(' and beyond');
    // Refused in the editor itself, at once (the server would revert it too, but only after a round trip).
    expect(await textOf(delegate, 'OP1')).toBe(before);
    await expect.poll(() => delegate.getByTestId('toasts').innerText()).toContain('OP1 is agreed: only the chair can change it');
    await delegate.keyboard.press('Backspace');
    await delegate.waitForTimeout(300);
    expect(await textOf(delegate, 'OP1')).toBe(before);
    expect(await textOf(chair, 'OP1')).toBe(before);
    const stored = await (await n.chair.api.request('GET', `/api/documents/${n.documentId}/text`)).text();
    expect(stored).toContain(`OP1 ${before}`);
    await delegate.screenshot({ path: artifact('discussion-locked.png') });

    // The chair still may.
    await caretAtEnd(chair, 'OP1');
    await chair.keyboard.type(' by 2030');
    await expect.poll(() => textOf(delegate, 'OP1')).toBe(`${before} by 2030`);
  });

  it('the chair’s desk shows where the negotiation stands', async () => {
    await chair.goto(`${server.url}/documents/${n.documentId}/desk`);
    const desk = chair.getByTestId('desk');
    await expect.poll(() => desk.getByTestId('desk-headline').innerText()).toMatch(/1 of 5 paragraphs agreed/);
    await expect.poll(() => desk.innerText()).toContain('Agreed to merge with OP5');
    await chair.screenshot({ path: artifact('chairs-desk.png'), fullPage: true });
  });
});

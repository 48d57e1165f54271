import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, SCREEN_SIZES, signInPage } from '../helpers/browser.js';
import { pveDraft, storedText, writeZeroDraft } from '../helpers/page.js';
import { proposeReplacement, scrollsSideways } from '../helpers/proposals.js';
import { clauseText, collabClient, plainText, syncRoundTrip } from '../helpers/collab.js';

/**
 * Comparing with the current text while MYS's proposal to put "foster" for "promote" in OP3 is
 * pending: the clean view (the default) reads the text as it stands if nothing is accepted; the view
 * with proposals shows MYS's words as MYS's proposal. Neither ever shows {+ +} markup.
 */

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let mys: Page;

const OP3 = 'the importance of a whole-of-society approach to promote resilience against violent extremism;';
const CHAIR_ADDED = ' in every community';

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft(OP3), 'whole-of-society');
  await n.chair.api.json('POST', `/api/documents/${n.documentId}/revisions`, { note: 'Zero draft' }, 201);
  // Since the zero draft: a change the chair made (adopted words), and MYS's pending proposal.
  const chair = collabClient(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
  await chair.synced();
  const op3 = clauseText(chair.doc, 'operative', 2);
  op3.insert(plainText(op3).length - 1, CHAIR_ADDED);
  await syncRoundTrip(chair);
  chair.destroy();
  for (let i = 0; i < 200 && !(await storedText(n)).includes(`extremism${CHAIR_ADDED};`); i++) await new Promise((r) => setTimeout(r, 50));
  await proposeReplacement(server, n, n.mys, 2, 'promote', 'foster');
  browser = await launchChromium();
  mys = await signInPage(browser, server.url, n.mys.user.email);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const op3Row = (page: Page) => page.locator('[data-testid=compare-clause][data-label="OP3"]');
const pageText = (page: Page) => page.evaluate(() => document.body.textContent ?? '');

describe('compare with the current text, in Chromium', () => {
  it('opens in the clean view: the pending proposal is left out and said to be, the original word stands', async () => {
    await mys.goto(`${server.url}/documents/${n.documentId}/compare`);
    await expect.poll(() => mys.getByTestId('compare-summary').innerText()).toBe('1 paragraph changed');
    await expect(mys.getByTestId('compare-view-clean').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(mys.getByTestId('compare-view-proposals').getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(mys.getByTestId('compare-pending-notice').innerText()).resolves.toMatch(/1 pending proposal left out \(MYS 1\)/);

    const row = op3Row(mys);
    await expect(row.getAttribute('data-change')).resolves.toBe('changed');
    const words = await row.locator('.compare-clause__text').innerText();
    expect(words).toContain('to promote resilience');
    expect(words).not.toContain('foster');
    // The chair's own change is a change; the proposal is not.
    await expect(row.locator('ins').innerText()).resolves.toBe(CHAIR_ADDED);
    expect(await row.locator('[data-testid=compare-proposal]').count()).toBe(0);
    const text = await pageText(mys);
    expect(text).not.toContain('{+');
    expect(text).not.toContain('{-');
  });

  it('with proposals, MYS\'s words are marked as MYS\'s pending proposal, and the address keeps the view', async () => {
    await mys.getByTestId('compare-view-proposals').click();
    await expect.poll(() => new URL(mys.url()).searchParams.get('view')).toBe('proposals');
    await expect.poll(() => mys.getByTestId('compare-view-proposals').getAttribute('aria-pressed')).toBe('true');
    const row = op3Row(mys);
    const inserted = row.locator('[data-testid=compare-proposal][data-proposal=insertion]');
    await expect.poll(() => inserted.count()).toBe(1);
    await expect(inserted.getAttribute('data-delegation')).resolves.toBe('MYS');
    await expect(inserted.getAttribute('title')).resolves.toMatch(/^MYS proposes inserting/);
    await expect(inserted.locator('ins').innerText()).resolves.toBe('foster');
    const deleted = row.locator('[data-testid=compare-proposal][data-proposal=deletion]');
    await expect(deleted.locator('del').innerText()).resolves.toBe('promote');
    // Styled as a proposal: a line in MYS's colour, not the comparison's plain insertion.
    const look = await inserted.locator('ins').evaluate((el) => {
      const s = getComputedStyle(el);
      return { line: s.textDecorationLine, color: s.textDecorationColor };
    });
    expect(look.line).toBe('underline');
    expect(look.color).toBe('rgb(192, 57, 43)'); // MYS's colour, #c0392b
    await expect(mys.getByTestId('compare-pending-notice').innerText()).resolves.toMatch(/1 pending proposal shown.*None of them is accepted/s);
    const text = await pageText(mys);
    expect(text).not.toContain('{+');
    expect(text).not.toContain('{-');

    // Shared as a link, the comparison opens in the same view.
    await mys.reload();
    await expect.poll(() => op3Row(mys).locator('[data-testid=compare-proposal][data-proposal=insertion]').count()).toBe(1);
    await expect(mys.getByTestId('compare-view-proposals').getAttribute('aria-pressed')).resolves.toBe('true');
  });

  it('two issued revisions compare as before, and one holding a proposal reads clean by default', async () => {
    await n.chair.api.json('POST', `/api/documents/${n.documentId}/revisions`, { note: 'Rev.1 with MYS proposal' }, 201);
    await mys.goto(`${server.url}/documents/${n.documentId}/compare?from=0&to=1`);
    await expect.poll(() => mys.getByTestId('compare-summary').innerText()).toBe('1 paragraph changed');
    await expect(mys.getByTestId('compare-to-version').innerText()).resolves.toContain('Rev.1');
    const row = op3Row(mys);
    await expect(row.locator('ins').innerText()).resolves.toBe(CHAIR_ADDED);
    expect(await row.locator('.compare-clause__text').innerText()).not.toContain('foster');
    await mys.getByTestId('compare-view-proposals').click();
    await expect.poll(() => row.locator('[data-testid=compare-proposal][data-delegation=MYS]').count()).toBe(2);
  });

  for (const size of SCREEN_SIZES) {
    it(`fits ${size.width}x${size.height} without scrolling sideways, in both views`, async () => {
      await mys.setViewportSize(size);
      for (const view of ['clean', 'proposals'] as const) {
        await mys.goto(`${server.url}/documents/${n.documentId}/compare?from=0&to=live${view === 'proposals' ? '&view=proposals' : ''}`);
        await op3Row(mys).waitFor();
        expect(await mys.evaluate(scrollsSideways)).toBe(false);
        await mys.screenshot({ path: artifact(`${view === 'clean' ? 'layout-compare' : 'compare-proposals'}-${size.width}x${size.height}.png`), fullPage: true });
      }
    });
  }
});

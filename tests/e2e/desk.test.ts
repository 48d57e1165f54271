import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, SCREEN_SIZES, signInPage } from '../helpers/browser.js';
import { pveDraft, writeZeroDraft } from '../helpers/page.js';
import { proposeReplacement, scrollsSideways } from '../helpers/proposals.js';
import type { Desk } from '../../shared/api/discussion.js';

/**
 * The chair's desk on a laptop and a tablet: nothing runs sideways, an excerpt shows a proposed
 * replacement as two marked words, and each number says what it counts.
 */

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let chair: Page;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft('the importance of closer cooperation between women’s organisations and the authorities;'), 'closer cooperation');
  await proposeReplacement(server, n, n.mys, 2, 'closer', 'enhanced');
  const desk = await n.chair.api.json<Desk>('GET', `/api/documents/${n.documentId}/desk`);
  const id = (label: string) => desk.clauses.find((c) => c.label === label)!.clauseId;
  // Two threads by delegates, neither answered by the chair; OP2 agreed at the table, pending capitals.
  await n.mys.api.json('POST', `/api/documents/${n.documentId}/threads`, { clauseId: id('OP3'), body: 'Malaysia explains its proposal.' }, 201);
  await n.idn.api.json('POST', `/api/documents/${n.documentId}/threads`, { clauseId: id('OP1'), body: 'Indonesia asks for the gender perspective to stay.' }, 201);
  await n.chair.api.json('PUT', `/api/documents/${n.documentId}/clauses/${id('OP2')}/status`, { status: 'adRef' });
  browser = await launchChromium();
  chair = await signInPage(browser, server.url, n.chair.user.email);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const row = (page: Page, label: string) => page.locator('[data-testid=desk-clause]', { has: page.locator(`th:text-is("${label}")`) });

describe("the chair's desk, in Chromium", () => {
  it('says what each number counts, in full words', async () => {
    await chair.goto(`${server.url}/documents/${n.documentId}/desk`);
    await expect.poll(() => chair.getByTestId('desk-tally').innerText()).toContain('1 amendment waiting for the chair');
    const tally = await chair.getByTestId('desk-tally').innerText();
    expect(tally).toContain("2 open threads, all waiting for the chair's answer");
    expect(tally).toContain("1 amendment waiting for the chair's decision");
    expect(tally).toMatch(/^4 paragraphs still open · /);
    await expect(chair.getByTestId('desk-headline').innerText()).resolves.toBe('0 of 5 paragraphs agreed, 1 agreed ad referendum');
    await expect.poll(() => chair.getByTestId('desk-activity').innerText()).toContain('marked OP2 agreed ad referendum');
  });

  it('shows a proposed replacement in an excerpt as two words, one struck and one underlined', async () => {
    const op3 = row(chair, 'OP3');
    await expect.poll(() => op3.locator('[data-testid=desk-excerpt-deletion]').innerText()).toBe('closer');
    await expect(op3.locator('[data-testid=desk-excerpt-insertion]').innerText()).resolves.toBe('enhanced');
    await expect(op3.locator('.desk-table__excerpt').innerText()).resolves.toContain('closer enhanced cooperation');
    const lines = await op3.locator('[data-testid=desk-excerpt-deletion], [data-testid=desk-excerpt-insertion]').evaluateAll((els) => els.map((el) => getComputedStyle(el).textDecorationLine));
    expect(lines).toEqual(['line-through', 'underline']);
    await expect(op3.locator('[data-testid=desk-excerpt-insertion]').getAttribute('title')).resolves.toBe('MYS proposes inserting these words');
    // The same in the list of threads waiting for an answer.
    const waiting = chair.getByTestId('desk-unanswered').locator('li', { hasText: 'OP3' });
    await expect(waiting.locator('[data-testid=desk-excerpt-deletion]').innerText()).resolves.toBe('closer');
    await expect(waiting.innerText()).resolves.toContain('closer enhanced cooperation');
  });

  for (const size of SCREEN_SIZES) {
    it(`fits ${size.width}x${size.height} without scrolling sideways`, async () => {
      await chair.setViewportSize(size);
      await chair.goto(`${server.url}/documents/${n.documentId}/desk`);
      await row(chair, 'OP3').locator('[data-testid=desk-excerpt-insertion]').waitFor();
      expect(await chair.evaluate(scrollsSideways)).toBe(false);
      // The table and the "Waiting for an answer" list do not overlap.
      const table = await chair.locator('.desk__clauses').boundingBox();
      const waiting = await chair.getByTestId('desk-unanswered').boundingBox();
      expect(table && waiting).toBeTruthy();
      const overlap = table!.x < waiting!.x + waiting!.width && waiting!.x < table!.x + table!.width && table!.y < waiting!.y + waiting!.height && waiting!.y < table!.y + table!.height;
      expect(overlap).toBe(false);
      // Every column of the table lies inside its panel.
      const inside = await chair.locator('.desk__clauses').evaluate((panel) => {
        const box = panel.getBoundingClientRect();
        return [...panel.querySelectorAll('th, td')].every((cell) => cell.getBoundingClientRect().right <= box.right + 0.5);
      });
      expect(inside).toBe(true);
      await chair.screenshot({ path: artifact(`layout-desk-${size.width}x${size.height}.png`), fullPage: true });
    });
  }
});

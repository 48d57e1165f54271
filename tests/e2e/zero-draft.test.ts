import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { ZERO_DRAFT, zeroDraftDocx } from '../helpers/docx-samples.js';
import type { RevisionDetail, RevisionSummary } from '../../shared/api/record.js';

/**
 * The zero draft is what was circulated, in Chromium: the secretariat's import issues it (unless
 * unticked), and a chair opening a text nobody has issued yet is offered to issue it; nobody else is.
 */

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let secretariat: Page;
let chair: Page;
let mys: Page;

const revisionsOf = async (documentId: string) => (await n.secretariat.api.json<{ revisions: RevisionSummary[] }>('GET', `/api/documents/${documentId}/revisions`)).revisions;
const documentIdOf = (page: Page) => /\/documents\/([^/?]+)/.exec(page.url())![1]!;

/** Uploads the sample zero draft on the import page and waits for the review. */
async function reviewSample(page: Page): Promise<void> {
  const sample = artifact('zero-draft-sample.docx');
  writeFileSync(sample, await zeroDraftDocx());
  await page.goto(`${server.url}/admin/import`);
  await page.getByTestId('import-file').setInputFiles(sample);
  await page.getByTestId('import-preview').waitFor();
  await expect.poll(() => page.getByTestId('import-clause').count()).toBe(9);
}

/** The document page with its text loaded and the procedure bar knowing whether anything was issued. */
async function openDocument(page: Page, documentId: string): Promise<void> {
  await page.goto(`${server.url}/documents/${documentId}`);
  await page.waitForSelector('[data-testid=editor] [data-label]');
  await expect.poll(() => page.getByTestId('document-status').innerText()).toMatch(/No revision issued yet|Latest revision/);
}

/**
 * Opens the document and waits until `reads` reads of its revisions have finished, and a frame
 * after: what the page shows then is what it decided, not what it has not yet asked.
 */
async function openSettled(page: Page, documentId: string, reads: number): Promise<void> {
  let finished = 0;
  const count = (request: { url(): string }) => {
    if (new URL(request.url()).pathname === `/api/documents/${documentId}/revisions`) finished += 1;
  };
  page.on('requestfinished', count);
  try {
    await openDocument(page, documentId);
    await expect.poll(() => finished).toBeGreaterThanOrEqual(reads);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  } finally {
    page.off('requestfinished', count);
  }
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  browser = await launchChromium();
  [secretariat, chair, mys] = await Promise.all([
    signInPage(browser, server.url, n.secretariat.user.email),
    signInPage(browser, server.url, n.chair.user.email),
    signInPage(browser, server.url, n.mys.user.email),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the zero draft is what was circulated, in Chromium', () => {
  it('the secretariat imports a Word file with "Issue this text as the zero draft" ticked, and the revisions list it with the imported text', async () => {
    await reviewSample(secretariat);
    const box = secretariat.getByTestId('import-issue-zero-draft');
    expect(await box.isChecked()).toBe(true);
    await secretariat.getByTestId('import-symbol').fill('AMMTC/2018/L.1');
    await expect.poll(() => secretariat.locator('.import-zero-draft').innerText()).toContain('under the symbol AMMTC/2018/L.1');
    expect(await secretariat.getByTestId('import-outcome').innerText()).toContain('issued as its zero draft');
    await box.scrollIntoViewIfNeeded();
    await secretariat.screenshot({ path: artifact('zero-draft-import-review.png') });
    await secretariat.screenshot({ path: artifact('zero-draft-import-page.png'), fullPage: true });

    await secretariat.getByTestId('import-confirm').click();
    await secretariat.waitForURL(/\/documents\/doc_/);
    const id = documentIdOf(secretariat);
    expect((await revisionsOf(id)).map((r) => [r.number, r.name, r.symbol])).toEqual([[0, 'Zero draft', 'AMMTC/2018/L.1']]);

    // The revisions page lists it; opened, it reads as the file did.
    await secretariat.goto(`${server.url}/documents/${id}/revisions`);
    const items = secretariat.getByTestId('revision-item');
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().getAttribute('data-number')).toBe('0');
    expect(await items.first().getByTestId('revision-symbol').innerText()).toBe('AMMTC/2018/L.1');
    await secretariat.screenshot({ path: artifact('zero-draft-revisions.png') });
    await items.first().getByTestId('revision-view').click();
    const text = secretariat.getByTestId('revision-text');
    await text.waitFor();
    const shown = (await text.innerText()).replace(/\s+/g, ' ');
    for (const clause of [...ZERO_DRAFT.preambular, ...ZERO_DRAFT.operative]) expect(shown).toContain(`${clause.lead} ${clause.text}`);
    // And the revision the server keeps is the text it holds now: nobody has touched it since.
    const { revision } = await n.secretariat.api.json<{ revision: RevisionDetail }>('GET', `/api/documents/${id}/revisions/0`);
    expect(revision.text).toBe(await (await n.secretariat.api.request('GET', `/api/documents/${id}/text`)).text());
    await secretariat.screenshot({ path: artifact('zero-draft-revision.png'), fullPage: true });
  });

  it('a delegate opening a text with no revision is offered nothing; its chair is offered the zero draft, issues it, and the offer is gone', async () => {
    expect(await revisionsOf(n.documentId)).toEqual([]);
    await openDocument(mys, n.documentId);
    await expect.poll(() => mys.getByTestId('document-status').innerText()).toContain('No revision issued yet');
    expect(await mys.getByTestId('zero-draft-offer').count()).toBe(0);

    await openDocument(chair, n.documentId);
    const offer = chair.getByTestId('zero-draft-offer');
    await offer.waitFor();
    expect(await offer.innerText()).toContain('This text has not been circulated yet.');
    expect(await offer.innerText()).toContain('ASEAN/PVE/2017/L.1');
    await chair.screenshot({ path: artifact('zero-draft-offer.png') });

    await chair.getByTestId('zero-draft-issue').click();
    const dialog = chair.getByTestId('issue-revision-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Issue the zero draft');
    expect(await dialog.innerText()).toContain('under the symbol ASEAN/PVE/2017/L.1');
    await chair.screenshot({ path: artifact('zero-draft-offer-dialog.png') });
    await chair.getByTestId('revision-submit').click();

    await offer.waitFor({ state: 'detached' });
    expect((await revisionsOf(n.documentId)).map((r) => [r.number, r.symbol, r.issuedBy.userId])).toEqual([[0, 'ASEAN/PVE/2017/L.1', n.chair.user.id]]);
    await expect.poll(() => chair.getByTestId('latest-revision').innerText()).toBe('Zero draft');
    // Issued, it is never offered again: once the page has read the revisions (the bar's and the offer's reads).
    await openSettled(chair, n.documentId, 2);
    await expect.poll(() => chair.getByTestId('document-status').innerText()).toContain('Zero draft');
    expect(await chair.getByTestId('zero-draft-offer').count()).toBe(0);
  });

  it('unticked, the import issues nothing; its chair is offered the zero draft, and "Not now" is remembered for that document', async () => {
    await reviewSample(secretariat);
    await secretariat.getByTestId('import-symbol').fill('AMMTC/2018/L.2');
    await secretariat.getByTestId('import-issue-zero-draft').uncheck();
    expect(await secretariat.getByTestId('import-outcome').innerText()).toContain('not yet issued');
    await secretariat.getByTestId('import-confirm').click();
    await secretariat.waitForURL(/\/documents\/doc_/);
    const id = documentIdOf(secretariat);
    expect(await revisionsOf(id)).toEqual([]);
    // The secretariat prepares the text but does not issue revisions: no offer for it.
    await openDocument(secretariat, id);
    expect(await secretariat.getByTestId('zero-draft-offer').count()).toBe(0);

    await n.secretariat.api.json('PUT', `/api/documents/${id}/members/${n.chair.user.id}`, { role: 'chair' });
    await openDocument(chair, id);
    await chair.getByTestId('zero-draft-offer').waitFor();
    await chair.getByTestId('zero-draft-not-now').click();
    await chair.getByTestId('zero-draft-offer').waitFor({ state: 'detached' });
    // Focus is handed to where the same step remains, not dropped on the page.
    expect(await chair.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('issue-revision');
    await openDocument(chair, id);
    expect(await chair.getByTestId('zero-draft-offer').count()).toBe(0);
    expect(await revisionsOf(id)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { clause, pveDraft, selectWords, somtcDraft, writeZeroDraft } from '../helpers/page.js';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import type { DocumentSummary } from '../../shared/api/types.js';

/**
 * axe-core in Chromium, on every page a person works in, each as the role that uses it: a negotiation
 * with a pending proposal by MYS and an open thread for the living pages; a second, adopted text for
 * the archive and its record.
 */

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let mys: Page;
let chair: Page;
let archivist: Page;
let adoptedId: string;

const OLD_WORD = 'importance';

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft(`the ${OLD_WORD} of a whole-of-society approach to preventing violent extremism;`), OLD_WORD);
  await n.chair.api.json('POST', `/api/documents/${n.documentId}/revisions`, { note: 'Zero draft' }, 201);
  const desk = await n.chair.api.json<{ clauses: { clauseId: string; label: string }[] }>('GET', `/api/documents/${n.documentId}/desk`);
  const op2 = desk.clauses.find((c) => c.label === 'OP2')!.clauseId;
  await n.mys.api.json('POST', `/api/documents/${n.documentId}/threads`, { clauseId: op2, body: 'Malaysia asks which recommendations are meant.' }, 201);

  // A second text, adopted, for the archivist.
  const adopted = (
    await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', {
      title: 'Joint Statement of the Ministerial Meeting on Transnational Crime',
      symbol: 'SOMTC/2019/L.1',
      venue: 'Bangkok',
      startsOn: '2019-11-27',
      endsOn: '2019-11-28',
      numbering: 'all',
    }, 201)
  ).document;
  adoptedId = adopted.id;
  await n.secretariat.api.json('PUT', `/api/documents/${adoptedId}/members/${n.chair.user.id}`, { role: 'chair' });
  await writeZeroDraft(server, { ...n, documentId: adoptedId }, somtcDraft('Joint Statement of the Ministerial Meeting on Transnational Crime'), 'trafficking in persons');
  await n.chair.api.json('POST', `/api/documents/${adoptedId}/revisions`, { note: 'Zero draft' }, 201);
  await n.chair.api.json('POST', `/api/documents/${adoptedId}/adopt`, { finalSymbol: 'SOMTC/2019/1', body: 'the 19th ASEAN Ministerial Meeting on Transnational Crime' });
  await n.secretariat.api.json('POST', '/api/users', { email: 'records@asean.example', name: 'Thida Win', password: 'accord-test-password', delegationId: null, workspaceRole: 'archivist' }, 201);

  browser = await launchChromium();
  [mys, chair, archivist] = await Promise.all([
    signInPage(browser, server.url, n.mys.user.email),
    signInPage(browser, server.url, n.chair.user.email),
    signInPage(browser, server.url, 'records@asean.example'),
  ]);

  // MYS proposes to replace a word: a struck and an inserted word in the delegation's colour.
  await mys.goto(`${server.url}/documents/${n.documentId}`);
  await mys.waitForSelector('[data-testid=editor] [data-label="OP3"]');
  const toggle = mys.getByRole('button', { name: 'Propose changes', exact: true });
  await toggle.click();
  await mys.waitForSelector('[aria-pressed=true]:has-text("Propose changes")');
  await selectWords(mys, 'OP3', OLD_WORD);
  await mys.keyboard.type('significance');
  await clause(mys, 'OP3').locator('ins[data-delegation="MYS"]:has-text("significance")').waitFor();
  for (let i = 0; i < 200 && !(await n.chair.api.json<{ amendments: unknown[] }>('GET', `/api/documents/${n.documentId}/amendments`)).amendments.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function visit(page: Page, path: string, ready: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.waitForSelector(ready);
  // Fonts and late panels settle before the colours are measured.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

describe('axe-core finds no serious or critical violation, in Chromium', () => {
  it('on the sign-in page', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    try {
      await visit(page, '/sign-in', 'form');
      // axe rates a page without a <main> only "moderate": the landmark is asked for here.
      expect(await page.locator('main').count()).toBe(1);
      expect(await page.locator('main').getByRole('button', { name: 'Sign in' }).count()).toBe(1);
      await expectNoSeriousViolations(page, 'the sign-in page');
    } finally {
      await context.close();
    }
  });

  it('on the documents list, as a delegate', async () => {
    await visit(mys, '/', '[data-testid=document-link]');
    await expectNoSeriousViolations(mys, 'the documents list');
  });

  it('on the document page with a pending proposal by MYS and an open thread, as its delegate', async () => {
    await visit(mys, `/documents/${n.documentId}`, '[data-testid=editor] del[data-delegation="MYS"]');
    await expect.poll(() => clause(mys, 'OP2').getByTestId('thread-count').count()).toBe(1);
    await expectNoSeriousViolations(mys, 'the document page');
    await clause(mys, 'OP2').getByTestId('thread-count').click();
    await mys.getByTestId('discussion-panel').getByTestId('thread').first().waitFor();
    await expectNoSeriousViolations(mys, 'the document page with the discussion panel open');
    await mys.screenshot({ path: artifact('a11y-editor-proposal.png') });
  });

  it('on the desk, as the chair', async () => {
    await visit(chair, `/documents/${n.documentId}/desk`, '[data-testid=desk-clause]');
    await expectNoSeriousViolations(chair, 'the desk');
  });

  it('on the amendments page, as the chair', async () => {
    await visit(chair, `/documents/${n.documentId}/amendments`, '[data-testid=amendments-view] [data-testid=amendment]');
    await expectNoSeriousViolations(chair, 'the amendments page');
  });

  it('on the comparison of the zero draft with the current text, as a delegate', async () => {
    await visit(mys, `/documents/${n.documentId}/compare`, '[data-testid=compare-summary]');
    await expectNoSeriousViolations(mys, 'the comparison');
  });

  it('on the archive and an adopted text’s record, as the archivist', async () => {
    await visit(archivist, '/archive', '[data-testid=archive-result-link], [data-testid=archive-count]');
    await expectNoSeriousViolations(archivist, 'the archive');
    await visit(archivist, `/archive/${adoptedId}`, '[data-testid=record-text]');
    await expectNoSeriousViolations(archivist, 'the record page');
    await archivist.screenshot({ path: artifact('a11y-record.png'), fullPage: true });
  });
});

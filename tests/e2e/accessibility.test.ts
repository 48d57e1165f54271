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
  // One after the other: the machine is shared, and three first loads at once can pass the page's timeout.
  mys = await signInPage(browser, server.url, n.mys.user.email);
  chair = await signInPage(browser, server.url, n.chair.user.email);
  archivist = await signInPage(browser, server.url, 'records@asean.example');

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
      await page.screenshot({ path: artifact('a11y-sign-in.png') });
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

  it('on the discussion page, as the chair', async () => {
    await visit(chair, `/documents/${n.documentId}/discussion`, '[data-testid=discussion-view] [data-testid=discussion-row]');
    await expectNoSeriousViolations(chair, 'the discussion page');
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

/** What has focus: its test id, thread or comment id, tag and text, to compare and to show on failure. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      testId: el?.getAttribute('data-testid') ?? null,
      threadId: el?.getAttribute('data-thread-id') ?? null,
      commentId: el?.getAttribute('data-comment-id') ?? null,
      tag: el?.tagName.toLowerCase() ?? null,
      text: el instanceof HTMLElement ? el.innerText.slice(0, 200) : '',
    };
  });

describe('focus stays with the work, in Chromium', () => {
  it('a dialog gives focus back to the button that opened it, closed by Escape or by its close button', async () => {
    await visit(chair, `/documents/${n.documentId}`, '[data-testid=editor] [data-label="OP3"]');
    const opener = chair.getByTestId('issue-revision');
    await opener.focus();
    await chair.keyboard.press('Enter');
    await chair.getByTestId('issue-revision-dialog').waitFor();
    await expect.poll(async () => (await focused(chair)).testId).toBe('revision-note');
    await chair.keyboard.press('Escape');
    await chair.getByTestId('issue-revision-dialog').waitFor({ state: 'detached' });
    await expect.poll(async () => (await focused(chair)).testId).toBe('issue-revision');

    await opener.click();
    await chair.getByTestId('issue-revision-dialog').getByRole('button', { name: 'Close' }).click();
    await chair.getByTestId('issue-revision-dialog').waitFor({ state: 'detached' });
    await expect.poll(async () => (await focused(chair)).testId).toBe('issue-revision');
  });

  it('posting a reply puts focus on the new comment in its thread', async () => {
    await visit(mys, `/documents/${n.documentId}`, '[data-testid=editor] [data-label="OP2"]');
    await clause(mys, 'OP2').getByTestId('thread-count').click();
    const thread = mys.getByTestId('discussion-panel').getByTestId('thread').first();
    await thread.getByTestId('reply').fill('Malaysia can join if "all relevant" is added.');
    await thread.getByTestId('reply').press('Control+Enter');
    const posted = thread.getByTestId('comment').filter({ hasText: 'Malaysia can join' });
    await posted.waitFor();
    const commentId = await posted.getAttribute('data-comment-id');
    await expect.poll(async () => (await focused(mys)).commentId).toBe(commentId);
    await thread.screenshot({ path: artifact('a11y-reply-focused.png') });
  });

  it('opening a thread puts focus on its first comment, where the composer was', async () => {
    await selectWords(mys, 'OP1', 'gender perspective');
    await mys.getByRole('toolbar').getByRole('button', { name: 'Comment', exact: true }).click();
    await mys.getByTestId('thread-composer').fill('Could "gender-responsive approach" be used instead?');
    await mys.getByTestId('thread-composer').press('Control+Enter');
    await expect.poll(async () => (await focused(mys)).text).toContain('Could "gender-responsive approach" be used instead?');
    expect((await focused(mys)).commentId).toBeTruthy();
  });

  it('the chair resolves with a note of several lines in a labelled textarea; focus stays on the thread; its author can no longer edit its comments', async () => {
    await clause(mys, 'OP2').getByTestId('thread-count').click();
    await visit(chair, `/documents/${n.documentId}`, '[data-testid=editor] [data-label="OP2"]');
    await clause(chair, 'OP2').getByTestId('thread-count').click();
    const thread = chair.getByTestId('discussion-panel').getByTestId('thread').first();
    const threadId = await thread.getAttribute('data-thread-id');
    await thread.getByRole('button', { name: 'Resolve', exact: true }).click();
    const note = thread.getByLabel(/Resolution note/);
    expect(await note.evaluate((el) => el.tagName.toLowerCase())).toBe('textarea');
    await note.fill('Agreed: "all relevant recommendations".');
    await note.press('Enter'); // a new line, not a submission
    await note.pressSequentially('MYS to confirm with capital.');
    expect(await note.inputValue()).toBe('Agreed: "all relevant recommendations".\nMYS to confirm with capital.');
    await thread.screenshot({ path: artifact('a11y-resolution-note.png') });
    await chair.getByRole('button', { name: 'Resolve thread', exact: true }).click();
    await expect.poll(async () => (await focused(chair)).threadId).toBe(threadId);

    // The author's page: the thread resolved, with the note's two lines, and no Edit or Delete on their comments.
    const resolved = mys.locator(`[data-testid=thread][data-thread-id="${threadId}"]`);
    await expect.poll(() => resolved.getAttribute('data-status')).toBe('resolved');
    await expect.poll(() => resolved.getByTestId('resolution').innerText()).toContain('MYS to confirm with capital.');
    expect(await resolved.getByTestId('comment').count()).toBe(2);
    expect(await resolved.getByRole('button', { name: /^(Edit|Delete)$/ }).count()).toBe(0);
    await mys.screenshot({ path: artifact('a11y-resolved-thread.png') });
    // Their open thread on OP1 still offers them.
    await clause(mys, 'OP1').getByTestId('thread-count').click();
    const open = mys.getByTestId('discussion-panel').locator('[data-testid=thread][data-status=open]').first();
    await expect.poll(() => open.getByRole('button', { name: 'Edit', exact: true }).count()).toBe(1);
  });
});

import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { caretAtEnd, pveDraft, storedText, writeZeroDraft } from '../helpers/page.js';
import type { ArchiveRecord } from '../../shared/api/record.js';
import { longDate } from '../../shared/time.js';

/**
 * The end of a negotiation, in Chromium: the chair issues Rev.1, edits, issues Rev.2; a delegate
 * compares the two; the chair adopts; the archivist finds the text by a phrase and downloads the PDF.
 */

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let chair: Page;
let mys: Page;
let archivist: Page;

const ADDED = ' through community-based early warning networks';

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft('the importance of a whole-of-society approach to preventing violent extremism;'), 'whole-of-society');
  await n.secretariat.api.json('POST', '/api/users', { email: 'records@asean.example', name: 'Thida Win', password: 'accord-test-password', delegationId: null, workspaceRole: 'archivist' }, 201);
  // The zero draft went out before the meeting.
  await n.chair.api.json('POST', `/api/documents/${n.documentId}/revisions`, { note: 'Zero draft' }, 201);
  browser = await launchChromium();
  [chair, mys, archivist] = await Promise.all([
    signInPage(browser, server.url, n.chair.user.email),
    signInPage(browser, server.url, n.mys.user.email),
    signInPage(browser, server.url, 'records@asean.example'),
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function issueRevision(page: Page, note: string): Promise<void> {
  await page.getByTestId('issue-revision').click();
  await page.getByTestId('revision-note').fill(note);
  await page.getByTestId('revision-submit').click();
}

describe('revisions, comparison, adoption and the archive, in Chromium', () => {
  it('the chair issues Rev.1, edits, and issues Rev.2', async () => {
    await chair.goto(`${server.url}/documents/${n.documentId}`);
    await chair.waitForSelector('[data-testid=editor] [data-label="OP3"]');
    await issueRevision(chair, 'Rev.1 after the first reading');
    await expect.poll(async () => (await n.chair.api.json<{ revisions: { name: string }[] }>('GET', `/api/documents/${n.documentId}/revisions`)).revisions.map((r) => r.name)).toEqual(['Zero draft', 'Rev.1']);

    await caretAtEnd(chair, 'OP2');
    await chair.keyboard.press('ArrowLeft'); // before the final semicolon
    await chair.keyboard.type(ADDED);
    await expect.poll(() => storedText(n)).toContain(`this Dialogue${ADDED};`);

    await issueRevision(chair, 'Rev.2 after informal consultations');
    await expect.poll(async () => (await n.chair.api.json<{ revisions: { symbol: string }[] }>('GET', `/api/documents/${n.documentId}/revisions`)).revisions.at(-1)?.symbol).toBe('ASEAN/PVE/2017/L.1/Rev.2');
  });

  it('a delegate opens the comparison of Rev.1 and Rev.2 and sees the change', async () => {
    await mys.goto(`${server.url}/documents/${n.documentId}`);
    await mys.getByTestId('revisions-link').click();
    await expect.poll(() => mys.getByTestId('revision-item').count()).toBe(3);
    await mys.getByTestId('compare-from').selectOption('1');
    await mys.getByTestId('compare-to').selectOption('2');
    await mys.getByTestId('compare-button').click();
    await expect.poll(() => mys.getByTestId('compare-summary').innerText()).toContain('1 paragraph changed');
    const changed = mys.locator('[data-testid=compare-clause][data-change=changed]');
    await expect.poll(() => changed.count()).toBe(1);
    await expect.poll(() => changed.getAttribute('data-label')).toBe('OP2');
    await expect.poll(() => changed.locator('ins').first().innerText()).toContain('community-based early warning networks');
    await mys.screenshot({ path: artifact('compare-inline.png'), fullPage: true });
    await mys.getByTestId('compare-mode-side').click();
    await expect.poll(() => changed.locator('ins').count()).toBeGreaterThan(0);
    await mys.screenshot({ path: artifact('compare-side-by-side.png'), fullPage: true });
  });

  it('the chair puts the text under silence; a delegation breaks it with a statement, and everyone sees it live', async () => {
    await chair.goto(`${server.url}/documents/${n.documentId}`);
    await mys.goto(`${server.url}/documents/${n.documentId}`);
    await mys.waitForSelector('[data-testid=editor] [data-label="OP3"]');
    await chair.getByTestId('start-silence').click();
    // No paragraph is marked agreed: the dialog lists them all for a last confirmation before it lets the chair go on.
    await expect.poll(() => chair.getByTestId('readiness-open').innerText()).toContain('PP1');
    expect(await chair.getByTestId('silence-submit').isDisabled()).toBe(true);
    await chair.getByTestId('readiness-confirm').check();
    await chair.getByTestId('silence-submit').click(); // the default deadline: 72 hours from now
    // The delegate's page turns read-only without a reload, and offers to break silence.
    await expect.poll(() => mys.getByTestId('document-status').getAttribute('data-status')).toBe('silence');
    await expect.poll(() => mys.getByTestId('editor').getAttribute('contenteditable')).toBe('false');
    await mys.screenshot({ path: artifact('silence-delegate.png') });
    await mys.getByTestId('break-silence').click();
    await mys.getByTestId('silence-statement').fill('Malaysia needs to consult capital on OP2 before it can join consensus.');
    await mys.getByTestId('break-submit').click();
    await expect.poll(() => chair.getByTestId('silence-broken').innerText()).toContain('Malaysia needs to consult capital on OP2');
    await expect.poll(() => chair.getByTestId('document-status').getAttribute('data-status')).toBe('draft');
    await expect.poll(() => mys.getByTestId('editor').getAttribute('contenteditable')).toBe('true');
    await chair.screenshot({ path: artifact('silence-broken-chair.png') });

    // The chair puts it under silence again, then withdraws it: back to a draft for everyone.
    await chair.getByTestId('start-silence').click();
    await chair.getByTestId('readiness-confirm').check();
    await chair.getByTestId('silence-submit').click();
    await expect.poll(() => mys.getByTestId('document-status').getAttribute('data-status')).toBe('silence');
    await chair.getByTestId('withdraw-silence').click();
    await chair.getByTestId('withdraw-note').fill('Consultations continue on OP2.');
    await chair.getByTestId('withdraw-submit').click();
    await expect.poll(() => mys.getByTestId('document-status').getAttribute('data-status')).toBe('draft');
    await expect.poll(() => mys.getByTestId('editor').getAttribute('contenteditable')).toBe('true');
  });

  it('the chair adopts the text: the dialog lists what is ad ref first, then the open paragraphs; the record shows the final symbol and the day at the venue', async () => {
    // The meeting is in Ulaanbaatar; OP2 waits for a capital's confirmation.
    await n.chair.api.json('PATCH', `/api/documents/${n.documentId}/settings`, { timeZone: 'Asia/Ulaanbaatar', venue: 'Ulaanbaatar, Mongolia' });
    const desk = await n.chair.api.json<{ clauses: { clauseId: string; label: string }[] }>('GET', `/api/documents/${n.documentId}/desk`);
    const op2 = desk.clauses.find((c) => c.label === 'OP2')!.clauseId;
    await n.chair.api.json('PUT', `/api/documents/${n.documentId}/clauses/${op2}/status`, { status: 'adRef' });

    await chair.goto(`${server.url}/documents/${n.documentId}`);
    await chair.getByTestId('adopt').click();
    const unsettled = chair.getByTestId('readiness-unsettled');
    await expect.poll(() => unsettled.innerText()).toContain('OP2 is agreed only ad referendum');
    expect(await chair.getByTestId('adopt-submit').isDisabled()).toBe(true);
    await chair.getByTestId('adopt-dialog').screenshot({ path: artifact('adopt-dialog-unsettled.png') });
    await chair.keyboard.press('Escape');

    // The capital confirms: OP2 is agreed; the rest are open and listed for a last confirmation.
    await n.chair.api.json('PUT', `/api/documents/${n.documentId}/clauses/${op2}/status`, { status: 'agreed' });
    await chair.getByTestId('adopt').click();
    const open = chair.getByTestId('readiness-open');
    await expect.poll(() => open.innerText()).toMatch(/not marked agreed: PP1, PP2, .*OP1, OP3/);
    expect(await open.innerText()).not.toContain('OP2');
    await chair.getByTestId('adopt-dialog').screenshot({ path: artifact('adopt-dialog-open.png') });
    await chair.getByTestId('readiness-confirm').check();
    await chair.getByTestId('adopt-symbol').fill('ASEAN/PVE/2017/1');
    await chair.getByTestId('adopt-body').fill('ASEAN-UN Regional Dialogue on Women, Peace and Security');
    await chair.getByTestId('adopt-submit').click();
    await chair.waitForURL(`**/archive/${n.documentId}`);
    const { record } = await n.chair.api.json<{ record: ArchiveRecord }>('GET', `/api/archive/${n.documentId}`);
    expect(record).toMatchObject({ body: 'ASEAN-UN Regional Dialogue on Women, Peace and Security', symbol: 'ASEAN/PVE/2017/1', draftSymbol: 'ASEAN/PVE/2017/L.1', timeZone: 'Asia/Ulaanbaatar' });
    // The record page: the final symbol, the draft one it was negotiated under, and the day at the venue.
    await expect.poll(() => chair.getByTestId('record-symbol').innerText()).toContain('ASEAN/PVE/2017/1');
    expect(await chair.getByTestId('record-draft-symbol').innerText()).toContain('ASEAN/PVE/2017/L.1');
    const day = longDate(record.adoptedAt, 'Asia/Ulaanbaatar');
    expect(await chair.getByTestId('record-adoption').innerText()).toContain(`Adopted on ${day} at Ulaanbaatar, Mongolia (UTC+08:00)`);
    await chair.screenshot({ path: artifact('record-final-symbol.png') });
    // The editor is read-only from now on, for everyone, and no paragraph shows a negotiation badge.
    await mys.goto(`${server.url}/documents/${n.documentId}`);
    await expect.poll(() => mys.getByTestId('document-status').innerText()).toMatch(/Adopted/);
    await expect.poll(() => mys.getByTestId('editor').getAttribute('contenteditable')).toBe('false');
    expect(await mys.locator('[data-node=clause][data-status=agreed], [data-node=clause][data-status=adRef]').count()).toBe(0);
    expect(await mys.locator('[data-node=clause][data-status=adopted]').count()).toBeGreaterThan(0);
  });

  it('the archivist finds the text by a phrase, reads its record and downloads the PDF', async () => {
    await archivist.goto(`${server.url}/`);
    await archivist.getByTestId('archive-link').click();
    await archivist.getByTestId('archive-query').fill('"early warning networks"');
    await archivist.getByTestId('archive-search').click();
    const result = archivist.getByTestId('archive-result');
    await expect.poll(() => result.count()).toBe(1);
    await expect.poll(() => result.locator('mark').first().innerText()).toMatch(/early|warning|networks/);
    await archivist.getByTestId('archive-result-link').click();
    await archivist.waitForURL(`**/archive/${n.documentId}`);
    await expect.poll(() => archivist.getByTestId('record-text').innerText()).toContain('community-based early warning networks');
    await expect.poll(() => archivist.getByTestId('record-revision').count()).toBe(3);
    await archivist.screenshot({ path: artifact('record-page.png'), fullPage: true });

    const [download] = await Promise.all([archivist.waitForEvent('download'), archivist.getByTestId('record-download-pdf').click()]);
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    // Lines break where the embedded face's widths put them.
    expect(text.replace(/\s+/g, ' ')).toContain('Joint Statement on the Role of Women in Preventing Violent Extremism');
    expect(text).toMatch(/4\.\s+Call upon the SOMTC/);

    // The plain-text download verifies against the record's hash, in the page.
    const [txt] = await Promise.all([archivist.waitForEvent('download'), archivist.getByTestId('record-download-txt').click()]);
    const txtPath = (await txt.path())!;
    const { record } = await n.chair.api.json<{ record: ArchiveRecord }>('GET', `/api/archive/${n.documentId}`);
    expect(createHash('sha256').update(readFileSync(txtPath)).digest('hex')).toBe(record.hash);
    await archivist.getByTestId('record-verify-input').setInputFiles(txtPath);
    await expect.poll(() => archivist.getByTestId('record-verify-result').innerText()).toMatch(/Matches/);
  });
});

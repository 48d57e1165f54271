import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { COMPILATION_AUTHORS, ZERO_DRAFT, compilationDocx, zeroDraftDocx } from '../helpers/docx-samples.js';
import type { AmendmentView } from '../../shared/api/amendments.js';

/** The secretariat imports a zero draft from Word in Chromium: upload, check the preview, create. */

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let secretariat: Page;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  browser = await launchChromium();
  secretariat = await signInPage(browser, server.url, n.secretariat.user.email);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('importing a zero draft, in Chromium', () => {
  it('a broken file is refused with the server’s reason; the sample shows 4 PPs and 5 OPs, and confirming creates the document', async () => {
    const broken = artifact('not-a-draft.docx');
    writeFileSync(broken, 'Recalling the ASEAN Charter,');
    const sample = artifact('zero-draft.docx');
    writeFileSync(sample, await zeroDraftDocx());

    await secretariat.goto(`${server.url}/admin`);
    await secretariat.getByTestId('import-link').click();
    await secretariat.getByTestId('import-file').setInputFiles(broken);
    await expect.poll(() => secretariat.getByTestId('import-error').innerText()).toMatch(/not a Word document/);

    await secretariat.getByTestId('import-file').setInputFiles(sample);
    await secretariat.getByTestId('import-preview').waitFor();
    const rows = secretariat.getByTestId('import-clause');
    await expect.poll(() => rows.count()).toBe(9);
    await expect.poll(() => secretariat.locator('[data-testid=import-clause][data-kind=preambular]').count()).toBe(4);
    await expect.poll(() => secretariat.locator('[data-testid=import-clause][data-kind=operative]').count()).toBe(5);
    await secretariat.getByTestId('import-symbol').fill('AMMTC/2018/L.1');
    await secretariat.screenshot({ path: artifact('import-preview.png'), fullPage: true });
    await secretariat.getByTestId('import-confirm').click();
    await secretariat.waitForURL(/\/documents\/doc_/);
    await secretariat.waitForSelector('[data-testid=editor] [data-label="OP5"]');
    const id = /\/documents\/([^/?]+)/.exec(secretariat.url())![1]!;
    const text = await (await n.secretariat.api.request('GET', `/api/documents/${id}/text`)).text();
    expect(text.startsWith(`${ZERO_DRAFT.title}\n`)).toBe(true);
    expect(text).toContain('PP4 ');
    expect(text).toContain('OP5 ');
  });

  it('a compilation text shows its tracked changes, brackets and symbol; kept as proposals of the delegations chosen, they are pending in the document', async () => {
    const file = artifact('compilation.docx');
    writeFileSync(file, compilationDocx());
    await secretariat.goto(`${server.url}/admin/import`);
    await secretariat.getByTestId('import-file').setInputFiles(file);
    await secretariat.getByTestId('import-preview').waitFor();

    // The symbol from the page header, offered for the document.
    expect(await secretariat.getByTestId('import-symbol').inputValue()).toBe('SOMTC/2019/L.1');
    // Every tracked change is listed under its author, and shown in the text.
    const changes = secretariat.getByTestId('import-changes');
    await expect.poll(() => changes.getByTestId('import-change').count()).toBe(3);
    expect(await changes.getByTestId('import-author').count()).toBe(2);
    expect(await changes.innerText()).toContain('OP2bis proposes a new paragraph');
    expect(await secretariat.getByTestId('import-insertion').count()).toBeGreaterThanOrEqual(2);
    expect(await secretariat.getByTestId('import-deletion').allInnerTexts()).toEqual(['annually ']);
    expect(await secretariat.getByTestId('import-bracket').allInnerTexts()).toEqual(['[shall]', '[should]', '[to prevent and counter violent extremism]']);
    const labels = await secretariat.getByTestId('import-clause-label').allInnerTexts();
    expect(labels).toEqual(['PP1', 'PP2', 'OP1', 'OP2', 'OP2bis', 'OP3', 'OP4']);

    // Nothing is created before the secretariat decides.
    expect(await secretariat.getByTestId('import-confirm').isDisabled()).toBe(true);
    expect(await secretariat.getByTestId('import-undecided').innerText()).toMatch(/kept as proposals or accepted/);

    // Accepting shows the text as Word's Accept All leaves it, numbered as it will be.
    await secretariat.getByTestId('import-changes-accept').check();
    await expect.poll(() => secretariat.getByTestId('import-deletion').count()).toBe(0);
    expect(await secretariat.getByTestId('import-clause-label').allInnerTexts()).toEqual(['PP1', 'PP2', 'OP1', 'OP2', 'OP3', 'OP4', 'OP5']);
    // The list of changes names the paragraphs as the text now shows them.
    expect(await changes.innerText()).toContain('OP3 proposes a new paragraph');
    expect(await changes.innerText()).toContain('OP4 deletes “annually”');
    await secretariat.screenshot({ path: artifact('import-compilation-accepted.png'), fullPage: true });

    // Kept: the IDN author is matched by the code Accord writes; the other is chosen by hand.
    await secretariat.getByTestId('import-changes-keep').check();
    const selects = changes.getByTestId('import-author-delegation');
    await expect.poll(() => selects.nth(1).inputValue()).toBe(n.idn.delegation!.id);
    expect(await selects.nth(0).inputValue()).toBe('');
    expect(await secretariat.getByTestId('import-unattributed').innerText()).toContain(COMPILATION_AUTHORS.mys);
    expect(await secretariat.getByTestId('import-confirm').isDisabled()).toBe(true);
    await selects.nth(0).selectOption(n.mys.delegation!.id);
    await expect.poll(() => secretariat.getByTestId('import-confirm').isDisabled()).toBe(false);
    await secretariat.screenshot({ path: artifact('import-compilation.png'), fullPage: true });

    await secretariat.getByTestId('import-confirm').click();
    await secretariat.waitForURL(/\/documents\/doc_/);
    const id = /\/documents\/([^/?]+)/.exec(secretariat.url())![1]!;
    const { amendments } = await n.secretariat.api.json<{ amendments: AmendmentView[] }>('GET', `/api/documents/${id}/amendments?status=pending`);
    expect(amendments.map((a) => [a.delegationCode, a.kind, a.label])).toEqual([
      ['MYS', 'insert', 'OP1'],
      ['MYS', 'insert', 'OP2bis'],
      ['IDN', 'delete', 'OP3'],
    ]);
    const { document } = await n.secretariat.api.json<{ document: { symbol: string | null } }>('GET', `/api/documents/${id}`);
    expect(document.symbol).toBe('SOMTC/2019/L.1');
  });
});

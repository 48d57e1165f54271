import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { ZERO_DRAFT, zeroDraftDocx } from '../helpers/docx-samples.js';

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
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { caretAtEnd, clause, editor, pveDraft, storedText as storedTextOf, textOf, writeZeroDraft } from '../helpers/page.js';

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let mys: Page;
let chair: Page;

const OP2 = 'Call upon the SOMTC to take into account the recommendations of this Dialogue;';
const OP2_ALT = 'Request the SOMTC to report on the implementation of the recommendations of this Dialogue;';
const OP3 = 'Stress the importance of a whole-of-society approach to preventing violent extremism;';

const clauses = (page: Page, label: string) => editor(page).locator(`[data-label="${label}"]`);
const panel = (page: Page) => page.getByTestId('amendments-panel');
const choices = (page: Page) => panel(page).getByTestId('alternative-choice');
const storedText = () => storedTextOf(n);
const button = (page: Page, name: string) => page.getByRole('toolbar').getByRole('button', { name, exact: true });

async function openAmendmentsTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /^Amendments/ }).click();
  await panel(page).waitFor();
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft('the importance of a whole-of-society approach to preventing violent extremism;'), 'whole-of-society');
  browser = await launchChromium();
  [mys, chair] = await Promise.all([signInPage(browser, server.url, n.mys.user.email), signInPage(browser, server.url, n.chair.user.email)]);
  for (const page of [mys, chair]) {
    await page.goto(`${server.url}/documents/${n.documentId}`);
    await page.waitForSelector('[data-testid=editor] [data-label="OP3"]');
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('alternative paragraphs, in Chromium', () => {
  it('a delegate adds "OP2 alt"; the chair keeps it, and it becomes OP2 in every copy', async () => {
    const add = button(mys, 'Alternative paragraph');
    await expect(add.getAttribute('title')).resolves.toContain('Ctrl+Alt+A');

    await caretAtEnd(mys, 'OP2');
    await expect.poll(() => add.isDisabled()).toBe(false);
    await add.click();
    await expect.poll(() => clauses(mys, 'OP2 alt').count()).toBe(1);
    await mys.keyboard.type(OP2_ALT);

    // Both copies: "OP2" and "OP2 alt" side by side, the original marked as holding a choice.
    for (const page of [mys, chair]) {
      await expect.poll(() => textOf(page, 'OP2 alt')).toBe(OP2_ALT);
      await expect.poll(() => textOf(page, 'OP2')).toBe(OP2);
      await expect.poll(() => clause(page, 'OP2 alt').getAttribute('data-alternative')).toBe('true');
      await expect.poll(() => clause(page, 'OP2').getAttribute('data-bracketed')).toBe('true');
      // Nothing else moved: OP3 is still OP3.
      await expect.poll(() => textOf(page, 'OP3')).toBe(OP3);
    }
    await expect.poll(storedText).toContain(`OP2 alt ${OP2_ALT}`);

    // The delegate sees the choice in the side panel, without the chair's buttons.
    await openAmendmentsTab(mys);
    await expect.poll(() => choices(mys).count()).toBe(1);
    await expect.poll(() => choices(mys).innerText()).toContain(OP2_ALT);
    await expect(choices(mys).getByRole('button', { name: /^Keep/ }).count()).resolves.toBe(0);

    // The chair, caret in the alternative: both options, with a button each.
    await caretAtEnd(chair, 'OP2 alt');
    await openAmendmentsTab(chair);
    const choice = choices(chair);
    await expect.poll(() => choice.count()).toBe(1);
    await expect.poll(() => choice.getByTestId('alternative-option').count()).toBe(2);
    await expect.poll(() => choice.innerText()).toContain(OP2);
    await expect.poll(() => choice.innerText()).toContain(OP2_ALT);
    await expect.poll(() => choice.getByRole('button', { name: /^Keep/ }).allInnerTexts()).toEqual(['Keep OP2', 'Keep OP2 alt']);
    await chair.screenshot({ path: artifact('alternative-choice.png') });

    await choice.getByRole('button', { name: 'Keep OP2 alt', exact: true }).click();
    for (const page of [mys, chair]) {
      await expect.poll(() => clauses(page, 'OP2 alt').count()).toBe(0);
      await expect.poll(() => clauses(page, 'OP2').count()).toBe(1);
      await expect.poll(() => textOf(page, 'OP2')).toBe(OP2_ALT);
      await expect.poll(() => clause(page, 'OP2').getAttribute('data-bracketed')).toBeNull();
      await expect.poll(() => editor(page).locator('[data-alternative]').count()).toBe(0);
      await expect.poll(() => textOf(page, 'OP3')).toBe(OP3);
      await expect.poll(() => choices(page).count()).toBe(0);
    }
    await expect.poll(storedText).toContain(`OP2 ${OP2_ALT}`);
    const stored = await storedText();
    expect(stored).not.toContain('OP2 alt');
    expect(stored).not.toContain(OP2);
    await chair.screenshot({ path: artifact('alternative-kept.png') });
  });

  it('the shortcut adds an alternative; the amendments view lists the choice; keeping the original removes it', async () => {
    const wording = 'Stress the need for a whole-of-society approach;';
    await caretAtEnd(chair, 'OP3');
    await chair.keyboard.press('Control+Alt+a');
    await expect.poll(() => clauses(chair, 'OP3 alt').count()).toBe(1);
    await chair.keyboard.type(wording);
    await expect.poll(() => textOf(mys, 'OP3 alt')).toBe(wording);

    await chair.getByTestId('amendments-link').click();
    const view = chair.getByTestId('amendments-view');
    const listed = view.getByTestId('alternative-choice');
    await expect.poll(() => listed.count()).toBe(1);
    await expect.poll(() => listed.innerText()).toContain(wording);
    await expect.poll(() => listed.getByRole('button', { name: /^Keep/ }).allInnerTexts()).toEqual(['Keep OP3', 'Keep OP3 alt']);
    await chair.screenshot({ path: artifact('alternatives-view.png'), fullPage: true });

    await listed.getByRole('button', { name: 'Keep OP3', exact: true }).click();
    await expect.poll(() => listed.count()).toBe(0);
    await expect.poll(() => clauses(mys, 'OP3 alt').count()).toBe(0);
    await expect.poll(() => textOf(mys, 'OP3')).toBe(OP3);
    await expect.poll(storedText).toContain(`OP3 ${OP3}`);
    expect(await storedText()).not.toContain(wording);
  });

  it('in "amendments only", only the chair adds alternative paragraphs', async () => {
    await chair.goto(`${server.url}/documents/${n.documentId}`);
    await chair.waitForSelector('[data-testid=editor] [data-label="OP3"]');
    await chair.getByTestId('editing-phase').getByRole('button', { name: 'Amendments only', exact: true }).click();
    const add = button(mys, 'Alternative paragraph');
    await caretAtEnd(mys, 'OP1');
    await expect.poll(() => add.isDisabled()).toBe(true);
    await expect(add.getAttribute('title')).resolves.toContain('Amendments only');
    // The shortcut is refused too, with a word why.
    await mys.keyboard.press('Control+Alt+a');
    await expect.poll(() => mys.getByTestId('toasts').innerText()).toContain('only the chair adds alternative paragraphs');
    expect(await clauses(mys, 'OP1 alt').count()).toBe(0);
    // The chair still may.
    await caretAtEnd(chair, 'OP1');
    await expect.poll(() => button(chair, 'Alternative paragraph').isDisabled()).toBe(false);

    await chair.getByTestId('editing-phase').getByRole('button', { name: 'Direct', exact: true }).click();
    await expect.poll(() => add.isDisabled()).toBe(false);
  });
});

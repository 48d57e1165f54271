import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { caretAtEnd, clause, pveDraft, selectWords, storedText as storedTextOf, textOf, writeZeroDraft } from '../helpers/page.js';

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let mys: Page;
let idn: Page;
let chair: Page;

const OLD_WORD = 'importance';
const NEW_WORD = 'significance';

const panel = (page: Page) => page.getByTestId('amendments-panel');
const amendmentItems = (page: Page) => panel(page).getByTestId('amendment');
const storedText = () => storedTextOf(n);




async function openAmendmentsTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /^Amendments/ }).click();
  await panel(page).waitFor();
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft(`the ${OLD_WORD} of a whole-of-society approach to preventing violent extremism;`), OLD_WORD);
  browser = await launchChromium();
  [mys, idn, chair] = await Promise.all([
    signInPage(browser, server.url, n.mys.user.email),
    signInPage(browser, server.url, n.idn.user.email),
    signInPage(browser, server.url, n.chair.user.email),
  ]);
  for (const page of [mys, idn, chair]) {
    await page.goto(`${server.url}/documents/${n.documentId}`);
    await page.waitForSelector('[data-testid=editor] [data-label="OP3"]');
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('amendments and square brackets, in Chromium', () => {
  it('a delegate proposing replaces a word in OP3; the chair sees it live, a second delegation supports it, the chair accepts it', async () => {
    // The chair decides the phase; delegates choose to propose in direct editing.
    await expect(chair.getByTestId('editing-phase').getByRole('button', { name: 'Direct', exact: true }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(mys.getByTestId('editing-phase').count()).resolves.toBe(0);
    const toggle = mys.getByRole('button', { name: 'Propose changes', exact: true });
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');

    await caretAtEnd(chair, 'OP3');
    await openAmendmentsTab(chair);
    await expect(amendmentItems(chair).count()).resolves.toBe(0);

    await selectWords(mys, 'OP3', OLD_WORD);
    await mys.keyboard.type(NEW_WORD);
    // In the delegate's own copy: the old word struck through, the new one inserted, both MYS's.
    await expect.poll(() => clause(mys, 'OP3').locator('del[data-delegation="MYS"]').innerText()).toBe(OLD_WORD);
    await expect.poll(() => clause(mys, 'OP3').locator('ins[data-delegation="MYS"]').innerText()).toBe(NEW_WORD);

    // Live on the chair's page, as one amendment attributed to MYS.
    const item = amendmentItems(chair).first();
    await expect.poll(() => item.getByTestId('amendment-summary').innerText()).toBe(`MYS proposes to replace '${OLD_WORD}' with '${NEW_WORD}' in OP3`);
    await expect.poll(() => amendmentItems(chair).count()).toBe(1);
    await expect(item.getAttribute('data-status')).resolves.toBe('pending');
    await expect.poll(() => item.getByTestId('amendment-compilation').innerText()).toBe('Proposed by MYS');
    await expect.poll(() => clause(chair, 'OP3').locator('ins[data-delegation="MYS"]').innerText()).toBe(NEW_WORD);
    const amendmentId = (await item.getAttribute('data-amendment-id'))!;
    expect(amendmentId).toBeTruthy();
    await chair.screenshot({ path: artifact('amendment-live.png') });
    const box = (await clause(mys, 'OP3').boundingBox())!;
    await mys.screenshot({ path: artifact('amendment-inline.png'), clip: { x: Math.max(0, box.x - 140), y: box.y - 30, width: box.width + 200, height: box.height + 44 } });

    // The proposer may not support their own; another delegation may.
    await caretAtEnd(mys, 'OP3');
    await openAmendmentsTab(mys);
    const own = amendmentItems(mys).first();
    await expect.poll(() => own.getAttribute('data-amendment-id')).toBe(amendmentId);
    await expect(own.getByRole('button', { name: 'Support', exact: true }).count()).resolves.toBe(0);
    await expect(own.getByRole('button', { name: 'Withdraw', exact: true }).count()).resolves.toBe(1);

    await caretAtEnd(idn, 'OP3');
    await openAmendmentsTab(idn);
    const seen = idn.locator(`[data-testid=amendment][data-amendment-id="${amendmentId}"]`);
    await seen.getByRole('button', { name: 'Support', exact: true }).click();
    await expect.poll(() => seen.getByRole('button', { name: 'Support', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => item.getByTestId('amendment-compilation').innerText()).toBe('Proposed by MYS, supported by IDN');
    await expect(seen.getByRole('button', { name: 'Accept', exact: true }).count()).resolves.toBe(0);

    // The chair accepts: the new word, without marks, everywhere.
    await item.getByRole('button', { name: 'Accept', exact: true }).click();
    for (const page of [mys, idn, chair]) {
      await expect.poll(() => textOf(page, 'OP3')).toContain(`the ${NEW_WORD} of a whole-of-society approach`);
      await expect.poll(() => textOf(page, 'OP3')).not.toContain(OLD_WORD);
      await expect.poll(() => clause(page, 'OP3').locator('ins, del').count()).toBe(0);
    }
    await expect.poll(storedText).toContain(`OP3 Stress the ${NEW_WORD} of a whole-of-society approach`);
    expect(await storedText()).not.toContain(OLD_WORD);

    // Kept on record, with who decided.
    const decided = chair.locator(`[data-testid=amendment][data-amendment-id="${amendmentId}"]`);
    await expect.poll(() => decided.getAttribute('data-status')).toBe('accepted');
    await expect.poll(() => decided.innerText()).toContain('Accepted by Maria Santos (PHL)');
    await expect.poll(() => idn.locator(`[data-testid=amendment][data-amendment-id="${amendmentId}"]`).getAttribute('data-status')).toBe('accepted');
    await chair.screenshot({ path: artifact('amendment-accepted.png') });
  });

  it('a delegate brackets two alternatives, the chair keeps one, every copy shows it without brackets', async () => {
    // Brackets are formatting, not proposals: MYS edits directly here.
    const toggle = mys.getByRole('button', { name: 'Propose changes', exact: true });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');

    await selectWords(mys, 'OP1', 'integrate');
    await mys.keyboard.press('ArrowRight');
    await mys.keyboard.type(' mainstream');
    await expect.poll(() => textOf(chair, 'OP1')).toContain('to integrate mainstream a gender perspective');

    await selectWords(mys, 'OP1', 'integrate');
    await mys.getByRole('toolbar').getByRole('button', { name: 'Bracket', exact: true }).click();
    await selectWords(mys, 'OP1', 'mainstream');
    await mys.getByRole('toolbar').getByRole('button', { name: 'Alternative', exact: true }).click();
    await expect.poll(() => textOf(mys, 'OP1')).toContain('to [integrate] [mainstream] a gender perspective');
    await expect.poll(() => clause(mys, 'OP1').getAttribute('data-bracketed')).toBe('true');

    // The chair sees the choice in the text and in the side panel.
    await expect.poll(() => textOf(chair, 'OP1')).toContain('to [integrate] [mainstream] a gender perspective');
    await expect.poll(() => clause(chair, 'OP1').getAttribute('data-bracketed')).toBe('true');
    await caretAtEnd(chair, 'OP1');
    const choice = panel(chair).getByTestId('bracket-choice');
    await expect.poll(() => choice.count()).toBe(1);
    await expect.poll(() => choice.innerText()).toContain('[integrate] [mainstream]');
    await expect(choice.getByRole('button', { name: /^Keep/ }).count()).resolves.toBe(2);
    // Delegates see the choice, but only the chair decides it.
    await caretAtEnd(idn, 'OP1');
    await expect.poll(() => panel(idn).getByTestId('bracket-choice').count()).toBe(1);
    await expect(panel(idn).getByTestId('bracket-choice').getByRole('button', { name: /^Keep/ }).count()).resolves.toBe(0);
    await chair.screenshot({ path: artifact('brackets-choice.png') });

    await choice.getByRole('button', { name: "Keep 'mainstream'", exact: true }).click();
    for (const page of [mys, idn, chair]) {
      await expect.poll(() => textOf(page, 'OP1')).toContain('States to mainstream a gender perspective');
      await expect.poll(() => textOf(page, 'OP1')).not.toContain('integrate');
      await expect.poll(() => clause(page, 'OP1').locator('span.bracket, .bracket-mark').count()).toBe(0);
      await expect.poll(() => clause(page, 'OP1').getAttribute('data-bracketed')).toBeNull();
    }
    await expect.poll(storedText).toContain('OP1 Encourage ASEAN Member States to mainstream a gender perspective');
    await expect.poll(() => panel(chair).getByTestId('bracket-choice').count()).toBe(0);
    await chair.screenshot({ path: artifact('brackets-picked.png') });
  });

  it('in "amendments only", a delegate’s editor proposes by force and their proposal stands; the proposer withdraws it', async () => {
    await chair.getByTestId('editing-phase').getByRole('button', { name: 'Amendments only', exact: true }).click();
    const toggle = mys.getByRole('button', { name: 'Propose changes', exact: true });
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await expect(toggle.isDisabled()).resolves.toBe(true);
    await expect(mys.getByTestId('editing-phase-tag').innerText()).resolves.toBe('Amendments only');
    await expect(mys.getByRole('toolbar').getByRole('button', { name: 'Bracket', exact: true }).isDisabled()).resolves.toBe(true);
    // The chair still edits directly, and may choose to propose.
    await expect(chair.getByRole('button', { name: 'Propose changes', exact: true }).getAttribute('aria-pressed')).resolves.toBe('false');

    await caretAtEnd(mys, 'OP2');
    await mys.keyboard.press('ArrowLeft');
    await mys.keyboard.type(' and its working groups');
    await expect.poll(() => clause(chair, 'OP2').locator('ins[data-delegation="MYS"]').innerText()).toBe(' and its working groups');
    // Not undone by the server: it comes as MYS's own proposal.
    await mys.waitForTimeout(500);
    await expect(clause(mys, 'OP2').locator('ins[data-delegation="MYS"]').innerText()).resolves.toBe(' and its working groups');
    await expect(mys.getByTestId('toasts').innerText()).resolves.not.toContain('undone');
    await mys.screenshot({ path: artifact('amendments-only-delegate.png') });

    await caretAtEnd(mys, 'OP2');
    const own = amendmentItems(mys).first();
    await expect.poll(() => own.getByTestId('amendment-summary').innerText()).toBe("MYS proposes to insert 'and its working groups' in OP2");
    await own.getByRole('button', { name: 'Withdraw', exact: true }).click();
    for (const page of [mys, idn, chair]) {
      await expect.poll(() => clause(page, 'OP2').locator('ins, del').count()).toBe(0);
      await expect.poll(() => textOf(page, 'OP2')).toBe('Call upon the SOMTC to take into account the recommendations of this Dialogue;');
    }
    await caretAtEnd(chair, 'OP2');
    await expect.poll(() => amendmentItems(chair).first().getAttribute('data-status')).toBe('withdrawn');

    await chair.getByTestId('editing-phase').getByRole('button', { name: 'Direct', exact: true }).click();
    await expect.poll(() => toggle.isDisabled()).toBe(false);
  });

  it('the amendments view and the chair’s desk show pending amendments and brackets per paragraph', async () => {
    // Back in direct editing, MYS's own choice holds again (off): MYS proposes by choice, a deletion in
    // PP2; the chair brackets a word in PP1 with the shortcut.
    const toggle = mys.getByRole('button', { name: 'Propose changes', exact: true });
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await selectWords(mys, 'PP2', 'grown to be ');
    await mys.keyboard.press('Backspace');
    await expect.poll(() => clause(chair, 'PP2').locator('del[data-delegation="MYS"]').innerText()).toBe('grown to be ');
    await selectWords(chair, 'PP1', 'Promoting');
    await chair.keyboard.press('Control+BracketLeft');
    await expect.poll(() => textOf(idn, 'PP1')).toContain('on [Promoting] Women');

    await chair.getByTestId('amendments-link').click();
    const view = chair.getByTestId('amendments-view');
    await expect.poll(() => view.getByTestId('amendment').count()).toBe(1);
    await expect(view.getByTestId('amendment-summary').first().innerText()).resolves.toBe("MYS proposes to delete 'grown to be' in PP2");
    await expect.poll(() => view.getByTestId('bracket-choice').count()).toBe(1);
    await view.getByRole('button', { name: 'All', exact: true }).click();
    await expect.poll(() => view.getByTestId('amendment').count()).toBe(3);
    await chair.screenshot({ path: artifact('amendments-view.png'), fullPage: true });

    await chair.getByTestId('desk-link').click();
    const row = (label: string) => chair.getByTestId('desk').locator('tr', { has: chair.locator(`th:text-is("${label}")`) });
    await expect.poll(() => row('PP2').getByTestId('desk-amendments').innerText()).toBe('1');
    await expect.poll(() => row('PP1').getByTestId('desk-brackets').innerText()).toBe('[1]');
    await expect(row('OP3').getByTestId('desk-amendments').innerText()).resolves.toBe('–');
    await chair.screenshot({ path: artifact('desk-amendments.png'), fullPage: true });
  });
  it('a delegate proposes a new paragraph and deleting another, each as one amendment; the chair accepts the deletion and rejects the new one, and both go whole', async () => {
    await chair.goto(`${server.url}/documents/${n.documentId}`);
    await chair.waitForSelector('[data-testid=editor] [data-label="OP3"]');
    const toggle = mys.getByRole('button', { name: 'Propose changes', exact: true });
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    // Only while proposing: the whole-paragraph proposals.
    expect(await chair.getByTestId('propose-new-paragraph').count()).toBe(0);

    await caretAtEnd(mys, 'OP1');
    await mys.getByTestId('propose-new-paragraph').click();
    await mys.keyboard.type('Welcome the network of women peace builders;');
    await expect.poll(() => clause(chair, 'OP1bis').locator('ins[data-delegation="MYS"]').innerText()).toBe('Welcome the network of women peace builders;');
    await caretAtEnd(mys, 'OP3');
    await mys.getByTestId('propose-delete-paragraph').click();
    await expect.poll(() => clause(chair, 'OP3').locator('del[data-delegation="MYS"]').allInnerTexts()).not.toEqual([]);
    await mys.screenshot({ path: artifact('paragraph-proposals-delegate.png'), fullPage: true });

    await chair.getByTestId('amendments-link').click();
    const view = chair.getByTestId('amendments-view');
    const byText = (text: string) => view.getByTestId('amendment').filter({ has: chair.getByTestId('amendment-summary').getByText(text) });
    await expect.poll(() => byText("MYS proposes a new paragraph OP1bis: 'Welcome the network of women peace builders;'").count()).toBe(1);
    await expect.poll(() => byText('MYS proposes deleting OP3').count()).toBe(1);
    await chair.screenshot({ path: artifact('paragraph-proposals-chair.png'), fullPage: true });

    await byText('MYS proposes deleting OP3').getByRole('button', { name: 'Accept', exact: true }).click();
    await byText('MYS proposes a new paragraph').getByRole('button', { name: 'Reject', exact: true }).click();
    await expect.poll(storedText).not.toContain('Welcome the network of women peace builders');
    await expect.poll(storedText).not.toMatch(/^OP3/m);
    await expect.poll(storedText).not.toMatch(/^OP1bis/m);
    await mys.goto(`${server.url}/documents/${n.documentId}`);
    await mys.waitForSelector('[data-testid=editor] [data-label="OP2"]');
    expect(await mys.locator('[data-testid=editor] [data-label="OP3"], [data-testid=editor] [data-label="OP1bis"]').count()).toBe(0);
  });
});

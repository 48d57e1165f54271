import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { collabClient, type CollabClient } from '../helpers/collab.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { clause, editor, paragraph, pveDraft, selectWords, storedText, textOf, writeZeroDraft } from '../helpers/page.js';
import { EDITOR_SHORTCUTS, shownKeys } from '../../client/editor/keyboard.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import type { Thread } from '../../shared/api/discussion.js';

/**
 * The text by keyboard: Tab and Shift+Tab move a paragraph down a level and back without changing
 * which paragraph it is; Tab leaves the text where it has nothing to do; Escape always does; the
 * keyboard help lists every shortcut.
 */

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let page: Page;

const OP2 = 'the SOMTC to take into account the recommendations of this Dialogue;';
const QUOTE = 'recommendations of this Dialogue';

const threads = async () => (await n.mys.api.json<{ threads: Thread[] }>('GET', `/api/documents/${n.documentId}/threads`)).threads;
/** The caret is in the text: the editable element has focus (a button drawn in its margin is a control of its own). */
const inEditor = () => page.evaluate(() => !!document.activeElement?.matches('[data-testid=editor]'));
const focusedIn = (selector: string) => page.evaluate((s) => !!document.activeElement?.closest(s), selector);

/** A copy of the stored Yjs document, kept in sync over the socket as another integration would. */
let stored: CollabClient;

/** The paragraph or sub-paragraph carrying `id` in the stored Yjs document, with its number attribute. */
function storedBlock(id: string): { name: string; number: unknown } | null {
  for (const part of stored.doc.getXmlFragment(FRAGMENT).toArray() as Y.XmlElement[]) {
    for (const cl of part.toArray()) {
      if (!(cl instanceof Y.XmlElement)) continue; // the title's and formula's text
      const subclauses = cl.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'subclause');
      for (const el of [cl, ...subclauses]) {
        if (el.getAttribute('id') === id) return { name: el.nodeName, number: el.getAttribute('number') };
      }
    }
  }
  return null;
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft('the importance of a whole-of-society approach;'), 'whole-of-society');
  stored = collabClient(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
  await stored.synced();
  browser = await launchChromium();
  page = await signInPage(browser, server.url, n.mys.user.email);
  await page.goto(`${server.url}/documents/${n.documentId}`);
  await page.waitForSelector('[data-testid=editor] [data-label="OP2"]');
});

afterAll(async () => {
  stored?.destroy();
  await browser?.close();
  await server?.stop();
});

describe('Tab and Shift+Tab keep a paragraph what it is', () => {
  it('OP2 with an open thread: Tab makes it OP1(a), Shift+Tab gives back OP2, same id, same thread, quote still current', async () => {
    // A thread on OP2, quoting three words.
    await selectWords(page, 'OP2', QUOTE);
    await page.getByRole('toolbar').getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByTestId('thread-composer').fill('Which recommendations? Please list them.');
    await page.getByTestId('discussion-panel').getByRole('button', { name: 'Comment', exact: true }).click();
    await expect.poll(async () => (await threads()).length).toBe(1);
    const id = (await clause(page, 'OP2').getAttribute('data-id'))!;
    expect(id).toBeTruthy();
    expect((await threads())[0]).toMatchObject({ clauseId: id, quote: { text: QUOTE, current: QUOTE } });

    // Tab, caret in OP2: a sub-paragraph of OP1, carrying the same id.
    await paragraph(page, 'OP2').click();
    // The click's caret reaches ProseMirror on the browser's selectionchange, a task after the click:
    // wait until the editor has it (its toolbar offers the command) before pressing Tab, as a person would.
    await expect.poll(() => page.getByRole('toolbar').getByRole('button', { name: 'Make sub-paragraph' }).isEnabled()).toBe(true);
    await page.keyboard.press('Tab');
    await page.waitForSelector('[data-testid=editor] [data-label="OP1(a)"]');
    expect(await editor(page).locator('[data-label="OP1(a)"]').getAttribute('data-id')).toBe(id);
    expect(await inEditor()).toBe(true);
    await expect.poll(() => storedBlock(id)).toEqual({ name: 'subclause', number: 2 });
    // The quote follows its words into the sub-paragraph.
    await expect.poll(async () => (await threads())[0]!.quote?.current).toBe(QUOTE);
    // While its words are OP1(a), the thread is shown under OP1, never as on a deleted paragraph.
    const op1 = (await clause(page, 'OP1').getAttribute('data-id'))!;
    await expect.poll(async () => (await threads())[0]!.clauseId).toBe(op1);
    const demoted = await n.chair.api.json<{ oldestUnanswered: { clauseId: string; label: string }[] }>('GET', `/api/documents/${n.documentId}/desk`);
    expect(demoted.oldestUnanswered).toMatchObject([{ clauseId: op1, label: 'OP1' }]);
    await page.screenshot({ path: artifact('keyboard-tab-subparagraph.png') });

    // Shift+Tab: OP2 again, not OP1bis, with the same id, its number and its thread.
    await page.keyboard.press('Shift+Tab');
    await page.waitForSelector('[data-testid=editor] [data-label="OP2"]');
    expect(await clause(page, 'OP2').getAttribute('data-id')).toBe(id);
    expect(await editor(page).locator('[data-label="OP1bis"], [data-label="OP1(a)"]').count()).toBe(0);
    expect(await textOf(page, 'OP2')).toContain(OP2);
    expect(await inEditor()).toBe(true);
    await expect.poll(() => storedBlock(id)).toEqual({ name: 'clause', number: 2 });
    await expect.poll(() => storedText(n)).toMatch(/^OP2 Call upon the SOMTC/m);
    await expect.poll(async () => (await threads())[0]).toMatchObject({ clauseId: id, status: 'open', quote: { text: QUOTE, current: QUOTE } });

    // Highlighted on its words in the text again (its old anchor went with OP2's old text).
    const highlight = clause(page, 'OP2').locator(`.thread-quote[data-thread-id="${(await threads())[0]!.id}"]`);
    await expect.poll(() => highlight.allInnerTexts().then((t) => t.join(''))).toBe(QUOTE);

    // Listed under OP2: its margin count, its side panel, and the chair's desk.
    await expect.poll(() => clause(page, 'OP2').getByTestId('thread-count').innerText()).toBe('1');
    await clause(page, 'OP2').getByTestId('thread-count').click();
    await expect.poll(() => page.getByTestId('discussion-clause').innerText()).toBe('OP2');
    const thread = page.getByTestId('discussion-panel').getByTestId('thread').first();
    await expect.poll(() => thread.getByTestId('thread-quote').innerText()).toContain(QUOTE);
    const desk = await n.chair.api.json<{ oldestUnanswered: { clauseId: string; label: string }[] }>('GET', `/api/documents/${n.documentId}/desk`);
    expect(desk.oldestUnanswered).toMatchObject([{ clauseId: id, label: 'OP2' }]);
    await page.screenshot({ path: artifact('keyboard-tab-roundtrip.png') });
  });

  it('the toolbar says the same in words: Make sub-paragraph, Make paragraph, with their keys', async () => {
    await paragraph(page, 'OP3').click();
    const toolbar = page.getByRole('toolbar');
    const down = toolbar.getByRole('button', { name: 'Make sub-paragraph' });
    const up = toolbar.getByRole('button', { name: 'Make paragraph', exact: true });
    expect(await down.getAttribute('aria-keyshortcuts')).toBe('Tab');
    expect(await up.getAttribute('aria-keyshortcuts')).toBe('Shift+Tab');
    await expect.poll(() => up.isDisabled()).toBe(true);
    await down.click();
    await page.waitForSelector('[data-testid=editor] [data-label="OP2(a)"]');
    await expect.poll(() => up.isEnabled()).toBe(true);
    await up.click();
    await page.waitForSelector('[data-testid=editor] [data-label="OP3"]');
    expect(await editor(page).locator('[data-label="OP2(a)"], [data-label="OP2bis"]').count()).toBe(0);
  });
});

describe('the text is no keyboard trap', () => {
  it('Tab in the first paragraph, where it makes nothing, moves focus out of the text and leaves it unchanged', async () => {
    const before = await textOf(page, 'PP1');
    await paragraph(page, 'PP1').click();
    expect(await inEditor()).toBe(true);
    // As above: Tab once the editor has the clicked caret, which its toolbar shows (nothing to make of
    // the first paragraph). The test before left the caret in OP3, where Tab does make a sub-paragraph.
    await expect.poll(() => page.getByRole('toolbar').getByRole('button', { name: 'Make sub-paragraph' }).isDisabled()).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(inEditor).toBe(false);
    // On to the next control (here a thread count in a paragraph's margin), not into a tab character.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toMatch(/^(BUTTON|A|INPUT|SELECT|TEXTAREA)$/);
    expect(await textOf(page, 'PP1')).toBe(before);
    expect(await editor(page).locator('[data-label="PP1"]').count()).toBe(1);
  });

  it('Escape in the text hands focus to the toolbar above it', async () => {
    await paragraph(page, 'OP1').click();
    expect(await inEditor()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(inEditor).toBe(false);
    expect(await focusedIn('[role=toolbar]')).toBe(true);
  });
});

describe('the keyboard help', () => {
  it('`?` typed in the text is a question mark', async () => {
    await paragraph(page, 'OP1').click();
    await page.keyboard.press('End');
    await page.keyboard.type('?');
    await expect.poll(() => textOf(page, 'OP1')).toMatch(/\?$/);
    expect(await page.getByTestId('keyboard-help').count()).toBe(0);
    await page.keyboard.press('Backspace');
  });

  it('Ctrl+/ in the text opens it, listing every shortcut; Escape closes it and the caret is back in the text', async () => {
    await paragraph(page, 'OP1').click();
    await page.keyboard.press('Control+/');
    const dialog = page.getByTestId('keyboard-help');
    await dialog.waitFor();
    const listed = await dialog.locator('dt').evaluateAll((dts) => dts.map((dt) => ({ keys: dt.getAttribute('data-keys'), shown: dt.textContent })));
    const expected = EDITOR_SHORTCUTS.flatMap((g) => g.shortcuts.map((s) => ({ keys: s.keys.join(' '), shown: s.keys.map(shownKeys).join(' or ') })));
    expect(listed).toEqual(expected);
    for (const words of ['Make sub-paragraph', 'Make paragraph again', 'Leave the text', 'Comment on the paragraph']) {
      expect(await dialog.innerText()).toContain(words);
    }
    await page.screenshot({ path: artifact('keyboard-help.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(inEditor).toBe(true);
  });

  it('`?` outside the text opens it; Escape closes it, focus back on the control that had it', async () => {
    await paragraph(page, 'OP1').click();
    await page.keyboard.press('Escape');
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(await focusedIn('[role=toolbar]')).toBe(true);
    await page.keyboard.press('Shift+Slash'); // "?" on a US keyboard
    const dialog = page.getByTestId('keyboard-help');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => focusedIn('[role=toolbar]')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toBe(focused);
  });
});

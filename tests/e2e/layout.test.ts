import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation, type Person } from '../helpers/api.js';
import { artifact, LAPTOP, launchChromium, SCREEN_SIZES, signInPage, TABLET } from '../helpers/browser.js';
import { clause, storedText, writeZeroDraft } from '../helpers/page.js';
import type { DeclarationDraft } from '../../shared/editor/content.js';
import type { ProposalAttrs } from '../../shared/editor/marks.js';
import type { DocumentSummary } from '../../shared/api/index.js';
import * as Y from 'yjs';
import { clauseText, collabClient, waitFor } from '../helpers/collab.js';

/**
 * The document page, the amendments view and the record on a laptop (1366x768) and a tablet held
 * upright (768x1024): nothing scrolls sideways, every control is whole, the chair sees the text on
 * the first screen, and a paragraph's threads open in a drawer beside the caret, not below the text.
 */

const sizeName = (s: { width: number; height: number }) => `${s.width}x${s.height}`;

let server: TestServer;
let n: Negotiation;
let adoptedId: string;
let browser: Browser;
let chair: Page;

const SOMTC_PREAMBLE = [
  ['Recalling', 'the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997 and the ASEAN Plan of Action to Combat Transnational Crime;'],
  ['Reaffirming', 'our commitment to the ASEAN Convention Against Trafficking in Persons, Especially Women and Children, which entered into force on 8 March 2017;'],
  ['Noting with concern', 'the growing threat of trafficking in persons and people smuggling, illicit drug trafficking, cybercrime and the illicit trafficking of wildlife and timber;'],
  ['Recognising', 'that transnational crime undermines the rule of law, economic development and the security of our peoples;'],
  ['Welcoming', 'the outcomes of the 19th Senior Officials Meeting on Transnational Crime held in Siem Reap, Cambodia;'],
  ['Acknowledging', 'the contribution of the ASEAN Dialogue Partners, the United Nations Office on Drugs and Crime and INTERPOL;'],
  ['Mindful', 'of the need to respect the sovereignty and domestic laws of each Member State;'],
  ['Stressing', 'the importance of a comprehensive, balanced and victim-centred approach to combating trafficking in persons;'],
] as const;

const SOMTC_OPERATIVE = [
  ['Agree', 'to strengthen cooperation in combating trafficking in persons, including through joint investigations and mutual legal assistance;'],
  ['Encourage', 'the sharing of information and best practices among law enforcement agencies of the ASEAN Member States;'],
  ['Task', 'the SOMTC to report on the implementation of this Statement at the next ASEAN Ministerial Meeting on Transnational Crime;'],
  ['Call upon', 'Member States to ratify and implement the United Nations Convention against Transnational Organized Crime and its Protocols;'],
  ['Further encourage', 'capacity building for front-line officers in identifying victims of trafficking and smuggled migrants;'],
  ['Support', 'the development of a regional mechanism for the exchange of data on cybercrime, with due regard to the protection of personal data;'],
  ['Request', 'the ASEAN Secretariat to coordinate with Dialogue Partners on technical assistance programmes;'],
  ['Urge', 'Member States to prevent the misuse of online platforms for the recruitment of victims of trafficking;'],
  ['Commit', 'to protect and assist victims of trafficking, without regard to their migration status;'],
  ['Decide', 'to review the ASEAN Plan of Action to Combat Transnational Crime by 2025;'],
  ['Express', 'appreciation to the Government of Myanmar for hosting the Meeting;'],
  ['Agree', 'to convene the next Meeting in 2021 in Brunei Darussalam.'],
] as const;

/** A twenty-paragraph ministers' statement on transnational crime. */
function longDraft(title: string): DeclarationDraft {
  return {
    title,
    formula: 'We, the Ministers responsible for transnational crime of the ASEAN Member States,',
    preambular: SOMTC_PREAMBLE.map(([lead, text]) => ({ lead, text })),
    operative: SOMTC_OPERATIVE.map(([lead, text]) => ({ lead, text })),
  };
}

/** MYS proposes, over the socket as its editor would: "timely exchange" for "sharing" in OP2, and words in OP9. */
async function mysProposes(): Promise<void> {
  const client = collabClient(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
  await client.synced();
  const attrs = (amendmentId: string): ProposalAttrs => ({
    amendmentId,
    delegationCode: 'MYS',
    color: n.mys.delegation!.color,
    authorId: n.mys.user.id,
    authorName: n.mys.user.name,
    at: new Date().toISOString(),
  });
  const words = (text: Y.XmlText) => text.toDelta().map((d: { insert: string }) => d.insert).join('');
  const op2 = clauseText(client.doc, 'operative', 1);
  const sharing = words(op2).indexOf('sharing');
  op2.format(sharing, 'sharing'.length, { deletion: attrs('a_layout_op2') });
  op2.insert(sharing + 'sharing'.length, 'timely exchange', { insertion: attrs('a_layout_op2') });
  const op9 = clauseText(client.doc, 'operative', 8);
  op9.insert(words(op9).indexOf(', without'), ', in accordance with national laws', { insertion: attrs('a_layout_op9') });
  await waitFor(() => words(op2).includes('timely exchange'), 'the proposal in MYS’s copy');
  for (let i = 0; i < 400 && !(await storedText(n)).includes('in accordance with national laws'); i++) await new Promise((r) => setTimeout(r, 50));
  client.destroy();
  if (!(await storedText(n)).includes('in accordance with national laws')) throw new Error('the server did not keep MYS’s proposals');
}

async function clauseIds(person: Person, documentId: string): Promise<Map<string, string>> {
  const desk = await person.api.json<{ clauses: { clauseId: string; label: string }[] }>('GET', `/api/documents/${documentId}/desk`);
  return new Map(desk.clauses.map((c) => [c.label, c.clauseId]));
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, longDraft('Joint Statement of the Ministers on Transnational Crime'), 'Brunei Darussalam');
  await mysProposes();
  // A negotiation under way: the zero draft went out before the meeting.
  await n.chair.api.json('POST', `/api/documents/${n.documentId}/revisions`, { note: 'Zero draft' }, 201);
  const ids = await clauseIds(n.chair, n.documentId);
  const thread = (by: Person, label: string, body: string) => by.api.json('POST', `/api/documents/${n.documentId}/threads`, { clauseId: ids.get(label), body }, 201);
  await thread(n.mys, 'OP2', 'Malaysia prefers “timely exchange”: sharing alone says nothing about when.');
  await thread(n.idn, 'OP2', 'Indonesia can accept the proposal if “in accordance with national laws” is added.');
  await thread(n.idn, 'OP9', 'Could the chair clarify whether OP9 covers smuggled migrants as well?');
  await thread(n.mys, 'OP11', 'Myanmar has asked for this paragraph to be held until capitals confirm.');

  // A second negotiation, adopted, for the record page.
  const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', {
    title: 'Joint Statement of the 13th ASEAN Ministerial Meeting on Transnational Crime',
    symbol: 'SOMTC/2019/L.1',
    venue: 'Nay Pyi Taw',
    startsOn: '2019-11-27',
    endsOn: '2019-11-28',
    numbering: 'all',
  }, 201);
  adoptedId = document.id;
  for (const [p, role] of [[n.chair, 'chair'], [n.mys, 'delegate'], [n.idn, 'delegate']] as const) {
    await n.secretariat.api.json('PUT', `/api/documents/${adoptedId}/members/${p.user.id}`, { role });
  }
  const adopted = { ...n, documentId: adoptedId };
  await writeZeroDraft(server, adopted, longDraft('Joint Statement of the 13th ASEAN Ministerial Meeting on Transnational Crime'), 'Brunei Darussalam');
  await n.chair.api.json('POST', `/api/documents/${adoptedId}/revisions`, { note: 'Zero draft' }, 201);
  await n.chair.api.json('POST', `/api/documents/${adoptedId}/adopt`, { finalSymbol: 'SOMTC/2019/1', body: 'the 13th ASEAN Ministerial Meeting on Transnational Crime' });

  browser = await launchChromium();
  chair = await signInPage(browser, server.url, n.chair.user.email);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** What does not fit the screen sideways: the page's overflow, and each visible control's edges. */
async function sideways(page: Page): Promise<{ scrollWidth: number; clientWidth: number; cut: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const cut: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role=tab]')) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.left < -0.5 || box.right > width + 0.5) cut.push(`${(el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40)} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, cut };
  });
}

/** Every button of the editor's toolbar, whole inside the viewport. */
async function toolbarButtonsInside(page: Page, viewport: { width: number; height: number }): Promise<string[]> {
  const out: string[] = [];
  const buttons = page.locator('[role=toolbar] button');
  const count = await buttons.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const button = buttons.nth(i);
    if (!(await button.isVisible())) continue;
    const box = (await button.boundingBox())!;
    if (box.x < 0 || box.y < 0 || box.x + box.width > viewport.width || box.y + box.height > viewport.height) {
      out.push(`${(await button.innerText()) || (await button.getAttribute('aria-label'))} at ${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return out;
}

async function openEditor(page: Page): Promise<void> {
  await page.goto(`${server.url}/documents/${n.documentId}`);
  await page.waitForSelector('[data-testid=editor] [data-label="OP12"]');
  await expect.poll(() => clause(page, 'OP2').getByTestId('thread-count').count()).toBe(1);
}

describe('laptop and tablet layout, in Chromium', () => {
  for (const size of SCREEN_SIZES) {
    const name = sizeName(size);

    it(`the chair's document page at ${name}: no sideways scroll, the toolbar whole${size === LAPTOP ? ', the text on the first screen' : ''}`, async () => {
      await chair.setViewportSize(size);
      await openEditor(chair);
      await chair.screenshot({ path: artifact(`layout-editor-${name}.png`) });
      const { scrollWidth, clientWidth, cut } = await sideways(chair);
      expect(cut).toEqual([]);
      expect(scrollWidth).toBe(clientWidth);
      expect(await toolbarButtonsInside(chair, size)).toEqual([]);
      // The chair sees the most controls (procedure bar, editing phase, settings) and still the text.
      const first = (await clause(chair, 'PP1').boundingBox())!;
      if (size === LAPTOP) {
        expect(first.y + first.height).toBeLessThanOrEqual(size.height);
        // Beside the text, before anyone clicks: the paragraphs with open threads, as the text labels them.
        await expect.poll(() => chair.getByTestId('discussion-panel').innerText()).toMatch(/OP2\s+2 open threads\s+OP9\s+1 open thread\s+OP11/);
      }
    });

    it(`the amendments view at ${name}: no sideways scroll, every control whole`, async () => {
      await chair.setViewportSize(size);
      await chair.goto(`${server.url}/documents/${n.documentId}/amendments`);
      await expect.poll(() => chair.getByTestId('amendments-view').getByTestId('amendment').count()).toBe(2);
      await chair.screenshot({ path: artifact(`layout-amendments-${name}.png`) });
      const { scrollWidth, clientWidth, cut } = await sideways(chair);
      expect(cut).toEqual([]);
      expect(scrollWidth).toBe(clientWidth);
    });

    it(`the record of an adopted text at ${name}: no sideways scroll, every control whole`, async () => {
      await chair.setViewportSize(size);
      await chair.goto(`${server.url}/archive/${adoptedId}`);
      await expect.poll(() => chair.getByTestId('record-text').innerText()).toContain('Brunei Darussalam');
      await chair.screenshot({ path: artifact(`layout-record-${name}.png`) });
      const { scrollWidth, clientWidth, cut } = await sideways(chair);
      expect(cut).toEqual([]);
      expect(scrollWidth).toBe(clientWidth);
    });
  }

  it('the text scrolls under an opaque toolbar, which sticks right under the top bar: no text shows through or above it', async () => {
    await chair.setViewportSize(LAPTOP);
    await openEditor(chair);
    await chair.mouse.wheel(0, 900);
    const toolbar = chair.locator('[role=toolbar]').first();
    const topbar = chair.locator('.topbar');
    await expect.poll(async () => (await toolbar.boundingBox())!.y).toBeLessThan(100);
    await expect.poll(async () => {
      const [bar, top] = [(await toolbar.boundingBox())!, (await topbar.boundingBox())!];
      return Math.round(bar.y - (top.y + top.height));
    }).toBe(0);
    const background = await toolbar.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toMatch(/^rgb\(/); // no alpha
    // What is painted just inside the toolbar's edges is the toolbar, not the text under it.
    const box = (await toolbar.boundingBox())!;
    const hits = await chair.evaluate(({ x, y, w, h }) =>
      [[x + 2, y + 2], [x + w - 2, y + h - 2], [x + w / 2, y + h - 2]].map(([px, py]) => document.elementFromPoint(px!, py!)?.closest('[data-testid=editor]') !== null),
    { x: box.x, y: box.y, w: box.width, h: box.height });
    expect(hits).toEqual([false, false, false]);
    await chair.screenshot({ path: artifact(`layout-editor-${sizeName(LAPTOP)}-scrolled.png`) });
  });

  it('on a tablet, a paragraph’s threads open in a drawer over the text, which Escape closes, giving focus back', async () => {
    await chair.setViewportSize(TABLET);
    await openEditor(chair);
    const drawer = chair.getByTestId('side-panel');
    // Closed, the panel is not on the page below the text.
    expect(await drawer.isVisible()).toBe(false);

    const count = clause(chair, 'OP9').getByTestId('thread-count');
    await count.scrollIntoViewIfNeeded();
    await count.click();
    await expect.poll(() => drawer.isVisible()).toBe(true);
    // On the first screen, within the width: over the text, not below the whole document (it slides in).
    const within = async () => {
      const box = await drawer.boundingBox();
      return !!box && box.y < TABLET.height && box.y + box.height > 0 && box.x >= 0 && box.x + box.width <= TABLET.width;
    };
    await expect.poll(within).toBe(true);
    await expect.poll(() => drawer.innerText()).toContain('Could the chair clarify whether OP9 covers smuggled migrants');
    // Focus went into the drawer.
    await expect.poll(() => drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    const { scrollWidth, clientWidth } = await sideways(chair);
    expect(scrollWidth).toBe(clientWidth);
    await chair.screenshot({ path: artifact(`layout-editor-${sizeName(TABLET)}-drawer.png`) });

    await chair.keyboard.press('Escape');
    await expect.poll(() => drawer.isVisible()).toBe(false);
    // Back to where the person was: the text.
    await expect.poll(() => chair.evaluate(() => document.activeElement?.closest('[data-testid=editor]') !== null)).toBe(true);

    // Opened from its button, closed by its close button: focus goes back to the button.
    const open = chair.getByTestId('side-panel-open');
    await open.click();
    await expect.poll(() => drawer.isVisible()).toBe(true);
    await chair.getByTestId('side-panel-close').click();
    await expect.poll(() => drawer.isVisible()).toBe(false);
    await expect.poll(() => open.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('the side panel’s tabs follow the tab pattern: arrows, Home and End move between them', async () => {
    await chair.setViewportSize(LAPTOP);
    await openEditor(chair);
    const tabs = chair.getByRole('tablist', { name: /discussion, amendments and participants/i }).getByRole('tab');
    await expect.poll(() => tabs.count()).toBe(3);
    const selected = () => chair.evaluate(() => {
      const active = document.activeElement;
      const tab = [...document.querySelectorAll('[role=tab][aria-selected=true]')].map((t) => t.textContent?.trim() ?? '');
      return { focused: active?.getAttribute('role') === 'tab' ? (active.textContent?.trim() ?? '') : null, selected: tab };
    });
    // One tab stop: the selected tab; its panel is the one it controls.
    const tabIndexes = await tabs.evaluateAll((all) => all.map((t) => t.getAttribute('tabindex')));
    expect(tabIndexes).toEqual(['0', '-1', '-1']);
    const controls = (await tabs.first().getAttribute('aria-controls'))!;
    expect(await chair.locator(`#${controls}`).getAttribute('role')).toBe('tabpanel');
    expect(await chair.locator(`#${controls}`).getAttribute('aria-labelledby')).toBe(await tabs.first().getAttribute('id'));

    await tabs.first().focus();
    await chair.keyboard.press('ArrowRight');
    await expect.poll(selected).toEqual({ focused: expect.stringMatching(/^Amendments/), selected: [expect.stringMatching(/^Amendments/)] });
    await expect.poll(() => chair.getByTestId('amendments-panel').isVisible()).toBe(true);
    await chair.keyboard.press('End');
    await expect.poll(selected).toEqual({ focused: expect.stringMatching(/^Participants/), selected: [expect.stringMatching(/^Participants/)] });
    await chair.keyboard.press('ArrowRight'); // wraps to the first
    await expect.poll(selected).toEqual({ focused: expect.stringMatching(/^Discussion/), selected: [expect.stringMatching(/^Discussion/)] });
    await chair.keyboard.press('ArrowLeft'); // and back to the last
    await expect.poll(selected).toEqual({ focused: expect.stringMatching(/^Participants/), selected: [expect.stringMatching(/^Participants/)] });
    await chair.keyboard.press('Home');
    await expect.poll(selected).toEqual({ focused: expect.stringMatching(/^Discussion/), selected: [expect.stringMatching(/^Discussion/)] });
    expect(await tabs.evaluateAll((all) => all.map((t) => t.getAttribute('tabindex')))).toEqual(['0', '-1', '-1']);
  });
});

import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { declarationJSON, type DeclarationDraft } from '../../shared/editor/content.js';
import { declarationSchema } from '../../shared/editor/index.js';
import { collabClient } from './collab.js';
import type { Negotiation } from './api.js';
import type { TestServer } from './server.js';

/** The declaration as a person sees it in the browser, found by the labels in its margin. */

export const editor = (page: Page) => page.getByTestId('editor');
export const clause = (page: Page, label: string) => editor(page).locator(`[data-label="${label}"]`).first();
export const paragraph = (page: Page, label: string) => clause(page, label).locator('> p').first();

/** A paragraph's text as written, without the other people's caret labels drawn inside it. */
export const textOf = (page: Page, label: string) =>
  paragraph(page, label).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return copy.textContent ?? '';
  });

/** ProseMirror takes the DOM selection on the next selectionchange event. */
const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));

/** Puts the caret at the end of a paragraph, as a person clicking after its last word would. */
export async function caretAtEnd(page: Page, label: string): Promise<void> {
  await paragraph(page, label).click();
  await paragraph(page, label).evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    range.collapse(false);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  });
  await settle(page);
}

/** The key a character is typed with, as Chromium's input takes it (letters, digits, space, ';', '.', ','). */
function keyOf(ch: string): { key: string; code: string; windowsVirtualKeyCode: number; text: string } {
  const upper = ch.toUpperCase();
  if (/[a-z]/i.test(ch)) return { key: ch, code: `Key${upper}`, windowsVirtualKeyCode: upper.charCodeAt(0), text: ch };
  if (/[0-9]/.test(ch)) return { key: ch, code: `Digit${ch}`, windowsVirtualKeyCode: ch.charCodeAt(0), text: ch };
  const other: Record<string, [string, number]> = { ' ': ['Space', 32], ';': ['Semicolon', 186], ',': ['Comma', 188], '.': ['Period', 190] };
  const [code, windowsVirtualKeyCode] = other[ch] ?? (() => { throw new Error(`no key for ${JSON.stringify(ch)}`); })();
  return { key: ch, code, windowsVirtualKeyCode, text: ch };
}

/**
 * Presses Enter and types `text` as a fast typist whose keys arrive while the page is busy: the page's
 * main thread is held for a moment and the keys, sent without waiting for each, queue up behind it and
 * are handled back to back, with no frame drawn between Enter and the first character.
 */
export async function enterAndTypeInOneFrame(page: Page, text: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await page.evaluate(() => {
      setTimeout(() => {
        const end = performance.now() + 150;
        while (performance.now() < end) {
          // busy: the keys below wait for this
        }
      }, 0);
    });
    const press = (key: { key: string; code: string; windowsVirtualKeyCode: number; text: string }) => [
      cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, unmodifiedText: key.text, nativeVirtualKeyCode: key.windowsVirtualKeyCode }),
      cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: key.key, code: key.code, windowsVirtualKeyCode: key.windowsVirtualKeyCode }),
    ];
    await Promise.all([...press({ key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' }), ...[...text].flatMap((ch) => press(keyOf(ch)))]);
  } finally {
    await cdp.detach();
  }
}

/** Selects `words` inside a paragraph, as a person dragging over them would. */
export async function selectWords(page: Page, label: string, words: string): Promise<void> {
  await paragraph(page, label).click();
  await paragraph(page, label).evaluate((el, target) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(target) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + target.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error(`"${target}" not found`);
  }, words);
  await settle(page);
}

/** The document's text as the server stores it (GET .../text, as the chair). */
export async function storedText(n: Negotiation): Promise<string> {
  return (await n.chair.api.request('GET', `/api/documents/${n.documentId}/text`)).text();
}

/**
 * Writes a zero draft into the negotiation's document over the socket, as an integration would, and
 * waits until the server has stored `marker`.
 */
export async function writeZeroDraft(server: TestServer, n: Negotiation, draft: DeclarationDraft, marker: string): Promise<void> {
  const client = collabClient(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
  await client.synced();
  // The declaration's four parts stay (the server refuses their removal): their contents are replaced.
  const built = new Y.Doc();
  prosemirrorJSONToYXmlFragment(declarationSchema, declarationJSON(draft), built.getXmlFragment('draft'));
  const parts = built.getXmlFragment('draft').toArray() as Y.XmlElement[];
  client.doc.transact(() => {
    client.fragment.toArray().forEach((part, i) => {
      const target = part as Y.XmlElement;
      target.delete(0, target.length);
      target.insert(0, parts[i]!.toArray().map((child) => child.clone() as Y.XmlElement | Y.XmlText));
    });
  });
  for (let i = 0; i < 200 && !(await storedText(n)).includes(marker); i++) await new Promise((r) => setTimeout(r, 50));
  client.destroy();
}

/** The zero draft most browser tests start from. */
export function pveDraft(op3: string): DeclarationDraft {
  return {
    title: 'Joint Statement on the Role of Women in Preventing Violent Extremism',
    formula: 'We, the participants of the ASEAN-UN Regional Dialogue on Women, Peace and Security,',
    preambular: [
      { lead: 'Recalling', text: 'the Joint Statement on Promoting Women, Peace and Security in ASEAN;' },
      { lead: 'Noting with concern', text: 'that violent extremism has grown to be multifaceted;' },
    ],
    operative: [
      { lead: 'Encourage', text: 'ASEAN Member States to integrate a gender perspective into policies to prevent violent extremism;' },
      { lead: 'Call upon', text: 'the SOMTC to take into account the recommendations of this Dialogue;' },
      { lead: 'Stress', text: op3 },
    ],
  };
}

/** A ministers' statement on transnational crime, under any title: the record and procedure tests' text. */
export function somtcDraft(title: string): DeclarationDraft {
  return {
    title,
    formula: 'We, the Ministers responsible for transnational crime of the ASEAN Member States,',
    preambular: [
      { lead: 'Recalling', text: 'the ASEAN Declaration on Transnational Crime adopted in Manila in 1997;' },
      { lead: 'Noting with concern', text: 'the growing threat of trafficking in persons and people smuggling;' },
    ],
    operative: [
      { lead: 'Agree', text: 'to strengthen cooperation in combating trafficking in persons;' },
      { lead: 'Encourage', text: 'the sharing of information among law enforcement agencies;' },
      { lead: 'Task', text: 'the SOMTC to report on the implementation of this Statement;' },
    ],
  };
}

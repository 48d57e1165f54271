import { Extension } from '@tiptap/core';
import type { EditorView } from '@tiptap/pm/view';
import { ALTERNATIVE_SHORTCUT, BRACKET_SHORTCUT } from './brackets.js';
import { ALTERNATIVE_PARAGRAPH_SHORTCUT } from './alternatives.js';

/**
 * The keyboard of the text: every shortcut the editor answers, in the words of the keyboard help,
 * and the way out of the editor (Escape), so the text is never a keyboard trap (WCAG 2.1.2).
 */

/** Keys in TipTap's notation ("Mod-Alt-m": Ctrl on Windows and Linux, Cmd on a Mac). */
export interface Shortcut {
  keys: readonly string[];
  does: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: readonly Shortcut[];
}

export const LEAVE_EDITOR_SHORTCUT = 'Escape';
/** Opens the keyboard help from anywhere, in the text too; `?` opens it outside text fields. */
export const HELP_SHORTCUT = 'Mod-/';
export const INDENT_SHORTCUT = 'Tab';
/** As the Discussion extension registers it (tests/unit/structure-shortcuts.test.ts keeps the two together). */
export const COMMENT_SHORTCUT = 'Mod-Alt-m';
export const OUTDENT_SHORTCUT = 'Shift-Tab';

export const EDITOR_SHORTCUTS: readonly ShortcutGroup[] = [
  {
    title: 'Paragraphs',
    shortcuts: [
      { keys: ['Enter'], does: 'New paragraph (in a list of sub-paragraphs: a new one)' },
      { keys: [INDENT_SHORTCUT], does: 'Make sub-paragraph of the paragraph before; it keeps its label and threads' },
      { keys: [OUTDENT_SHORTCUT], does: 'Make paragraph again (a sub-paragraph back to a paragraph)' },
      { keys: ['Backspace'], does: 'At the start of a paragraph: join it to the one before' },
      { keys: ['Delete'], does: 'At the end of a paragraph: join the next one to it' },
    ],
  },
  {
    title: 'Words',
    shortcuts: [
      { keys: ['Mod-i'], does: 'Italic: the lead words of a paragraph' },
      { keys: ['Mod-b'], does: 'Bold' },
      { keys: ['Mod-z'], does: 'Undo your last change' },
      { keys: ['Mod-y', 'Shift-Mod-z'], does: 'Redo' },
    ],
  },
  {
    title: 'Negotiating',
    shortcuts: [
      { keys: [BRACKET_SHORTCUT], does: 'Put the selected words in square brackets: not yet agreed' },
      { keys: [ALTERNATIVE_SHORTCUT], does: 'Bracket the selected words as an alternative: [shall][should]' },
      { keys: [ALTERNATIVE_PARAGRAPH_SHORTCUT], does: 'Add an alternative wording of the whole paragraph (“OP4 alt”)' },
      { keys: [COMMENT_SHORTCUT], does: 'Comment on the paragraph, quoting the selected words' },
    ],
  },
  {
    title: 'Moving around',
    shortcuts: [
      { keys: [LEAVE_EDITOR_SHORTCUT], does: 'Leave the text: focus goes to the toolbar above it' },
      { keys: ['Tab'], does: 'Where it makes no sub-paragraph (title, first paragraph, a selection): go to the next control' },
      { keys: ['?', HELP_SHORTCUT], does: 'This list (? outside the text and fields; Ctrl+/ anywhere)' },
    ],
  },
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

const NAMES: Record<string, { shown: string; aria: string }> = {
  Mod: { shown: isMac ? '⌘' : 'Ctrl', aria: isMac ? 'Meta' : 'Control' },
  Alt: { shown: isMac ? '⌥' : 'Alt', aria: 'Alt' },
  Shift: { shown: isMac ? '⇧' : 'Shift', aria: 'Shift' },
  Escape: { shown: 'Esc', aria: 'Escape' },
};

/** The order people write modifiers in: Ctrl+Alt+Shift+Z on Windows and Linux, ⌥⇧⌘Z on a Mac. */
const MODIFIER_ORDER = isMac ? ['Alt', 'Shift', 'Mod'] : ['Mod', 'Alt', 'Shift'];

function parts(keys: string): string[] {
  // "Mod-[" splits on the dashes between names; a trailing "-" would be the key itself (none here).
  const all = keys.split('-').filter(Boolean);
  const key = all.slice(-1);
  const modifiers = all.slice(0, -1).sort((a, b) => MODIFIER_ORDER.indexOf(a) - MODIFIER_ORDER.indexOf(b));
  return [...modifiers, ...key];
}

function keyName(part: string, field: 'shown' | 'aria'): string {
  return NAMES[part]?.[field] ?? (part.length === 1 ? part.toUpperCase() : part);
}

/** "Mod-Alt-m" as a person reads it: "Ctrl+Alt+M", or "⌥⌘M" on a Mac. */
export function shownKeys(keys: string): string {
  const names = parts(keys).map((p) => keyName(p, 'shown'));
  if (keys === '?') return '?';
  return isMac ? names.join('') : names.join('+');
}

/** The same keys for aria-keyshortcuts: "Control+Alt+M". */
export function ariaKeys(keys: string): string {
  return keys === '?' ? '?' : parts(keys).map((p) => keyName(p, 'aria')).join('+');
}

/** Where focus goes when Escape leaves the text: the toolbar of this text, or the next control after it. */
function focusAfterLeaving(view: EditorView): HTMLElement | null {
  const column = view.dom.closest('.paper-column');
  const toolbar = column?.querySelector<HTMLElement>('[role="toolbar"]');
  const inToolbar = toolbar?.querySelector<HTMLElement>('button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])');
  if (inToolbar) return inToolbar;
  const focusable = [...document.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])')];
  return focusable.find((el) => view.dom.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && !view.dom.contains(el)) ?? null;
}

/**
 * Escape hands focus back to the page: to the text's toolbar, else the next control, else nowhere.
 * Its keys come after every other extension's (lower priority than the default 100), so whatever
 * else uses Escape in the text keeps it.
 */
export const LeaveEditor = Extension.create({
  name: 'leaveEditor',
  priority: 10,
  addKeyboardShortcuts() {
    return {
      [LEAVE_EDITOR_SHORTCUT]: () => {
        const { view } = this.editor;
        const target = focusAfterLeaving(view);
        (view.dom as HTMLElement).blur();
        target?.focus();
        return true;
      },
    };
  },
});

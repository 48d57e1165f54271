import { describe, expect, it } from 'vitest';
import { getExtensionField, type AnyExtension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import { declarationExtensions } from '../../shared/editor/index.js';
import { ProposingMode } from '../../shared/editor/proposals.js';
import { Discussion } from '../../client/editor/discussion.js';
import { BracketEditing } from '../../client/editor/brackets.js';
import { AlternativeParagraphs } from '../../client/editor/alternatives.js';
import { AmendmentHighlight } from '../../client/editor/amendments.js';
import { DeclarationDecorations } from '../../client/editor/decorations.js';
import { EDITOR_SHORTCUTS, LeaveEditor, ariaKeys } from '../../client/editor/keyboard.js';

/**
 * The keyboard help lists every key the editor answers: the keys each extension of the page's editor
 * registers (shared/editor and client/editor, as DeclarationEditor assembles them), read from the
 * extensions themselves, so a new shortcut that is not in the help fails here.
 */

const EDITOR_EXTENSIONS: AnyExtension[] = [
  ...declarationExtensions,
  Collaboration,
  DeclarationDecorations,
  Discussion,
  ProposingMode,
  BracketEditing,
  AlternativeParagraphs,
  AmendmentHighlight,
  LeaveEditor,
];

function registeredKeys(): Set<string> {
  const keys = new Set<string>();
  for (const extension of EDITOR_EXTENSIONS) {
    const context = { name: extension.name, options: extension.options, storage: {}, editor: {}, type: null, parent: null };
    const add = getExtensionField<(() => Record<string, unknown>) | undefined>(extension, 'addKeyboardShortcuts', context);
    // "Mod-I" is the same key as "Mod-i" with Caps Lock on: one entry in the help.
    for (const key of Object.keys(add?.() ?? {})) keys.add(key.toLowerCase());
  }
  return keys;
}

const listed = () => new Set(EDITOR_SHORTCUTS.flatMap((g) => g.shortcuts.flatMap((s) => s.keys)).map((k) => k.toLowerCase()));

describe('the keyboard help', () => {
  it('lists every key an extension of the editor registers', () => {
    const registered = registeredKeys();
    expect(registered.size).toBeGreaterThan(10);
    for (const key of ['tab', 'shift-tab', 'escape', 'mod-alt-m', 'mod-[', 'mod-z']) expect(registered).toContain(key);
    expect([...registered].filter((k) => !listed().has(k))).toEqual([]);
  });

  it('lists no key nobody answers, besides its own (? and Ctrl+/, heard on the page)', () => {
    const registered = registeredKeys();
    expect([...listed()].filter((k) => !registered.has(k))).toEqual(['?', 'mod-/']);
  });

  it('names keys for aria-keyshortcuts as the ARIA spec spells them', () => {
    expect(ariaKeys('Shift-Tab')).toBe('Shift+Tab');
    expect(ariaKeys('Mod-Alt-m')).toBe('Control+Alt+M');
    expect(ariaKeys('Shift-Mod-z')).toBe('Control+Shift+Z');
    expect(ariaKeys('Escape')).toBe('Escape');
  });
});

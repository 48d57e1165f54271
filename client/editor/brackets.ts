import { Extension, type Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { bracketAsAlternative, bracketSelection, listBrackets, type BracketGroup } from '../../shared/editor/brackets.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { docChange } from './incremental.js';

/**
 * Square brackets on the page. The `bracket` mark renders as span.bracket, one per text node, so an
 * option holding italics or someone's proposal is several spans: the "[" and "]" are drawn here
 * instead, as widgets at the ends of each option (listBrackets), and a clause holding brackets gets
 * data-bracketed="true", which the stylesheet shows as "[ ]" in the margin.
 *
 * Shortcuts: Mod-[ brackets the selection, Mod-] brackets it as another option of the bracket right
 * before it ("[shall]" then "should" gives "[shall][should]").
 */

export const BRACKET_SHORTCUT = 'Mod-[';
export const ALTERNATIVE_SHORTCUT = 'Mod-]';

export interface BracketState {
  groups: BracketGroup[];
  decorations: DecorationSet;
}

export const bracketsKey = new PluginKey<BracketState>('brackets');

function bracketWidget(text: '[' | ']', group: BracketGroup, option: number): HTMLElement {
  const span = document.createElement('span');
  span.className = `bracket-mark bracket-mark--${text === '[' ? 'open' : 'close'}`;
  span.textContent = text;
  if (group.options.length > 1) span.title = `Option ${option + 1} of ${group.options.length}`;
  else span.title = 'In square brackets: not yet agreed';
  return span;
}

export function bracketDecorations(doc: PMNode, groups: readonly BracketGroup[]): DecorationSet {
  const decorations: Decoration[] = [];
  const bracketed = new Set<string>();
  for (const group of groups) {
    if (group.clauseId) bracketed.add(group.clauseId);
    group.options.forEach((o, index) => {
      const key = `${o.bracketId}:${group.options.length}:${index}`;
      // "[" after a caret at the start (typing there lands outside the bracket), "]" before one at the end.
      decorations.push(Decoration.widget(o.from, () => bracketWidget('[', group, index), { side: 1, key: `open:${key}`, ignoreSelection: true }));
      decorations.push(Decoration.widget(o.to, () => bracketWidget(']', group, index), { side: -1, key: `close:${key}`, ignoreSelection: true }));
    });
  }
  for (const clause of clausesOf(doc)) {
    if (!bracketed.has(clause.outline.id)) continue;
    decorations.push(Decoration.node(clause.pos, clause.pos + clause.node.nodeSize, { 'data-bracketed': 'true' }));
  }
  return DecorationSet.create(doc, decorations);
}

/** How many times the brackets were listed over the whole text (the unit tests count work, not time). */
export const bracketsWork = { full: 0 };

function stateFor(doc: PMNode): BracketState {
  bracketsWork.full++;
  const groups = listBrackets(doc);
  return { groups, decorations: bracketDecorations(doc, groups) };
}

/** Whether [from, to] of `doc`, or a character either side, holds bracketed words. */
function bracketNear(doc: PMNode, from: number, to: number): boolean {
  let found = false;
  doc.nodesBetween(Math.max(0, from - 1), Math.min(doc.content.size, to + 1), (node) => {
    if (found) return false;
    if (node.isText && node.marks.some((m) => m.type.name === 'bracket')) found = true;
    return !found;
  });
  return found;
}

/**
 * The brackets after a change: listed again only when the change touched bracketed words (before or
 * after it); otherwise the same brackets, moved with the text.
 */
export function updateBrackets(previous: BracketState, oldDoc: PMNode, doc: PMNode): BracketState {
  const change = docChange(oldDoc, doc);
  if (!change) return previous;
  if (bracketNear(oldDoc, change.from, change.oldTo) || bracketNear(doc, change.from, change.newTo)) return stateFor(doc);
  if (!previous.groups.length) return previous;
  const groups = previous.groups.map((g) => ({
    ...g,
    options: g.options.map((o) => ({ ...o, from: change.map.map(o.from, 1), to: change.map.map(o.to, -1) })),
  }));
  return { groups, decorations: previous.decorations.map(change.map, doc) };
}

export type BracketAction = 'bracket' | 'alternative';

/** Why a bracket cannot be made here, or null when it can. */
export function bracketRefusal(editor: Editor, action: BracketAction): string | null {
  const { selection } = editor.state;
  if (selection.empty) return action === 'bracket' ? 'Select the words to put in square brackets' : 'Select the words of the alternative, right after a bracket';
  if (selection.$from.parent.type.name === 'title' || !selection.$from.parent.type.allowsMarkType(editor.schema.marks.bracket!)) {
    return 'The title cannot hold square brackets';
  }
  if (action === 'alternative' && !bracketAsAlternative(editor.state)) {
    return 'An alternative goes right after a bracket: bracket the first option, then select the next words';
  }
  return null;
}

/** Brackets the selection (or adds it as an alternative); returns why not, or null when done. */
export function applyBracket(editor: Editor, action: BracketAction): string | null {
  const refusal = bracketRefusal(editor, action);
  if (refusal) return refusal;
  const tr = action === 'bracket' ? bracketSelection(editor.state) : bracketAsAlternative(editor.state);
  if (!tr) return 'Nothing to bracket here';
  editor.view.dispatch(tr);
  editor.view.focus();
  return null;
}

export interface BracketEditingOptions {
  /** Whether this person may bracket now; asked at each shortcut (a function: options are deep-copied). */
  canBracket: () => boolean;
  /** Why a shortcut did nothing. */
  onRefused: (message: string) => void;
}

export const BracketEditing = Extension.create<BracketEditingOptions>({
  name: 'bracketEditing',
  addOptions() {
    return { canBracket: () => true, onRefused: () => {} };
  },
  addKeyboardShortcuts() {
    const run = (action: BracketAction) => () => {
      // Always handled, so the browser never takes the keys (Cmd-[ is "back" in some browsers).
      if (!this.editor.isEditable) return true;
      if (!this.options.canBracket()) {
        this.options.onRefused('In the amendments-only phase, only the chair puts text in square brackets');
        return true;
      }
      const refusal = applyBracket(this.editor, action);
      if (refusal) this.options.onRefused(refusal);
      return true;
    };
    return { [BRACKET_SHORTCUT]: run('bracket'), [ALTERNATIVE_SHORTCUT]: run('alternative') };
  },
  addProseMirrorPlugins() {
    return [
      new Plugin<BracketState>({
        key: bracketsKey,
        state: {
          init: (_, state) => stateFor(state.doc),
          apply: (tr, previous) => (tr.docChanged ? updateBrackets(previous, tr.before, tr.doc) : previous),
        },
        props: {
          decorations: (state) => bracketsKey.getState(state)?.decorations ?? null,
        },
      }),
    ];
  },
});

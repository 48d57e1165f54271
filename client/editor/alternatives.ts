import { Extension, type Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { addAlternativeParagraph, listAlternatives } from '../../shared/editor/alternatives.js';
import { clausesOf, type ClauseAt } from '../../shared/editor/outline.js';
import { blockTouched, docChange } from './incremental.js';

/**
 * Alternative paragraphs on the page ("OP4" and "OP4 alt" side by side, for the chair to keep one).
 * An alternative is a clause whose `alternativeOf` names a paragraph still in the text: it gets
 * data-alternative="true" (a tinted ground and a rule in the margin); the paragraph it stands for gets
 * data-bracketed="true", the "[ ]" margin marker of a paragraph holding a choice. Labels ("OP4 alt")
 * come from the margin labels (decorations.ts). Shortcut: Mod-Alt-a adds an alternative to the
 * paragraph at the caret.
 */

export const ALTERNATIVE_PARAGRAPH_SHORTCUT = 'Mod-Alt-a';

/** One choice in the text: the original first, then its alternatives, with their words. */
export interface TextAlternativeChoice {
  clauseId: string;
  options: { clauseId: string; excerpt: string }[];
}

export interface AlternativeState {
  choices: TextAlternativeChoice[];
  decorations: DecorationSet;
}

export const alternativesKey = new PluginKey<AlternativeState>('alternatives');

const EXCERPT = 160;

/** A paragraph's words, without those proposed for deletion, shortened for a list. */
export function clauseExcerpt(node: PMNode): string {
  let text = '';
  node.forEach((child) => {
    let part = '';
    child.descendants((n) => {
      if (n.isText && !n.marks.some((m) => m.type.name === 'deletion')) part += n.text ?? '';
      return true;
    });
    if (part) text += `${text ? ' ' : ''}${part}`;
  });
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > EXCERPT ? `${t.slice(0, EXCERPT - 1)}…` : t;
}

function stateFor(doc: PMNode): AlternativeState {
  alternativesWork.full++;
  const found = listAlternatives(doc);
  const clauses = clausesOf(doc);
  const byId = new Map(clauses.map((c) => [c.outline.id, c]));
  const choices = found.map((c) => ({
    clauseId: c.clauseId,
    options: c.options.map((id) => ({ clauseId: id, excerpt: byId.get(id) ? clauseExcerpt(byId.get(id)!.node) : '' })),
  }));
  const originals = new Set(found.map((c) => c.clauseId));
  const alternatives = new Set(found.flatMap((c) => c.options.slice(1)));
  const decorations: Decoration[] = [];
  for (const c of clauses) {
    const id = c.outline.id;
    if (originals.has(id)) decorations.push(Decoration.node(c.pos, c.pos + c.node.nodeSize, { 'data-bracketed': 'true', 'data-alternatives': 'true' }));
    else if (alternatives.has(id)) decorations.push(Decoration.node(c.pos, c.pos + c.node.nodeSize, { 'data-alternative': 'true' }));
  }
  return { choices, decorations: DecorationSet.create(doc, decorations) };
}

/** A clause that takes part in a choice, or may start one: the whole list is rebuilt when one is touched. */
function inChoices(state: AlternativeState, clause: ClauseAt): boolean {
  if (clause.outline.alternativeOf) return true;
  return state.choices.some((c) => c.options.some((o) => o.clauseId === clause.outline.id));
}

/** How many times the choices were listed over the whole text (the unit tests count work, not time). */
export const alternativesWork = { full: 0 };

/**
 * The choices after a change: listed again only when the change touched a clause in a choice (or one
 * naming a paragraph it stands for, before or after); otherwise the same, their marks moved.
 */
export function updateAlternatives(previous: AlternativeState, oldDoc: PMNode, doc: PMNode): AlternativeState {
  const change = docChange(oldDoc, doc);
  if (!change) return previous;
  const before = clausesOf(oldDoc).filter((c) => blockTouched(c, change.from, change.oldTo));
  const after = clausesOf(doc).filter((c) => blockTouched(c, change.from, change.newTo));
  // A clause gone or added may be the paragraph an alternative stands for: the counts tell.
  if (before.length !== after.length || [...before, ...after].some((c) => inChoices(previous, c))) {
    return stateFor(doc);
  }
  return { choices: previous.choices, decorations: previous.decorations.map(change.map, doc) };
}

/** Adds an alternative to the paragraph at the caret; returns why not, or null when done. */
export function applyAlternativeParagraph(editor: Editor): string | null {
  const tr = addAlternativeParagraph(editor.state);
  if (!tr) return 'Put the caret in a paragraph to add an alternative to it';
  editor.view.dispatch(tr);
  editor.view.focus();
  return null;
}

export interface AlternativeParagraphsOptions {
  /** Whether this person may add alternatives now (the rule of square brackets); asked at each shortcut. */
  canAdd: () => boolean;
  /** Why the shortcut did nothing. */
  onRefused: (message: string) => void;
}

export const AlternativeParagraphs = Extension.create<AlternativeParagraphsOptions>({
  name: 'alternativeParagraphs',
  addOptions() {
    return { canAdd: () => true, onRefused: () => {} };
  },
  addKeyboardShortcuts() {
    return {
      [ALTERNATIVE_PARAGRAPH_SHORTCUT]: () => {
        if (!this.editor.isEditable) return true;
        if (!this.options.canAdd()) {
          this.options.onRefused('In the amendments-only phase, only the chair adds alternative paragraphs');
          return true;
        }
        const refusal = applyAlternativeParagraph(this.editor);
        if (refusal) this.options.onRefused(refusal);
        return true;
      },
    };
  },
  addProseMirrorPlugins() {
    return [
      new Plugin<AlternativeState>({
        key: alternativesKey,
        state: {
          init: (_, state) => stateFor(state.doc),
          apply: (tr, previous) => (tr.docChanged ? updateAlternatives(previous, tr.before, tr.doc) : previous),
        },
        props: {
          decorations: (state) => alternativesKey.getState(state)?.decorations ?? null,
        },
      }),
    ];
  },
});

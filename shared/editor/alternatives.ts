import type { Node as PMNode, NodeType } from '@tiptap/pm/model';
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { newClauseId } from './ids.js';
import { clausesOf, type ClauseAt } from './outline.js';

/**
 * Alternative paragraphs: "OP4" and "OP4 alt" stand side by side as options of one choice, like
 * bracketed alternatives within a paragraph. An alternative is a clause whose `alternativeOf` names
 * the paragraph it stands for. The chair keeps one: the others go, and the one kept takes the place
 * (and the label) of the original.
 */

export interface AlternativeChoice {
  /** The paragraph the alternatives stand for. */
  clauseId: string;
  /** The original first, then its alternatives in document order. */
  options: string[];
}

export function listAlternatives(doc: PMNode): AlternativeChoice[] {
  const clauses = clausesOf(doc);
  const ids = new Set(clauses.map((c) => c.outline.id));
  const choices = new Map<string, AlternativeChoice>();
  for (const c of clauses) {
    const target = c.outline.alternativeOf;
    if (!target || target === c.outline.id || !ids.has(target)) continue;
    let choice = choices.get(target);
    if (!choice) choices.set(target, (choice = { clauseId: target, options: [target] }));
    choice.options.push(c.outline.id);
  }
  return [...choices.values()];
}

/** Which paragraph the caret is in. */
/** The clause the selection starts in, if any. */
export function clauseAtSelection(state: EditorState): ClauseAt | null {
  const pos = state.selection.from;
  return clausesOf(state.doc).find((c) => pos > c.pos && pos < c.pos + c.node.nodeSize) ?? null;
}

/**
 * Adds an empty alternative to the paragraph at the caret (or to the paragraph it is itself an
 * alternative of), after the last existing alternative, and puts the caret in it.
 */
export function addAlternativeParagraph(state: EditorState): Transaction | null {
  const current = clauseAtSelection(state);
  if (!current) return null;
  const clauses = clausesOf(state.doc);
  const ids = new Set(clauses.map((c) => c.outline.id));
  const own = current.outline.alternativeOf;
  const target = own && ids.has(own) ? own : current.outline.id;
  const group = clauses.filter((c) => c.outline.id === target || c.outline.alternativeOf === target);
  const last = group[group.length - 1]!;
  const types = state.schema.nodes as Record<string, NodeType>;
  const clause = types.clause!.create(
    { id: newClauseId(), kind: current.outline.kind, number: null, alternativeOf: target },
    types.clauseText!.create(),
  );
  const at = last.pos + last.node.nodeSize;
  const tr = state.tr.insert(at, clause);
  return tr.setSelection(TextSelection.create(tr.doc, at + 2)).scrollIntoView();
}

/**
 * The chair keeps one paragraph of a choice: the others are removed; a kept alternative takes the
 * original's id, number and label, so references to "OP4" still hold.
 */
export function keepAlternative(state: EditorState, clauseId: string, keep: string): Transaction | null {
  const choice = listAlternatives(state.doc).find((c) => c.clauseId === clauseId);
  if (!choice || !choice.options.includes(keep)) return null;
  const clauses = clausesOf(state.doc).filter((c) => choice.options.includes(c.outline.id));
  const original = clauses.find((c) => c.outline.id === clauseId)!;
  const tr = state.tr;
  // Last first, so earlier positions stay valid.
  for (const c of [...clauses].sort((a, b) => b.pos - a.pos)) {
    if (c.outline.id === keep) {
      if (keep !== clauseId) {
        tr.setNodeMarkup(c.pos, undefined, { ...c.node.attrs, id: clauseId, number: original.node.attrs.number, alternativeOf: null });
      }
      continue;
    }
    tr.delete(c.pos, c.pos + c.node.nodeSize);
  }
  return tr;
}

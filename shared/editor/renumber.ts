import type { EditorState, Transaction } from '@tiptap/pm/state';
import { labelClauses, type NumberingStyle } from '../labels.js';
import { clausesOf } from './outline.js';

export interface LabelChange {
  clauseId: string;
  from: string;
  to: string;
}

/**
 * Clean renumbering, as done when a revision is issued: every paragraph gets the number of its
 * position among its kind (OP4bis becomes OP5, the old OP5 becomes OP6), so the next round of
 * insertions starts from clean labels. Alternative paragraphs keep standing for their original and
 * take no number of their own. Returns the transaction (null when every number is already right)
 * and the labels it changes.
 */
export function renumberDeclaration(state: EditorState, style: NumberingStyle): { tr: Transaction | null; changes: LabelChange[] } {
  const clauses = clausesOf(state.doc);
  const ids = new Set(clauses.map((c) => c.outline.id));
  const isAlternative = (alt: string | null | undefined, id: string) => !!alt && alt !== id && ids.has(alt);
  const before = labelClauses(clauses.map((c) => c.outline), style);
  const counters = { preambular: 0, operative: 0 };
  const numbers = clauses.map((c) => (isAlternative(c.outline.alternativeOf, c.outline.id) ? null : ++counters[c.outline.kind]));
  const after = labelClauses(
    clauses.map((c, i) => ({ ...c.outline, number: numbers[i]! })),
    style,
  );
  const changes: LabelChange[] = [];
  before.forEach((label, i) => {
    if (label.label !== after[i]!.label) changes.push({ clauseId: label.id, from: label.label, to: after[i]!.label });
  });
  let tr: Transaction | null = null;
  clauses.forEach((clause, i) => {
    if (clause.outline.number === numbers[i]) return;
    tr ??= state.tr;
    tr.setNodeMarkup(clause.pos, undefined, { ...clause.node.attrs, number: numbers[i] });
  });
  return { tr, changes };
}

import type { Node as PMNode, MarkType } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { newClauseId } from './ids.js';

/**
 * Square brackets: text not yet agreed. A bracket is a `bracket` mark; options of one choice
 * ("[shall][should]") are brackets of one group, numbered by `option`. The chair picks an option
 * (the others are removed, the brackets go) or clears a bracket (its text stays, unbracketed).
 */

export interface BracketRange {
  bracketId: string;
  option: number;
  from: number;
  to: number;
  text: string;
}

export interface BracketGroup {
  group: string;
  clauseId: string | null;
  options: BracketRange[];
}

/** A fresh id for a bracket or a group (same alphabet as clause ids, another prefix). */
export function newBracketId(): string {
  return `b_${newClauseId().slice(2)}`;
}

function bracketType(state: { schema: { marks: Record<string, MarkType> } }): MarkType {
  const type = state.schema.marks.bracket;
  if (!type) throw new Error('the schema has no bracket mark');
  return type;
}

/** Every bracket group in the document, with its options in document order. */
export function listBrackets(doc: PMNode): BracketGroup[] {
  const groups = new Map<string, BracketGroup>();
  let clauseId: string | null = null;
  doc.descendants((node, pos) => {
    if (node.type.name === 'clause') clauseId = (node.attrs.id as string | null) ?? null;
    if (!node.isText) return true;
    const mark = node.marks.find((m) => m.type.name === 'bracket');
    if (!mark) return false;
    const group = String(mark.attrs.group ?? mark.attrs.bracketId);
    let entry = groups.get(group);
    if (!entry) groups.set(group, (entry = { group, clauseId, options: [] }));
    const last = entry.options.at(-1);
    if (last && last.bracketId === mark.attrs.bracketId && last.to === pos) {
      // The same bracket continued across a change of other marks (italic inside a bracket).
      last.to = pos + node.nodeSize;
      last.text += node.text ?? '';
    } else {
      entry.options.push({ bracketId: String(mark.attrs.bracketId), option: Number(mark.attrs.option ?? 0), from: pos, to: pos + node.nodeSize, text: node.text ?? '' });
    }
    return false;
  });
  return [...groups.values()];
}

/** Brackets the selection as a new choice of its own: [text]. Null when nothing is selected. */
export function bracketSelection(state: EditorState): Transaction | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const id = newBracketId();
  return state.tr.addMark(from, to, bracketType(state).create({ bracketId: id, group: id, option: 0 }));
}

/**
 * Brackets the selection as another option of the bracket right before it: "[shall]" then
 * "should" selected right after it gives "[shall][should]". Null when no bracket touches it.
 */
export function bracketAsAlternative(state: EditorState): Transaction | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const before = listBrackets(state.doc).find((g) => g.options.some((o) => o.to === from || o.to === from - 1));
  if (!before) return null;
  const option = Math.max(...before.options.map((o) => o.option)) + 1;
  return state.tr.addMark(from, to, bracketType(state).create({ bracketId: newBracketId(), group: before.group, option }));
}

/** The chair picks one option: the other options' text goes, and so do the brackets. */
export function pickBracketOption(state: EditorState, group: string, option: number): Transaction | null {
  const found = listBrackets(state.doc).find((g) => g.group === group);
  if (!found || !found.options.some((o) => o.option === option)) return null;
  const tr = state.tr;
  // From the end backwards, so earlier positions stay valid.
  for (const o of [...found.options].sort((a, b) => b.from - a.from)) {
    if (o.option === option) {
      tr.removeMark(o.from, o.to, bracketType(state));
      continue;
    }
    // "shall should take" written with a space between the options: take one space with the option.
    const before = o.from > 0 ? tr.doc.textBetween(o.from - 1, o.from) : '';
    const after = o.to < tr.doc.content.size ? tr.doc.textBetween(o.to, o.to + 1) : '';
    tr.delete(before === ' ' && after === ' ' ? o.from - 1 : o.from, o.to);
  }
  return tr;
}

/** The chair clears a bracket: its text stays, without brackets. */
export function clearBracket(state: EditorState, group: string): Transaction | null {
  const found = listBrackets(state.doc).find((g) => g.group === group);
  if (!found) return null;
  const tr = state.tr;
  for (const o of found.options) tr.removeMark(o.from, o.to, bracketType(state));
  return tr;
}

/** Clause ids that still hold brackets (not yet agreed text). */
export function bracketedClauseIds(doc: PMNode): Set<string> {
  return new Set(listBrackets(doc).flatMap((g) => (g.clauseId ? [g.clauseId] : [])));
}

import type { MarkType, Node as PMNode, NodeType } from '@tiptap/pm/model';
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { ProposalAttrs } from './marks.js';
import { clauseAtSelection } from './alternatives.js';
import { clausesOf } from './outline.js';
import { newClauseId } from './ids.js';

/** Meta of a transaction proposing mode must leave as it is (same value as proposals.ts DIRECT_META). */
const DIRECT_META = 'accord:direct';

/**
 * Whole-paragraph proposals. A delegation proposes a new paragraph by writing one whose every word is
 * its proposed insertion, and proposes deleting a paragraph by marking every word of it (sub-paragraphs
 * included) for deletion, under one amendment. No separate node or attribute says so: the paragraph's
 * marks are the proposal, so it travels through Yjs, the guard and every export like any other.
 *
 * Deciding one removes the whole paragraph, label and all, where its words go: accepting a deletion,
 * or rejecting a new paragraph (decideAmendments). A paragraph is never left behind as an empty "9.".
 */

export interface ParagraphProposal {
  kind: 'insertion' | 'deletion';
  attrs: ProposalAttrs;
}

/**
 * The whole-paragraph proposal a clause stands for: every character of its text (and of its
 * sub-paragraphs) carries an insertion mark (or every one a deletion mark) of one amendment. Null for
 * an empty clause and for any other clause.
 */
export function paragraphProposal(clause: PMNode): ParagraphProposal | null {
  let kind: ParagraphProposal['kind'] | null | undefined;
  let attrs: ProposalAttrs | null = null;
  let whole = true;
  clause.descendants((node) => {
    if (!whole) return false;
    if (!node.isText || !node.text) return true;
    const find = (name: string) => node.marks.find((m) => m.type.name === name);
    const mark = find('insertion') ?? find('deletion');
    const markKind = mark?.type.name as ParagraphProposal['kind'] | undefined;
    if (!mark || !markKind) return (whole = false);
    // Text both inserted by one amendment and struck by another belongs to neither as a whole.
    if (markKind === 'insertion' && find('deletion')) return (whole = false);
    if (kind === undefined) {
      kind = markKind;
      attrs = mark.attrs as ProposalAttrs;
    } else if (kind !== markKind || attrs?.amendmentId !== mark.attrs.amendmentId) {
      whole = false;
    }
    return false;
  });
  return whole && kind && attrs ? { kind, attrs } : null;
}

/**
 * Proposes deleting the whole paragraph at the caret, as one amendment: every word of it (and of its
 * sub-paragraphs) is marked for deletion with `attrs`. The proposer's own proposed words in it are
 * withdrawn instead (one does not propose to delete one's own proposal); words already struck by
 * anyone stay as they are. Null when the caret is in no paragraph or nothing is left to strike.
 * The transaction is final (DIRECT_META): proposing mode must not turn it into proposals again.
 */
export function proposeParagraphDeletion(state: EditorState, attrs: ProposalAttrs, isOwn: (a: Record<string, unknown>) => boolean): Transaction | null {
  const clause = clauseAtSelection(state);
  if (!clause) return null;
  const { insertion, deletion } = state.schema.marks as Record<string, MarkType>;
  if (!insertion || !deletion) return null;
  const strike: { from: number; to: number }[] = [];
  const withdraw: { from: number; to: number }[] = [];
  clause.node.descendants((node, offset) => {
    if (!node.isText || !node.text) return true;
    const from = clause.pos + 1 + offset;
    const to = from + node.nodeSize;
    if (deletion.isInSet(node.marks)) return false;
    const ins = insertion.isInSet(node.marks);
    if (ins && isOwn(ins.attrs)) withdraw.push({ from, to });
    else strike.push({ from, to });
    return false;
  });
  if (!strike.length) return null;
  const tr = state.tr;
  const mark = deletion.create(attrs);
  for (const r of strike) tr.addMark(r.from, r.to, mark);
  for (const r of withdraw.reverse()) tr.delete(r.from, r.to);
  return tr.setMeta(DIRECT_META, true);
}

/**
 * Opens an empty paragraph of the same kind after the one at the caret (after its alternatives), with
 * the caret in it: what is typed there, in proposing mode, is one proposed new paragraph. Null when the
 * caret is in no paragraph.
 */
export function openNewParagraph(state: EditorState): Transaction | null {
  const current = clauseAtSelection(state);
  if (!current) return null;
  const clauses = clausesOf(state.doc);
  // After the paragraph's alternatives, so the new one never splits a choice.
  const group = clauses.filter((c) => c.outline.id === current.outline.id || (current.outline.alternativeOf === null && c.outline.alternativeOf === current.outline.id));
  const last = group[group.length - 1] ?? current;
  const types = state.schema.nodes as Record<string, NodeType>;
  const clause = types.clause!.create({ id: newClauseId(), kind: current.outline.kind, number: null, alternativeOf: null }, types.clauseText!.create());
  const at = last.pos + last.node.nodeSize;
  const tr = state.tr.insert(at, clause);
  return tr.setSelection(TextSelection.create(tr.doc, at + 2)).scrollIntoView();
}

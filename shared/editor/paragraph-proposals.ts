import type { Node as PMNode } from '@tiptap/pm/model';
import type { ProposalAttrs } from './marks.js';

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

/** Whether a clause holds no words at all (its text and every sub-paragraph blank). */
export function isEmptyClause(clause: PMNode): boolean {
  return clause.textContent.trim() === '';
}

import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { paragraphProposal } from './paragraph-proposals.js';
import { clausesOf } from './outline.js';
import { proposalTypes } from './marks.js';
import { DIRECT_META } from './proposing.js';

/**
 * The amendments a text holds, read from its proposal marks (see proposing.ts for how they are
 * made), the chair's decisions on them, and how they are said: one line for the panel, and the
 * "Proposed by ... supported by ..." line of a compilation text.
 */

interface Range {
  from: number;
  to: number;
}

export interface Amendment {
  id: string;
  /** The clause it stands in (the first, if it spans several); null outside clauses (formula). */
  clauseId: string | null;
  delegationCode: string | null;
  authorId: string;
  authorName: string;
  color: string;
  /** When it was first proposed (ISO). */
  at: string;
  /**
   * Proposed text, from all its insertion ranges in document order; ranges that are not contiguous
   * (split by others' text, or in several paragraphs) are joined by ' … '.
   */
  inserted: string;
  /** Text proposed for deletion, gathered the same way. */
  deleted: string;
  kind: 'insert' | 'delete' | 'replace';
  /**
   * A whole-paragraph proposal (see paragraph-proposals.ts): "new" for a proposed new paragraph,
   * "delete" for a proposal to delete the paragraph; null for a change of words.
   */
  paragraph: 'new' | 'delete' | null;
}

interface TextVisit {
  node: PMNode;
  pos: number;
  clauseId: string | null;
}

function eachText(doc: PMNode, visit: (v: TextVisit) => void): void {
  const walk = (node: PMNode, contentStart: number, clauseId: string | null): void => {
    node.forEach((child, offset) => {
      const pos = contentStart + offset;
      if (child.isText) visit({ node: child, pos, clauseId });
      else if (!child.isLeaf) walk(child, pos + 1, child.type.name === 'clause' ? String(child.attrs.id ?? '') || null : clauseId);
    });
  };
  walk(doc, 0, null);
}

/** The amendments standing in a document, in document order of their first mark. */
export function listAmendments(doc: PMNode): Amendment[] {
  const { insertion, deletion } = proposalTypes(doc.type.schema);
  const byId = new Map<string, Amendment & { insEnd: number; delEnd: number }>();
  eachText(doc, ({ node, pos, clauseId }) => {
    for (const type of [insertion, deletion]) {
      const mark = type.isInSet(node.marks);
      if (!mark || typeof mark.attrs.amendmentId !== 'string') continue;
      const attrs = mark.attrs;
      const id = attrs.amendmentId as string;
      let a = byId.get(id);
      if (!a) {
        a = {
          id,
          clauseId,
          delegationCode: (attrs.delegationCode as string | null) ?? null,
          authorId: String(attrs.authorId ?? ''),
          authorName: String(attrs.authorName ?? ''),
          color: String(attrs.color ?? ''),
          at: String(attrs.at ?? ''),
          inserted: '',
          deleted: '',
          kind: 'insert',
          paragraph: null,
          insEnd: -1,
          delEnd: -1,
        };
        byId.set(id, a);
      }
      if (typeof attrs.at === 'string' && attrs.at && (!a.at || attrs.at < a.at)) a.at = attrs.at;
      const text = node.text ?? '';
      const join = (sofar: string, end: number) => (!sofar ? text : end === pos ? sofar + text : `${sofar.trimEnd()} … ${text.trimStart()}`);
      if (type === insertion) {
        a.inserted = join(a.inserted, a.insEnd);
        a.insEnd = pos + node.nodeSize;
      } else {
        a.deleted = join(a.deleted, a.delEnd);
        a.delEnd = pos + node.nodeSize;
      }
    }
  });
  const whole = new Map<string, { kind: 'new' | 'delete'; clauseId: string }>();
  for (const clause of clausesOf(doc)) {
    const p = paragraphProposal(clause.node);
    if (p) whole.set(p.attrs.amendmentId, { kind: p.kind === 'insertion' ? 'new' : 'delete', clauseId: clause.outline.id });
  }
  return [...byId.values()].map(({ insEnd: _i, delEnd: _d, ...a }) => {
    const paragraph = whole.get(a.id);
    // Only when the amendment is nothing but that paragraph: one that also changes words elsewhere stays a change of words.
    const only = paragraph && a.clauseId === paragraph.clauseId && !(paragraph.kind === 'new' ? a.deleted : a.inserted) ? paragraph.kind : null;
    return { ...a, kind: a.inserted && a.deleted ? 'replace' : a.inserted ? 'insert' : 'delete', paragraph: only };
  });
}

export type AmendmentDecision = 'accept' | 'reject';

/**
 * Applies the chair's decision on amendments: accepting keeps the proposed text (its insertion marks
 * go) and removes the text proposed for deletion; rejecting removes the proposed text and keeps the
 * text proposed for deletion (its deletion marks go). Text that ends up deleted by either amendment
 * goes, whatever other marks it has. Marked DIRECT_META so proposing mode leaves it alone.
 */
export function decideAmendments(state: EditorState, amendmentIds: Iterable<string>, decision: AmendmentDecision): Transaction {
  const ids = new Set(amendmentIds);
  const { insertion, deletion } = proposalTypes(state.schema);
  const tr = state.tr;
  const decided = (node: PMNode) => {
    const ins = insertion.isInSet(node.marks);
    const del = deletion.isInSet(node.marks);
    const insHere = ins && ids.has(String(ins.attrs.amendmentId)) ? ins : null;
    const delHere = del && ids.has(String(del.attrs.amendmentId)) ? del : null;
    const goes = Boolean((insHere && decision === 'reject') || (delHere && decision === 'accept'));
    return { insHere, delHere, goes };
  };
  // A paragraph all of whose words go (a deletion of the whole paragraph accepted, a new paragraph
  // rejected) goes whole, label and all: never an empty numbered "9." left behind.
  const wholeClauses: Range[] = [];
  for (const clause of clausesOf(state.doc)) {
    let words = false;
    let allGo = true;
    clause.node.descendants((node) => {
      if (node.isText && node.text) {
        words = true;
        if (!decided(node).goes) allGo = false;
      }
      return allGo;
    });
    if (words && allGo) wholeClauses.push({ from: clause.pos, to: clause.pos + clause.node.nodeSize });
  }
  const inWholeClause = (pos: number) => wholeClauses.some((r) => r.from <= pos && pos < r.to);
  const unmark: { from: number; to: number; mark: Mark }[] = [];
  const remove: Range[] = [...wholeClauses];
  eachText(state.doc, ({ node, pos }) => {
    if (inWholeClause(pos)) return;
    const from = pos;
    const to = pos + node.nodeSize;
    const { insHere, delHere, goes } = decided(node);
    if (goes) {
      remove.push({ from, to });
      return;
    }
    if (insHere) unmark.push({ from, to, mark: insHere });
    if (delHere) unmark.push({ from, to, mark: delHere });
  });
  for (const u of unmark) tr.removeMark(u.from, u.to, u.mark);
  // Adjacent ranges join into one deletion; deleted from the end so earlier positions hold.
  remove.sort((a, b) => a.from - b.from);
  const merged: Range[] = [];
  for (const r of remove) {
    const last = merged[merged.length - 1];
    if (last && last.to === r.from) last.to = r.to;
    else merged.push({ ...r });
  }
  for (const r of merged.reverse()) tr.delete(r.from, r.to);
  tr.setMeta(DIRECT_META, true);
  tr.setMeta('accord:decision', { decision, amendmentIds: [...ids] });
  return tr;
}

export function acceptAmendment(state: EditorState, amendmentId: string): Transaction {
  return decideAmendments(state, [amendmentId], 'accept');
}

export function rejectAmendment(state: EditorState, amendmentId: string): Transaction {
  return decideAmendments(state, [amendmentId], 'reject');
}

function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `'${t || text}'`;
}

/**
 * One line for the amendments panel: "MYS proposes to replace 'encourages' with 'urges' in OP3".
 * `label` is the clause's label (left out of the sentence when empty).
 */
export function describeAmendment(a: Pick<Amendment, 'delegationCode' | 'authorName' | 'kind' | 'inserted' | 'deleted' | 'paragraph'>, label?: string | null): string {
  const who = a.delegationCode || a.authorName || 'Someone';
  if (a.paragraph === 'new') return `${who} proposes a new paragraph${label ? ` ${label}` : ''}: ${quote(a.inserted)}`;
  if (a.paragraph === 'delete') return `${who} proposes deleting ${label || 'a paragraph'}`;
  const where = label ? ` in ${label}` : '';
  switch (a.kind) {
    case 'replace':
      return `${who} proposes to replace ${quote(a.deleted)} with ${quote(a.inserted)}${where}`;
    case 'insert':
      return `${who} proposes to insert ${quote(a.inserted)}${where}`;
    case 'delete':
      return `${who} proposes to delete ${quote(a.deleted)}${where}`;
  }
}

/**
 * "Proposed by MYS, supported by IDN, PHL; opposed by THA": an amendment's attribution as the
 * amendments panel and its compilation show it. `proposer` is null for the chair's own.
 */
export function compilationLine(proposer: string | null, supportedBy: readonly string[], opposedBy: readonly string[]): string {
  let line = `Proposed by ${proposer ?? 'the chair'}`;
  if (supportedBy.length) line += `, supported by ${supportedBy.join(', ')}`;
  if (opposedBy.length) line += `; opposed by ${opposedBy.join(', ')}`;
  return line;
}

import { Extension } from '@tiptap/core';
import { Fragment, type Mark, type MarkType, type Node as PMNode, type ResolvedPos } from '@tiptap/pm/model';
import { Selection, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep, type StepMap } from '@tiptap/pm/transform';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { proposalTypes, type ProposalAttrs } from './marks.js';
import { paragraphProposal } from './paragraph-proposals.js';
import { isOwnProposal, type ProposalOwner } from './proposer.js';

/**
 * Proposing mode ("suggestion mode", tracked changes): a person's ordinary edits become attributed
 * proposals, kept in the text as `insertion` and `deletion` marks (see marks.ts). Reading the
 * amendments those marks make, and the chair's decisions on them, are amendments.ts's.
 *
 * How an edit becomes proposals (proposeTransaction):
 * - Typed or pasted text stays, marked `insertion` with the proposer's attributes. Proposal marks the
 *   pasted content carried are dropped first: what one pastes is one's own proposal.
 * - Deleted text stays, marked `deletion`. Pieces of the deleted range are handled one by one:
 *   · text already marked `deletion` (anyone's, the proposer's too) is left as it is;
 *   · the proposer's delegation's own proposed insertion (same delegation, or the same author when the
 *     proposer has no delegation) is really removed: one withdraws one's own words;
 *   · anything else, plain text or another delegation's proposed insertion, is marked `deletion` (a
 *     proposal against a proposal: accepting it removes that text, whatever becomes of the insertion).
 * - Replacing (typing or pasting over a selection) marks the selection deleted and puts the new text
 *   after it; both share ONE amendmentId, so the pair reads as "replace 'x' with 'y'".
 * - Grouping: an edit touching a proposal of the same author (typing right after or before it,
 *   deleting next to it, replacing inside it) extends that amendment: same amendmentId and same
 *   attributes, `at` staying the time of its first keystroke, so the marks join into one run. When the
 *   caller keeps a RecentProposal (the editor extension does), only the amendment the person last
 *   worked on, within groupWindowMs, is extended: a pause or a jump elsewhere starts a new one.
 * - Caret: after typed text; Backspace leaves it before the text it marked, Delete after it, and a
 *   deleted selection leaves it after the struck-out text, so that typing next reads as a replacement.
 *   Backspace or Delete over text already marked `deletion` changes nothing but moves the caret across
 *   the whole struck-out run, so the next press proposes the next character.
 * - Structural edits (Enter splitting or opening a paragraph, Backspace/Delete joining paragraphs,
 *   Tab / Shift-Tab) cannot be expressed as marks. They go through unchanged when the text of the
 *   document, with its proposal marks, is the same afterwards (nothing removed, nothing added). One
 *   that only adds text (a paste of several paragraphs) goes through with the added text marked
 *   `insertion`; rejecting it later removes the text but leaves the new, empty paragraphs. Any other
 *   structural edit (one that would remove text, such as Enter over a selection, or change proposal
 *   marks) is refused: it becomes a transaction that does nothing.
 * - Formatting (bold, italic, brackets) is not a proposal: mark steps that leave the proposal marks as
 *   they are go through unchanged.
 * - Text where proposal marks are not allowed (the title) cannot be proposed against: such an edit is
 *   refused.
 *
 * Transactions from Yjs sync (meta of y-tiptap's ySyncPluginKey), selection-only ones and ones marked
 * DIRECT_META (the chair's accept/reject, imports) are never converted.
 */

export { isOwnProposal } from './proposer.js';

/** Meta of a transaction that must reach the document as it is (the chair's decisions). */
export const DIRECT_META = 'accord:direct';
/** Meta set on a transaction proposeTransaction produced: a ProposedMeta. */
export const PROPOSED_META = 'accord:proposed';
/** Keystrokes further apart than this start a new amendment (when a RecentProposal is kept). */
export const DEFAULT_GROUP_WINDOW_MS = 10_000;

/** The person proposing: whose the marks are (ProposalOwner), and what else the marks say of them. */
export interface Proposer extends ProposalOwner {
  authorName: string;
  delegationCode: string | null;
  color: string;
  /** The current time as an ISO string (stored as the marks' `at`). */
  now(): string;
  newAmendmentId(): string;
}

/** The amendment a person last extended, and when (ms since the epoch). */
export interface RecentProposal {
  amendmentId: string;
  time: number;
}

export interface ProposeOptions {
  /**
   * The RecentProposal from the previous call's ProposedMeta (null when there is none yet). Left out,
   * grouping goes by adjacency alone.
   */
  recent?: RecentProposal | null;
  groupWindowMs?: number;
}

export interface ProposedMeta {
  /** The edit could not be made as a proposal; the transaction does nothing. */
  refused: boolean;
  /** The amendment this edit created or extended, if it made or touched one. */
  amendmentId: string | null;
  /** What to pass as `recent` next time. */
  recent: RecentProposal | null;
}

type Attrs = ProposalAttrs;

interface Range {
  from: number;
  to: number;
}

function proposalOf(node: PMNode | null | undefined, type: MarkType): Mark | undefined {
  return node ? type.isInSet(node.marks) : undefined;
}

/** Whether a transaction is one proposing mode must leave alone. */
export function isExemptFromProposing(tr: Transaction): boolean {
  return (
    !tr.docChanged ||
    tr.getMeta(ySyncPluginKey) !== undefined ||
    Boolean(tr.getMeta(DIRECT_META)) ||
    tr.getMeta(PROPOSED_META) !== undefined
  );
}

/** The inline content a step put at [from, from + size) of `doc`, all in one textblock. */
function insertedInline(doc: PMNode, from: number, size: number): Fragment {
  if (size === 0) return Fragment.empty;
  const $from = doc.resolve(from);
  return $from.parent.content.cut($from.parentOffset, $from.parentOffset + size);
}

/** A replace step that changes text inside one textblock and nothing around it. */
function isInlineReplace(step: ReplaceStep, before: PMNode, after: PMNode): boolean {
  const $from = before.resolve(step.from);
  const $to = before.resolve(step.to);
  if (!$from.parent.isTextblock || !$from.sameParent($to)) return false;
  const $a = after.resolve(step.from);
  const $b = after.resolve(step.from + step.slice.size);
  return $a.parent.isTextblock && $a.sameParent($b) && $a.start() === $from.start();
}

function copyMeta(from: Transaction, to: Transaction): void {
  const meta = (from as unknown as { meta: Record<string, unknown> }).meta;
  for (const [key, value] of Object.entries(meta ?? {})) to.setMeta(key, value);
  to.setTime(from.time);
  if (from.scrolledIntoView) to.scrollIntoView();
}

/** The amendment of the proposed new paragraph (a clause all of one insertion) around a position, if any. */
function newParagraphAt($pos: ResolvedPos): string | null {
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth);
    if (node.type.name !== 'clause') continue;
    const whole = paragraphProposal(node);
    return whole?.kind === 'insertion' ? whole.attrs.amendmentId : null;
  }
  return null;
}

/** Chooses the attributes of this edit's proposal marks: an amendment to extend, or a new one. */
class Grouping {
  private chosen: Attrs | null = null;
  readonly nowIso: string;
  readonly nowMs: number;
  recent: RecentProposal | null | undefined;

  constructor(
    private readonly proposer: Proposer,
    options: ProposeOptions,
    private readonly windowMs: number,
  ) {
    this.nowIso = proposer.now();
    this.nowMs = Date.parse(this.nowIso);
    this.recent = options.recent;
  }

  get amendmentId(): string | null {
    return this.chosen?.amendmentId ?? null;
  }

  /** Whether the amendment of `attrs` may be extended by this edit. */
  private extendable(attrs: Record<string, unknown>, paragraphAmendment: string | null): boolean {
    if (attrs.authorId !== this.proposer.authorId || typeof attrs.amendmentId !== 'string') return false;
    if (this.recent === undefined) return true;
    // Writing on in one's own proposed new paragraph extends it, however long the pause: a new
    // paragraph is one amendment, which the chair accepts or rejects as a whole.
    if (attrs.amendmentId === paragraphAmendment) return true;
    return (
      this.recent !== null &&
      this.recent.amendmentId === attrs.amendmentId &&
      this.nowMs - this.recent.time <= this.windowMs
    );
  }

  /**
   * The attributes for this edit, looking at the proposal marks of the nodes next to it.
   * `paragraphAmendment`: the amendment of the proposed new paragraph the edit is in, if any.
   */
  attrs(neighbours: (PMNode | null | undefined)[], types: MarkType[], paragraphAmendment: string | null = null): Attrs {
    if (this.chosen) return this.chosen;
    const candidates: Record<string, unknown>[] = [];
    for (const node of neighbours) {
      for (const type of types) {
        const mark = proposalOf(node, type);
        if (mark && this.extendable(mark.attrs, paragraphAmendment)) candidates.push(mark.attrs);
      }
    }
    const recentId = this.recent?.amendmentId;
    const pick = candidates.find((a) => a.amendmentId === paragraphAmendment) ?? candidates.find((a) => a.amendmentId === recentId) ?? candidates[0];
    const p = this.proposer;
    this.chosen = pick
      ? {
          amendmentId: String(pick.amendmentId),
          delegationCode: (pick.delegationCode as string | null) ?? null,
          color: String(pick.color ?? p.color),
          authorId: String(pick.authorId),
          authorName: String(pick.authorName ?? p.authorName),
          at: String(pick.at ?? this.nowIso),
        }
      : {
          amendmentId: p.newAmendmentId(),
          delegationCode: p.delegationCode,
          color: p.color,
          authorId: p.authorId,
          authorName: p.authorName,
          at: this.nowIso,
        };
    return this.chosen;
  }

  /** Notes that the person worked on `amendmentId` now. */
  touch(amendmentId: string | null): void {
    if (amendmentId && this.recent !== undefined) this.recent = { amendmentId, time: this.nowMs };
  }
}

function refuse(state: EditorState, recent: RecentProposal | null | undefined): Transaction {
  const meta: ProposedMeta = { refused: true, amendmentId: null, recent: recent ?? null };
  return state.tr.setMeta(PROPOSED_META, meta).setMeta('addToHistory', false);
}

function finish(out: Transaction, source: Transaction, grouping: Grouping, refused = false): Transaction {
  copyMeta(source, out);
  const amendmentId = grouping.amendmentId;
  grouping.touch(amendmentId);
  const meta: ProposedMeta = { refused, amendmentId, recent: grouping.recent ?? null };
  out.setMeta(PROPOSED_META, meta);
  if (source.storedMarksSet && source.storedMarks) {
    const { insertion, deletion } = proposalTypes(out.doc.type.schema);
    out.setStoredMarks(source.storedMarks.filter((m) => m.type !== insertion && m.type !== deletion));
  }
  return out;
}

/**
 * Turns a person's ordinary edit (`tr`, made from `state`) into proposals by `proposer`, following
 * the rules at the top of this file. Returns the transaction to dispatch instead of `tr`, or null when
 * `tr` should go through unchanged (no change to the text, a sync or direct transaction, or a
 * structural edit that keeps the text). A refused edit comes back as a transaction that does nothing.
 * The result carries a ProposedMeta under PROPOSED_META.
 */
export function proposeTransaction(
  tr: Transaction,
  state: EditorState,
  proposer: Proposer,
  options: ProposeOptions = {},
): Transaction | null {
  if (isExemptFromProposing(tr) || !tr.before.eq(state.doc)) return null;
  const grouping = new Grouping(proposer, options, options.groupWindowMs ?? DEFAULT_GROUP_WINDOW_MS);
  const inline = tr.steps.every(
    (step, i) => step instanceof ReplaceStep && isInlineReplace(step, tr.docs[i] as PMNode, tr.docs[i + 1] ?? tr.doc),
  );
  return inline ? proposeInline(tr, state, proposer, grouping) : proposeStructural(tr, state, grouping);
}

function proposeInline(tr: Transaction, state: EditorState, proposer: Proposer, grouping: Grouping): Transaction {
  const { insertion, deletion } = proposalTypes(state.schema);
  const out = state.tr;
  // Text this transaction deleted but `out` keeps (marked deleted), in `out`'s positions, sorted. The
  // document of step i is `out.doc` without these ranges.
  let hidden: Range[] = [];
  const toOut = (pos: number, assoc: number): number => {
    let mapped = pos;
    for (const h of hidden) {
      if (h.from < mapped || (h.from === mapped && assoc > 0)) mapped += h.to - h.from;
      else break;
    }
    return mapped;
  };
  let lastRange: Range | null = null;
  let onlyStruckThrough = true; // nothing but already-deleted text was "deleted", nothing inserted

  for (let i = 0; i < tr.steps.length; i++) {
    const step = tr.steps[i] as ReplaceStep;
    const after = tr.docs[i + 1] ?? tr.doc;
    const content = insertedInline(after, step.from, step.slice.size);
    const from = toOut(step.from, 1);
    const to = step.from < step.to ? toOut(step.to, -1) : from;
    const firstStep = out.steps.length;

    // 1. The deleted range: mark, keep or really remove each piece.
    let end = to;
    if (from < to) {
      const $from = out.doc.resolve(from);
      if (!$from.parent.type.allowsMarkType(deletion)) return refuse(state, grouping.recent);
      const pieces: { from: number; to: number; node: PMNode }[] = [];
      out.doc.nodesBetween(from, to, (node, pos) => {
        if (!node.isInline) return true;
        pieces.push({ from: Math.max(pos, from), to: Math.min(pos + node.nodeSize, to), node });
        return false;
      });
      const toMark: Range[] = [];
      const toRemove: Range[] = [];
      for (const piece of pieces) {
        if (deletion.isInSet(piece.node.marks)) continue;
        const ins = insertion.isInSet(piece.node.marks);
        if (ins && isOwnProposal(ins.attrs, proposer)) {
          toRemove.push(piece);
          if (ins.attrs.authorId === proposer.authorId) grouping.touch(String(ins.attrs.amendmentId));
        } else toMark.push(piece);
      }
      if (toMark.length) {
        // Struck-out text inside the range may be the person's own deletion to extend.
        const inside = pieces.filter((p) => deletion.isInSet(p.node.marks)).map((p) => p.node);
        const attrs = grouping.attrs([$from.nodeBefore, out.doc.resolve(to).nodeAfter, ...inside], [deletion, insertion]);
        for (const r of toMark) out.addMark(r.from, r.to, deletion.create(attrs));
        onlyStruckThrough = false;
      }
      for (const r of toRemove.reverse()) {
        out.delete(r.from, r.to);
        end -= r.to - r.from;
        onlyStruckThrough = false;
      }
    }

    // 2. The inserted text, marked, after whatever of the range is kept.
    if (content.size) {
      onlyStruckThrough = false;
      const $at = out.doc.resolve(end);
      if (!$at.parent.type.allowsMarkType(insertion)) return refuse(state, grouping.recent);
      const neighbours = from < end ? [out.doc.resolve(from).nodeBefore, $at.nodeBefore, $at.nodeAfter] : [$at.nodeBefore, $at.nodeAfter];
      const mark = insertion.create(grouping.attrs(neighbours, [insertion, deletion], newParagraphAt($at)));
      const nodes: PMNode[] = [];
      content.forEach((node) => {
        const marks = node.marks.filter((m) => m.type !== insertion && m.type !== deletion);
        nodes.push(node.mark(mark.addToSet(marks)));
      });
      out.insert(end, Fragment.from(nodes));
    }

    // 3. What this step kept is hidden from the documents of the later steps.
    const maps = out.mapping.maps.slice(firstStep);
    const mapThrough = (pos: number, assoc: number) => maps.reduce((p: number, m: StepMap) => m.map(p, assoc), pos);
    hidden = hidden
      .map((h) => ({ from: mapThrough(h.from, 1), to: mapThrough(h.to, -1) }))
      .filter((h) => h.to > h.from && !(h.from >= from && h.to <= end));
    if (end > from) hidden.push({ from, to: end });
    hidden.sort((a, b) => a.from - b.from);
    lastRange = { from, to: end };
  }

  // The selection, where the person expects it.
  const sel = tr.selection;
  const before = state.selection;
  const only = tr.steps.length === 1 ? (tr.steps[0] as ReplaceStep) : null;
  const deletedOnly = only !== null && only.slice.size === 0 && only.from < only.to;
  if (sel.empty && sel instanceof TextSelection) {
    let assoc = 1;
    let backward = false;
    if (deletedOnly && before.empty && only.to === before.head) {
      assoc = -1;
      backward = true;
    }
    let caret = toOut(sel.head, assoc);
    if (deletedOnly && before.empty && onlyStruckThrough && lastRange) {
      // Backspace or Delete over struck-out text: move across the whole struck-out run.
      caret = backward ? lastRange.from : lastRange.to;
      for (;;) {
        const $c = out.doc.resolve(caret);
        const node = backward ? $c.nodeBefore : $c.nodeAfter;
        if (!node || !deletion.isInSet(node.marks)) break;
        caret += backward ? -node.nodeSize : node.nodeSize;
      }
    }
    out.setSelection(TextSelection.create(out.doc, caret));
  } else if (sel instanceof TextSelection) {
    out.setSelection(TextSelection.create(out.doc, toOut(sel.anchor, 1), toOut(sel.head, 1)));
  } else {
    out.setSelection(Selection.near(out.doc.resolve(toOut(sel.head, 1))));
  }
  return finish(out, tr, grouping);
}

/** The text of a document in order, ignoring block boundaries, with runs of equal proposal marks. */
function textStream(doc: PMNode): { text: string; runs: string[] } {
  const { insertion, deletion } = proposalTypes(doc.type.schema);
  let text = '';
  const runs: string[] = [];
  let lastKey: string | null = null;
  let runLength = 0;
  doc.descendants((node) => {
    if (!node.isText) return true;
    const t = node.text ?? '';
    text += t;
    const key = `${insertion.isInSet(node.marks)?.attrs.amendmentId ?? ''}|${deletion.isInSet(node.marks)?.attrs.amendmentId ?? ''}`;
    if (key === lastKey) runLength += t.length;
    else {
      if (lastKey !== null) runs.push(`${runLength}:${lastKey}`);
      lastKey = key;
      runLength = t.length;
    }
    return false;
  });
  if (lastKey !== null) runs.push(`${runLength}:${lastKey}`);
  return { text, runs };
}

/** Document ranges holding characters [start, end) of the text stream. */
function textRanges(doc: PMNode, start: number, end: number): Range[] {
  const out: Range[] = [];
  let index = 0;
  doc.descendants((node, pos) => {
    if (index >= end) return false;
    if (!node.isText) return true;
    const length = node.nodeSize;
    const a = Math.max(start, index);
    const b = Math.min(end, index + length);
    if (a < b) out.push({ from: pos + (a - index), to: pos + (b - index) });
    index += length;
    return false;
  });
  return out;
}

function proposeStructural(tr: Transaction, state: EditorState, grouping: Grouping): Transaction | null {
  const before = textStream(state.doc);
  const after = textStream(tr.doc);
  if (before.text === after.text) {
    if (before.runs.length === after.runs.length && before.runs.every((r, i) => r === after.runs[i])) return null;
    return refuse(state, grouping.recent);
  }
  // Only added text? Then the old text is a prefix and a suffix of the new one.
  const added = after.text.length - before.text.length;
  if (added <= 0) return refuse(state, grouping.recent);
  let prefix = 0;
  while (prefix < before.text.length && before.text[prefix] === after.text[prefix]) prefix++;
  const suffix = before.text.length - prefix;
  if (before.text.slice(prefix) !== after.text.slice(after.text.length - suffix)) return refuse(state, grouping.recent);

  const { insertion, deletion } = proposalTypes(state.schema);
  const out = state.tr;
  for (const step of tr.steps) out.step(step);
  const ranges = textRanges(out.doc, prefix, prefix + added);
  if (ranges.some((r) => !out.doc.resolve(r.from).parent.type.allowsMarkType(insertion))) return refuse(state, grouping.recent);
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  if (!first || !last) return refuse(state, grouping.recent);
  const attrs = grouping.attrs([out.doc.resolve(first.from).nodeBefore, out.doc.resolve(last.to).nodeAfter], [insertion, deletion]);
  for (const r of ranges) {
    out.removeMark(r.from, r.to, deletion);
    out.addMark(r.from, r.to, insertion.create(attrs));
  }
  out.setSelection(tr.selection.map(out.doc, out.mapping.slice(tr.steps.length)));
  return finish(out, tr, grouping);
}

/** Memory an editor keeps between proposals, for grouping keystrokes. */
export interface ProposingMemory {
  recent: RecentProposal | null;
}

/**
 * What proposing mode does to a transaction about to be dispatched: the transaction to dispatch
 * instead (itself when it is left alone). Updates `memory`.
 */
export function interceptProposal(
  tr: Transaction,
  state: EditorState,
  proposer: Proposer | null,
  memory: ProposingMemory,
  groupWindowMs = DEFAULT_GROUP_WINDOW_MS,
): Transaction {
  if (!proposer || isExemptFromProposing(tr)) return tr;
  const out = proposeTransaction(tr, state, proposer, { recent: memory.recent, groupWindowMs });
  if (!out) return tr;
  const meta = out.getMeta(PROPOSED_META) as ProposedMeta | undefined;
  if (meta) memory.recent = meta.recent;
  return out;
}

export interface ProposingModeOptions {
  /** The person proposing, or null when this editor edits directly. Asked at every transaction. */
  getProposer: () => Proposer | null;
  groupWindowMs: number;
}

export interface ProposingModeStorage {
  memory: ProposingMemory;
}

/**
 * Proposing mode for an editor: while getProposer() returns someone, their edits are dispatched as
 * proposals (see proposeTransaction). Works at dispatch, before the transaction is applied, so the
 * history, Yjs and other plugins only ever see the proposal.
 */
export const ProposingMode = Extension.create<ProposingModeOptions, ProposingModeStorage>({
  name: 'proposingMode',
  addOptions() {
    return { getProposer: () => null, groupWindowMs: DEFAULT_GROUP_WINDOW_MS };
  },
  addStorage() {
    return { memory: { recent: null } };
  },
  dispatchTransaction({ transaction, next }) {
    const proposer = this.options.getProposer();
    next(interceptProposal(transaction, this.editor.state, proposer, this.storage.memory, this.options.groupWindowMs));
  },
});

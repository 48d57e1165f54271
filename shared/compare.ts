import type { Node as PMNode } from '@tiptap/pm/model';
import { diffArrays, diffWordsWithSpace } from 'diff';
import { NEUTRAL_COLOR } from './colors.js';
import { DEFAULT_COMPARE_VIEW, type CompareView } from './compare-views.js';
import type { ProposalAttrs } from './editor/marks.js';
import { labelledClauses } from './editor/outline.js';
import type { ClauseKind, NumberingStyle } from './labels.js';

/**
 * Comparing two states of a declaration (two revisions, or a revision and the live text), paragraph
 * by paragraph: paragraphs are matched by their id, never by position, so a paragraph that moved is
 * "moved" rather than "removed here, added there", and one whose label changed at a renumbering is
 * still the same paragraph. Inside a paragraph the change is shown word by word.
 */

export { COMPARE_VIEWS, DEFAULT_COMPARE_VIEW, type CompareView } from './compare-views.js';

export type ClauseChange = 'unchanged' | 'changed' | 'added' | 'removed' | 'moved';

/** A pending proposal that words belong to, in the "proposals" view. */
export interface ProposalMark {
  kind: 'insertion' | 'deletion';
  amendmentId: string;
  delegationCode: string | null;
  color: string;
}

export interface WordChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
  /** The words are a pending proposal (only in the "proposals" view). */
  proposal?: ProposalMark;
  /** The text is a square bracket of the draft: its words are not agreed (the draft's own convention). */
  bracket?: true;
}

export interface ClauseComparison {
  clauseId: string;
  kind: ClauseKind | 'title' | 'formula';
  /** The label in the newer text, or in the older one for a removed paragraph. */
  label: string;
  fromLabel: string | null;
  toLabel: string | null;
  change: ClauseChange;
  /** True when the paragraph changed place among the others (also for a changed one). */
  moved: boolean;
  fromText: string | null;
  toText: string | null;
  /** Word-level changes from fromText to toText (all "insert" for an added paragraph, all "delete" for a removed one). */
  words: WordChange[];
}

export interface ComparisonCounts {
  changed: number;
  added: number;
  /** New paragraphs that are only a pending proposal (in the "proposals" view): not counted as added. */
  proposed: number;
  removed: number;
  moved: number;
  unchanged: number;
}

/** The pending proposals the two texts hold, by delegation: what the clean view leaves out. */
export interface PendingProposals {
  count: number;
  delegations: { delegationCode: string | null; color: string; count: number }[];
}

export interface Comparison {
  view: CompareView;
  summary: string;
  counts: ComparisonCounts;
  clauses: ClauseComparison[];
  pending: PendingProposals;
}

/** A stretch of a paragraph's words with what they are: plain, a pending proposal, or a bracket. */
export interface Run {
  text: string;
  proposal?: ProposalMark;
  bracket?: true;
  /** Not text: a word boundary between two runs that touch ("promote" proposed for "foster"). */
  separator?: true;
}

/** A private-use character: the diff takes it as punctuation, so it cuts words, and no draft has it. */
const SEPARATOR = '\uE000';

/**
 * Runs with a separator wherever two runs meet inside a word: "promote" struck and "foster" proposed
 * read as two words to the diff (and to the reader), not as one word "promotefoster".
 */
function separated(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    const last = out[out.length - 1];
    if (last && /[\p{L}\p{N}]$/u.test(last.text) && /^[\p{L}\p{N}]/u.test(run.text)) out.push({ text: SEPARATOR, separator: true });
    out.push(run);
  }
  return out;
}

interface Paragraph {
  id: string;
  kind: ClauseKind;
  label: string;
  text: string;
  runs: Run[];
}

const runKey = (run: Run): string => (run.bracket ? 'b' : run.proposal ? `${run.proposal.kind}:${run.proposal.amendmentId}` : '');

function proposalOf(node: PMNode, kind: ProposalMark['kind']): ProposalMark | null {
  const attrs = node.marks.find((m) => m.type.name === kind)?.attrs as Partial<ProposalAttrs> | undefined;
  if (!attrs?.amendmentId) return null;
  return { kind, amendmentId: String(attrs.amendmentId), delegationCode: attrs.delegationCode ?? null, color: String(attrs.color ?? NEUTRAL_COLOR) };
}

/**
 * A text block's words as `view` reads them. Square brackets are written as the draft's "[" and "]"
 * (the negotiators' convention, real text of a draft), marked so a page can tell them from words.
 * In the clean view a proposed insertion is left out and a proposed deletion reads as plain words.
 */
export function blockRuns(block: PMNode, view: CompareView): Run[] {
  const runs: Run[] = [];
  let bracket: unknown = null;
  const push = (run: Run) => {
    const last = runs[runs.length - 1];
    if (last && runKey(last) === runKey(run) && !run.bracket && (!run.proposal || last.proposal?.amendmentId === run.proposal.amendmentId)) last.text += run.text;
    else runs.push(run);
  };
  const closeBracket = () => {
    if (bracket === null) return;
    // A bracket around nothing left (its words all proposed, in the clean view) says nothing.
    if (runs[runs.length - 1]?.bracket && runs[runs.length - 1]!.text === '[') runs.pop();
    else runs.push({ text: ']', bracket: true });
    bracket = null;
  };
  block.forEach((node) => {
    const attrs = node.marks.find((m) => m.type.name === 'bracket')?.attrs as { bracketId?: unknown } | undefined;
    const next = attrs?.bracketId ?? null;
    if (next !== bracket) {
      closeBracket();
      if (next !== null) runs.push({ text: '[', bracket: true });
      bracket = next;
    }
    const text = node.text ?? '';
    const insertion = proposalOf(node, 'insertion');
    const deletion = proposalOf(node, 'deletion');
    if (view === 'clean') {
      if (!insertion) push({ text });
      return;
    }
    const proposal = insertion ?? deletion;
    push(proposal ? { text, proposal } : { text });
  });
  closeBracket();
  return runs.filter((r) => r.text !== '');
}

const runsText = (runs: readonly Run[]) => runs.map((r) => r.text).join('');
/** The text a reader sees: without separators. */
const readText = (runs: readonly Run[]) => runs.filter((r) => !r.separator).map((r) => r.text).join('');
const runsSignature = (runs: readonly Run[]) => runs.map((r) => `${runKey(r)}\u0001${r.text}`).join('\u0002');

/** A paragraph's text as a compilation text shows it, its sub-paragraphs on lines of their own. */
function paragraphsOf(doc: PMNode, style: NumberingStyle, view: CompareView): Paragraph[] {
  const out: Paragraph[] = [];
  for (const { node, outline, label, subclauses } of labelledClauses(doc, style)) {
    const main = blockRuns(node.child(0), view);
    const subs = subclauses.map((sub) => ({ letter: sub.label.letter, runs: blockRuns(sub.node, view) }));
    // A paragraph made only of a proposed insertion (a proposed OP4bis) is not in the clean text.
    const words = [main, ...subs.map((s) => s.runs)].flat().filter((r) => !r.bracket);
    if (view === 'clean' && !runsText(words).trim() && node.textContent.trim()) continue;
    const runs = separated([...main, ...subs.flatMap((sub) => [{ text: `\n${sub.letter} ` }, ...sub.runs])]);
    out.push({ id: outline.id, kind: outline.kind, label: label.label, text: readText(runs), runs });
  }
  return out;
}

/** The runs of `runs` between two offsets of their text, cut at those offsets. */
function runsBetween(runs: readonly Run[], starts: readonly number[], from: number, to: number): Run[] {
  const out: Run[] = [];
  runs.forEach((run, i) => {
    const start = starts[i]!;
    const end = start + run.text.length;
    if (end <= from || start >= to) return;
    out.push({ ...run, text: run.text.slice(Math.max(from, start) - start, Math.min(to, end) - start) });
  });
  return out;
}

const offsets = (runs: readonly Run[]) => {
  let at = 0;
  return runs.map((r) => ((at += r.text.length), at - r.text.length));
};

function change(op: WordChange['op'], run: Run): WordChange;
function change(op: WordChange['op'], run: Run): WordChange | null;
function change(op: WordChange['op'], run: Run): WordChange | null {
  if (run.separator) return null;
  return { op, text: run.text, ...(run.proposal ? { proposal: run.proposal } : {}), ...(run.bracket ? { bracket: true as const } : {}) };
}

/** The words of runs, all with one op (a paragraph added, removed or unchanged). */
const allWords = (op: WordChange['op'], runs: readonly Run[]): WordChange[] => runs.flatMap((r) => change(op, r) ?? []);

/**
 * The word diff of two paragraphs' runs, keeping what each word is. The words are diffed as text;
 * words equal as text but not in kind (a proposal since accepted or dropped) show as replaced, so an
 * accepted proposal never reads as unchanged; plain words now under a proposal stay, with it.
 */
export function diffRuns(from: readonly Run[], to: readonly Run[], timeoutMs = WORD_DIFF_BUDGET_MS): WordChange[] {
  const fromStarts = offsets(from);
  const toStarts = offsets(to);
  const out: WordChange[] = [];
  const push = (next: WordChange | null) => {
    if (!next) return;
    const last = out[out.length - 1];
    if (last && last.op === next.op && !last.bracket && !next.bracket && last.proposal?.amendmentId === next.proposal?.amendmentId && last.proposal?.kind === next.proposal?.kind) last.text += next.text;
    else out.push(next);
  };
  let a = 0;
  let b = 0;
  for (const part of diffWords(runsText(from), runsText(to), timeoutMs)) {
    const n = part.text.length;
    if (part.op === 'delete') for (const run of runsBetween(from, fromStarts, a, a + n)) push(change('delete', run));
    else if (part.op === 'insert') for (const run of runsBetween(to, toStarts, b, b + n)) push(change('insert', run));
    else {
      // Cut the equal text wherever either side's runs change, then compare kinds piece by piece.
      const cuts = new Set([0, n]);
      for (const s of fromStarts) if (s > a && s < a + n) cuts.add(s - a);
      for (const s of toStarts) if (s > b && s < b + n) cuts.add(s - b);
      const sorted = [...cuts].sort((x, y) => x - y);
      for (let i = 0; i + 1 < sorted.length; i++) {
        const [older] = runsBetween(from, fromStarts, a + sorted[i]!, a + sorted[i + 1]!);
        const [newer] = runsBetween(to, toStarts, b + sorted[i]!, b + sorted[i + 1]!);
        if (!older || !newer) continue;
        // Words that stayed and are now under a proposal (to delete them) are the same words, proposed on.
        if (runKey(older) === runKey(newer) || (!older.proposal && !older.bracket && newer.proposal)) push(change('equal', newer));
        else {
          push(change('delete', older));
          push(change('insert', newer));
        }
      }
    }
    if (part.op !== 'insert') a += n;
    if (part.op !== 'delete') b += n;
  }
  return out;
}

/** A stretch of a paragraph's first words, for a list (the desk): what a reader sees, and what it is. */
export type ExcerptRun = Omit<Run, 'separator'>;

/**
 * The first `max` characters of a paragraph (its sub-paragraphs after it), with pending proposals
 * and brackets kept apart from plain words: "closer" struck and "enhanced" proposed read as two
 * words, never "closerenhanced".
 */
export function excerptRuns(blocks: readonly PMNode[], max = 90): ExcerptRun[] {
  const runs = separated(blocks.flatMap((block, i) => [...(i ? [{ text: ' ' }] : []), ...blockRuns(block, 'proposals')]))
    .map(({ separator, ...run }) => (separator ? { text: ' ' } : { ...run, text: run.text.replace(/\s+/g, ' ') }));
  const out: ExcerptRun[] = [];
  let left = max;
  for (const run of runs) {
    const text = out.length ? run.text : run.text.trimStart();
    if (!text) continue;
    if (text.length > left) {
      out.push({ ...run, text: `${text.slice(0, Math.max(0, left - 3)).trimEnd()}…` });
      return out;
    }
    out.push({ ...run, text });
    left -= text.length;
  }
  const last = out[out.length - 1];
  if (last) last.text = last.text.trimEnd();
  return out.filter((r) => r.text);
}

/** The pending proposals of the texts compared, each counted once, whatever its number of runs. */
export function pendingProposals(docs: readonly PMNode[]): PendingProposals {
  const seen = new Map<string, ProposalMark>();
  for (const doc of docs) {
    doc.descendants((node) => {
      if (!node.isText) return true;
      for (const kind of ['insertion', 'deletion'] as const) {
        const proposal = proposalOf(node, kind);
        if (proposal && !seen.has(proposal.amendmentId)) seen.set(proposal.amendmentId, proposal);
      }
      return false;
    });
  }
  const byDelegation = new Map<string, PendingProposals['delegations'][number]>();
  for (const p of seen.values()) {
    const key = p.delegationCode ?? '';
    const entry = byDelegation.get(key) ?? { delegationCode: p.delegationCode, color: p.color, count: 0 };
    entry.count++;
    byDelegation.set(key, entry);
  }
  return { count: seen.size, delegations: [...byDelegation.values()].sort((a, b) => (a.delegationCode ?? '').localeCompare(b.delegationCode ?? '')) };
}

/** How long one comparison may spend on word diffs in all; past it, a changed paragraph shows as replaced. */
export const WORD_DIFF_BUDGET_MS = 500;
/** Beyond this many changed words a paragraph is shown as replaced: a word diff would not help a reader. */
const MAX_WORD_EDITS = 2000;

/**
 * The words that changed from one text to the other. The diff is quadratic in the worst case (two
 * long, entirely different paragraphs), so it gives up after `timeoutMs` or MAX_WORD_EDITS changes
 * and shows the whole text as replaced instead.
 */
export function diffWords(from: string, to: string, timeoutMs = WORD_DIFF_BUDGET_MS): WordChange[] {
  const parts = timeoutMs > 0 ? diffWordsWithSpace(from, to, { timeout: timeoutMs, maxEditLength: MAX_WORD_EDITS }) : undefined;
  if (!parts) {
    const replaced: WordChange[] = [];
    if (from) replaced.push({ op: 'delete', text: from });
    if (to) replaced.push({ op: 'insert', text: to });
    return replaced;
  }
  return parts.map((part) => ({ op: part.added ? 'insert' : part.removed ? 'delete' : 'equal', text: part.value }));
}

/**
 * Ids common to both orders that keep their relative order (a longest common subsequence, by the
 * same `diff` package that does the words); the others moved.
 */
function inOrder(from: readonly string[], to: readonly string[]): Set<string> {
  const kept = new Set<string>();
  // Without a timeout or an edit limit the diff always completes.
  for (const part of diffArrays([...from], [...to]) ?? []) if (!part.added && !part.removed) for (const id of part.value) kept.add(id);
  return kept;
}

function headingChange(kind: 'title' | 'formula', from: readonly Run[], to: readonly Run[], words: typeof diffRuns): ClauseComparison | null {
  if (runsSignature(from) === runsSignature(to)) return null;
  const label = kind === 'title' ? 'Title' : 'Formula';
  const fromText = readText(from);
  const toText = readText(to);
  const change: ClauseChange = !fromText ? 'added' : !toText ? 'removed' : 'changed';
  return { clauseId: kind, kind, label, fromLabel: fromText ? label : null, toLabel: toText ? label : null, change, moved: false, fromText: fromText || null, toText: toText || null, words: words(from, to) };
}

/**
 * Two texts compared paragraph by paragraph, read in `view` (clean by default: pending proposals
 * left out of both, so the comparison shows only what the texts say if no proposal is accepted).
 */
export function compareDeclarations(from: PMNode, to: PMNode, style: NumberingStyle, view: CompareView = DEFAULT_COMPARE_VIEW): Comparison {
  const deadline = Date.now() + WORD_DIFF_BUDGET_MS;
  const words = (a: readonly Run[], b: readonly Run[]) => diffRuns(a, b, deadline - Date.now());
  const before = paragraphsOf(from, style, view);
  const after = paragraphsOf(to, style, view);
  const beforeById = new Map(before.map((p) => [p.id, p]));
  const afterIds = new Set(after.map((p) => p.id));
  const common = (list: Paragraph[], other: Set<string> | Map<string, Paragraph>) => list.filter((p) => other.has(p.id)).map((p) => p.id);
  const stayed = inOrder(common(before, afterIds), common(after, beforeById));

  const compared = new Map<string, ClauseComparison>();
  for (const p of after) {
    const old = beforeById.get(p.id);
    if (!old) {
      compared.set(p.id, { clauseId: p.id, kind: p.kind, label: p.label, fromLabel: null, toLabel: p.label, change: 'added', moved: false, fromText: null, toText: p.text, words: allWords('insert', p.runs) });
      continue;
    }
    const moved = !stayed.has(p.id);
    const changed = runsSignature(old.runs) !== runsSignature(p.runs);
    compared.set(p.id, {
      clauseId: p.id,
      kind: p.kind,
      label: p.label,
      fromLabel: old.label,
      toLabel: p.label,
      change: changed ? 'changed' : moved ? 'moved' : 'unchanged',
      moved,
      fromText: old.text,
      toText: p.text,
      words: changed ? words(old.runs, p.runs) : allWords('equal', p.runs),
    });
  }

  // The newer order, with each removed paragraph placed after the paragraph that preceded it before.
  const clauses: ClauseComparison[] = [];
  const removedAfter = new Map<string | null, Paragraph[]>();
  let previous: string | null = null;
  for (const p of before) {
    if (afterIds.has(p.id)) previous = p.id;
    else removedAfter.set(previous, [...(removedAfter.get(previous) ?? []), p]);
  }
  const pushRemoved = (anchor: string | null) => {
    for (const p of removedAfter.get(anchor) ?? []) {
      clauses.push({ clauseId: p.id, kind: p.kind, label: p.label, fromLabel: p.label, toLabel: null, change: 'removed', moved: false, fromText: p.text, toText: null, words: allWords('delete', p.runs) });
    }
  };
  pushRemoved(null);
  for (const p of after) {
    clauses.push(compared.get(p.id)!);
    if (beforeById.has(p.id)) pushRemoved(p.id);
  }

  const headings = ([0, 1] as const).map((i) => headingChange(i === 0 ? 'title' : 'formula', separated(blockRuns(from.child(i), view)), separated(blockRuns(to.child(i), view)), words));
  const all = [...headings.filter((h): h is ClauseComparison => h !== null), ...clauses];
  const counts: ComparisonCounts = { changed: 0, added: 0, proposed: 0, removed: 0, moved: 0, unchanged: 0 };
  for (const c of clauses) {
    if (c.change === 'changed') counts.changed++;
    else if (c.change === 'added' && isProposedParagraph(c)) counts.proposed++;
    else if (c.change === 'added') counts.added++;
    else if (c.change === 'removed') counts.removed++;
    else if (c.change === 'moved') counts.moved++;
    else counts.unchanged++;
  }
  return { view, summary: summarize(counts, clauses, headings), counts, clauses: all, pending: pendingProposals([from, to]) };
}

/** An added paragraph whose every word is a pending proposed insertion: proposed, not added. */
export function isProposedParagraph(clause: Pick<ClauseComparison, 'change' | 'words'>): boolean {
  const words = clause.words.filter((w) => !w.bracket && w.text.trim() !== '' && !/^\n\S+ $/.test(w.text));
  return clause.change === 'added' && words.length > 0 && words.every((w) => w.proposal?.kind === 'insertion');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "3 paragraphs changed, 1 added, 1 moved, OP7 deleted": the line a delegate reads first. */
export function summarize(counts: ComparisonCounts, clauses: readonly ClauseComparison[], headings: readonly (ClauseComparison | null)[] = []): string {
  const parts: string[] = [];
  const noun = (n: number) => (parts.length ? String(n) : plural(n, 'paragraph'));
  if (counts.changed) parts.push(`${noun(counts.changed)} changed`);
  if (counts.added) parts.push(`${noun(counts.added)} added`);
  if (counts.moved) parts.push(`${noun(counts.moved)} moved`);
  if (counts.proposed) parts.push(`${plural(counts.proposed, 'new paragraph')} proposed`);
  if (counts.removed) {
    const removed = clauses.filter((c) => c.change === 'removed').map((c) => c.label);
    parts.push(removed.length <= 3 ? `${removed.join(removed.length === 2 ? ' and ' : ', ')} deleted` : `${noun(counts.removed)} deleted`);
  }
  for (const h of headings) if (h) parts.push(`${h.label.toLowerCase()} ${h.change === 'removed' ? 'removed' : 'changed'}`);
  if (!parts.length) return 'No changes';
  const line = parts.join(', ');
  return line.charAt(0).toUpperCase() + line.slice(1);
}

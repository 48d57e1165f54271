import type { Node as PMNode } from '@tiptap/pm/model';
import { diffArrays, diffWordsWithSpace } from 'diff';
import { inlineText } from './editor/content.js';
import { labelledClauses } from './editor/outline.js';
import type { ClauseKind, NumberingStyle } from './labels.js';

/**
 * Comparing two states of a declaration (two revisions, or a revision and the live text), paragraph
 * by paragraph: paragraphs are matched by their id, never by position, so a paragraph that moved is
 * "moved" rather than "removed here, added there", and one whose label changed at a renumbering is
 * still the same paragraph. Inside a paragraph the change is shown word by word.
 */

export type ClauseChange = 'unchanged' | 'changed' | 'added' | 'removed' | 'moved';

export interface WordChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
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
  removed: number;
  moved: number;
  unchanged: number;
}

export interface Comparison {
  summary: string;
  counts: ComparisonCounts;
  clauses: ClauseComparison[];
}

interface Paragraph {
  id: string;
  kind: ClauseKind;
  label: string;
  text: string;
}

/** A paragraph's text as a compilation text shows it, its sub-paragraphs on lines of their own. */
function paragraphsOf(doc: PMNode, style: NumberingStyle): Paragraph[] {
  return labelledClauses(doc, style).map(({ node, outline, label, subclauses }) => {
    const lines = [inlineText(node.child(0)), ...subclauses.map((sub) => `${sub.label.letter} ${inlineText(sub.node)}`)];
    return { id: outline.id, kind: outline.kind, label: label.label, text: lines.join('\n') };
  });
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

function headingChange(kind: 'title' | 'formula', from: string, to: string): ClauseComparison | null {
  if (from === to) return null;
  const label = kind === 'title' ? 'Title' : 'Formula';
  const change: ClauseChange = !from ? 'added' : !to ? 'removed' : 'changed';
  return { clauseId: kind, kind, label, fromLabel: from ? label : null, toLabel: to ? label : null, change, moved: false, fromText: from || null, toText: to || null, words: diffWords(from, to) };
}

export function compareDeclarations(from: PMNode, to: PMNode, style: NumberingStyle): Comparison {
  const deadline = Date.now() + WORD_DIFF_BUDGET_MS;
  const words = (a: string, b: string) => diffWords(a, b, deadline - Date.now());
  const before = paragraphsOf(from, style);
  const after = paragraphsOf(to, style);
  const beforeById = new Map(before.map((p) => [p.id, p]));
  const afterIds = new Set(after.map((p) => p.id));
  const common = (list: Paragraph[], other: Set<string> | Map<string, Paragraph>) => list.filter((p) => other.has(p.id)).map((p) => p.id);
  const stayed = inOrder(common(before, afterIds), common(after, beforeById));

  const compared = new Map<string, ClauseComparison>();
  for (const p of after) {
    const old = beforeById.get(p.id);
    if (!old) {
      compared.set(p.id, { clauseId: p.id, kind: p.kind, label: p.label, fromLabel: null, toLabel: p.label, change: 'added', moved: false, fromText: null, toText: p.text, words: [{ op: 'insert', text: p.text }] });
      continue;
    }
    const moved = !stayed.has(p.id);
    const changed = old.text !== p.text;
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
      words: changed ? words(old.text, p.text) : [{ op: 'equal', text: p.text }],
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
      clauses.push({ clauseId: p.id, kind: p.kind, label: p.label, fromLabel: p.label, toLabel: null, change: 'removed', moved: false, fromText: p.text, toText: null, words: [{ op: 'delete', text: p.text }] });
    }
  };
  pushRemoved(null);
  for (const p of after) {
    clauses.push(compared.get(p.id)!);
    if (beforeById.has(p.id)) pushRemoved(p.id);
  }

  const headings = [headingChange('title', from.child(0).textContent, to.child(0).textContent), headingChange('formula', from.child(1).textContent, to.child(1).textContent)];
  const all = [...headings.filter((h): h is ClauseComparison => h !== null), ...clauses];
  const counts: ComparisonCounts = { changed: 0, added: 0, removed: 0, moved: 0, unchanged: 0 };
  for (const c of clauses) {
    if (c.change === 'changed') counts.changed++;
    else if (c.change === 'added') counts.added++;
    else if (c.change === 'removed') counts.removed++;
    else if (c.change === 'moved') counts.moved++;
    else counts.unchanged++;
  }
  return { summary: summarize(counts, clauses, headings), counts, clauses: all };
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
  if (counts.removed) {
    const removed = clauses.filter((c) => c.change === 'removed').map((c) => c.label);
    parts.push(removed.length <= 3 ? `${removed.join(removed.length === 2 ? ' and ' : ', ')} deleted` : `${noun(counts.removed)} deleted`);
  }
  for (const h of headings) if (h) parts.push(`${h.label.toLowerCase()} ${h.change === 'removed' ? 'removed' : 'changed'}`);
  if (!parts.length) return 'No changes';
  const line = parts.join(', ');
  return line.charAt(0).toUpperCase() + line.slice(1);
}

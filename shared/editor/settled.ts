import type { Node as PMNode } from '@tiptap/pm/model';
import type { NumberingStyle } from '../labels.js';
import type { ClauseStatus } from '../api/discussion.js';
import { labelledClauses } from './outline.js';
import { listAlternatives } from './alternatives.js';

/**
 * Settled before sealed: what in a text still stands in the way of silence and adoption, paragraph by
 * paragraph. The chair's dialogs show it before asking the server, and the server refuses (409) with
 * the same list, so what the chair reads is what the server decided.
 *
 * A paragraph is unsettled while it is agreed only ad referendum (a capital has yet to confirm), empty
 * (a "9." with nothing after it), or holds square brackets, alternative paragraphs, pending proposals,
 * or a literal "[" or "]" typed or imported as plain characters: an adopted text has none of these.
 * Paragraphs still "open" (never marked agreed) do not block: the chair may adopt a text nobody
 * objects to, but sees them listed for a last confirmation.
 */

export type UnsettledReason = 'adRef' | 'empty' | 'brackets' | 'literalBrackets' | 'alternatives' | 'proposals';

export interface UnsettledParagraph {
  /** The clause id; null for the title or the formula. */
  clauseId: string | null;
  /** "OP3", "PP9", "the title", "the formula". */
  label: string;
  reasons: UnsettledReason[];
}

export interface Readiness {
  /** What blocks silence and adoption, in document order. */
  unsettled: UnsettledParagraph[];
  /** Paragraphs not marked agreed (status open), for the chair's last confirmation. */
  open: { clauseId: string; label: string }[];
}

const REASON_WORDS: Record<UnsettledReason, string> = {
  adRef: 'is agreed only ad referendum',
  empty: 'is empty',
  brackets: 'holds square brackets',
  literalBrackets: 'holds a literal "[" or "]"',
  alternatives: 'has alternative paragraphs',
  proposals: 'has pending proposals',
};

/** What a textblock holds that is not settled: bracket or proposal marks, literal brackets. */
function inlineReasons(block: PMNode, into: Set<UnsettledReason>): void {
  block.descendants((node) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      if (mark.type.name === 'bracket') into.add('brackets');
      if (mark.type.name === 'insertion' || mark.type.name === 'deletion') into.add('proposals');
    }
    if (/[[\]]/.test(node.text ?? '')) into.add('literalBrackets');
    return false;
  });
}

const ORDER: UnsettledReason[] = ['adRef', 'empty', 'brackets', 'literalBrackets', 'alternatives', 'proposals'];

/** The readiness of a declaration for silence and adoption, given the clause statuses. */
export function readinessOf(declaration: PMNode, statuses: ReadonlyMap<string, ClauseStatus>, numbering: NumberingStyle): Readiness {
  const alternatives = new Set(listAlternatives(declaration).flatMap((a) => a.options));
  const unsettled: UnsettledParagraph[] = [];
  const open: Readiness['open'] = [];
  const add = (clauseId: string | null, label: string, reasons: Set<UnsettledReason>) => {
    if (reasons.size) unsettled.push({ clauseId, label, reasons: ORDER.filter((r) => reasons.has(r)) });
  };
  for (const [index, name] of [[0, 'the title'], [1, 'the formula']] as const) {
    const reasons = new Set<UnsettledReason>();
    inlineReasons(declaration.child(index), reasons);
    add(null, name, reasons);
  }
  for (const clause of labelledClauses(declaration, numbering)) {
    const id = clause.outline.id;
    const label = clause.label.label;
    const reasons = new Set<UnsettledReason>();
    const status = statuses.get(id) ?? 'open';
    if (status === 'adRef') reasons.add('adRef');
    if (status === 'open') open.push({ clauseId: id, label });
    let blank = false;
    clause.node.forEach((part) => {
      if (part.textContent.trim() === '' && (part.type.name === 'subclause' || clause.node.childCount === 1)) blank = true;
    });
    if (blank) reasons.add('empty');
    inlineReasons(clause.node, reasons);
    if (alternatives.has(id)) reasons.add('alternatives');
    add(id, label, reasons);
  }
  return { unsettled, open };
}

/** "OP3 is agreed only ad referendum; PP9 is empty; OP4 holds square brackets and has pending proposals". */
export function describeUnsettled(unsettled: readonly UnsettledParagraph[]): string {
  return unsettled
    .map((p) => {
      const words = p.reasons.map((r) => REASON_WORDS[r]);
      const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
      return `${p.label} ${list}`;
    })
    .join('; ');
}

/** The reasons as words for one paragraph: "is empty", "holds square brackets". */
export function reasonWords(reason: UnsettledReason): string {
  return REASON_WORDS[reason];
}

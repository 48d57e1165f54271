import type { Attribution, Run } from '../rendition.js';

/** How runs nest in every format: a bracket holds proposals, a proposal holds formatted text. */

export type Bracket = NonNullable<Run['bracket']>;

export interface ProposalSpan {
  insertion: Attribution | null;
  deletion: Attribution | null;
  runs: Run[];
}

export interface BracketSpan {
  /** Null for text outside any bracket. */
  bracket: Bracket | null;
  proposals: ProposalSpan[];
}

/**
 * Groups a paragraph's runs: consecutive runs of one bracket form one bracketed span ("[shall]",
 * then "[should]" for the next option), and inside it consecutive runs of one proposal form one
 * proposal, so a proposal with an italic word in it is still one insertion.
 */
export function spansOf(runs: readonly Run[]): BracketSpan[] {
  const spans: BracketSpan[] = [];
  for (const run of runs) {
    let span = spans.at(-1);
    if (!span || (span.bracket?.id ?? null) !== (run.bracket?.id ?? null)) {
      span = { bracket: run.bracket ?? null, proposals: [] };
      spans.push(span);
    }
    const last = span.proposals.at(-1);
    if (last && last.insertion?.amendmentId === run.insertion?.amendmentId && last.deletion?.amendmentId === run.deletion?.amendmentId) {
      last.runs.push(run);
    } else {
      span.proposals.push({ insertion: run.insertion ?? null, deletion: run.deletion ?? null, runs: [run] });
    }
  }
  return spans;
}

/**
 * What one amendment proposes in a paragraph (its text and its sub-paragraphs): the words it would
 * insert and those it would delete, each stretch of consecutive text as one piece, in reading order.
 */
export interface ProposalSummary {
  by: Attribution;
  inserted: string[];
  deleted: string[];
}

/**
 * The proposals in a paragraph, one per amendment, in the order they first appear. `except` names the
 * amendment of a whole-paragraph proposal, which is told as one unit and not word by word.
 */
export function proposalsIn(blocks: readonly (readonly Run[])[], except: string | null = null): ProposalSummary[] {
  const found = new Map<string, ProposalSummary>();
  for (const runs of blocks) {
    // The amendment and kind of the previous run, so that consecutive runs of one proposal form one piece.
    let previous: { insertion?: string; deletion?: string } = {};
    for (const run of runs) {
      const current: { insertion?: string; deletion?: string } = {};
      for (const kind of ['insertion', 'deletion'] as const) {
        const a = run[kind];
        if (!a || a.amendmentId === except) continue;
        current[kind] = a.amendmentId;
        let summary = found.get(a.amendmentId);
        if (!summary) found.set(a.amendmentId, (summary = { by: a, inserted: [], deleted: [] }));
        const pieces = kind === 'insertion' ? summary.inserted : summary.deleted;
        if (previous[kind] === a.amendmentId && pieces.length) pieces[pieces.length - 1] += run.text;
        else pieces.push(run.text);
      }
      previous = current;
    }
  }
  return [...found.values()];
}

/**
 * The amendments a proposal span shows an attribution for: all of its own but the whole-paragraph
 * proposal's (`except`), which the paragraph states once. A renderer attributes a run of spans once,
 * after the last of them, so a replacement (a deletion and an insertion of one amendment side by
 * side) reads "<del>encourages</del><ins>urges</ins> (MYS)".
 */
export function attributed(p: ProposalSpan, except: string | null = null): Attribution[] {
  return [p.insertion, p.deletion].filter((a): a is Attribution => !!a && a.amendmentId !== except);
}

/** Whether two lists of attributions name the same amendments, in the same order. */
export function sameAmendments(a: readonly Attribution[], b: readonly Attribution[]): boolean {
  return a.length === b.length && a.every((x, i) => x.amendmentId === b[i]!.amendmentId);
}

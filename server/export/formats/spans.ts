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

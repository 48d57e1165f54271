/**
 * A paragraph's words with what is not agreed about them, as a compilation text typed in Word shows it:
 * tracked changes become proposals (one per run of changes by one author, a replacement included),
 * typed square brackets become bracket marks ("[shall][should]" one choice of two options, a lone
 * "[text]" a choice of its own). Brackets that nest or do not pair up stay as typed, with a warning.
 */
import type { DraftRun } from '../../shared/editor/content.js';
import type { Revision, SourceParagraph } from './source.js';

/** A proposal being assembled from tracked changes: who made it, and when it began. */
export interface ProposalSource {
  author: string;
  at: string | null;
}

/** Keys for proposals and bracket choices, unique in one import. */
export class MarkKeys {
  readonly proposals = new Map<string, ProposalSource>();
  private proposalCount = 0;
  private groupCount = 0;

  constructor(private readonly revisions: readonly Revision[]) {}

  proposal(revision: number): string {
    const key = `p${++this.proposalCount}`;
    const r = this.revisions[revision];
    this.proposals.set(key, { author: r?.author ?? '', at: r?.date ?? null });
    return key;
  }

  /** A later revision joining a proposal: the proposal is as old as its first change. */
  extend(key: string, revision: number): void {
    const source = this.proposals.get(key);
    const date = this.revisions[revision]?.date ?? null;
    if (source && date && (!source.at || date < source.at)) source.at = date;
  }

  /** One proposal absorbing another (the parts of a whole paragraph proposed by one author). */
  merge(into: string, from: string): void {
    const source = this.proposals.get(from);
    const target = this.proposals.get(into);
    if (target && source?.at && (!target.at || source.at < target.at)) target.at = source.at;
    this.proposals.delete(from);
  }

  authorOf(revision: number): string {
    return this.revisions[revision]?.author ?? '';
  }

  group(): string {
    return `g${++this.groupCount}`;
  }
}

/** Where the brackets of some text stand: the options of each choice, by character offsets. */
interface BracketOption {
  /** Offsets of "[" and "]" in the text. */
  open: number;
  close: number;
  group: string;
  option: number;
}

/**
 * The bracketed options of a text, or null when it has brackets that nest, do not pair up, or hold
 * nothing: those are left as typed. Options typed right after one another ("[a][b]") are one choice.
 */
export function bracketOptions(text: string, keys: MarkKeys): BracketOption[] | null {
  const options: BracketOption[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '[') {
      if (open >= 0) return null;
      open = i;
    } else if (ch === ']') {
      if (open < 0 || i === open + 1) return null;
      const previous = options.at(-1);
      const adjacent = previous !== undefined && previous.close === open - 1;
      options.push({ open, close: i, group: adjacent ? previous.group : keys.group(), option: adjacent ? previous.option + 1 : 0 });
      open = -1;
    }
  }
  return open >= 0 ? null : options;
}

/** Whether a text has any square bracket at all. */
export function hasBrackets(text: string): boolean {
  return text.includes('[') || text.includes(']');
}

/**
 * The runs of characters [from, to) of a paragraph: italics where `italic` says, each tracked change
 * a proposal key, brackets as bracket marks (`options` from bracketOptions over the same range, or
 * null to keep them as typed). Consecutive tracked changes by one author are one proposal, so a
 * replacement ("promote" struck, "foster" typed) is one amendment, as Accord's own editor makes it.
 */
export function markedRuns(
  paragraph: SourceParagraph,
  from: number,
  to: number,
  italic: (index: number) => boolean,
  options: readonly BracketOption[] | null,
  keys: MarkKeys,
): DraftRun[] {
  const { text, tracked } = paragraph;
  const bracketAt = new Map<number, { group: string; option: number } | 'bracket'>();
  for (const o of options ?? []) {
    bracketAt.set(from + o.open, 'bracket');
    bracketAt.set(from + o.close, 'bracket');
    for (let i = from + o.open + 1; i < from + o.close; i++) bracketAt.set(i, { group: o.group, option: o.option });
  }
  const runs: DraftRun[] = [];
  // The proposals being extended, by kind: their key, and the author of the changes they gather.
  type Current = { key: string; author: string } | null;
  let insertion: Current = null;
  let deletion: Current = null;
  const keyFor = (revision: number, same: Current, other: Current): Current => {
    const author = keys.authorOf(revision);
    // The same author's change of the other kind right before: a replacement, one proposal.
    const continued = same?.author === author ? same : other?.author === author ? other : null;
    if (continued) {
      keys.extend(continued.key, revision);
      return { ...continued };
    }
    return { key: keys.proposal(revision), author };
  };
  for (let i = from; i < to; i++) {
    const bracket = bracketAt.get(i);
    if (bracket === 'bracket') continue;
    const inserted = tracked ? tracked.inserted[i]! : -1;
    const deleted = tracked ? tracked.deleted[i]! : -1;
    if (inserted < 0 && deleted < 0) insertion = deletion = null;
    const run: DraftRun = { text: text[i]! };
    if (italic(i)) run.italic = true;
    if (inserted >= 0) {
      insertion = keyFor(inserted, insertion, deletion);
      run.insertion = insertion?.key;
    }
    if (deleted >= 0) {
      deletion = keyFor(deleted, deletion, insertion);
      run.deletion = deletion?.key;
    }
    if (bracket) run.bracket = bracket;
    const last = runs.at(-1);
    if (last && sameMarks(last, run)) last.text += run.text;
    else runs.push(run);
  }
  return runs;
}

function sameMarks(a: DraftRun, b: DraftRun): boolean {
  return (
    !!a.italic === !!b.italic &&
    a.insertion === b.insertion &&
    a.deletion === b.deletion &&
    a.bracket?.group === b.bracket?.group &&
    a.bracket?.option === b.bracket?.option
  );
}

/**
 * Paragraph labels as negotiators use them: PP3, OP4, OP4bis, OP2(a).
 *
 * A clause keeps the number it was given at the last renumbering (stored on the clause), so its
 * label does not shift while others insert or delete around it. A clause added since then has no
 * number and is labelled after the nearest numbered clause before it of the same kind, with a Latin
 * ordinal suffix: OP4bis, OP4ter, OP4quater. Clean numbers (1, 2, 3 in the final text) are derived
 * from position, according to the document's numbering style.
 */

export type ClauseKind = 'preambular' | 'operative';
/**
 * How a clean text numbers its paragraphs: the one list the API validates, the database stores and
 * the forms offer. UN style leaves preambular paragraphs unnumbered; "all" numbers every one.
 */
export const NUMBERING_STYLES = ['un', 'all'] as const;
export type NumberingStyle = (typeof NUMBERING_STYLES)[number];

/** What the forms that choose a style say of each. */
export const NUMBERING_CHOICES: Record<NumberingStyle, { label: string; hint: string }> = {
  un: { label: 'UN style', hint: 'Preambular paragraphs unnumbered, operative paragraphs numbered.' },
  all: { label: 'All numbered', hint: 'Every paragraph numbered, as in ASEAN communiqués.' },
};

export interface ClauseOutline {
  id: string;
  kind: ClauseKind;
  /** The number given at the last renumbering; null for a clause inserted since. */
  number: number | null;
  subclauseIds: readonly string[];
  /** For an alternative paragraph ("OP4 alt"): the id of the paragraph it is an alternative to. */
  alternativeOf?: string | null;
}

export interface SubclauseLabel {
  id: string;
  /** "(a)" */
  letter: string;
  /** "OP2(a)" */
  label: string;
}

export interface ClauseLabel {
  id: string;
  kind: ClauseKind;
  /** "PP3", "OP4bis": stable during negotiation. */
  label: string;
  /** The number this clause gets in a clean text ("4"), or null where the style leaves it unnumbered. */
  cleanNumber: number | null;
  subclauses: SubclauseLabel[];
}

const PREFIX: Record<ClauseKind, string> = { preambular: 'PP', operative: 'OP' };

/** bis, ter, quater ... as used for inserted paragraphs and articles. */
export const LATIN_SUFFIXES = [
  'bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies', 'decies',
  'undecies', 'duodecies', 'terdecies', 'quaterdecies', 'quindecies', 'sexdecies',
  'septdecies', 'octodecies', 'novodecies', 'vicies',
] as const;

/** The suffix for the n-th clause inserted after a numbered one (n starts at 1: bis). */
export function insertionSuffix(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`insertion index must be a positive integer, got ${n}`);
  return LATIN_SUFFIXES[n - 1] ?? `-${n + 1}`;
}

/** (a), (b) ... (z), (aa), (bb) ... as in UN and ASEAN texts. */
export function subclauseLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`subclause index must be >= 0, got ${index}`);
  const letter = String.fromCharCode(97 + (index % 26));
  return `(${letter.repeat(Math.floor(index / 26) + 1)})`;
}

export function labelClauses(clauses: readonly ClauseOutline[], style: NumberingStyle): ClauseLabel[] {
  // Numbered clauses claim their labels first, so an inserted clause can never take a label that a
  // numbered one holds, wherever that numbered one has been moved to.
  const taken = new Set<string>();
  for (const clause of clauses) {
    if (clause.number !== null) taken.add(`${PREFIX[clause.kind]}${clause.number}`);
  }
  const lastNumber: Record<ClauseKind, number> = { preambular: 0, operative: 0 };
  const nextSuffix = new Map<string, number>();
  const seenNumbered = new Set<string>();
  const position: Record<ClauseKind, number> = { preambular: 0, operative: 0 };
  let overall = 0;

  const ids = new Set(clauses.map((c) => c.id));
  const isAlternative = (c: ClauseOutline) => !!c.alternativeOf && c.alternativeOf !== c.id && ids.has(c.alternativeOf);
  const labels = clauses.map((clause) => {
    if (isAlternative(clause)) return null; // labelled after the paragraph it stands for, below
    const prefix = PREFIX[clause.kind];
    let label: string;
    const own = clause.number !== null ? `${prefix}${clause.number}` : null;
    if (own !== null && !seenNumbered.has(own)) {
      seenNumbered.add(own);
      label = own;
      lastNumber[clause.kind] = clause.number as number;
    } else {
      // Unnumbered, or a second clause claiming a number already used: label it as an insertion.
      const base = `${prefix}${lastNumber[clause.kind]}`;
      let n = nextSuffix.get(base) ?? 1;
      while (taken.has(`${base}${insertionSuffix(n)}`)) n++;
      label = `${base}${insertionSuffix(n)}`;
      taken.add(label);
      nextSuffix.set(base, n + 1);
    }
    position[clause.kind]++;
    overall++;
    const cleanNumber = style === 'all' ? overall : clause.kind === 'operative' ? position.operative : null;
    return {
      id: clause.id,
      kind: clause.kind,
      label,
      cleanNumber,
      subclauses: clause.subclauseIds.map((id, index) => {
        const letter = subclauseLetter(index);
        return { id, letter, label: `${label}${letter}` };
      }),
    };
  });
  // Alternative paragraphs: "OP4 alt", "OP4 alt2" after the paragraph they stand for. They have no
  // clean number: a clean text keeps one of them.
  const byId = new Map(labels.flatMap((l) => (l ? [[l.id, l] as const] : [])));
  const alternatives = new Map<string, number>();
  return clauses.map((clause, i) => {
    const own = labels[i];
    if (own) return own;
    const target = byId.get(clause.alternativeOf as string);
    const n = (alternatives.get(clause.alternativeOf as string) ?? 0) + 1;
    alternatives.set(clause.alternativeOf as string, n);
    const label = `${target?.label ?? PREFIX[clause.kind]} alt${n > 1 ? n : ''}`;
    return {
      id: clause.id,
      kind: clause.kind,
      label,
      cleanNumber: null,
      subclauses: clause.subclauseIds.map((id, index) => {
        const letter = subclauseLetter(index);
        return { id, letter, label: `${label}${letter}` };
      }),
    };
  });
}

/** The numbers a clean renumbering gives: 1..n per kind, by position. */
export function renumberClauses(clauses: readonly ClauseOutline[]): Map<string, number> {
  const counters: Record<ClauseKind, number> = { preambular: 0, operative: 0 };
  const numbers = new Map<string, number>();
  for (const clause of clauses) numbers.set(clause.id, ++counters[clause.kind]);
  return numbers;
}

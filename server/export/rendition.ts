import type { Node as PMNode } from '@tiptap/pm/model';
import { labelledClauses } from '../../shared/editor/outline.js';
import type { ClauseKind, NumberingStyle } from '../../shared/labels.js';
import { paragraphProposal } from '../../shared/editor/paragraph-proposals.js';

/**
 * A declaration laid out for export: what every format (DOCX, PDF, HTML, Markdown, text, JSON,
 * Akoma Ntoso) renders, so that they all agree on numbering, lead words, brackets and proposals.
 *
 * A draft (the live text or a revision) keeps negotiation labels (PP3, OP4bis), square brackets and
 * attributed proposals. An adopted text is clean: numbered as the document's style says (UN style
 * leaves preambular paragraphs unnumbered), with no brackets and no proposals left in it.
 */

export interface Attribution {
  amendmentId: string;
  /** The proposing delegation's code ("MYS"), or null for the secretariat. */
  delegation: string | null;
  author: string | null;
  /** ISO timestamp of the proposal. */
  at: string | null;
  /** Codes of the delegations that support it, and that oppose it (a draft's compilation text). */
  supporters: string[];
  opponents: string[];
}

/** A clause's status in the negotiation (a draft only; an adopted text has none). */
export type RenditionStatus = 'open' | 'adRef' | 'agreed';

export interface RenditionComment {
  /** "Delegate of Malaysia"; null for a deleted account. */
  author: string | null;
  /** The author's delegation code, or null (the secretariat, an observer). */
  delegation: string | null;
  at: string;
  body: string;
}

/** A discussion thread on a paragraph, as a compilation text carries it. */
export interface RenditionThread {
  id: string;
  status: 'open' | 'resolved';
  /**
   * The words it is about, where they still stand in the paragraph: offsets into the paragraph's text
   * as its runs spell it (runsText of `runs`, proposals included). Null for a thread on the whole
   * paragraph, or when the quoted words are gone.
   */
  quote: { text: string; start: number; end: number } | null;
  resolutionNote: string | null;
  comments: RenditionComment[];
}

export interface Run {
  text: string;
  italic?: boolean;
  bold?: boolean;
  /** Inside square brackets: the bracket's id, and its group (options of one choice share one). */
  bracket?: { id: string; group: string; option: number };
  /** Proposed for insertion (a draft only). */
  insertion?: Attribution;
  /** Proposed for deletion (a draft only). */
  deletion?: Attribution;
}

export interface RenditionSubclause {
  id: string;
  /** "(a)" */
  letter: string;
  /** "OP2(a)" */
  label: string;
  runs: Run[];
}

export interface RenditionClause {
  id: string;
  kind: ClauseKind;
  /** The negotiation label: "PP3", "OP4bis", "OP4 alt". */
  label: string;
  /** The number in a clean text (1, 2 ...), or null where the style leaves the paragraph unnumbered. */
  cleanNumber: number | null;
  /** What to print before the paragraph: "OP4bis" in a draft; "4." or "" in a clean text. */
  marker: string;
  /** For an alternative paragraph: the id of the paragraph it stands for. */
  alternativeOf: string | null;
  runs: Run[];
  subclauses: RenditionSubclause[];
  /**
   * A whole-paragraph proposal (a draft only): a proposed new paragraph ("insertion") or a proposal to
   * delete the paragraph ("deletion"). Its runs carry the same attribution; a renderer shows the
   * paragraph, label and paragraph mark included, as one proposal.
   */
  proposal: { kind: 'insertion' | 'deletion'; by: Attribution } | null;
  /** Its status in the negotiation (a draft only; null in a clean text). */
  status: RenditionStatus | null;
  /** Its threads, open first (a draft only; empty in a clean text). */
  threads: RenditionThread[];
}

export interface LifecycleEvent {
  /**
   * An issued revision (the zero draft is number 0); a silence procedure started, broken or withdrawn;
   * the adoption.
   */
  kind: 'revision' | 'silenceStarted' | 'silenceBroken' | 'silenceWithdrawn' | 'adoption';
  /** 0 for the zero draft, N for Rev.N; null for the others. */
  number: number | null;
  /** The symbol the text bore at that step (the final symbol for the adoption). */
  symbol: string;
  date: string;
  /** A revision's note, the statement breaking silence, the adopting body. */
  note: string | null;
  /** The delegation that broke silence. */
  delegation?: string | null;
}

export interface AdoptionInfo {
  adoptedAt: string;
  venue: string | null;
  body: string | null;
  delegations: { code: string; name: string }[];
  /** SHA-256 (hex) of the canonical final text: the plain-text export of the adopted text. */
  hash: string;
}

export interface Rendition {
  documentId: string;
  title: string;
  formula: string;
  /**
   * The symbol of what is exported: "SOMTC/2019/L.1/Rev.2", the base symbol for the live draft, the
   * final symbol ("SOMTC/2019/1") for an adopted text.
   */
  symbol: string;
  /** The draft symbol every revision is numbered from ("SOMTC/2019/L.1"). */
  baseSymbol: string;
  /** The symbol the adopted text bears, once adopted; null before. */
  finalSymbol: string | null;
  /** When the document was created: the date of the Work, which keeps one identity for its whole life. */
  createdAt: string;
  /** The venue's IANA time zone: every date is shown in it. */
  timeZone: string;
  /** The language of the text (BCP 47) and its direction. */
  language: string;
  direction: 'ltr' | 'rtl';
  /** The organisation whose text it is ("un", "asean", "osce"): Akoma Ntoso's country and authority. */
  organisation: string;
  numbering: NumberingStyle;
  /** "live": the current draft; "revision": an issued revision; "adopted": the final text. */
  stage: 'live' | 'revision' | 'adopted';
  /** An adopted text is clean: clean numbers, no brackets, no proposals. */
  clean: boolean;
  /** For a revision: its number (0 = zero draft). */
  revisionNumber: number | null;
  /** When this text was fixed: issue date of a revision, adoption date, or the moment of export. */
  date: string;
  venue: string | null;
  lifecycle: LifecycleEvent[];
  adoption: AdoptionInfo | null;
  clauses: RenditionClause[];
}

export type RenditionMeta = Omit<Rendition, 'title' | 'formula' | 'clauses'>;

/**
 * What a compilation text (a draft's export) carries besides the words, from the database: each
 * paragraph's status, the positions taken on each proposal, the threads. Empty for a clean text.
 */
export interface Negotiation {
  statuses: ReadonlyMap<string, RenditionStatus>;
  /** By amendment id. */
  positions: ReadonlyMap<string, { supporters: string[]; opponents: string[] }>;
  /** By clause id, with quotes as text (located in the paragraph by renditionOf). */
  threads: ReadonlyMap<string, (Omit<RenditionThread, 'quote'> & { quoteText: string | null })[]>;
}

export const NO_NEGOTIATION: Negotiation = { statuses: new Map(), positions: new Map(), threads: new Map() };

function attribution(attrs: Record<string, unknown>, negotiation: Negotiation): Attribution {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const amendmentId = str(attrs.amendmentId) ?? '';
  const positions = negotiation.positions.get(amendmentId);
  return {
    amendmentId,
    delegation: str(attrs.delegationCode),
    author: str(attrs.authorName),
    at: str(attrs.at),
    supporters: positions?.supporters ?? [],
    opponents: positions?.opponents ?? [],
  };
}

/** Where a thread's quoted words stand in a paragraph's text (the first place), or null if gone. */
function locateQuote(text: string, quote: string | null): RenditionThread['quote'] {
  if (!quote) return null;
  const start = text.indexOf(quote);
  return start < 0 ? null : { text: quote, start, end: start + quote.length };
}

/** The runs of a textblock; in a clean text, proposals are resolved as if rejected and brackets dropped. */
export function runsOf(block: PMNode, clean: boolean, negotiation: Negotiation = NO_NEGOTIATION): Run[] {
  const runs: Run[] = [];
  block.forEach((node) => {
    if (!node.isText || !node.text) return;
    const mark = (name: string) => node.marks.find((m) => m.type.name === name)?.attrs as Record<string, unknown> | undefined;
    const insertion = mark('insertion');
    const deletion = mark('deletion');
    const bracket = mark('bracket');
    if (clean && insertion) return; // a clean text never holds a pending proposal
    const run: Run = { text: node.text };
    if (mark('italic')) run.italic = true;
    if (mark('bold')) run.bold = true;
    if (!clean) {
      if (bracket) run.bracket = { id: String(bracket.bracketId ?? ''), group: String(bracket.group ?? bracket.bracketId ?? ''), option: Number(bracket.option ?? 0) };
      if (insertion) run.insertion = attribution(insertion, negotiation);
      if (deletion) run.deletion = attribution(deletion, negotiation);
    }
    const last = runs.at(-1);
    if (last && sameFormat(last, run)) last.text += run.text;
    else runs.push(run);
  });
  return runs;
}

function sameFormat(a: Run, b: Run): boolean {
  return (
    !!a.italic === !!b.italic &&
    !!a.bold === !!b.bold &&
    a.bracket?.id === b.bracket?.id &&
    a.insertion?.amendmentId === b.insertion?.amendmentId &&
    a.deletion?.amendmentId === b.deletion?.amendmentId
  );
}

/**
 * Lays out a declaration (a ProseMirror node of the shared schema) for export. A draft's layout
 * carries the negotiation (statuses, positions, threads) when given; a clean text never does.
 */
export function renditionOf(doc: PMNode, meta: RenditionMeta, negotiation: Negotiation = NO_NEGOTIATION): Rendition {
  const clean = meta.clean;
  const n = clean ? NO_NEGOTIATION : negotiation;
  return {
    ...meta,
    title: doc.child(0).textContent.trim(),
    formula: doc.child(1).textContent.trim(),
    clauses: labelledClauses(doc, meta.numbering).map((clause) => {
      const label = clause.label;
      const subclauses: RenditionSubclause[] = clause.subclauses.map((sub) => ({ id: sub.label.id, letter: sub.label.letter, label: sub.label.label, runs: runsOf(sub.node, clean, n) }));
      const runs = runsOf(clause.node.child(0), clean, n);
      const whole = clean ? null : paragraphProposal(clause.node);
      const id = clause.outline.id;
      const text = runsText(runs);
      return {
        id: clause.outline.id,
        kind: clause.outline.kind,
        label: label.label,
        cleanNumber: label.cleanNumber,
        marker: clean ? (label.cleanNumber !== null ? `${label.cleanNumber}.` : '') : label.label,
        alternativeOf: clause.outline.alternativeOf ?? null,
        runs,
        subclauses,
        proposal: whole ? { kind: whole.kind, by: attribution(whole.attrs as unknown as Record<string, unknown>, n) } : null,
        status: clean ? null : (n.statuses.get(id) ?? 'open'),
        threads: (n.threads.get(id) ?? []).map(({ quoteText, ...thread }) => ({ ...thread, quote: locateQuote(text, quoteText) })),
      };
    }),
  };
}

/** The words of runs as a reader sees them in a clean text. */
export function runsText(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('');
}

/**
 * The canonical text of a clean (adopted) rendition, whose SHA-256 is the integrity hash: the title,
 * the formula, then each paragraph on its own line, preceded by its clean number where it has one, and
 * its sub-paragraphs as "(a) ...". Lines end with "\n"; whitespace inside a line is kept as written.
 */
export function canonicalText(rendition: Rendition): string {
  const lines: string[] = [];
  if (rendition.title) lines.push(rendition.title);
  if (rendition.formula) lines.push(rendition.formula);
  for (const clause of rendition.clauses) {
    const text = runsText(clause.runs).trim();
    lines.push(clause.marker ? `${clause.marker} ${text}` : text);
    for (const sub of clause.subclauses) lines.push(`${sub.letter} ${runsText(sub.runs).trim()}`);
  }
  return lines.join('\n') + '\n';
}

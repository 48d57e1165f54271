import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { ClauseKind, NumberingStyle } from '../labels.js';
import { renumberClauses } from '../labels.js';
import { newBracketId } from './brackets.js';
import { newClauseId, newSubclauseId } from './ids.js';
import type { ProposalAttrs } from './marks.js';
import { labelledClauses } from './outline.js';

/**
 * Words of a paragraph with what is not agreed about them, as a compilation text carries them: a
 * Word file's tracked changes and typed square brackets, once imported.
 */
export interface DraftRun {
  text: string;
  italic?: boolean;
  /** The key, in the draft's `proposals`, of the proposal that inserts these words. */
  insertion?: string;
  /** The key, in the draft's `proposals`, of the proposal to delete them. */
  deletion?: string;
  /** Inside square brackets: the choice (a key shared by its options, within the draft) and the option, from 0. */
  bracket?: { group: string; option: number };
}

/** A paragraph's words and its sub-paragraphs' words, with their proposals and brackets. */
export interface MarkedClause {
  text: DraftRun[];
  subclauses: DraftRun[][];
}

/** A paragraph as written by hand (demo data, imports, tests): text, optional italic lead words. */
export interface ClauseDraft {
  lead?: string;
  text: string;
  subclauses?: string[];
  /**
   * The paragraph with its proposals and brackets. When given, it is what the paragraph holds (lead,
   * text and subclauses are then only its reading in plain words, for whoever cannot show marks).
   */
  marked?: MarkedClause;
  /** Its number at the last renumbering (4 for OP4); null for a paragraph inserted since (OP4bis); by default, see draftNumbers. */
  number?: number | null;
  /** For an alternative paragraph ("OP4 alt"): the index, in the same part, of the paragraph it stands for. */
  alternativeOf?: number;
}

export interface DeclarationDraft {
  title: string;
  formula?: string;
  preambular: ClauseDraft[];
  operative: ClauseDraft[];
  /** Who proposed what: the attributes of each proposal, under the keys marked runs name. */
  proposals?: Readonly<Record<string, ProposalAttrs>>;
}

function inline(text: string): JSONContent[] {
  return text ? [{ type: 'text', text }] : [];
}

/** Turns marked runs into text nodes: proposals by their attributes, brackets with ids fresh per draft. */
class DraftMarks {
  private readonly groups = new Map<string, string>();
  private readonly brackets = new Map<string, string>();

  constructor(private readonly proposals: Readonly<Record<string, ProposalAttrs>>) {}

  private proposal(key: string): ProposalAttrs {
    const attrs = Object.hasOwn(this.proposals, key) ? this.proposals[key] : undefined;
    if (!attrs) throw new RangeError(`the draft names a proposal it does not hold: ${key}`);
    return attrs;
  }

  nodes(runs: readonly DraftRun[]): JSONContent[] {
    return runs.flatMap((run): JSONContent[] => {
      if (!run.text) return [];
      const marks: NonNullable<JSONContent['marks']> = [];
      if (run.italic) marks.push({ type: 'italic' });
      if (run.insertion !== undefined) marks.push({ type: 'insertion', attrs: { ...this.proposal(run.insertion) } });
      if (run.deletion !== undefined) marks.push({ type: 'deletion', attrs: { ...this.proposal(run.deletion) } });
      if (run.bracket) {
        const { group, option } = run.bracket;
        let groupId = this.groups.get(group);
        if (!groupId) this.groups.set(group, (groupId = newBracketId()));
        // One bracket per option of a choice, however many runs (italics, proposals) it spans.
        const key = `${group}\u0000${option}`;
        let bracketId = this.brackets.get(key);
        if (!bracketId) this.brackets.set(key, (bracketId = newBracketId()));
        marks.push({ type: 'bracket', attrs: { bracketId, group: groupId, option } });
      }
      return [marks.length ? { type: 'text', text: run.text, marks } : { type: 'text', text: run.text }];
    });
  }
}

/** Whether a paragraph is a proposed new one: every word of it (sub-paragraphs too) a proposed insertion. */
function isProposedParagraph(draft: ClauseDraft): boolean {
  if (!draft.marked) return false;
  const runs = [draft.marked.text, ...draft.marked.subclauses].flat().filter((r) => r.text !== '');
  return runs.length > 0 && runs.every((r) => r.insertion !== undefined && r.deletion === undefined);
}

/**
 * The number each paragraph of a part is given: the one its label says, else the next after the
 * paragraph before it. A proposed new paragraph and an alternative have none of their own (they are
 * labelled OP4bis, "OP4 alt"), so the paragraphs after them keep the numbers they had.
 */
export function draftNumbers(clauses: readonly ClauseDraft[]): (number | null)[] {
  let last = 0;
  return clauses.map((clause) => {
    if (clause.number !== undefined) {
      if (clause.number !== null) last = Math.max(last, clause.number);
      return clause.number;
    }
    if (clause.alternativeOf !== undefined || isProposedParagraph(clause)) return null;
    return ++last;
  });
}

function clauseJSON(kind: ClauseKind, index: number, draft: ClauseDraft, ids: readonly string[], numbers: readonly (number | null)[], marks: DraftMarks): JSONContent {
  let content: JSONContent[];
  let subclauses: JSONContent[][];
  if (draft.marked) {
    content = marks.nodes(draft.marked.text);
    subclauses = draft.marked.subclauses.map((runs) => marks.nodes(runs));
  } else {
    content = [];
    if (draft.lead) content.push({ type: 'text', text: draft.lead, marks: [{ type: 'italic' }] });
    if (draft.text) content.push({ type: 'text', text: draft.lead ? ` ${draft.text}` : draft.text });
    subclauses = (draft.subclauses ?? []).map(inline);
  }
  const target = draft.alternativeOf;
  const alternativeOf = target !== undefined && target !== index ? ids[target] : undefined;
  return {
    type: 'clause',
    attrs: { id: ids[index], kind, number: numbers[index] ?? null, ...(alternativeOf ? { alternativeOf } : {}) },
    content: [
      { type: 'clauseText', content },
      ...subclauses.map((sub) => ({
        type: 'subclause',
        attrs: { id: newSubclauseId() },
        content: sub,
      })),
    ],
  };
}

/**
 * A declaration as TipTap JSON: numbered cleanly (PP1..n, OP1..n) unless its paragraphs say their
 * numbers (see draftNumbers), with the proposals and brackets of marked paragraphs as marks.
 */
export function declarationJSON(draft: DeclarationDraft): JSONContent {
  const marks = new DraftMarks(draft.proposals ?? {});
  const part = (kind: ClauseKind, clauses: readonly ClauseDraft[]) => {
    const ids = clauses.map(() => newClauseId());
    const numbers = draftNumbers(clauses);
    return clauses.map((c, i) => clauseJSON(kind, i, c, ids, numbers, marks));
  };
  return {
    type: 'doc',
    content: [
      { type: 'title', content: inline(draft.title) },
      { type: 'formula', content: inline(draft.formula ?? '') },
      { type: 'preamble', content: part('preambular', draft.preambular) },
      { type: 'operative', content: part('operative', draft.operative) },
    ],
  };
}

/**
 * The draft with every proposal accepted: proposed words stay (unmarked), words proposed for deletion
 * go, and so does a paragraph or sub-paragraph left with no words; alternatives keep pointing at the
 * paragraph they stand for (or stand alone, if it went).
 */
export function acceptDraftProposals(draft: DeclarationDraft): DeclarationDraft {
  const accept = (runs: readonly DraftRun[]): DraftRun[] =>
    runs.flatMap((run) => {
      if (run.deletion !== undefined) return [];
      const { insertion: _accepted, ...kept } = run;
      return [kept];
    });
  const blank = (runs: readonly DraftRun[]) => runs.every((r) => r.text.trim() === '');
  const part = (clauses: readonly ClauseDraft[]): ClauseDraft[] => {
    const kept: ClauseDraft[] = [];
    const newIndex = new Map<number, number>();
    clauses.forEach((clause, i) => {
      if (!clause.marked) {
        newIndex.set(i, kept.length);
        kept.push(clause);
        return;
      }
      const text = accept(clause.marked.text);
      const subclauses = clause.marked.subclauses.map(accept).filter((sub) => !blank(sub));
      if (blank(text) && subclauses.length === 0) return;
      newIndex.set(i, kept.length);
      kept.push({ ...clause, marked: { text, subclauses } });
    });
    return kept.map((clause) => {
      if (clause.alternativeOf === undefined) return clause;
      const { alternativeOf, ...rest } = clause;
      const target = newIndex.get(alternativeOf);
      return target === undefined ? rest : { ...rest, alternativeOf: target };
    });
  };
  const { proposals: _decided, ...rest } = draft;
  return { ...rest, preambular: part(draft.preambular), operative: part(draft.operative) };
}

/** What a new document starts as: its title, one empty preambular and one empty operative paragraph. */
export function skeletonJSON(title: string): JSONContent {
  return declarationJSON({ title, preambular: [{ text: '' }], operative: [{ text: '' }] });
}

/**
 * A paragraph's text with what is not agreed made visible, as in a compilation text: square
 * brackets as [shall][should], a proposed insertion as {+foster+} and a proposed deletion as
 * {-promote-}.
 */
export function inlineText(block: PMNode): string {
  let out = '';
  let open: { bracket: unknown; insertion: unknown; deletion: unknown } = { bracket: null, insertion: null, deletion: null };
  const close = () => {
    if (open.deletion) out += '-}';
    if (open.insertion) out += '+}';
    if (open.bracket) out += ']';
  };
  block.forEach((node) => {
    const mark = (name: string) => node.marks.find((m) => m.type.name === name)?.attrs ?? null;
    const next = {
      bracket: (mark('bracket') as { bracketId?: unknown } | null)?.bracketId ?? null,
      insertion: (mark('insertion') as { amendmentId?: unknown } | null)?.amendmentId ?? null,
      deletion: (mark('deletion') as { amendmentId?: unknown } | null)?.amendmentId ?? null,
    };
    if (next.bracket !== open.bracket || next.insertion !== open.insertion || next.deletion !== open.deletion) {
      close();
      if (next.bracket) out += '[';
      if (next.insertion) out += '{+';
      if (next.deletion) out += '{-';
      open = next;
    }
    out += node.text ?? '';
  });
  close();
  return out;
}

/**
 * The text of a declaration, one paragraph a line, each starting with its label:
 * the title, the opening formula when there is one, then PP1 ..., OP1 ..., OP2(a) ..., with brackets
 * and proposals shown as inlineText shows them.
 */
export function declarationPlainText(doc: PMNode, style: NumberingStyle): string {
  const lines: string[] = [];
  const title = doc.child(0).textContent.trim();
  const formula = doc.child(1).textContent.trim();
  if (title) lines.push(title);
  if (formula) lines.push(formula);
  for (const { node, label, subclauses } of labelledClauses(doc, style)) {
    lines.push(`${label.label} ${inlineText(node.child(0))}`.trimEnd());
    for (const sub of subclauses) lines.push(`${sub.label.label} ${inlineText(sub.node)}`.trimEnd());
  }
  return lines.join('\n') + '\n';
}

export { renumberClauses };

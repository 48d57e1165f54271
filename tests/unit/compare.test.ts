import { describe, expect, it } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { compareDeclarations, diffWords, summarize, type Comparison, type WordChange } from '../../shared/compare.js';
import type { JSONContent } from '@tiptap/core';
import { declarationJSON, type ClauseDraft, type DeclarationDraft } from '../../shared/editor/content.js';
import type { ProposalAttrs } from '../../shared/editor/marks.js';
import { renumberDeclaration } from '../../shared/editor/renumber.js';
import { declarationSchema } from '../../shared/editor/index.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { declarationDoc, sampleDraft } from './editor-fixtures.js';

/** Edits a declaration as a ProseMirror transaction, for comparing before and after. */
function edited(doc: PMNode, change: (state: EditorState) => EditorState['tr']): PMNode {
  const state = EditorState.create({ doc });
  return change(state).doc;
}

const clauseStarting = (doc: PMNode, start: string) => clausesOf(doc).find((c) => c.node.textContent.startsWith(start))!;

describe('comparing two versions of a declaration', () => {
  const before = declarationDoc(sampleDraft());

  it('finds nothing between a text and itself', () => {
    const result = compareDeclarations(before, before, 'un');
    expect(result.summary).toBe('No changes');
    expect(result.clauses.every((c) => c.change === 'unchanged')).toBe(true);
  });

  it('diffs the words of a changed paragraph, keeping the rest as it was', () => {
    const after = edited(before, (state) => {
      const op1 = clauseStarting(state.doc, 'Calls upon');
      const at = op1.pos + 2 + op1.node.textContent.indexOf('cooperate');
      return state.tr.insertText('cooperate closely', at, at + 'cooperate'.length);
    });
    const result = compareDeclarations(before, after, 'un');
    expect(result.summary).toBe('1 paragraph changed');
    const changed = result.clauses.find((c) => c.change === 'changed')!;
    expect(changed.label).toBe('OP1');
    expect(changed.words).toEqual([
      { op: 'equal', text: 'Calls upon Member States to cooperate' },
      { op: 'insert', text: ' closely' },
      { op: 'equal', text: ';' },
    ]);
  });

  it('tells a moved paragraph from a deleted and re-added one, by id', () => {
    const after = edited(before, (state) => {
      const op1 = clauseStarting(state.doc, 'Calls upon');
      const tr = state.tr.delete(op1.pos, op1.pos + op1.node.nodeSize);
      const op2 = clauseStarting(tr.doc, 'Encourages');
      return tr.insert(op2.pos + op2.node.nodeSize, op1.node);
    });
    const result = compareDeclarations(before, after, 'un');
    expect(result.counts).toMatchObject({ moved: 1, changed: 0, added: 0, removed: 0 });
    expect(result.summary).toBe('1 paragraph moved');
  });

  it('places a deleted paragraph where it stood, and names it in the summary', () => {
    const after = edited(before, (state) => {
      const pp2 = clauseStarting(state.doc, 'Noting with concern');
      return state.tr.delete(pp2.pos, pp2.pos + pp2.node.nodeSize);
    });
    const result = compareDeclarations(before, after, 'un');
    expect(result.summary).toBe('PP2 deleted');
    expect(result.clauses.map((c) => `${c.change} ${c.label}`)).toEqual(['unchanged PP1', 'removed PP2', 'unchanged OP1', 'unchanged OP2']);
  });

  it('reports a changed title', () => {
    const after = edited(before, (state) => state.tr.insertText(' (Rev.)', state.doc.child(0).nodeSize - 1));
    expect(compareDeclarations(before, after, 'un').summary).toBe('Title changed');
  });

  it('words the summary as the chair would read it out', () => {
    const removed = (label: string) => ({ change: 'removed' as const, label }) as Parameters<typeof summarize>[1][number];
    expect(summarize({ changed: 3, added: 1, proposed: 0, removed: 1, moved: 0, unchanged: 4 }, [removed('OP7')])).toBe('3 paragraphs changed, 1 added, OP7 deleted');
    expect(summarize({ changed: 0, added: 2, proposed: 0, removed: 2, moved: 0, unchanged: 4 }, [removed('PP1'), removed('OP7')])).toBe('2 paragraphs added, PP1 and OP7 deleted');
    expect(summarize({ changed: 0, added: 0, proposed: 0, removed: 4, moved: 0, unchanged: 0 }, ['PP1', 'PP2', 'OP1', 'OP2'].map(removed))).toBe('4 paragraphs deleted');
  });

  it('diffs words with their spacing', () => {
    expect(diffWords('take measures', 'take effective measures')).toEqual([
      { op: 'equal', text: 'take ' },
      { op: 'insert', text: 'effective ' },
      { op: 'equal', text: 'measures' },
    ]);
  });
});

const proposal = (amendmentId: string, delegationCode: string, color: string): ProposalAttrs => ({ amendmentId, delegationCode, color, authorId: `u-${delegationCode}`, authorName: `Delegate of ${delegationCode}`, at: '2026-12-01T09:00:00.000Z' });

/**
 * The sample draft with OP1 reading "Calls upon Member States to promote cooperation;" in `op1`'s
 * form, and optionally a new paragraph after it.
 */
function draftWith(op1: ClauseDraft, extra: ClauseDraft[] = []): DeclarationDraft {
  const base = sampleDraft();
  return {
    ...base,
    operative: [op1, ...extra, base.operative[1]!],
    proposals: { mys: proposal('a-mys', 'MYS', '#0b7a75'), idn: proposal('a-idn', 'IDN', '#b4232a') },
  };
}

/**
 * A declaration whose paragraphs have ids named after their first words, so two versions built from
 * drafts match paragraph by paragraph, as two states of one document do.
 */
function versionOf(draft: DeclarationDraft): PMNode {
  const json = declarationJSON(draft);
  const name = (node: JSONContent): string => (node.text ?? '') + (node.content ?? []).map(name).join('');
  const visit = (node: JSONContent) => {
    if (node.type === 'clause') node.attrs = { ...node.attrs, id: `c_${name(node).replace(/[^A-Za-z]/g, '').slice(0, 12)}` };
    node.content?.forEach(visit);
  };
  visit(json);
  return declarationSchema.nodeFromJSON(json);
}

const plainOp1: ClauseDraft = { lead: 'Calls upon', text: 'Member States to promote cooperation;', number: 1 };
/** MYS proposes "foster" for "promote": a pending replacement. */
const proposedOp1: ClauseDraft = {
  ...plainOp1,
  marked: {
    text: [{ text: 'Calls upon', italic: true }, { text: ' Member States to ' }, { text: 'promote', deletion: 'mys' }, { text: 'foster', insertion: 'mys' }, { text: ' cooperation;' }],
    subclauses: [],
  },
};
const acceptedOp1: ClauseDraft = { lead: 'Calls upon', text: 'Member States to foster cooperation;', number: 1 };
/** IDN proposes a whole new paragraph, OP1bis. */
const proposedOp1bis: ClauseDraft = { text: 'Requests a report;', number: null, marked: { text: [{ text: 'Requests a report;', insertion: 'idn' }], subclauses: [] } };

const op1Of = (c: Comparison) => c.clauses.find((x) => x.label === 'OP1')!;
const shown = (words: readonly WordChange[]) => words.map((w) => w.text).join('');
const noMarkup = (c: Comparison) => c.clauses.flatMap((x) => x.words).every((w) => !/\{[+-]|[+-]\}|\uE000/.test(w.text));

describe('comparing with pending proposals', () => {
  const issued = versionOf(draftWith(plainOp1));
  const current = versionOf(draftWith(proposedOp1, [proposedOp1bis]));

  it('leaves pending proposals out by default: the current text reads as it stands if none is accepted', () => {
    const clean = compareDeclarations(issued, current, 'un');
    expect(clean.view).toBe('clean');
    expect(clean.summary).toBe('No changes');
    expect(shown(op1Of(clean).words)).toBe('Calls upon Member States to promote cooperation;');
    expect(op1Of(clean).words.some((w) => w.text.includes('foster'))).toBe(false);
    // The proposed OP1bis is not in the clean text at all.
    expect(clean.clauses.map((c) => c.label)).not.toContain('OP1bis');
    expect(clean.pending).toEqual({
      count: 2,
      delegations: [
        { delegationCode: 'IDN', color: '#b4232a', count: 1 },
        { delegationCode: 'MYS', color: '#0b7a75', count: 1 },
      ],
    });
    expect(noMarkup(clean)).toBe(true);
  });

  it('shows pending proposals attributed to their delegation, never as adopted words or literal markup', () => {
    const withProposals = compareDeclarations(issued, current, 'un', 'proposals');
    expect(withProposals.view).toBe('proposals');
    expect(withProposals.summary).toBe('1 paragraph changed, 1 new paragraph proposed');
    const words = op1Of(withProposals).words;
    const foster = words.find((w) => w.text === 'foster')!;
    expect(foster.proposal).toMatchObject({ kind: 'insertion', delegationCode: 'MYS', amendmentId: 'a-mys', color: '#0b7a75' });
    const promote = words.find((w) => w.text.includes('promote'))!;
    expect(promote.proposal).toMatchObject({ kind: 'deletion', delegationCode: 'MYS' });
    // No plain (unattributed) insertion: nothing reads as accepted.
    expect(words.filter((w) => w.op === 'insert' && !w.proposal)).toEqual([]);
    const op1bis = withProposals.clauses.find((c) => c.label === 'OP1bis')!;
    expect(op1bis.change).toBe('added');
    expect(op1bis.words.every((w) => w.proposal?.delegationCode === 'IDN')).toBe(true);
    expect(withProposals.counts).toMatchObject({ added: 0, proposed: 1, changed: 1 });
    expect(noMarkup(withProposals)).toBe(true);
  });

  it('shows an accepted proposal as a change in both views', () => {
    const withPending = versionOf(draftWith(proposedOp1));
    const accepted = versionOf(draftWith(acceptedOp1));
    const clean = op1Of(compareDeclarations(withPending, accepted, 'un'));
    expect(clean.change).toBe('changed');
    expect(clean.words.filter((w) => w.op !== 'equal').map((w) => `${w.op} ${w.text}`)).toEqual(['delete promote', 'insert foster']);
    // With proposals, "foster" was MYS's proposal and is now plain text: replaced, not "unchanged".
    const proposals = op1Of(compareDeclarations(withPending, accepted, 'un', 'proposals'));
    expect(proposals.words.filter((w) => w.op !== 'equal').map((w) => `${w.op} ${w.text} ${w.proposal?.kind ?? 'text'}`)).toEqual(['delete promote deletion', 'delete foster insertion', 'insert foster text']);
  });

  it("keeps square brackets as the draft's text, marked as brackets, in both views", () => {
    const bracketed: ClauseDraft = {
      ...plainOp1,
      text: 'Member States [shall][should] cooperate;',
      marked: {
        text: [{ text: 'Calls upon', italic: true }, { text: ' Member States ' }, { text: 'shall', bracket: { group: 'g', option: 0 } }, { text: 'should', bracket: { group: 'g', option: 1 } }, { text: ' cooperate;' }],
        subclauses: [],
      },
    };
    const agreed = versionOf(draftWith({ ...plainOp1, text: 'Member States shall cooperate;' }));
    for (const view of ['clean', 'proposals'] as const) {
      const op1 = op1Of(compareDeclarations(agreed, versionOf(draftWith(bracketed)), 'un', view));
      expect(shown(op1.words.filter((w) => w.op !== 'delete'))).toBe('Calls upon Member States [shall][should] cooperate;');
      expect(op1.words.filter((w) => w.bracket).map((w) => w.text)).toEqual(['[', ']', '[', ']']);
      // Each bracket glyph is its own marked piece, never merged into an inserted word.
      expect(op1.words.filter((w) => !w.bracket).every((w) => !/[[\]]/.test(w.text))).toBe(true);
    }
  });
});

describe('clean renumbering', () => {
  it('numbers inserted paragraphs by position and reports each label it changes', () => {
    const doc = edited(declarationDoc(sampleDraft()), (state) => {
      const op1 = clauseStarting(state.doc, 'Calls upon');
      const inserted = declarationSchema.nodes.clause!.create({ id: 'c_new', kind: 'operative', number: null }, [
        declarationSchema.nodes.clauseText!.create(null, declarationSchema.text('Requests the SOMTC to report;')),
      ]);
      return state.tr.insert(op1.pos + op1.node.nodeSize, inserted);
    });
    const { tr, changes } = renumberDeclaration(EditorState.create({ doc }), 'un');
    expect(changes).toEqual([
      { clauseId: 'c_new', from: 'OP1bis', to: 'OP2' },
      { clauseId: clauseStarting(doc, 'Encourages').outline.id, from: 'OP2', to: 'OP3' },
    ]);
    expect(clausesOf(tr!.doc).map((c) => c.outline.number)).toEqual([1, 2, 1, 2, 3]);
    expect(renumberDeclaration(EditorState.create({ doc: tr!.doc }), 'un').tr).toBeNull();
  });
});

describe('comparing texts built to be slow', () => {
  it('gives up on a word diff that would take too long and shows the paragraph as replaced', () => {
    const words = (seed: string) => Array.from({ length: 6000 }, (_, i) => `${seed}${i}`).join(' ');
    const started = performance.now();
    const result = diffWords(words('a'), words('b'), 50);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result).toEqual([
      { op: 'delete', text: words('a') },
      { op: 'insert', text: words('b') },
    ]);
  });
});

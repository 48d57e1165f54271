import { describe, expect, it } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { compareDeclarations, diffWords, summarize } from '../../shared/compare.js';
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
    expect(summarize({ changed: 3, added: 1, removed: 1, moved: 0, unchanged: 4 }, [removed('OP7')])).toBe('3 paragraphs changed, 1 added, OP7 deleted');
    expect(summarize({ changed: 0, added: 2, removed: 2, moved: 0, unchanged: 4 }, [removed('PP1'), removed('OP7')])).toBe('2 paragraphs added, PP1 and OP7 deleted');
    expect(summarize({ changed: 0, added: 0, removed: 4, moved: 0, unchanged: 0 }, ['PP1', 'PP2', 'OP1', 'OP2'].map(removed))).toBe('4 paragraphs deleted');
  });

  it('diffs words with their spacing', () => {
    expect(diffWords('take measures', 'take effective measures')).toEqual([
      { op: 'equal', text: 'take ' },
      { op: 'insert', text: 'effective ' },
      { op: 'equal', text: 'measures' },
    ]);
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

import { describe, expect, it } from 'vitest';
import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { declarationJSON, type DeclarationDraft } from '../../shared/editor/content.js';
import { declarationSchema } from '../../shared/editor/index.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { labelClauses } from '../../shared/labels.js';
import { clauseIndex } from '../../client/editor/incremental.js';
import { clauseLabelWork, labelAt, relabel, type LabelledElement } from '../../client/editor/clauseLabels.js';
import { declarationDecorations } from '../../client/editor/decorations.js';

/**
 * Clauses' labels are written on their elements by a node view, not decorated: a keystroke writes
 * none and leaves the decorations without one per clause (whose scan, for each clause, made a redraw
 * cost the square of their number); a clause added writes only the labels that differ. Counts, not
 * time. The elements stand in for the clauses' DOM elements (Node has no DOM).
 */

function draft(size: number): DeclarationDraft {
  return {
    title: 'Declaration on Regional Cooperation',
    formula: 'We, the Ministers of the ASEAN Member States,',
    preambular: Array.from({ length: 10 }, (_, i) => ({ lead: 'Recalling', text: `the statement number ${i + 1} of the Ministers;` })),
    operative: Array.from({ length: size - 10 }, (_, i) => ({ lead: 'Encourage', text: `the Member States to act on matter ${i + 1};` })),
  };
}

const docOf = (d: DeclarationDraft): PMNode => declarationSchema.nodeFromJSON(declarationJSON(d));

class Element implements LabelledElement {
  attributes = new Map<string, string>();
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
}

/** One element per clause id, as ProseMirror keeps a clause's element while the clause lives. */
function elementsOf(doc: PMNode, elements = new Map<string, Element>()): (pos: number) => Element | null {
  const byPos = new Map<number, Element>();
  for (const c of clausesOf(doc)) {
    let element = elements.get(c.outline.id);
    if (!element) elements.set(c.outline.id, (element = new Element()));
    byPos.set(c.pos, element);
  }
  return (pos) => byPos.get(pos) ?? null;
}

const expectedLabels = (doc: PMNode) => labelClauses(clausesOf(doc).map((c) => c.outline), 'un').map((l) => l.label);

describe('clause labels written by the node view', () => {
  it('gives each clause, where it stands, the label labelClauses gives it', () => {
    const doc = docOf(draft(40));
    const index = clauseIndex(doc, 'un');
    expect(clausesOf(doc).map((c) => labelAt(index, c.pos, c.node))).toEqual(expectedLabels(doc));
  });

  it('a keystroke keeps the labels: nothing to write, and no clause carries a decoration', () => {
    const doc = docOf(draft(300));
    const after = EditorState.create({ doc }).tr.insertText('x', clausesOf(doc)[150]!.pos + 2).doc;
    // The plugin relabels only when the index's labels are not the same array.
    expect(clauseIndex(after, 'un').labels).toBe(clauseIndex(doc, 'un').labels);
    const clausePositions = new Set(clausesOf(after).map((c) => c.pos));
    const onClauses = declarationDecorations(after, 'un')
      .find()
      .filter((d) => clausePositions.has(d.from));
    expect(onClauses).toHaveLength(0);
  });

  it('a clause added writes the labels that changed, and only those', () => {
    const doc = docOf(draft(60));
    const elements = new Map<string, Element>();
    relabel(clauseIndex(doc, 'un'), elementsOf(doc, elements));
    expect([...elements.values()].map((e) => e.getAttribute('data-label'))).toEqual(expectedLabels(doc));

    const fiftieth = clausesOf(doc)[50]!;
    const copy = fiftieth.node.type.create({ ...fiftieth.node.attrs, id: 'c_inserted', number: null }, fiftieth.node.content);
    const after = EditorState.create({ doc }).tr.insert(fiftieth.pos, copy).doc;
    const index = clauseIndex(after, 'un');
    expect(index.labels).not.toBe(clauseIndex(doc, 'un').labels);

    const before = new Map(clausesOf(doc).map((c, i) => [c.outline.id, expectedLabels(doc)[i]]));
    const changed = clausesOf(after).filter((c, i) => before.get(c.outline.id) !== expectedLabels(after)[i]).length;
    const written = relabel(index, elementsOf(after, elements));
    expect(written).toBe(changed);
    expect(written).toBeLessThan(15);
    const at = elementsOf(after, elements);
    expect(clausesOf(after).map((c) => at(c.pos)!.getAttribute('data-label'))).toEqual(expectedLabels(after));
    expect(clauseLabelWork.relabels).toBe(2);
  });
});

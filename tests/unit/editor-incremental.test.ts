import { describe, expect, it } from 'vitest';
import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import type { DecorationSet } from '@tiptap/pm/view';
import { declarationJSON, type DeclarationDraft } from '../../shared/editor/content.js';
import { declarationSchema } from '../../shared/editor/index.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { listBrackets } from '../../shared/editor/brackets.js';
import { labelClauses } from '../../shared/labels.js';
import { declarationDecorations, decorationWork, updateDeclarationDecorations } from '../../client/editor/decorations.js';
import { bracketsWork, updateBrackets, bracketDecorations } from '../../client/editor/brackets.js';
import { clauseIndex, docChange, labelWork } from '../../client/editor/incremental.js';

/**
 * Typing in a long text redoes the work of the paragraph typed in, not of the whole text: these count
 * the paragraphs decorated and the label computations (work, not time), and check that the result is
 * what a computation from scratch gives.
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

/** A decoration set as plain data, to compare an incremental result with one from scratch. */
function plain(set: DecorationSet): string[] {
  return set
    .find()
    .map((d) => `${d.from}-${d.to}:${JSON.stringify((d as unknown as { type: { attrs?: unknown } }).type.attrs ?? null)}`)
    .sort();
}

/** The position inside the running text of the n-th clause. */
function insideClause(doc: PMNode, n: number): number {
  return clausesOf(doc)[n]!.pos + 2;
}

describe('incremental decorations', () => {
  it('a keystroke in one paragraph of sixty decorates that paragraph again, and labels nothing', () => {
    const doc = docOf(draft(60));
    const before = declarationDecorations(doc, 'all');
    const after = EditorState.create({ doc }).tr.insertText('x', insideClause(doc, 30)).doc;

    const blocks = decorationWork.blocks;
    const labels = labelWork.computed;
    const updated = updateDeclarationDecorations(before, doc, after, 'all');
    expect(decorationWork.blocks - blocks).toBeLessThanOrEqual(2);
    expect(labelWork.computed - labels).toBe(0);
    expect(plain(updated)).toEqual(plain(declarationDecorations(after, 'all')));
  });

  it('emptying a paragraph gives it its placeholder, like a computation from scratch', () => {
    const doc = docOf(draft(20));
    const clause = clausesOf(doc)[12]!;
    const text = clause.node.firstChild!;
    const after = EditorState.create({ doc }).tr.delete(clause.pos + 2, clause.pos + 2 + text.content.size).doc;
    const updated = updateDeclarationDecorations(declarationDecorations(doc, 'all'), doc, after, 'all');
    expect(plain(updated)).toEqual(plain(declarationDecorations(after, 'all')));
    expect(plain(updated).some((d) => d.includes('Operative paragraph'))).toBe(true);
  });

  it('a paragraph added relabels the text: every paragraph decorated, labels as labelClauses gives them', () => {
    const doc = docOf(draft(20));
    const twelfth = clausesOf(doc)[12]!;
    const copy = twelfth.node.type.create({ ...twelfth.node.attrs, id: 'c_inserted', number: null }, twelfth.node.content);
    const after = EditorState.create({ doc }).tr.insert(twelfth.pos, copy).doc;

    const before = declarationDecorations(doc, 'all');
    const labels = labelWork.computed;
    const updated = updateDeclarationDecorations(before, doc, after, 'all');
    expect(labelWork.computed - labels).toBe(1);
    expect(plain(updated)).toEqual(plain(declarationDecorations(after, 'all')));
    const expected = labelClauses(clausesOf(after).map((c) => c.outline), 'all').map((l) => l.label);
    expect(clauseIndex(after, 'all').labels.map((l) => l.label)).toEqual(expected);
    expect(expected).toContain('OP2bis');
  });

  it('another delegate\'s keystroke, which replaces the whole document, is found as one paragraph', () => {
    const doc = docOf(draft(60));
    const typed = EditorState.create({ doc }).tr.insertText('y', insideClause(doc, 40)).doc;
    // As the Yjs binding does: the whole content replaced, by nodes shared where nothing changed.
    const replaced = EditorState.create({ doc }).tr.replaceWith(0, doc.content.size, typed.content).doc;
    const change = docChange(doc, replaced);
    expect(change).not.toBeNull();
    expect(change!.newTo - change!.from).toBe(1);
    expect(change!.oldTo).toBe(change!.from);
  });
});

describe('incremental brackets', () => {
  it('typing away from brackets keeps them, moved, without listing the whole text', () => {
    const doc = docOf(draft(30));
    const bracketed = EditorState.create({ doc });
    const at = insideClause(doc, 25);
    const withBracket = bracketed.tr.addMark(at, at + 4, declarationSchema.marks.bracket!.create({ bracketId: 'b_1', group: 'b_1', option: 0 })).doc;
    const groups = listBrackets(withBracket);
    const state = { groups, decorations: bracketDecorations(withBracket, groups) };

    const typed = EditorState.create({ doc: withBracket }).tr.insertText('z', insideClause(withBracket, 3)).doc;
    const full = bracketsWork.full;
    const updated = updateBrackets(state, withBracket, typed);
    expect(bracketsWork.full - full).toBe(0);
    expect(updated.groups).toEqual(listBrackets(typed));

    // Typing inside the bracket lists them again.
    const inside = EditorState.create({ doc: typed }).tr.insertText('q', at + 3).doc;
    const again = updateBrackets(updated, typed, inside);
    expect(bracketsWork.full - full).toBe(1);
    expect(again.groups).toEqual(listBrackets(inside));
  });
});

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
import { highlight, highlightWork, updateHighlight } from '../../client/editor/amendments.js';
import { keepUnchangedNodes, remoteWork, wrappable } from '../../client/editor/remoteUpdates.js';
import * as Y from 'yjs';
import { ySyncPlugin, ySyncPluginKey } from '@tiptap/y-tiptap';
import { declarationFromYDoc, declarationUpdate, FRAGMENT } from '../../shared/editor/yjs.js';

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

describe('incremental amendment highlight', () => {
  it('typing while an amendment is selected scans the paragraph typed in, and highlights as a scan of the whole text', () => {
    const doc = docOf(draft(40));
    const insertion = (amendmentId: string) => declarationSchema.marks.insertion!.create({ amendmentId });
    const a = insideClause(doc, 20);
    const b = insideClause(doc, 35);
    let tr = EditorState.create({ doc }).tr.addMark(a, a + 6, insertion('am_1'));
    tr = tr.addMark(b, b + 3, insertion('am_1')).addMark(b + 5, b + 8, insertion('am_2'));
    const marked = tr.doc;
    const scanned = highlightWork.textNodes;
    const before = highlight(marked, 'am_1');
    expect(before.find().length).toBe(2);
    expect(highlightWork.textNodes - scanned).toBeGreaterThan(40);

    // A keystroke elsewhere, then one right after the proposed words (the mark is not inclusive), then one inside them.
    const steps = [insideClause(marked, 5), a + 6, b + 1];
    let state = { doc: marked, set: before };
    for (const at of steps) {
      const next = EditorState.create({ doc: state.doc }).tr.insertText('x', at).doc;
      // As the Yjs binding delivers another delegate's keystroke: the whole content replaced.
      const replaced = EditorState.create({ doc: state.doc }).tr.replaceWith(0, state.doc.content.size, next.content).doc;
      const scanned = highlightWork.textNodes;
      state = { doc: replaced, set: updateHighlight(state.set, state.doc, replaced, 'am_1') };
      // A paragraph holds a few text nodes; the text, over forty.
      expect(highlightWork.textNodes - scanned).toBeLessThanOrEqual(6);
      expect(plain(state.set)).toEqual(plain(highlight(replaced, 'am_1')));
    }
  });
});

describe('a remote keystroke through the Yjs binding', () => {
  /** The binding bound to a stand-in for the editor's view: a state, and dispatch applying to it. */
  function boundEditor(ydoc: Y.Doc) {
    const fragment = ydoc.getXmlFragment(FRAGMENT);
    const view = {
      state: EditorState.create({ schema: declarationSchema, plugins: [ySyncPlugin(fragment)] }),
      dispatch(tr: ReturnType<EditorState['tr']['setMeta']>) {
        view.state = view.state.apply(tr);
      },
      hasFocus: () => false,
    };
    const binding: unknown = (ySyncPluginKey.getState(view.state) as { binding: unknown }).binding;
    if (!wrappable(binding)) throw new Error('the binding no longer has the methods RemoteUpdates wraps');
    (binding as unknown as { initView(v: unknown): void; _forceRerender(): void }).initView(view);
    (binding as unknown as { _forceRerender(): void })._forceRerender();
    keepUnchangedNodes(binding);
    return view;
  }

  function pair(size: number) {
    const local = new Y.Doc();
    Y.applyUpdate(local, declarationUpdate(declarationJSON(draft(size))));
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(local));
    const send = (change: () => void) => {
      const before = Y.encodeStateVector(local);
      remote.transact(change);
      Y.applyUpdate(local, Y.encodeStateAsUpdate(remote, before));
    };
    return { local, remote, send };
  }

  it('keeps the nodes of the paragraphs it did not change, and shows what a full rebuild shows', () => {
    const { local, remote, send } = pair(40);
    const view = boundEditor(local);
    const before = view.state.doc;
    const kept = remoteWork.kept;
    send(() => clauseTextOf(remote, 25).insert(3, 'x'));
    expect(remoteWork.kept - kept).toBe(1);
    const after = view.state.doc;
    expect(after.toJSON()).toEqual(declarationFromYDoc(local).toJSON());
    const was = clausesOf(before);
    const now = clausesOf(after);
    const changed = now.filter((c, i) => c.node !== was[i]!.node);
    expect(changed.map((c) => c.outline.id)).toEqual([was[25]!.outline.id]);
  });

  it('a paragraph added or removed by someone else goes through the binding unchanged', () => {
    const { local, remote, send } = pair(20);
    const view = boundEditor(local);
    const rebuilt = remoteWork.rebuilt;
    send(() => {
      const part = partOf(remote, 'operative');
      part.delete(2, 1);
    });
    expect(remoteWork.rebuilt - rebuilt).toBe(1);
    expect(view.state.doc.toJSON()).toEqual(declarationFromYDoc(local).toJSON());
    // Then a keystroke after it: kept nodes, the same text as Yjs holds.
    send(() => clauseTextOf(remote, 12).insert(0, 'y'));
    expect(view.state.doc.toJSON()).toEqual(declarationFromYDoc(local).toJSON());
  });
});

function partOf(doc: Y.Doc, name: string): Y.XmlElement {
  return doc.getXmlFragment(FRAGMENT).toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === name) as Y.XmlElement;
}

/** The running text (an XmlText) of the n-th clause of the text, preambular ones first. */
function clauseTextOf(doc: Y.Doc, n: number): Y.XmlText {
  const clauses = doc
    .getXmlFragment(FRAGMENT)
    .toArray()
    .filter((p): p is Y.XmlElement => p instanceof Y.XmlElement && (p.nodeName === 'preamble' || p.nodeName === 'operative'))
    .flatMap((p) => p.toArray() as Y.XmlElement[]);
  const body = clauses[n]!.get(0) as Y.XmlElement;
  return body.get(0) as Y.XmlText;
}

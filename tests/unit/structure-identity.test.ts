import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { updateYFragment } from '@tiptap/y-tiptap';
import { indentClause, normalizeDeclaration, outdentSubclause } from '../../shared/editor/index.js';
import { declarationPlainText } from '../../shared/editor/content.js';
import { currentQuote, encodeAnchor, followQuote, resolveAnchor, resolveQuote, type Anchor } from '../../shared/editor/anchors.js';
import { declarationFromYDoc, declarationUpdate, FRAGMENT, paragraphHomes } from '../../shared/editor/yjs.js';
import { caretIn, declarationDoc, press, shapeOf, textblockStart } from './editor-fixtures.js';
import type { DeclarationDraft } from '../../shared/editor/content.js';

/**
 * Tab and Shift+Tab change where a paragraph stands, never which paragraph it is: its id (which
 * threads, statuses and amendments name), its number (its label) and the quotes of its threads.
 */

const OP1 = 'Calls upon Member States to cooperate;';
const OP2 = 'Encourages the sharing of information;';
const OP3 = 'Decides to remain seized of the matter.';

function draft(): DeclarationDraft {
  return {
    title: 'Joint Statement',
    preambular: [{ lead: 'Recalling', text: 'the Charter;' }],
    operative: [{ text: OP1 }, { text: OP2 }, { text: OP3 }],
  };
}

function operativeLines(doc: Parameters<typeof declarationPlainText>[0]): string[] {
  return declarationPlainText(doc, 'un')
    .split('\n')
    .filter((l) => l.startsWith('OP'));
}

describe('Tab then Shift+Tab', () => {
  it('gives back the same paragraph: same id, same number, same label (OP2, not OP1bis)', () => {
    const doc = declarationDoc(draft());
    const op2 = shapeOf(doc).operative[1]!;
    expect(op2.number).toBe(2);

    const indented = press(indentClause, caretIn(doc, OP2, 5));
    expect(indented.handled).toBe(true);
    const sub = indented.state.doc.child(3).child(0).child(1);
    expect(sub.type.name).toBe('subclause');
    expect(sub.attrs.id).toBe(op2.id);
    expect(sub.attrs.number).toBe(2);
    expect(operativeLines(indented.state.doc)).toEqual([`OP1 ${OP1}`, `OP1(a) ${OP2}`, `OP3 ${OP3}`]);

    const lifted = press(outdentSubclause, indented.state);
    expect(lifted.handled).toBe(true);
    const back = shapeOf(lifted.state.doc).operative;
    expect(back.map((c) => [c.id, c.number, c.text])).toEqual(shapeOf(doc).operative.map((c) => [c.id, c.number, c.text]));
    expect(operativeLines(lifted.state.doc)).toEqual([`OP1 ${OP1}`, `OP2 ${OP2}`, `OP3 ${OP3}`]);
  });

  it('an inserted paragraph (OP1bis) stays OP1bis, with its id', () => {
    const d = draft();
    const doc = declarationDoc(d);
    // Make OP2 an unnumbered insertion: the label is OP1bis.
    const pos = textblockStart(doc, OP2) - 2;
    const unnumbered = EditorState.create({ doc }).apply(EditorState.create({ doc }).tr.setNodeMarkup(pos, undefined, { ...doc.nodeAt(pos)!.attrs, number: null })).doc;
    const id = shapeOf(unnumbered).operative[1]!.id;
    expect(operativeLines(unnumbered)[1]).toBe(`OP1bis ${OP2}`);
    const indented = press(indentClause, caretIn(unnumbered, OP2, 0)).state;
    const back = press(outdentSubclause, indented).state;
    expect(shapeOf(back.doc).operative[1]).toMatchObject({ id, number: null, text: OP2 });
    expect(operativeLines(back.doc)[1]).toBe(`OP1bis ${OP2}`);
  });

  it('the number is not taken back where another paragraph now holds it, or out of order', () => {
    const doc = declarationDoc(draft());
    const indented = press(indentClause, caretIn(doc, OP2, 0)).state;
    // Someone else's paragraph took number 2 meanwhile (say, a renumbering): the lifted one is an insertion.
    const op3Pos = textblockStart(indented.doc, OP3) - 2;
    const renumbered = indented.apply(indented.tr.setNodeMarkup(op3Pos, undefined, { ...indented.doc.nodeAt(op3Pos)!.attrs, number: 2 }));
    const at = textblockStart(renumbered.doc, OP2, 'subclause');
    const back = press(outdentSubclause, renumbered.apply(renumbered.tr.setSelection(TextSelection.create(renumbered.doc, at)))).state;
    expect(shapeOf(back.doc).operative.map((c) => c.number)).toEqual([1, null, 2]);
    expect(operativeLines(back.doc)).toEqual([`OP1 ${OP1}`, `OP1bis ${OP2}`, `OP2 ${OP3}`]);
  });

  it('a copy of a demoted paragraph does not carry its number', () => {
    const doc = declarationDoc(draft());
    const indented = press(indentClause, caretIn(doc, OP2, 0)).state;
    const sub = indented.doc.child(3).child(0).child(1);
    // Paste a copy of the sub-paragraph right after it: ClauseStructure gives the copy a fresh id and no number.
    const tr = indented.tr.insert(textblockStart(indented.doc, OP2, 'subclause') - 1 + sub.nodeSize, sub.copy(sub.content));
    const withCopy = indented.apply(tr);
    const copy = normalized(withCopy).doc.child(3).child(0).child(2);
    expect(copy.attrs.id).not.toBe(sub.attrs.id);
    expect(copy.attrs.number).toBeNull();
  });

  it('Tab on an alternative paragraph is left to the browser', () => {
    const doc = declarationDoc(draft());
    const pos = textblockStart(doc, OP2) - 2;
    const op1Id = shapeOf(doc).operative[0]!.id;
    const alt = EditorState.create({ doc }).apply(EditorState.create({ doc }).tr.setNodeMarkup(pos, undefined, { ...doc.nodeAt(pos)!.attrs, alternativeOf: op1Id })).doc;
    const { handled, tr } = press(indentClause, caretIn(alt, OP2, 0));
    expect(handled).toBe(false);
    expect(tr).toBeNull();
  });
});

/** ClauseStructure's fixes, as its appendTransaction makes them. */
function normalized(state: EditorState): EditorState {
  const tr = normalizeDeclaration(state);
  return tr ? state.apply(tr) : state;
}

/** A Yjs document holding the draft, and the XmlText of an operative paragraph's running text. */
function yDeclaration() {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, declarationUpdate(declarationDoc(draft()).toJSON()));
  return ydoc;
}

function operativeText(ydoc: Y.Doc, index: number): Y.XmlText {
  const operative = ydoc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement;
  return ((operative.get(index) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function anchorOn(text: Y.XmlText, words: string): Anchor {
  const from = text.toString().indexOf(words);
  const to = from + words.length;
  return encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from, 0), Y.createRelativePositionFromTypeIndex(text, to, to < text.length ? 0 : -1));
}

/** Applies a key press to the Yjs document the way the editor's binding does (y-prosemirror's diff). */
function pressInYDoc(ydoc: Y.Doc, command: typeof indentClause, text: string, offset: number, type?: string): void {
  const doc = declarationFromYDoc(ydoc);
  const { state, handled } = press(command, caretIn(doc, text, offset, type));
  expect(handled).toBe(true);
  ydoc.transact(() => updateYFragment(ydoc, ydoc.getXmlFragment(FRAGMENT), state.doc, { mapping: new Map(), isOMark: new Map() } as never));
}

describe('a quote follows its words through Tab and Shift+Tab', () => {
  it('the anchor is lost with the paragraph\'s old text, and the words are found in the block that carries its id', () => {
    const ydoc = yDeclaration();
    const op2Id = (((ydoc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement).get(1) as Y.XmlElement).getAttribute('id')) as string;
    const anchor = anchorOn(operativeText(ydoc, 1), 'sharing of information');
    const home = { clauseId: op2Id, text: 'sharing of information' };
    expect(currentQuote(ydoc, anchor)).toBe('sharing of information');

    pressInYDoc(ydoc, indentClause, OP2, 0);
    // y-prosemirror made a new text for the sub-paragraph: the relative positions point into the deleted one.
    expect(resolveAnchor(ydoc, anchor)).toBeNull();
    expect(currentQuote(ydoc, anchor)).toBeNull();
    expect(currentQuote(ydoc, anchor, home)).toBe('sharing of information');
    // Drawn afresh on the words where they now stand: an anchor that resolves by itself, in the sub-paragraph.
    const followed = followQuote(ydoc, anchor, home);
    expect(followed).not.toEqual(anchor);
    expect(currentQuote(ydoc, followed)).toBe('sharing of information');
    expect(followQuote(ydoc, anchor, home)).toEqual(followed);
    expect(followQuote(ydoc, followed, home)).toBe(followed);

    // Its thread's paragraph is OP1 while the words are OP1(a).
    const op1Id = (((ydoc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement).get(0) as Y.XmlElement).getAttribute('id')) as string;
    expect(paragraphHomes(ydoc).get(op2Id)).toBe(op1Id);

    pressInYDoc(ydoc, outdentSubclause, OP2, 0, 'subclause');
    expect(paragraphHomes(ydoc).get(op2Id)).toBe(op2Id);
    const restored = (ydoc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement).get(1) as Y.XmlElement;
    expect(restored.nodeName).toBe('clause');
    expect(restored.getAttribute('id')).toBe(op2Id);
    expect(restored.getAttribute('number')).toBe(2);
    const found = resolveQuote(ydoc, anchor, home)!;
    expect(found.text).toBe(operativeText(ydoc, 1));
    expect(found.text.toString().slice(found.from, found.to)).toBe('sharing of information');
    expect(currentQuote(ydoc, anchor, home)).toBe('sharing of information');
  });

  it('an anchor that still resolves wins over the words (the same words elsewhere do not capture it)', () => {
    const ydoc = yDeclaration();
    const op3Id = (((ydoc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement).get(2) as Y.XmlElement).getAttribute('id')) as string;
    const anchor = anchorOn(operativeText(ydoc, 2), 'seized');
    const r = resolveQuote(ydoc, anchor, { clauseId: op3Id, text: 'seized' })!;
    expect(r.text).toBe(operativeText(ydoc, 2));
    expect(r.to - r.from).toBe('seized'.length);
  });

  it('words no longer in the paragraph are gone: null, not words found elsewhere', () => {
    const ydoc = yDeclaration();
    const op2Id = (((ydoc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement).get(1) as Y.XmlElement).getAttribute('id')) as string;
    const anchor = anchorOn(operativeText(ydoc, 1), 'sharing');
    pressInYDoc(ydoc, indentClause, OP2, 0);
    // The quoted word is rewritten in the sub-paragraph; OP1 and OP3 do not hold it either.
    const sub = ((ydoc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement).get(0) as Y.XmlElement).get(1) as Y.XmlElement;
    const text = sub.get(0) as Y.XmlText;
    const at = text.toString().indexOf('sharing');
    text.delete(at, 'sharing'.length);
    text.insert(at, 'exchange');
    expect(currentQuote(ydoc, anchor, { clauseId: op2Id, text: 'sharing' })).toBeNull();
  });
});

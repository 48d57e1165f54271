import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { declarationJSON } from '../../shared/editor/content.js';
import { declarationSchema } from '../../shared/editor/index.js';
import { declarationFromYDoc, declarationUpdate, FRAGMENT } from '../../shared/editor/yjs.js';
import { bracketAsAlternative, bracketSelection, bracketedClauseIds, clearBracket, listBrackets, pickBracketOption } from '../../shared/editor/brackets.js';
import { editDeclaration } from '../../server/collab/edit.js';

const draft = declarationJSON({
  title: 'Joint Statement',
  preambular: [{ lead: 'Recalling', text: 'the Charter;' }],
  operative: [{ lead: 'Encourage', text: 'Member States shall should take measures;' }],
});

function stateOf(json = draft): EditorState {
  return EditorState.create({ doc: declarationSchema.nodeFromJSON(json) });
}

function positionOf(state: EditorState, word: string): number {
  let found = -1;
  state.doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(word)) found = pos + node.text!.indexOf(word);
    return found < 0;
  });
  if (found < 0) throw new Error(`${word} not found`);
  return found;
}

function select(state: EditorState, word: string): EditorState {
  const from = positionOf(state, word);
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, from + word.length)));
}

function bracketShallShould(): EditorState {
  let state = stateOf();
  state = state.apply(bracketSelection(select(state, 'shall'))!);
  state = state.apply(bracketAsAlternative(select(state, 'should'))!);
  return state;
}

const operativeText = (state: EditorState) => state.doc.child(3).child(0).textContent;

describe('square brackets', () => {
  it('bracketing a selection makes a choice of one option; nothing selected brackets nothing', () => {
    const state = stateOf();
    expect(bracketSelection(state)).toBeNull();
    const after = state.apply(bracketSelection(select(state, 'shall'))!);
    const groups = listBrackets(after.doc);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.options.map((o) => [o.option, o.text])).toEqual([[0, 'shall']]);
    expect(groups[0]!.clauseId).toBe(after.doc.child(3).child(0).attrs.id);
    expect(bracketedClauseIds(after.doc)).toEqual(new Set([after.doc.child(3).child(0).attrs.id]));
  });

  it('a selection right after a bracket becomes its alternative: [shall][should]', () => {
    const groups = listBrackets(bracketShallShould().doc);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.options.map((o) => [o.option, o.text])).toEqual([[0, 'shall'], [1, 'should']]);
  });

  it('options written side by side, [shall][should], leave no gap when one is picked', () => {
    const json = declarationJSON({ title: 'T', preambular: [{ text: 'x' }], operative: [{ text: 'States shallshould act' }] });
    let state = stateOf(json);
    state = state.apply(bracketSelection(select(state, 'shall'))!);
    state = state.apply(bracketAsAlternative(select(state, 'should'))!);
    const picked = state.apply(pickBracketOption(state, listBrackets(state.doc)[0]!.group, 0)!);
    expect(operativeText(picked)).toBe('States shall act');
  });

  it('an alternative needs a bracket right before it', () => {
    expect(bracketAsAlternative(select(stateOf(), 'should'))).toBeNull();
  });

  it('picking an option removes the others and every bracket of the choice', () => {
    const state = bracketShallShould();
    const group = listBrackets(state.doc)[0]!.group;
    const picked = state.apply(pickBracketOption(state, group, 1)!);
    expect(operativeText(picked)).toBe('Encourage Member States should take measures;');
    expect(listBrackets(picked.doc)).toEqual([]);
    expect(() => picked.doc.check()).not.toThrow();
    expect(pickBracketOption(state, group, 7)).toBeNull();
    expect(pickBracketOption(state, 'b_unknown', 0)).toBeNull();
  });

  it('clearing a bracket keeps its text, unbracketed', () => {
    const state = bracketShallShould();
    const cleared = state.apply(clearBracket(state, listBrackets(state.doc)[0]!.group)!);
    expect(operativeText(cleared)).toBe('Encourage Member States shall should take measures;');
    expect(listBrackets(cleared.doc)).toEqual([]);
  });

  it('a bracket survives the trip through Yjs, and the server picks an option without recreating the clause', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, declarationUpdate(draft));
    const clauseElement = (doc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement).get(0);
    expect(editDeclaration(doc, (s) => bracketSelection(select(s, 'shall')))).toBe(true);
    expect(editDeclaration(doc, (s) => bracketAsAlternative(select(s, 'should')))).toBe(true);
    const groups = listBrackets(declarationFromYDoc(doc));
    expect(groups[0]!.options.map((o) => o.text)).toEqual(['shall', 'should']);
    expect(editDeclaration(doc, (s) => pickBracketOption(s, groups[0]!.group, 0))).toBe(true);
    expect(declarationFromYDoc(doc).child(3).child(0).textContent).toBe('Encourage Member States shall take measures;');
    expect((doc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement).get(0)).toBe(clauseElement);
    expect(editDeclaration(doc, () => null)).toBe(false);
  });
});

describe('the plain text of a draft', () => {
  it('shows brackets and proposals as a compilation text does', async () => {
    const { inlineText } = await import('../../shared/editor/content.js');
    const mark = (name: string, attrs: Record<string, unknown>) => declarationSchema.marks[name]!.create(attrs);
    const text = (t: string, marks: ReturnType<typeof mark>[] = []) => declarationSchema.text(t, marks);
    const block = declarationSchema.nodes.clauseText!.create(null, [
      text('States '),
      text('shall', [mark('bracket', { bracketId: 'b1', group: 'b1', option: 0 })]),
      text('should', [mark('bracket', { bracketId: 'b2', group: 'b1', option: 1 })]),
      text(' '),
      text('promote', [mark('deletion', { amendmentId: 'a1' })]),
      text('foster', [mark('insertion', { amendmentId: 'a1' })]),
      text(' education'),
    ]);
    expect(inlineText(block)).toBe('States [shall][should] {-promote-}{+foster+} education');
  });
});

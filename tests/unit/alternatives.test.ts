import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { declarationJSON } from '../../shared/editor/content.js';
import { declarationSchema } from '../../shared/editor/index.js';
import { addAlternativeParagraph, keepAlternative, listAlternatives } from '../../shared/editor/alternatives.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { labelClauses, type ClauseOutline } from '../../shared/labels.js';
import { declarationFromYDoc, declarationUpdate } from '../../shared/editor/yjs.js';
import { editDeclaration } from '../../server/collab/edit.js';

const draft = declarationJSON({
  title: 'Joint Statement',
  preambular: [{ lead: 'Recalling', text: 'the Charter;' }],
  operative: [
    { lead: 'Encourage', text: 'Member States to act;' },
    { lead: 'Call upon', text: 'the SOMTC to report;' },
    { lead: 'Decide', text: 'to remain seized of the matter.' },
  ],
});

function caretIn(state: EditorState, words: string): EditorState {
  let at = -1;
  state.doc.descendants((node, pos) => {
    if (at < 0 && node.isText && node.text!.includes(words)) at = pos + node.text!.indexOf(words) + 1;
    return at < 0;
  });
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
}

function typeAtCaret(state: EditorState, text: string): EditorState {
  return state.apply(state.tr.insertText(text));
}

const labelsOf = (state: EditorState, style: 'un' | 'all' = 'un') => labelClauses(clausesOf(state.doc).map((c) => c.outline), style);
const outline = (id: string, kind: ClauseOutline['kind'], number: number | null, alternativeOf: string | null = null): ClauseOutline => ({ id, kind, number, subclauseIds: [], alternativeOf });

describe('alternative paragraphs', () => {
  it('are labelled after the paragraph they stand for, OP2 alt, OP2 alt2, and take no clean number', () => {
    const labels = labelClauses(
      [outline('a', 'operative', 1), outline('b', 'operative', 2), outline('b1', 'operative', null, 'b'), outline('b2', 'operative', null, 'b'), outline('c', 'operative', 3), outline('d', 'operative', null)],
      'un',
    );
    expect(labels.map((l) => l.label)).toEqual(['OP1', 'OP2', 'OP2 alt', 'OP2 alt2', 'OP3', 'OP3bis']);
    expect(labels.map((l) => l.cleanNumber)).toEqual([1, 2, null, null, 3, 4]);
  });

  it('an alternative whose paragraph is gone is labelled as an inserted paragraph', () => {
    const labels = labelClauses([outline('a', 'operative', 1), outline('x', 'operative', null, 'gone')], 'un');
    expect(labels.map((l) => l.label)).toEqual(['OP1', 'OP1bis']);
  });

  it('adding one puts an empty alternative after the paragraph (and after its other alternatives), caret inside', () => {
    let state = caretIn(EditorState.create({ doc: declarationSchema.nodeFromJSON(draft) }), 'SOMTC');
    state = state.apply(addAlternativeParagraph(state)!);
    state = typeAtCaret(state, 'Request the SOMTC to report;');
    state = caretIn(state, 'the SOMTC to report;');
    state = state.apply(addAlternativeParagraph(state)!);
    state = typeAtCaret(state, 'Invite the SOMTC to report;');
    expect(() => state.doc.check()).not.toThrow();
    expect(labelsOf(state).map((l) => l.label)).toEqual(['PP1', 'OP1', 'OP2', 'OP2 alt', 'OP2 alt2', 'OP3']);
    const choices = listAlternatives(state.doc);
    expect(choices).toHaveLength(1);
    expect(choices[0]!.options).toHaveLength(3);
  });

  it('keeping an alternative removes the others; the kept one takes the place, id and label of the original', () => {
    let state = caretIn(EditorState.create({ doc: declarationSchema.nodeFromJSON(draft) }), 'SOMTC');
    const original = clausesOf(state.doc)[2]!.outline;
    state = state.apply(addAlternativeParagraph(state)!);
    state = typeAtCaret(state, 'Request the SOMTC to report;');
    const alternative = clausesOf(state.doc)[3]!.outline.id;
    expect(keepAlternative(state, original.id, 'c_not_in_choice')).toBeNull();
    const kept = state.apply(keepAlternative(state, original.id, alternative)!);
    expect(labelsOf(kept).map((l) => l.label)).toEqual(['PP1', 'OP1', 'OP2', 'OP3']);
    const op2 = clausesOf(kept.doc)[2]!;
    expect(op2.outline.id).toBe(original.id);
    expect(op2.node.textContent).toBe('Request the SOMTC to report;');
    expect(listAlternatives(kept.doc)).toEqual([]);

    const keptOriginal = state.apply(keepAlternative(state, original.id, original.id)!);
    expect(clausesOf(keptOriginal.doc)[2]!.node.textContent).toBe('Call upon the SOMTC to report;');
    expect(clausesOf(keptOriginal.doc)).toHaveLength(4);
  });

  it('an alternative keeps its link through Yjs, and the server keeps one without recreating the others', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, declarationUpdate(draft));
    expect(editDeclaration(doc, (s) => addAlternativeParagraph(caretIn(s, 'SOMTC')))).toBe(true);
    const choice = listAlternatives(declarationFromYDoc(doc))[0]!;
    expect(choice.options).toHaveLength(2);
    expect(editDeclaration(doc, (s) => keepAlternative(s, choice.clauseId, choice.clauseId))).toBe(true);
    expect(listAlternatives(declarationFromYDoc(doc))).toEqual([]);
    expect(clausesOf(declarationFromYDoc(doc)).map((c) => c.outline.id)).toContain(choice.clauseId);
  });
});

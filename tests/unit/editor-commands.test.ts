import { describe, expect, it } from 'vitest';
import { TextSelection } from '@tiptap/pm/state';
import { indentClause, joinBackward, joinForward, outdentSubclause, splitClause } from '../../shared/editor/index.js';
import { declarationPlainText } from '../../shared/editor/content.js';
import {
  caretAtEnd,
  caretIn,
  caretOf,
  declarationDoc,
  press,
  sampleDraft,
  shapeOf,
  textblockStart,
  textsOf,
} from './editor-fixtures.js';

const CLAUSE_ID = /^c_[0-9a-z]{20}$/;

const CALLS = 'Calls upon Member States to cooperate;';
const ENCOURAGES = 'Encourages the sharing of information;';
const RECALLING = 'Recalling the ASEAN Declaration on Transnational Crime;';
const NOTING = 'Noting with concern the rise of trafficking in persons;';

/** OP1 "Requests the Secretariat:" with (a) and (b); OP2 after it. */
function withSubparagraphs() {
  return declarationDoc({
    title: 'Plan of Action',
    preambular: [{ lead: 'Recalling', text: 'the Charter;' }],
    operative: [
      { lead: 'Requests', text: 'the Secretariat:', subclauses: ['to report annually;', 'to convene an expert group.'] },
      { lead: 'Decides', text: 'to remain seized of the matter.' },
    ],
  });
}

describe('Enter in a paragraph', () => {
  it('in the middle of an operative paragraph makes a new operative paragraph holding the text after the caret', () => {
    const doc = declarationDoc(sampleDraft());
    const before = shapeOf(doc).operative;
    const { handled, state } = press(splitClause, caretIn(doc, CALLS, 'Calls upon Member States'.length));
    expect(handled).toBe(true);
    const after = shapeOf(state.doc).operative;
    expect(after.map((c) => c.text)).toEqual(['Calls upon Member States', ' to cooperate;', ENCOURAGES]);
    expect(after[0]!.id).toBe(before[0]!.id);
    expect(after[0]!.number).toBe(1);
    expect(after[1]!.id).toMatch(CLAUSE_ID);
    expect(after[1]!.id).not.toBe(before[0]!.id);
    expect(after[1]!.number).toBeNull();
    expect(after[1]!.kind).toBe('operative');
    expect(after[2]!.id).toBe(before[1]!.id);
    expect(after[2]!.number).toBe(2);
  });

  it('puts the caret at the start of the new paragraph', () => {
    const doc = declarationDoc(sampleDraft());
    const { state } = press(splitClause, caretIn(doc, CALLS, 'Calls upon Member States'.length));
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: ' to cooperate;', offset: 0 });
  });

  it('the new paragraph after OP1 is labelled OP1bis and OP2 keeps its label', () => {
    const doc = declarationDoc(sampleDraft());
    const { state } = press(splitClause, caretIn(doc, CALLS, 'Calls upon Member States '.length));
    const lines = declarationPlainText(state.doc, 'un').split('\n');
    expect(lines.slice(4)).toEqual(['OP1 Calls upon Member States', 'OP1bis to cooperate;', 'OP2 ' + ENCOURAGES, '']);
  });

  it('pressed three times after OP1 gives OP1bis, OP1ter, OP1quater', () => {
    let state = caretAtEnd(declarationDoc(sampleDraft()), CALLS);
    for (let i = 0; i < 3; i++) state = press(splitClause, state).state;
    const lines = declarationPlainText(state.doc, 'un').split('\n');
    expect(lines.slice(4)).toEqual(['OP1 ' + CALLS, 'OP1bis', 'OP1ter', 'OP1quater', 'OP2 ' + ENCOURAGES, '']);
  });

  it('split inside the italic lead words keeps the italics on both sides', () => {
    const doc = declarationDoc(sampleDraft());
    const { state } = press(splitClause, caretIn(doc, CALLS, 'Calls'.length));
    const operative = state.doc.child(3);
    const second = operative.child(1).child(0);
    expect(second.textContent).toBe(' upon Member States to cooperate;');
    expect(second.child(0).text).toBe(' upon');
    expect(second.child(0).marks.map((m) => m.type.name)).toEqual(['italic']);
    expect(second.child(1).marks).toEqual([]);
    const first = operative.child(0).child(0);
    expect(first.textContent).toBe('Calls');
    expect(first.child(0).marks.map((m) => m.type.name)).toEqual(['italic']);
  });

  it('at the end of a paragraph opens an empty paragraph after it with the caret in it', () => {
    const doc = declarationDoc(sampleDraft());
    const { state } = press(splitClause, caretAtEnd(doc, CALLS));
    expect(textsOf(state.doc, 'operative')).toEqual([CALLS, '', ENCOURAGES]);
    expect(shapeOf(state.doc).operative[1]!.number).toBeNull();
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: '', offset: 0 });
    expect(state.selection.$from.node(state.selection.$from.depth - 1).attrs.id).toBe(shapeOf(state.doc).operative[1]!.id);
  });

  it('in a preambular paragraph makes a new preambular paragraph, never an operative one', () => {
    const doc = declarationDoc(sampleDraft());
    const { state } = press(splitClause, caretIn(doc, RECALLING, 'Recalling'.length));
    const preamble = shapeOf(state.doc).preamble;
    expect(preamble.map((c) => [c.kind, c.number, c.text])).toEqual([
      ['preambular', 1, 'Recalling'],
      ['preambular', null, ' the ASEAN Declaration on Transnational Crime;'],
      ['preambular', 2, NOTING],
    ]);
    expect(textsOf(state.doc, 'operative')).toEqual([CALLS, ENCOURAGES]);
  });

  it('at the start of a non-empty paragraph inserts an empty one before it; the paragraph keeps its id, number and the caret', () => {
    const doc = declarationDoc(sampleDraft());
    const op2 = shapeOf(doc).operative[1]!;
    const { state } = press(splitClause, caretIn(doc, ENCOURAGES, 0));
    const operative = shapeOf(state.doc).operative;
    expect(operative.map((c) => c.text)).toEqual([CALLS, '', ENCOURAGES]);
    expect(operative[2]!.id).toBe(op2.id);
    expect(operative[2]!.number).toBe(2);
    expect(operative[1]!.id).toMatch(CLAUSE_ID);
    expect(operative[1]!.number).toBeNull();
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: ENCOURAGES, offset: 0 });
    // The inserted paragraph stands after OP1, so it is OP1bis; OP2 is still OP2.
    expect(declarationPlainText(state.doc, 'un').split('\n').slice(4, 7)).toEqual(['OP1 ' + CALLS, 'OP1bis', 'OP2 ' + ENCOURAGES]);
  });

  it('at the start of OP1 inserts OP0bis before it', () => {
    const doc = declarationDoc(sampleDraft());
    const { state } = press(splitClause, caretIn(doc, CALLS, 0));
    expect(declarationPlainText(state.doc, 'un').split('\n').slice(4, 7)).toEqual(['OP0bis', 'OP1 ' + CALLS, 'OP2 ' + ENCOURAGES]);
  });

  it('with a selection inside one paragraph replaces the selection, then splits', () => {
    const doc = declarationDoc(sampleDraft());
    const start = textblockStart(doc, CALLS);
    const from = start + 'Calls upon '.length;
    const to = start + 'Calls upon Member States'.length;
    const state = caretIn(doc, CALLS, 0).apply(
      caretIn(doc, CALLS, 0).tr.setSelection(TextSelection.create(doc, from, to)),
    );
    const after = press(splitClause, state).state;
    expect(textsOf(after.doc, 'operative')).toEqual(['Calls upon ', ' to cooperate;', ENCOURAGES]);
  });

  it('with a selection across two paragraphs does nothing', () => {
    const doc = declarationDoc(sampleDraft());
    const from = textblockStart(doc, CALLS) + 3;
    const to = textblockStart(doc, ENCOURAGES) + 3;
    const base = caretIn(doc, CALLS, 0);
    const state = base.apply(base.tr.setSelection(TextSelection.create(doc, from, to)));
    const { handled, tr } = press(splitClause, state);
    expect(handled).toBe(true);
    expect(tr).toBeNull();
  });
});

describe('Enter in the title and the formula', () => {
  it('in the title moves the caret to the formula without adding a node', () => {
    const doc = declarationDoc(sampleDraft());
    const { handled, tr, state } = press(splitClause, caretIn(doc, sampleDraft().title, 10));
    expect(handled).toBe(true);
    expect(tr!.docChanged).toBe(false);
    expect(state.doc.eq(doc)).toBe(true);
    expect(caretOf(state)).toEqual({ block: 'formula', text: 'We, the Ministers,', offset: 0 });
  });

  it('in the formula moves the caret to the first preambular paragraph without adding a node', () => {
    const doc = declarationDoc(sampleDraft());
    const { tr, state } = press(splitClause, caretIn(doc, 'We, the Ministers,', 3));
    expect(tr!.docChanged).toBe(false);
    expect(state.doc.eq(doc)).toBe(true);
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: RECALLING, offset: 0 });
  });

  it('in an empty formula also moves to the first preambular paragraph', () => {
    const doc = declarationDoc({ ...sampleDraft(), formula: '' });
    const formulaStart = doc.child(0).nodeSize + 1;
    const base = caretIn(doc, RECALLING, 0);
    const state = base.apply(base.tr.setSelection(TextSelection.create(doc, formulaStart)));
    expect(caretOf(state).block).toBe('formula');
    const after = press(splitClause, state).state;
    expect(after.doc.eq(doc)).toBe(true);
    expect(caretOf(after)).toEqual({ block: 'clauseText', text: RECALLING, offset: 0 });
  });
});

describe('Enter in a paragraph with sub-paragraphs', () => {
  it('in the running text opens a new sub-paragraph (a) with the text after the caret', () => {
    const doc = withSubparagraphs();
    const before = shapeOf(doc).operative;
    const { state } = press(splitClause, caretIn(doc, 'Requests the Secretariat:', 'Requests'.length));
    const after = shapeOf(state.doc).operative;
    expect(after).toHaveLength(2);
    expect(after[0]!.id).toBe(before[0]!.id);
    expect(after[0]!.text).toBe('Requests');
    expect(after[0]!.subclauses).toEqual([' the Secretariat:', 'to report annually;', 'to convene an expert group.']);
    expect(caretOf(state)).toEqual({ block: 'subclause', text: ' the Secretariat:', offset: 0 });
  });

  it('in the middle of (a) splits it into (a) and a new (b)', () => {
    const doc = withSubparagraphs();
    const { state } = press(splitClause, caretIn(doc, 'to report annually;', 'to report '.length));
    expect(shapeOf(state.doc).operative[0]!.subclauses).toEqual(['to report ', 'annually;', 'to convene an expert group.']);
    expect(caretOf(state)).toEqual({ block: 'subclause', text: 'annually;', offset: 0 });
    expect(declarationPlainText(state.doc, 'un').split('\n').slice(2, 6)).toEqual([
      'OP1 Requests the Secretariat:',
      'OP1(a) to report',
      'OP1(b) annually;',
      'OP1(c) to convene an expert group.',
    ]);
  });

  it('at the end of the last sub-paragraph opens an empty one after it', () => {
    const doc = withSubparagraphs();
    const { state } = press(splitClause, caretAtEnd(doc, 'to convene an expert group.'));
    expect(shapeOf(state.doc).operative[0]!.subclauses).toEqual(['to report annually;', 'to convene an expert group.', '']);
    expect(caretOf(state)).toEqual({ block: 'subclause', text: '', offset: 0 });
  });

  it('at the start of a non-empty sub-paragraph inserts an empty one before it', () => {
    const doc = withSubparagraphs();
    const ids = shapeOf(doc).operative[0]!;
    const { state } = press(splitClause, caretIn(doc, 'to convene an expert group.', 0));
    expect(shapeOf(state.doc).operative[0]!.subclauses).toEqual(['to report annually;', '', 'to convene an expert group.']);
    expect(caretOf(state)).toEqual({ block: 'subclause', text: 'to convene an expert group.', offset: 0 });
    expect(shapeOf(state.doc).operative[0]!.id).toBe(ids.id);
  });

  it('in an empty last sub-paragraph leaves the list: the empty (c) goes and a new paragraph follows the clause', () => {
    let state = caretAtEnd(withSubparagraphs(), 'to convene an expert group.');
    state = press(splitClause, state).state; // an empty (c)
    const op1Id = shapeOf(state.doc).operative[0]!.id;
    state = press(splitClause, state).state; // Enter again on the empty (c)
    const operative = shapeOf(state.doc).operative;
    expect(operative.map((c) => [c.text, c.subclauses])).toEqual([
      ['Requests the Secretariat:', ['to report annually;', 'to convene an expert group.']],
      ['', []],
      ['Decides to remain seized of the matter.', []],
    ]);
    expect(operative[0]!.id).toBe(op1Id);
    expect(operative[1]!.kind).toBe('operative');
    expect(operative[1]!.number).toBeNull();
    expect(operative[1]!.id).toMatch(CLAUSE_ID);
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: '', offset: 0 });
    expect(declarationPlainText(state.doc, 'un').split('\n').slice(4, 7)).toEqual([
      'OP1(b) to convene an expert group.',
      'OP1bis',
      'OP2 Decides to remain seized of the matter.',
    ]);
  });

  it('in an empty last sub-paragraph of the last paragraph leaves the list at the end of the part', () => {
    const doc = declarationDoc({ title: 'T', preambular: [{ text: 'Recalling' }], operative: [{ text: 'Requests:', subclauses: ['to report;', ''] }] });
    const start = textblockStart(doc, '', 'subclause');
    const base = caretIn(doc, 'Requests:', 0);
    const { state } = press(splitClause, base.apply(base.tr.setSelection(TextSelection.create(doc, start))));
    expect(shapeOf(state.doc).operative.map((c) => [c.text, c.subclauses])).toEqual([
      ['Requests:', ['to report;']],
      ['', []],
    ]);
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: '', offset: 0 });
  });
});

describe('Tab and Shift-Tab', () => {
  it('Tab turns OP2 into a sub-paragraph of OP1', () => {
    const doc = declarationDoc(sampleDraft());
    const op1 = shapeOf(doc).operative[0]!;
    const { handled, state } = press(indentClause, caretIn(doc, ENCOURAGES, 4));
    expect(handled).toBe(true);
    const operative = shapeOf(state.doc).operative;
    expect(operative).toHaveLength(1);
    expect(operative[0]!.id).toBe(op1.id);
    expect(operative[0]!.number).toBe(1);
    expect(operative[0]!.text).toBe(CALLS);
    expect(operative[0]!.subclauses).toEqual([ENCOURAGES]);
    expect(caretOf(state)).toEqual({ block: 'subclause', text: ENCOURAGES, offset: 4 });
    expect(declarationPlainText(state.doc, 'un').split('\n').slice(4, 6)).toEqual(['OP1 ' + CALLS, 'OP1(a) ' + ENCOURAGES]);
  });

  it('Tab keeps the italic lead words of the indented paragraph', () => {
    const doc = declarationDoc(sampleDraft());
    const { state } = press(indentClause, caretIn(doc, ENCOURAGES, 0));
    const sub = state.doc.child(3).child(0).child(1);
    expect(sub.type.name).toBe('subclause');
    expect(sub.child(0).text).toBe('Encourages');
    expect(sub.child(0).marks.map((m) => m.type.name)).toEqual(['italic']);
  });

  it('Tab appends the paragraph after the sub-paragraphs the previous one already has', () => {
    const doc = withSubparagraphs();
    const { state } = press(indentClause, caretIn(doc, 'Decides to remain seized of the matter.', 0));
    const operative = shapeOf(state.doc).operative;
    expect(operative).toHaveLength(1);
    expect(operative[0]!.subclauses).toEqual(['to report annually;', 'to convene an expert group.', 'Decides to remain seized of the matter.']);
  });

  it('Tab in the first paragraph of a part is left to the browser (there is nothing to attach it to)', () => {
    const doc = declarationDoc(sampleDraft());
    for (const text of [CALLS, RECALLING]) {
      const { handled, tr } = press(indentClause, caretIn(doc, text, 2));
      expect(handled).toBe(false);
      expect(tr).toBeNull();
    }
  });

  it('Tab in the first operative paragraph never attaches it to the last preambular one', () => {
    const doc = declarationDoc(sampleDraft());
    const { tr } = press(indentClause, caretIn(doc, CALLS, 0));
    expect(tr).toBeNull();
  });

  it('Tab in a paragraph that has its own sub-paragraphs is left to the browser', () => {
    const doc = declarationDoc({
      title: 'T',
      preambular: [{ text: 'Recalling' }],
      operative: [{ text: 'Calls upon' }, { text: 'Requests:', subclauses: ['to report;'] }],
    });
    const { handled, tr } = press(indentClause, caretIn(doc, 'Requests:', 0));
    expect(handled).toBe(false);
    expect(tr).toBeNull();
  });

  it('Tab in a sub-paragraph is left to the browser: focus moves on, no keyboard trap', () => {
    const { handled, tr } = press(indentClause, caretIn(withSubparagraphs(), 'to report annually;', 0));
    expect(handled).toBe(false);
    expect(tr).toBeNull();
  });

  it('Tab in the title is left to the browser', () => {
    const doc = declarationDoc(sampleDraft());
    expect(press(indentClause, caretIn(doc, sampleDraft().title, 0)).handled).toBe(false);
  });

  it('Shift-Tab lifts (a) into a paragraph of its own after its clause, taking (b) with it', () => {
    const doc = withSubparagraphs();
    const before = shapeOf(doc).operative;
    const { handled, tr } = press(outdentSubclause, caretIn(doc, 'to report annually;', 3));
    expect(handled).toBe(true);
    const operative = shapeOf(tr!.doc).operative;
    expect(operative.map((c) => [c.text, c.subclauses])).toEqual([
      ['Requests the Secretariat:', []],
      ['to report annually;', ['to convene an expert group.']],
      ['Decides to remain seized of the matter.', []],
    ]);
    expect(operative[0]!.id).toBe(before[0]!.id);
    expect(operative[0]!.number).toBe(1);
    // The lifted (a) is the same block: it keeps its id; it never was a numbered paragraph, so it is an insertion.
    expect(operative[1]!.id).toBe(doc.child(3).child(0).child(1).attrs.id);
    expect(operative[1]!.number).toBeNull();
    expect(operative[1]!.kind).toBe('operative');
    expect(operative[2]!.id).toBe(before[1]!.id);
  });

  it('after Shift-Tab the caret stays where it was, now in the lifted paragraph', () => {
    const doc = withSubparagraphs();
    const { state } = press(outdentSubclause, caretIn(doc, 'to report annually;', 3));
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: 'to report annually;', offset: 3 });
  });

  it('Shift-Tab on the last sub-paragraph of the last paragraph lifts it to a paragraph at the end', () => {
    const doc = declarationDoc({ title: 'T', preambular: [{ text: 'Recalling' }], operative: [{ text: 'Requests:', subclauses: ['to report;', 'to convene.'] }] });
    const { state } = press(outdentSubclause, caretIn(doc, 'to convene.', 0));
    expect(shapeOf(state.doc).operative.map((c) => [c.text, c.subclauses])).toEqual([
      ['Requests:', ['to report;']],
      ['to convene.', []],
    ]);
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: 'to convene.', offset: 0 });
  });

  it('Tab then Shift-Tab gives back the two paragraphs', () => {
    const draft = sampleDraft();
    draft.operative.push({ text: 'Decides to remain seized of the matter.' });
    const indented = press(indentClause, caretIn(declarationDoc(draft), ENCOURAGES, 0)).state;
    const { tr } = press(outdentSubclause, indented);
    expect(shapeOf(tr!.doc).operative.map((c) => [c.text, c.subclauses])).toEqual([
      [CALLS, []],
      [ENCOURAGES, []],
      ['Decides to remain seized of the matter.', []],
    ]);
  });

  it('Shift-Tab in a paragraph (not a sub-paragraph) is left to the browser and changes nothing', () => {
    const { handled, tr } = press(outdentSubclause, caretIn(declarationDoc(sampleDraft()), ENCOURAGES, 0));
    expect(handled).toBe(false);
    expect(tr).toBeNull();
  });
});

describe('Backspace at the start of a paragraph', () => {
  it('joins OP2 into OP1; OP1 keeps its id and number and the caret sits at the seam', () => {
    const doc = declarationDoc(sampleDraft());
    const op1 = shapeOf(doc).operative[0]!;
    const { handled, state } = press(joinBackward, caretIn(doc, ENCOURAGES, 0));
    expect(handled).toBe(true);
    const operative = shapeOf(state.doc).operative;
    expect(operative.map((c) => c.text)).toEqual([CALLS + ENCOURAGES]);
    expect(operative[0]!.id).toBe(op1.id);
    expect(operative[0]!.number).toBe(1);
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: CALLS + ENCOURAGES, offset: CALLS.length });
  });

  it('joins PP2 into PP1 within the preamble', () => {
    const doc = declarationDoc(sampleDraft());
    const { state } = press(joinBackward, caretIn(doc, NOTING, 0));
    expect(textsOf(state.doc, 'preamble')).toEqual([RECALLING + NOTING]);
    expect(textsOf(state.doc, 'operative')).toEqual([CALLS, ENCOURAGES]);
  });

  it('never joins the first operative paragraph into the preamble', () => {
    const doc = declarationDoc(sampleDraft());
    const { handled, tr } = press(joinBackward, caretIn(doc, CALLS, 0));
    expect(handled).toBe(true);
    expect(tr).toBeNull();
  });

  it('never joins the first preambular paragraph into the formula', () => {
    const doc = declarationDoc(sampleDraft());
    const { handled, tr } = press(joinBackward, caretIn(doc, RECALLING, 0));
    expect(handled).toBe(true);
    expect(tr).toBeNull();
  });

  it('removes an empty first paragraph when others follow it in the part', () => {
    const doc = declarationDoc({ title: 'T', preambular: [{ text: 'Recalling' }], operative: [{ text: '' }, { text: 'Calls upon' }] });
    const start = textblockStart(doc, '', 'clauseText');
    const base = caretIn(doc, 'Calls upon', 0);
    const { tr, state } = press(joinBackward, base.apply(base.tr.setSelection(TextSelection.create(doc, start))));
    expect(tr).not.toBeNull();
    expect(textsOf(state.doc, 'operative')).toEqual(['Calls upon']);
  });

  it('keeps the only, empty paragraph of a part', () => {
    const doc = declarationDoc({ title: 'T', preambular: [{ text: 'Recalling' }], operative: [{ text: '' }] });
    const start = textblockStart(doc, '', 'clauseText');
    const base = caretIn(doc, 'Recalling', 0);
    const { handled, tr } = press(joinBackward, base.apply(base.tr.setSelection(TextSelection.create(doc, start))));
    expect(handled).toBe(true);
    expect(tr).toBeNull();
  });

  it('joins a paragraph with sub-paragraphs into the one before, bringing its sub-paragraphs', () => {
    const doc = declarationDoc({
      title: 'T',
      preambular: [{ text: 'Recalling' }],
      operative: [{ text: 'Calls upon States ' }, { text: 'to ensure:', subclauses: ['access;', 'protection.'] }],
    });
    const { state } = press(joinBackward, caretIn(doc, 'to ensure:', 0));
    expect(shapeOf(state.doc).operative.map((c) => [c.text, c.subclauses])).toEqual([
      ['Calls upon States to ensure:', ['access;', 'protection.']],
    ]);
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: 'Calls upon States to ensure:', offset: 'Calls upon States '.length });
  });

  it('at the start of (a) joins it into the running text of its paragraph', () => {
    const doc = withSubparagraphs();
    const { state } = press(joinBackward, caretIn(doc, 'to report annually;', 0));
    const op1 = shapeOf(state.doc).operative[0]!;
    expect(op1.text).toBe('Requests the Secretariat:to report annually;');
    expect(op1.subclauses).toEqual(['to convene an expert group.']);
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: op1.text, offset: 'Requests the Secretariat:'.length });
  });

  it('at the start of (b) joins it into (a)', () => {
    const doc = withSubparagraphs();
    const { state } = press(joinBackward, caretIn(doc, 'to convene an expert group.', 0));
    expect(shapeOf(state.doc).operative[0]!.subclauses).toEqual(['to report annually;to convene an expert group.']);
    expect(caretOf(state).offset).toBe('to report annually;'.length);
  });

  it('at the start of the formula never joins it into the title', () => {
    const doc = declarationDoc(sampleDraft());
    const { handled, tr } = press(joinBackward, caretIn(doc, 'We, the Ministers,', 0));
    expect(handled).toBe(true);
    expect(tr).toBeNull();
  });

  it('inside a paragraph is left to ordinary deletion', () => {
    const { handled, tr } = press(joinBackward, caretIn(declarationDoc(sampleDraft()), ENCOURAGES, 5));
    expect(handled).toBe(false);
    expect(tr).toBeNull();
  });
});

describe('Delete at the end of a paragraph', () => {
  it('pulls OP2 up into OP1', () => {
    const doc = declarationDoc(sampleDraft());
    const op1 = shapeOf(doc).operative[0]!;
    const { handled, state } = press(joinForward, caretAtEnd(doc, CALLS));
    expect(handled).toBe(true);
    const operative = shapeOf(state.doc).operative;
    expect(operative.map((c) => [c.id, c.number, c.text])).toEqual([[op1.id, 1, CALLS + ENCOURAGES]]);
    expect(caretOf(state)).toEqual({ block: 'clauseText', text: CALLS + ENCOURAGES, offset: CALLS.length });
  });

  it('at the end of the last preambular paragraph never pulls OP1 into the preamble', () => {
    const { handled, tr } = press(joinForward, caretAtEnd(declarationDoc(sampleDraft()), NOTING));
    expect(handled).toBe(true);
    expect(tr).toBeNull();
  });

  it('at the end of the last operative paragraph does nothing', () => {
    const { handled, tr } = press(joinForward, caretAtEnd(declarationDoc(sampleDraft()), ENCOURAGES));
    expect(handled).toBe(true);
    expect(tr).toBeNull();
  });

  it('at the end of the running text pulls (a) up into it', () => {
    const doc = withSubparagraphs();
    const { state } = press(joinForward, caretAtEnd(doc, 'Requests the Secretariat:'));
    const op1 = shapeOf(state.doc).operative[0]!;
    expect(op1.text).toBe('Requests the Secretariat:to report annually;');
    expect(op1.subclauses).toEqual(['to convene an expert group.']);
    expect(caretOf(state).offset).toBe('Requests the Secretariat:'.length);
  });

  it('at the end of the last sub-paragraph pulls the next paragraph into it', () => {
    const doc = withSubparagraphs();
    const { state } = press(joinForward, caretAtEnd(doc, 'to convene an expert group.'));
    const operative = shapeOf(state.doc).operative;
    expect(operative).toHaveLength(1);
    expect(operative[0]!.subclauses).toEqual(['to report annually;', 'to convene an expert group.Decides to remain seized of the matter.']);
  });

  it('at the end of the title or formula is swallowed', () => {
    const doc = declarationDoc(sampleDraft());
    for (const text of [sampleDraft().title, 'We, the Ministers,']) {
      const { handled, tr } = press(joinForward, caretAtEnd(doc, text));
      expect(handled).toBe(true);
      expect(tr).toBeNull();
    }
  });

  it('inside a paragraph is left to ordinary deletion', () => {
    expect(press(joinForward, caretIn(declarationDoc(sampleDraft()), CALLS, 2)).handled).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { clausesOf, declarationSchema, newClauseId, newSubclauseId, normalizeDeclaration, outlineOf } from '../../shared/editor/index.js';
import { declarationJSON, declarationPlainText, skeletonJSON } from '../../shared/editor/content.js';
import { declarationFromYDoc, declarationUpdate, FRAGMENT } from '../../shared/editor/yjs.js';
import { declarationDoc, sampleDraft, shapeOf, stateOf } from './editor-fixtures.js';

const CLAUSE_ID = /^c_[0-9a-hjkmnp-tv-z]{20}$/;
const SUBCLAUSE_ID = /^s_[0-9a-hjkmnp-tv-z]{20}$/;

function clause(id: string | null, kind: string, number: number | null, text: string, subclauses: JSONContent[] = []): JSONContent {
  return {
    type: 'clause',
    attrs: { id, kind, number },
    content: [{ type: 'clauseText', content: text ? [{ type: 'text', text }] : [] }, ...subclauses],
  };
}

function subclause(id: string | null, text: string): JSONContent {
  return { type: 'subclause', attrs: { id }, content: text ? [{ type: 'text', text }] : [] };
}

function declaration(preamble: JSONContent[], operative: JSONContent[], title = 'Joint Statement'): PMNode {
  return declarationSchema.nodeFromJSON({
    type: 'doc',
    content: [
      { type: 'title', content: title ? [{ type: 'text', text: title }] : [] },
      { type: 'formula', content: [] },
      { type: 'preamble', content: preamble },
      { type: 'operative', content: operative },
    ],
  });
}

function normalized(doc: PMNode): PMNode | null {
  const tr = normalizeDeclaration(stateOf(doc));
  if (!tr) return null;
  tr.doc.check();
  return tr.doc;
}

describe('the declaration schema', () => {
  it('has the node names other integrations rely on', () => {
    expect(Object.keys(declarationSchema.nodes).sort()).toEqual(
      ['clause', 'clauseText', 'doc', 'formula', 'operative', 'preamble', 'subclause', 'text', 'title'].sort(),
    );
    expect(Object.keys(declarationSchema.marks).sort()).toEqual(['bold', 'bracket', 'deletion', 'insertion', 'italic']);
  });

  it('a declaration is a title, a formula, a preamble and an operative part, in that order', () => {
    const doc = declarationDoc(sampleDraft());
    expect(() => doc.check()).not.toThrow();
    expect(doc.childCount).toBe(4);
    expect([0, 1, 2, 3].map((i) => doc.child(i).type.name)).toEqual(['title', 'formula', 'preamble', 'operative']);
  });

  it('a declaration without its operative part is refused', () => {
    expect(() =>
      declarationSchema.nodeFromJSON({
        type: 'doc',
        content: [{ type: 'title' }, { type: 'formula' }, { type: 'preamble', content: [] }],
      }).check(),
    ).toThrow();
  });

  it('a clause must open with its running text, never with a sub-paragraph', () => {
    const bad = {
      type: 'doc',
      content: [
        { type: 'title' },
        { type: 'formula' },
        { type: 'preamble', content: [] },
        { type: 'operative', content: [{ type: 'clause', attrs: { id: 'c', kind: 'operative' }, content: [subclause('s', 'x')] }] },
      ],
    };
    expect(() => declarationSchema.nodeFromJSON(bad).check()).toThrow();
  });

  it('the title takes no italics', () => {
    const title = declarationSchema.nodes.title!;
    expect(title.allowsMarkType(declarationSchema.marks.italic!)).toBe(false);
    expect(declarationSchema.nodes.clauseText!.allowsMarkType(declarationSchema.marks.italic!)).toBe(true);
    expect(declarationSchema.nodes.subclause!.allowsMarkType(declarationSchema.marks.bold!)).toBe(true);
  });

  it('a clause made without attributes is an unnumbered operative clause with no id yet', () => {
    const node = declarationSchema.nodes.clause!.create(null, declarationSchema.nodes.clauseText!.create());
    expect(node.attrs).toEqual({ id: null, kind: 'operative', number: null, alternativeOf: null });
  });

  it('parts may be empty, so a merge of concurrent deletions never yields an invalid document', () => {
    expect(() => declaration([], []).check()).not.toThrow();
  });
});

describe('clause ids', () => {
  it('are prefixed, 20 characters of an unambiguous alphabet, and never repeat', () => {
    const ids = Array.from({ length: 500 }, () => newClauseId());
    for (const id of ids) expect(id).toMatch(CLAUSE_ID);
    expect(new Set(ids).size).toBe(500);
    expect(newSubclauseId()).toMatch(SUBCLAUSE_ID);
  });
});

describe('declarations written by hand', () => {
  it('are numbered cleanly PP1..n and OP1..n with fresh ids', () => {
    const shape = shapeOf(declarationDoc(sampleDraft()));
    expect(shape.preamble.map((c) => [c.kind, c.number])).toEqual([
      ['preambular', 1],
      ['preambular', 2],
    ]);
    expect(shape.operative.map((c) => [c.kind, c.number])).toEqual([
      ['operative', 1],
      ['operative', 2],
    ]);
    const ids = [...shape.preamble, ...shape.operative].map((c) => c.id);
    for (const id of ids) expect(id).toMatch(CLAUSE_ID);
    expect(new Set(ids).size).toBe(4);
  });

  it('set the lead words in italics, followed by a space and the text', () => {
    const json = declarationJSON({ title: 'T', preambular: [{ lead: 'Recalling', text: 'the Charter;' }], operative: [] });
    const clauseText = json.content![2]!.content![0]!.content![0]!;
    expect(clauseText.content).toEqual([
      { type: 'text', text: 'Recalling', marks: [{ type: 'italic' }] },
      { type: 'text', text: ' the Charter;' },
    ]);
  });

  it('give each sub-paragraph its own id', () => {
    const doc = declarationDoc({
      title: 'T',
      preambular: [],
      operative: [{ lead: 'Requests', text: 'the Secretariat:', subclauses: ['to report;', 'to convene a meeting.'] }],
    });
    const [op] = clausesOf(doc);
    expect(op!.outline.subclauseIds).toHaveLength(2);
    for (const id of op!.outline.subclauseIds) expect(id).toMatch(SUBCLAUSE_ID);
    expect(shapeOf(doc).operative[0]!.subclauses).toEqual(['to report;', 'to convene a meeting.']);
  });

  it('leave the formula empty when none is given', () => {
    const doc = declarationDoc({ title: 'T', preambular: [], operative: [] });
    expect(doc.child(1).type.name).toBe('formula');
    expect(doc.child(1).childCount).toBe(0);
  });
});

describe('a new document', () => {
  it('starts with its title, one empty preambular paragraph and one empty operative paragraph', () => {
    const doc = declarationSchema.nodeFromJSON(skeletonJSON('Plan of Action to Combat Transnational Crime'));
    doc.check();
    const shape = shapeOf(doc);
    expect(shape.title).toBe('Plan of Action to Combat Transnational Crime');
    expect(shape.formula).toBe('');
    expect(shape.preamble.map(({ kind, number, text, subclauses }) => ({ kind, number, text, subclauses }))).toEqual([
      { kind: 'preambular', number: 1, text: '', subclauses: [] },
    ]);
    expect(shape.operative.map(({ kind, number, text, subclauses }) => ({ kind, number, text, subclauses }))).toEqual([
      { kind: 'operative', number: 1, text: '', subclauses: [] },
    ]);
    expect(normalizeDeclaration(stateOf(doc))).toBeNull();
  });

  it('reads as its title, PP1 and OP1', () => {
    const doc = declarationSchema.nodeFromJSON(skeletonJSON('Joint Statement'));
    expect(declarationPlainText(doc, 'un')).toBe('Joint Statement\nPP1\nOP1\n');
  });
});

describe('the plain text of a declaration', () => {
  it('has one paragraph a line, each starting with its label, sub-paragraphs as OP2(a)', () => {
    const doc = declarationDoc({
      title: 'Joint Statement',
      formula: 'We, the Ministers,',
      preambular: [{ lead: 'Recalling', text: 'the Charter;' }],
      operative: [
        { lead: 'Calls upon', text: 'Member States to cooperate;' },
        { lead: 'Requests', text: 'the Secretariat:', subclauses: ['to report;', 'to convene a meeting.'] },
      ],
    });
    expect(declarationPlainText(doc, 'un')).toBe(
      [
        'Joint Statement',
        'We, the Ministers,',
        'PP1 Recalling the Charter;',
        'OP1 Calls upon Member States to cooperate;',
        'OP2 Requests the Secretariat:',
        'OP2(a) to report;',
        'OP2(b) to convene a meeting.',
        '',
      ].join('\n'),
    );
  });

  it('labels an inserted paragraph as an insertion: OP1bis', () => {
    const doc = declaration(
      [clause('p1', 'preambular', 1, 'Recalling the Charter;')],
      [
        clause('o1', 'operative', 1, 'Calls upon States;'),
        clause('new', 'operative', null, 'Invites observers;', [subclause('s1', 'to attend;')]),
        clause('o2', 'operative', 2, 'Decides to remain seized.'),
      ],
    );
    expect(declarationPlainText(doc, 'all')).toBe(
      [
        'Joint Statement',
        'PP1 Recalling the Charter;',
        'OP1 Calls upon States;',
        'OP1bis Invites observers;',
        'OP1bis(a) to attend;',
        'OP2 Decides to remain seized.',
        '',
      ].join('\n'),
    );
  });

  it('leaves out an empty title and formula but keeps empty paragraphs as bare labels', () => {
    const doc = declaration([clause('p', 'preambular', 1, '')], [clause('o', 'operative', 1, '')], '');
    expect(declarationPlainText(doc, 'un')).toBe('PP1\nOP1\n');
  });

  it('the outline of a document lists its clauses in order with their numbers', () => {
    const doc = declaration([clause('p', 'preambular', 1, 'a')], [clause('o', 'operative', null, 'b', [subclause('s', 'c')])]);
    expect(outlineOf(doc)).toEqual([
      { id: 'p', kind: 'preambular', number: 1, subclauseIds: [], alternativeOf: null },
      { id: 'o', kind: 'operative', number: null, subclauseIds: ['s'], alternativeOf: null },
    ]);
  });
});

describe('keeping a declaration well formed', () => {
  it('leaves a well-formed declaration alone', () => {
    expect(normalizeDeclaration(stateOf(declarationDoc(sampleDraft())))).toBeNull();
  });

  it('a pasted copy of OP1 gets a fresh id and loses its number; the original keeps both', () => {
    const doc = declaration(
      [clause('p1', 'preambular', 1, 'Recalling')],
      [clause('o1', 'operative', 1, 'Calls upon'), clause('o2', 'operative', 2, 'Encourages'), clause('o1', 'operative', 1, 'Calls upon')],
    );
    const fixed = shapeOf(normalized(doc)!);
    expect(fixed.operative.slice(0, 2).map((c) => [c.id, c.number, c.text])).toEqual([
      ['o1', 1, 'Calls upon'],
      ['o2', 2, 'Encourages'],
    ]);
    const copy = fixed.operative[2]!;
    expect(copy.id).toMatch(CLAUSE_ID);
    expect(copy.number).toBeNull();
    expect(copy.text).toBe('Calls upon');
    expect(copy.kind).toBe('operative');
  });

  it('the copy is then labelled as an insertion, never as OP1 again', () => {
    const doc = declaration(
      [clause('p1', 'preambular', 1, 'Recalling')],
      [clause('o1', 'operative', 1, 'a'), clause('o2', 'operative', 2, 'b'), clause('o1', 'operative', 1, 'a')],
    );
    const fixed = normalized(doc)!;
    expect(declarationPlainText(fixed, 'un')).toBe('Joint Statement\nPP1 Recalling\nOP1 a\nOP2 b\nOP2bis a\n');
  });

  it('a clause id used in both parts stays with the first; the operative one is renewed', () => {
    const doc = declaration([clause('same', 'preambular', 1, 'Recalling')], [clause('same', 'operative', 1, 'Calls upon')]);
    const fixed = shapeOf(normalized(doc)!);
    expect(fixed.preamble[0]!.id).toBe('same');
    expect(fixed.preamble[0]!.number).toBe(1);
    expect(fixed.operative[0]!.id).not.toBe('same');
    expect(fixed.operative[0]!.id).toMatch(CLAUSE_ID);
    expect(fixed.operative[0]!.number).toBeNull();
  });

  it('a clause without an id is given one', () => {
    const fixed = shapeOf(normalized(declaration([clause('p', 'preambular', 1, 'x')], [clause(null, 'operative', null, 'y')]))!);
    expect(fixed.operative[0]!.id).toMatch(CLAUSE_ID);
  });

  it('an operative clause moved into the preamble becomes preambular and loses its number, keeping its id', () => {
    const doc = declaration(
      [clause('p1', 'preambular', 1, 'Recalling'), clause('o3', 'operative', 3, 'Decides')],
      [clause('o1', 'operative', 1, 'Calls upon')],
    );
    const fixed = shapeOf(normalized(doc)!);
    expect(fixed.preamble[1]).toEqual({ id: 'o3', kind: 'preambular', number: null, text: 'Decides', subclauses: [] });
    expect(fixed.preamble[0]).toEqual({ id: 'p1', kind: 'preambular', number: 1, text: 'Recalling', subclauses: [] });
  });

  it('a pasted copy that also crossed parts is both renewed and re-kinded', () => {
    const doc = declaration([clause('p1', 'preambular', 1, 'a')], [clause('p1', 'preambular', 1, 'a')]);
    const copy = shapeOf(normalized(doc)!).operative[0]!;
    expect(copy.id).not.toBe('p1');
    expect(copy.id).toMatch(CLAUSE_ID);
    expect(copy.kind).toBe('operative');
    expect(copy.number).toBeNull();
  });

  it('duplicated sub-paragraph ids are renewed after the first', () => {
    const doc = declaration(
      [],
      [
        clause('o1', 'operative', 1, 'Requests', [subclause('s1', 'one'), subclause('s1', 'two')]),
        clause('o2', 'operative', 2, 'Invites', [subclause('s1', 'three'), subclause(null, 'four')]),
      ],
    );
    const fixed = normalized(doc)!;
    const ids = clausesOf(fixed).flatMap((c) => c.outline.subclauseIds);
    expect(ids[0]).toBe('s1');
    for (const id of ids.slice(1)) expect(id).toMatch(SUBCLAUSE_ID);
    expect(new Set(ids).size).toBe(4);
  });

  it('an emptied preamble gets one empty preambular paragraph back', () => {
    const fixed = shapeOf(normalized(declaration([], [clause('o1', 'operative', 1, 'Calls upon')]))!);
    expect(fixed.preamble).toHaveLength(1);
    expect(fixed.preamble[0]).toMatchObject({ kind: 'preambular', number: null, text: '', subclauses: [] });
    expect(fixed.preamble[0]!.id).toMatch(CLAUSE_ID);
    expect(fixed.operative.map((c) => c.id)).toEqual(['o1']);
  });

  it('an emptied operative part gets one empty operative paragraph back', () => {
    const fixed = shapeOf(normalized(declaration([clause('p1', 'preambular', 1, 'Recalling')], []))!);
    expect(fixed.operative).toHaveLength(1);
    expect(fixed.operative[0]).toMatchObject({ kind: 'operative', number: null, text: '', subclauses: [] });
    expect(fixed.preamble.map((c) => c.id)).toEqual(['p1']);
  });

  it('when both parts are emptied, each gets one empty paragraph of its own kind back', () => {
    const fixed = shapeOf(normalized(declaration([], []))!);
    expect(fixed.preamble.map((c) => c.kind)).toEqual(['preambular']);
    expect(fixed.operative.map((c) => c.kind)).toEqual(['operative']);
  });

  it('a normalized declaration needs no further fixing', () => {
    const doc = declaration([clause('x', 'operative', 2, 'a')], [clause('x', 'operative', 1, 'b'), clause(null, 'preambular', 1, 'c')]);
    const once = normalized(doc)!;
    expect(normalizeDeclaration(EditorState.create({ doc: once }))).toBeNull();
  });
});

describe('the declaration in a Yjs document', () => {
  const json = declarationJSON({
    title: 'Joint Statement',
    formula: 'We, the Ministers,',
    preambular: [{ lead: 'Recalling', text: 'the Charter;' }],
    operative: [{ lead: 'Requests', text: 'the Secretariat:', subclauses: ['to report;', 'to convene a meeting.'] }],
  });

  function ydocOf(content: JSONContent): Y.Doc {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, declarationUpdate(content));
    return ydoc;
  }

  it('round-trips: the document read back is the one written', () => {
    const ydoc = ydocOf(json);
    const back = declarationFromYDoc(ydoc);
    back.check();
    expect(back.toJSON()).toEqual(declarationSchema.nodeFromJSON(json).toJSON());
    expect(declarationPlainText(back, 'un')).toBe(
      'Joint Statement\nWe, the Ministers,\nPP1 Recalling the Charter;\nOP1 Requests the Secretariat:\nOP1(a) to report;\nOP1(b) to convene a meeting.\n',
    );
  });

  it('is held in the fragment named "default", the name TipTap collaboration uses', () => {
    expect(FRAGMENT).toBe('default');
    const ydoc = ydocOf(json);
    expect(ydoc.getXmlFragment('default').length).toBe(4);
  });

  it('is stored as elements named clause {id, kind, number} and subclause {id}', () => {
    const fragment = ydocOf(json).getXmlFragment('default');
    const elements: Array<{ name: string; attrs: Record<string, unknown> }> = [];
    for (const node of fragment.createTreeWalker(() => true)) {
      if (node instanceof Y.XmlElement) elements.push({ name: node.nodeName, attrs: node.getAttributes() });
    }
    expect(elements.map((e) => e.name)).toEqual([
      'title', 'formula', 'preamble', 'clause', 'clauseText', 'operative', 'clause', 'clauseText', 'subclause', 'subclause',
    ]);
    const clauses = elements.filter((e) => e.name === 'clause');
    expect(clauses.map((c) => [c.attrs.kind, c.attrs.number])).toEqual([
      ['preambular', 1],
      ['operative', 1],
    ]);
    for (const c of clauses) {
      expect(Object.keys(c.attrs).sort()).toEqual(['id', 'kind', 'number']);
      expect(c.attrs.id).toMatch(CLAUSE_ID);
    }
    const subclauses = elements.filter((e) => e.name === 'subclause');
    expect(subclauses).toHaveLength(2);
    for (const s of subclauses) {
      expect(Object.keys(s.attrs)).toEqual(['id']);
      expect(s.attrs.id).toMatch(SUBCLAUSE_ID);
    }
  });

  it('the ids in the Yjs document are the ids of the JSON it was made from', () => {
    const fragment = ydocOf(json).getXmlFragment('default');
    const ids: unknown[] = [];
    for (const node of fragment.createTreeWalker(() => true)) {
      if (node instanceof Y.XmlElement && node.nodeName === 'clause') ids.push(node.getAttribute('id'));
    }
    const expected = clausesOf(declarationSchema.nodeFromJSON(json)).map((c) => c.outline.id);
    expect(ids).toEqual(expected);
  });

  it('two replicas given the same update hold the same declaration', () => {
    const update = declarationUpdate(json);
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, update);
    Y.applyUpdate(b, update);
    expect(declarationFromYDoc(a).toJSON()).toEqual(declarationFromYDoc(b).toJSON());
  });

  it('an inserted clause written by another integration (no number) reads back as an insertion', () => {
    const ydoc = ydocOf(json);
    const operative = ydoc.getXmlFragment('default').get(3) as Y.XmlElement;
    ydoc.transact(() => {
      const added = new Y.XmlElement('clause');
      added.setAttribute('id', 'c_added_by_import');
      added.setAttribute('kind', 'operative');
      const text = new Y.XmlElement('clauseText');
      text.insert(0, [new Y.XmlText('Decides to remain seized of the matter.')]);
      added.insert(0, [text]);
      operative.insert(1, [added]);
    });
    const back = declarationFromYDoc(ydoc);
    back.check();
    expect(declarationPlainText(back, 'un').split('\n').slice(-3)).toEqual([
      'OP1(b) to convene a meeting.',
      'OP1bis Decides to remain seized of the matter.',
      '',
    ]);
  });
});

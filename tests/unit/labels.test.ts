import { describe, expect, it } from 'vitest';
import {
  LATIN_SUFFIXES,
  insertionSuffix,
  labelClauses,
  renumberClauses,
  subclauseLetter,
  type ClauseKind,
  type ClauseOutline,
} from '../../shared/labels.js';

/** A preambular paragraph; `number` null means inserted since the last renumbering. */
function pp(id: string, number: number | null, subclauseIds: string[] = []): ClauseOutline {
  return { id, kind: 'preambular', number, subclauseIds };
}

function op(id: string, number: number | null, subclauseIds: string[] = []): ClauseOutline {
  return { id, kind: 'operative', number, subclauseIds };
}

function labelsOf(clauses: ClauseOutline[]): string[] {
  return labelClauses(clauses, 'un').map((c) => c.label);
}

describe('stable labels during negotiation', () => {
  it('a cleanly numbered declaration is labelled PP1.. and OP1..', () => {
    expect(labelsOf([pp('a', 1), pp('b', 2), op('c', 1), op('d', 2), op('e', 3)])).toEqual([
      'PP1', 'PP2', 'OP1', 'OP2', 'OP3',
    ]);
  });

  it('an inserted paragraph after OP4 is labelled OP4bis', () => {
    const labels = labelsOf([op('1', 1), op('2', 2), op('3', 3), op('4', 4), op('new', null), op('5', 5)]);
    expect(labels).toEqual(['OP1', 'OP2', 'OP3', 'OP4', 'OP4bis', 'OP5']);
  });

  it('further insertions after OP4 are OP4ter and OP4quater, in document order', () => {
    const labels = labelsOf([op('4', 4), op('x', null), op('y', null), op('z', null), op('5', 5)]);
    expect(labels).toEqual(['OP4', 'OP4bis', 'OP4ter', 'OP4quater', 'OP5']);
  });

  it('an inserted preambular paragraph after PP2 is PP2bis, independent of operative insertions', () => {
    const labels = labelsOf([pp('1', 1), pp('2', 2), pp('n', null), op('1', 1), op('n', null)]);
    expect(labels).toEqual(['PP1', 'PP2', 'PP2bis', 'OP1', 'OP1bis']);
  });

  it('a paragraph inserted before OP1 is labelled OP0bis', () => {
    expect(labelsOf([op('new', null), op('1', 1), op('2', 2)])).toEqual(['OP0bis', 'OP1', 'OP2']);
  });

  it('two paragraphs inserted before PP1 are PP0bis and PP0ter', () => {
    expect(labelsOf([pp('x', null), pp('y', null), pp('1', 1)])).toEqual(['PP0bis', 'PP0ter', 'PP1']);
  });

  it('deleting OP2 leaves OP1 and OP3 with their labels', () => {
    expect(labelsOf([op('1', 1), op('3', 3)])).toEqual(['OP1', 'OP3']);
  });

  it('a paragraph inserted where OP2 was deleted is OP1bis, not OP2', () => {
    expect(labelsOf([op('1', 1), op('new', null), op('3', 3)])).toEqual(['OP1', 'OP1bis', 'OP3']);
  });

  it('a moved numbered paragraph keeps its label', () => {
    // OP2 moved to the end.
    expect(labelsOf([op('1', 1), op('3', 3), op('2', 2)])).toEqual(['OP1', 'OP3', 'OP2']);
  });

  it('a paragraph inserted after a moved one is labelled after the moved one', () => {
    // OP3 moved in front of OP1; a new paragraph is then written after it.
    expect(labelsOf([op('3', 3), op('new', null), op('1', 1), op('2', 2)])).toEqual([
      'OP3', 'OP3bis', 'OP1', 'OP2',
    ]);
  });

  it('insertions never collide when a preambular paragraph stands between two insertions after OP1', () => {
    const labels = labelsOf([op('1', 1), op('a', null), pp('p', 1), op('b', null), op('2', 2)]);
    expect(labels).toEqual(['OP1', 'OP1bis', 'PP1', 'OP1ter', 'OP2']);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('a copied paragraph claiming OP3 again is labelled as an insertion after OP3', () => {
    expect(labelsOf([op('1', 1), op('3', 3), op('copy', 3), op('4', 4)])).toEqual([
      'OP1', 'OP3', 'OP3bis', 'OP4',
    ]);
  });

  it('of two paragraphs claiming OP1, the first in document order keeps OP1 and the other is OP1bis', () => {
    const labels = labelClauses([op('1', 1), op('copy', 1), op('2', 2)], 'un');
    expect(labels.map((l) => [l.id, l.label])).toEqual([
      ['1', 'OP1'],
      ['copy', 'OP1bis'],
      ['2', 'OP2'],
    ]);
  });

  it('every label in a draft with several runs of insertions is unique', () => {
    const clauses = [op('1', 1), op('x', null), op('y', null), op('2', 2), op('z', null)];
    const labels = labelsOf(clauses);
    expect(labels).toEqual(['OP1', 'OP1bis', 'OP1ter', 'OP2', 'OP2bis']);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('preambular and operative labels never share a prefix', () => {
    const labels = labelClauses([pp('p', 1), op('o', 1)], 'un');
    expect(labels.map((l) => [l.kind, l.label])).toEqual([
      ['preambular', 'PP1'],
      ['operative', 'OP1'],
    ]);
  });

  it('each label carries the clause id it belongs to', () => {
    expect(labelClauses([pp('c_one', 1), op('c_two', null)], 'un').map((l) => l.id)).toEqual(['c_one', 'c_two']);
  });

  it('an empty declaration has no labels', () => {
    expect(labelClauses([], 'un')).toEqual([]);
    expect(labelClauses([], 'all')).toEqual([]);
  });
});

describe('sub-paragraph letters', () => {
  it('sub-paragraphs of OP2 are OP2(a), OP2(b), OP2(c)', () => {
    const [label] = labelClauses([op('c', 2, ['s1', 's2', 's3'])], 'un');
    expect(label!.subclauses).toEqual([
      { id: 's1', letter: '(a)', label: 'OP2(a)' },
      { id: 's2', letter: '(b)', label: 'OP2(b)' },
      { id: 's3', letter: '(c)', label: 'OP2(c)' },
    ]);
  });

  it('sub-paragraphs of an inserted paragraph follow its insertion label: OP4bis(a)', () => {
    const labels = labelClauses([op('4', 4), op('n', null, ['s'])], 'un');
    expect(labels[1]!.subclauses.map((s) => s.label)).toEqual(['OP4bis(a)']);
  });

  it('letters run (a) to (z), then (aa), (bb) as in UN texts', () => {
    expect(subclauseLetter(0)).toBe('(a)');
    expect(subclauseLetter(1)).toBe('(b)');
    expect(subclauseLetter(25)).toBe('(z)');
    expect(subclauseLetter(26)).toBe('(aa)');
    expect(subclauseLetter(27)).toBe('(bb)');
    expect(subclauseLetter(51)).toBe('(zz)');
    expect(subclauseLetter(52)).toBe('(aaa)');
  });

  it('a paragraph with 27 sub-paragraphs ends with OP1(aa)', () => {
    const ids = Array.from({ length: 27 }, (_, i) => `s${i}`);
    const [label] = labelClauses([op('c', 1, ids)], 'un');
    expect(label!.subclauses.at(-2)!.label).toBe('OP1(z)');
    expect(label!.subclauses.at(-1)!.label).toBe('OP1(aa)');
  });

  it('a negative or fractional sub-paragraph index is refused', () => {
    expect(() => subclauseLetter(-1)).toThrow(RangeError);
    expect(() => subclauseLetter(-1)).toThrow('subclause index must be >= 0, got -1');
    expect(() => subclauseLetter(1.5)).toThrow(RangeError);
    expect(() => subclauseLetter(Number.NaN)).toThrow(RangeError);
  });
});

describe('Latin insertion suffixes', () => {
  it('run bis, ter, quater, quinquies, sexies ...', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(insertionSuffix)).toEqual([
      'bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies', 'decies', 'undecies',
    ]);
  });

  it('the last Latin suffix is vicies (the 19th insertion, i.e. the 20th paragraph of the number)', () => {
    expect(LATIN_SUFFIXES).toHaveLength(19);
    expect(insertionSuffix(19)).toBe('vicies');
  });

  it('beyond the Latin ordinals, an insertion gets a plain counter', () => {
    expect(insertionSuffix(20)).toBe('-21');
    expect(insertionSuffix(21)).toBe('-22');
  });

  it('twenty insertions after OP1 stay distinct', () => {
    const clauses = [op('1', 1), ...Array.from({ length: 20 }, (_, i) => op(`n${i}`, null))];
    const labels = labelsOf(clauses);
    expect(labels[19]).toBe('OP1vicies');
    expect(labels[20]).toBe('OP1-21');
    expect(new Set(labels).size).toBe(21);
  });

  it('an insertion index below 1 or not an integer is refused', () => {
    expect(() => insertionSuffix(0)).toThrow(RangeError);
    expect(() => insertionSuffix(0)).toThrow('insertion index must be a positive integer, got 0');
    expect(() => insertionSuffix(-2)).toThrow(RangeError);
    expect(() => insertionSuffix(2.5)).toThrow(RangeError);
  });
});

describe('clean numbers by numbering style', () => {
  const draft = [pp('p1', 1), pp('pNew', null), op('o1', 1), op('oNew', null), op('o3', 3)];

  it("UN style leaves preambular paragraphs unnumbered and numbers operative ones 1..n by position", () => {
    expect(labelClauses(draft, 'un').map((l) => [l.label, l.cleanNumber])).toEqual([
      ['PP1', null],
      ['PP1bis', null],
      ['OP1', 1],
      ['OP1bis', 2],
      ['OP3', 3],
    ]);
  });

  it('ASEAN style numbers every paragraph 1..n, preambular then operative', () => {
    expect(labelClauses(draft, 'all').map((l) => [l.label, l.cleanNumber])).toEqual([
      ['PP1', 1],
      ['PP1bis', 2],
      ['OP1', 3],
      ['OP1bis', 4],
      ['OP3', 5],
    ]);
  });

  it('the numbering style does not change the negotiation labels', () => {
    expect(labelClauses(draft, 'un').map((l) => l.label)).toEqual(labelClauses(draft, 'all').map((l) => l.label));
  });
});

describe('renumbering for a revision', () => {
  it('gives 1..n per kind by position, whatever the old numbers', () => {
    const numbers = renumberClauses([pp('p1', 1), pp('pNew', null), op('o3', 3), op('oNew', null), op('o1', 1)]);
    expect([...numbers.entries()]).toEqual([
      ['p1', 1],
      ['pNew', 2],
      ['o3', 1],
      ['oNew', 2],
      ['o1', 3],
    ]);
  });

  it('after renumbering, every label is the plain PPn/OPn again', () => {
    const before = [op('a', 4), op('b', null), op('c', null), op('d', 2)];
    const numbers = renumberClauses(before);
    const after = before.map((c) => ({ ...c, number: numbers.get(c.id)! }));
    expect(labelsOf(after)).toEqual(['OP1', 'OP2', 'OP3', 'OP4']);
  });

  it('a declaration with no paragraphs renumbers to nothing', () => {
    expect(renumberClauses([]).size).toBe(0);
  });

  it('interleaved kinds keep separate counters', () => {
    const kinds: ClauseKind[] = ['operative', 'preambular', 'operative', 'preambular'];
    const numbers = renumberClauses(kinds.map((kind, i) => ({ id: `c${i}`, kind, number: null, subclauseIds: [] })));
    expect([...numbers.values()]).toEqual([1, 1, 2, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { declarationSchema, indentClause, joinBackward, splitClause } from '../../shared/editor/index.js';
import {
  DIRECT_META,
  PROPOSED_META,
  ProposingMode,
  acceptAmendment,
  decideAmendments,
  describeAmendment,
  interceptProposal,
  listAmendments,
  proposeTransaction,
  rejectAmendment,
  type Amendment,
  type Proposer,
  type ProposedMeta,
  type ProposingMemory,
} from '../../shared/editor/proposals.js';
import { declarationDoc, shapeOf, textblockStart, type Command } from './editor-fixtures.js';

const CALLS = 'Calls upon Member States to cooperate;';
const ENCOURAGES = 'Encourages the sharing of information;';
const DECIDES = 'Decides that the Working Group encourages regional cooperation;';

function draftDoc(): PMNode {
  return declarationDoc({
    title: 'Joint Statement on Transnational Crime',
    formula: 'We, the Ministers,',
    preambular: [{ lead: 'Recalling', text: 'the ASEAN Declaration on Transnational Crime;' }],
    operative: [
      { lead: 'Calls upon', text: 'Member States to cooperate;' },
      { lead: 'Encourages', text: 'the sharing of information;' },
      { text: DECIDES },
    ],
  });
}

/** A clock the tests move by hand; ISO strings like the real one. */
class Clock {
  ms = Date.parse('2025-03-04T09:00:00.000Z');
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
  iso(): string {
    return new Date(this.ms).toISOString();
  }
}

let amendmentCounter = 0;

function proposer(delegationCode: string | null, clock: Clock, authorId = `u-${delegationCode}`): Proposer {
  return {
    authorId,
    authorName: `Delegate of ${delegationCode}`,
    delegationCode,
    color: '#aa3300',
    now: () => clock.iso(),
    newAmendmentId: () => `am${++amendmentCounter}`,
  };
}

/** One person at an editor in proposing mode: each edit goes through interceptProposal, as dispatched. */
class Desk {
  memory: ProposingMemory = { recent: null };
  last: Transaction | null = null;
  constructor(
    public state: EditorState,
    public who: Proposer,
    /** false: no memory, grouping by adjacency alone. */
    private remember = true,
  ) {}

  dispatch(tr: Transaction): this {
    const out = this.remember
      ? interceptProposal(tr, this.state, this.who, this.memory)
      : (proposeTransaction(tr, this.state, this.who) ?? tr);
    this.last = out;
    this.state = this.state.apply(out);
    this.state.doc.check();
    return this;
  }

  as(who: Proposer): this {
    this.who = who;
    this.memory = { recent: null };
    return this;
  }

  caret(text: string, offset: number): this {
    const pos = textblockStart(this.state.doc, text) + offset;
    this.state = this.state.apply(this.state.tr.setSelection(TextSelection.create(this.state.doc, pos)));
    return this;
  }

  /** Selects `word` (its first occurrence) in the textblock whose visible text is `text`. */
  select(text: string, word: string): this {
    const start = textblockStart(this.state.doc, text) + text.indexOf(word);
    if (text.indexOf(word) < 0) throw new Error(`no ${word} in ${text}`);
    this.state = this.state.apply(this.state.tr.setSelection(TextSelection.create(this.state.doc, start, start + word.length)));
    return this;
  }

  /** Types key by key, as a browser would. */
  type(text: string, secondsBetweenKeys = 0.2, clock?: Clock): this {
    for (const ch of text) {
      clock?.advance(secondsBetweenKeys);
      this.dispatch(this.state.tr.insertText(ch));
    }
    return this;
  }

  backspace(times = 1): this {
    for (let i = 0; i < times; i++) {
      const { empty, head } = this.state.selection;
      this.dispatch(empty ? this.state.tr.delete(head - 1, head) : this.state.tr.deleteSelection());
    }
    return this;
  }

  deleteForward(times = 1): this {
    for (let i = 0; i < times; i++) {
      const { empty, head } = this.state.selection;
      this.dispatch(empty ? this.state.tr.delete(head, head + 1) : this.state.tr.deleteSelection());
    }
    return this;
  }

  paste(slice: Slice): this {
    return this.dispatch(this.state.tr.replaceSelection(slice).setMeta('uiEvent', 'paste'));
  }

  press(command: Command): this {
    let captured: Transaction | null = null;
    command(this.state, (tr) => {
      captured = tr;
    });
    if (captured) this.dispatch(captured);
    return this;
  }

  get meta(): ProposedMeta | undefined {
    return this.last?.getMeta(PROPOSED_META) as ProposedMeta | undefined;
  }
}

interface Run {
  text: string;
  ins?: string;
  del?: string;
}

/** The runs of text of a textblock by their proposals (other marks, such as italics, ignored). */
function runsOfBlock(block: PMNode): Run[] {
  const out: Run[] = [];
  block.forEach((node) => {
    const ins = node.marks.find((m) => m.type.name === 'insertion');
    const del = node.marks.find((m) => m.type.name === 'deletion');
    const run: Run = { text: node.text ?? '' };
    if (ins) run.ins = `${ins.attrs.delegationCode}:${ins.attrs.amendmentId}`;
    if (del) run.del = `${del.attrs.delegationCode}:${del.attrs.amendmentId}`;
    const last = out[out.length - 1];
    if (last && last.ins === run.ins && last.del === run.del) last.text += run.text;
    else out.push(run);
  });
  return out;
}

/** The operative paragraphs' runs, clause by clause. */
function operativeRuns(doc: PMNode): Run[][] {
  const out: Run[][] = [];
  doc.child(3).forEach((clause) => out.push(runsOfBlock(clause.child(0))));
  return out;
}

function caretText(state: EditorState): { before: string; after: string } {
  const { $head } = state.selection;
  const text = $head.parent.textContent;
  return { before: text.slice(0, $head.parentOffset), after: text.slice($head.parentOffset) };
}

function hasProposalMarks(doc: PMNode): boolean {
  let found = false;
  doc.descendants((node) => {
    if (node.marks.some((m) => m.type.name === 'insertion' || m.type.name === 'deletion')) found = true;
    return !found;
  });
  return found;
}

function opTexts(doc: PMNode): string[] {
  return shapeOf(doc).operative.map((c) => c.text);
}

function label(doc: PMNode, clauseId: string | null): string {
  const ops = shapeOf(doc).operative;
  const i = ops.findIndex((c) => c.id === clauseId);
  return i >= 0 ? `OP${i + 1}` : 'PP';
}

function fresh(who = 'MYS', remember = true): { desk: Desk; clock: Clock } {
  const clock = new Clock();
  const doc = draftDoc();
  return { desk: new Desk(EditorState.create({ doc }), proposer(who, clock), remember), clock };
}

describe('typing in proposing mode', () => {
  it('keeps typed text, marked as an insertion by the proposer, with the caret after it', () => {
    const { desk, clock } = fresh();
    desk.caret(CALLS, 'Calls upon Member States'.length).type(' all', 0.2, clock);
    const [op1] = operativeRuns(desk.state.doc);
    const id = op1![1]!.ins!.split(':')[1]!;
    expect(op1).toEqual([
      { text: 'Calls upon Member States' },
      { text: ' all', ins: `MYS:${id}` },
      { text: ' to cooperate;' },
    ]);
    expect(caretText(desk.state)).toEqual({ before: 'Calls upon Member States all', after: ' to cooperate;' });
    let mark: Record<string, unknown> | null = null;
    desk.state.doc.descendants((node) => {
      if (node.text === ' all') mark = node.marks.find((m) => m.type.name === 'insertion')!.attrs;
      return true;
    });
    expect(mark).toEqual({
      amendmentId: id,
      delegationCode: 'MYS',
      color: '#aa3300',
      authorId: 'u-MYS',
      authorName: 'Delegate of MYS',
      at: '2025-03-04T09:00:00.200Z', // the first keystroke's time, kept by the later ones
    });
    expect(desk.meta).toEqual({ refused: false, amendmentId: id, recent: { amendmentId: id, time: Date.parse(clock.iso()) } });
  });

  it('typing inside italic lead words keeps the italics and adds the insertion', () => {
    const { desk } = fresh();
    desk.caret(CALLS, 'Calls'.length).dispatch(desk.state.tr.insertText('!', desk.state.selection.from).setStoredMarks(null));
    const typed: string[][] = [];
    desk.state.doc.descendants((node) => {
      if (node.text === '!') typed.push(node.marks.map((m) => m.type.name).sort());
      return true;
    });
    // Exactly one '!' was typed: it must be found, with both marks.
    expect(typed).toEqual([['insertion', 'italic']]);
  });

  it('refuses edits of the title, where proposals cannot be marked', () => {
    const { desk } = fresh();
    const before = desk.state.doc;
    desk.caret('Joint Statement on Transnational Crime', 5).type('X');
    expect(desk.state.doc.eq(before)).toBe(true);
    expect(desk.meta?.refused).toBe(true);
  });
});

describe('deleting in proposing mode', () => {
  it('Backspace marks text deleted instead of removing it, one amendment for the run, caret before it', () => {
    const { desk, clock } = fresh();
    desk.caret(CALLS, 'Calls upon Member States to cooperate'.length);
    for (let i = 0; i < 3; i++) {
      clock.advance(0.3);
      desk.backspace();
    }
    const [op1] = operativeRuns(desk.state.doc);
    expect(op1!.map((r) => r.text).join('')).toBe(CALLS);
    expect(op1![1]).toMatchObject({ text: 'ate', del: expect.stringMatching(/^MYS:am\d+$/) });
    expect(op1![2]).toEqual({ text: ';' });
    expect(listAmendments(desk.state.doc)).toHaveLength(1);
    expect(caretText(desk.state)).toEqual({ before: 'Calls upon Member States to cooper', after: 'ate;' });
  });

  it('Delete marks text forward and moves the caret after it', () => {
    const { desk } = fresh();
    desk.caret(CALLS, 'Calls upon '.length).deleteForward(7);
    const [op1] = operativeRuns(desk.state.doc);
    expect(op1!.map((r) => r.text)).toEqual(['Calls upon ', 'Member ', 'States to cooperate;']);
    expect(op1![1]!.del).toMatch(/^MYS:/);
    expect(caretText(desk.state).before).toBe('Calls upon Member ');
    expect(listAmendments(desk.state.doc)).toHaveLength(1);
  });

  it('Backspace over own typed text really removes it', () => {
    const { desk } = fresh();
    desk.caret(CALLS, 'Calls upon Member States'.length).type(' alll').backspace();
    expect(opTexts(desk.state.doc)[0]).toBe('Calls upon Member States all to cooperate;');
    desk.backspace(4);
    expect(opTexts(desk.state.doc)[0]).toBe(CALLS);
    expect(hasProposalMarks(desk.state.doc)).toBe(false);
  });

  it('Backspace next to struck-out text moves the caret across it; the next press proposes the next character', () => {
    const { desk } = fresh();
    // THA has proposed deleting "Member ".
    desk.as(proposer('THA', new Clock())).select(CALLS, 'Member ').backspace();
    const before = desk.state.doc;
    desk.as(proposer('MYS', new Clock())).caret(CALLS, 'Calls upon Member '.length).backspace();
    expect(desk.state.doc.eq(before)).toBe(true);
    expect(caretText(desk.state)).toEqual({ before: 'Calls upon ', after: 'Member States to cooperate;' });
    desk.backspace();
    const [op1] = operativeRuns(desk.state.doc);
    expect(op1!.map((r) => [r.text, r.del?.split(':')[0]])).toEqual([
      ['Calls upon', undefined],
      [' ', 'MYS'],
      ['Member ', 'THA'],
      ['States to cooperate;', undefined],
    ]);
    expect(caretText(desk.state).before).toBe('Calls upon');
  });

  it('Delete next to struck-out text moves the caret forward across it', () => {
    const { desk } = fresh();
    desk.as(proposer('THA', new Clock())).select(CALLS, 'Member ').backspace();
    desk.as(proposer('MYS', new Clock())).caret(CALLS, 'Calls upon '.length).deleteForward();
    expect(caretText(desk.state).before).toBe('Calls upon Member ');
    desk.deleteForward();
    expect(operativeRuns(desk.state.doc)[0]!.find((r) => r.text === 'S')?.del).toMatch(/^MYS:/);
  });

  it('a deleted selection leaves the caret after the struck-out text', () => {
    const { desk } = fresh();
    desk.select(DECIDES, 'encourages').backspace();
    expect(caretText(desk.state).before).toBe('Decides that the Working Group encourages');
  });
});

describe('replacing', () => {
  it('selection + typing makes a deletion and an insertion sharing one amendment id', () => {
    const { desk, clock } = fresh();
    desk.select(DECIDES, 'encourages').type('urges', 0.2, clock);
    const op3 = operativeRuns(desk.state.doc)[2]!;
    expect(op3.map((r) => r.text)).toEqual(['Decides that the Working Group ', 'encourages', 'urges', ' regional cooperation;']);
    expect(op3[1]!.del).toBeDefined();
    expect(op3[1]!.del).toBe(op3[2]!.ins);
    expect(caretText(desk.state)).toEqual({ before: 'Decides that the Working Group encouragesurges', after: ' regional cooperation;' });
    const amendments = listAmendments(desk.state.doc);
    expect(amendments).toHaveLength(1);
    expect(amendments[0]).toMatchObject({ kind: 'replace', deleted: 'encourages', inserted: 'urges', delegationCode: 'MYS' });
    expect(describeAmendment(amendments[0]!, label(desk.state.doc, amendments[0]!.clauseId))).toBe(
      "MYS proposes to replace 'encourages' with 'urges' in OP3",
    );
  });

  it('Backspacing a word and typing at the same place is one replacement', () => {
    const { desk, clock } = fresh();
    desk.caret(DECIDES, 'Decides that the Working Group encourages'.length);
    for (let i = 0; i < 'encourages'.length; i++) {
      clock.advance(0.2);
      desk.backspace();
    }
    desk.type('urges', 0.2, clock);
    const amendments = listAmendments(desk.state.doc);
    expect(amendments).toHaveLength(1);
    expect(amendments[0]).toMatchObject({ kind: 'replace', deleted: 'encourages', inserted: 'urges' });
  });

  it('replacing a selection in one transaction with deleteSelection then insertText works too', () => {
    const { desk } = fresh();
    desk.select(DECIDES, 'encourages');
    const tr = desk.state.tr.deleteSelection();
    tr.insertText('urges');
    desk.dispatch(tr);
    const op3 = operativeRuns(desk.state.doc)[2]!;
    expect(op3.map((r) => r.text)).toEqual(['Decides that the Working Group ', 'encourages', 'urges', ' regional cooperation;']);
    expect(op3[1]!.del).toBe(op3[2]!.ins);
    expect(caretText(desk.state).after).toBe(' regional cooperation;');
  });
});

describe('deleting across existing proposals', () => {
  it("handles plain text, the proposer's own insertion and others' proposals piece by piece", () => {
    const { desk } = fresh();
    const tha = proposer('THA', new Clock());
    const idn = proposer('IDN', new Clock());
    const mys = proposer('MYS', new Clock());
    desk.as(tha).caret(CALLS, 'Calls upon Member States'.length).type(' all');
    desk.as(idn).select('Calls upon Member States all to cooperate;', 'Member').backspace();
    desk.as(mys).caret('Calls upon Member States all to cooperate;', 'Calls upon Member States all to cooperate'.length).type(' fully');
    const text = 'Calls upon Member States all to cooperate fully;';
    expect(opTexts(desk.state.doc)[0]).toBe(text);
    const ownId = listAmendments(desk.state.doc).find((a) => a.delegationCode === 'MYS')!.id;

    // MYS selects from "upon" to the end of its own " fully" and deletes.
    const start = textblockStart(desk.state.doc, text);
    desk.state = desk.state.apply(
      desk.state.tr.setSelection(TextSelection.create(desk.state.doc, start + 'Calls '.length, start + 'Calls upon Member States all to cooperate fully'.length)),
    );
    desk.backspace();
    const runs = operativeRuns(desk.state.doc)[0]!;
    const d = (r: Run) => [r.text, r.ins?.split(':')[0], r.del?.split(':')[0]];
    expect(runs.map(d)).toEqual([
      ['Calls ', undefined, undefined],
      ['upon ', undefined, 'MYS'],
      ['Member', undefined, 'IDN'], // already proposed for deletion: left as it is
      [' States', undefined, 'MYS'],
      [' all', 'THA', 'MYS'], // a proposal against THA's proposal
      [' to cooperate', undefined, 'MYS'],
      [';', undefined, undefined], // " fully", MYS's own proposal, is gone
    ]);
    const amendments = listAmendments(desk.state.doc);
    expect(amendments.map((a) => [a.delegationCode, a.kind])).toEqual([
      ['MYS', 'delete'],
      ['IDN', 'delete'],
      ['THA', 'insert'],
    ]);
    expect(amendments.some((a) => a.id === ownId)).toBe(false);
    expect(amendments[0]!.deleted).toBe('upon … States all to cooperate');
  });

  it("a colleague of the same delegation deleting a delegation's insertion really removes it", () => {
    const { desk } = fresh();
    const clock = new Clock();
    desk.as(proposer('MYS', clock, 'u-1')).caret(CALLS, 'Calls upon Member States'.length).type(' all');
    desk.as(proposer('MYS', clock, 'u-2')).backspace(4);
    expect(opTexts(desk.state.doc)[0]).toBe(CALLS);
    expect(hasProposalMarks(desk.state.doc)).toBe(false);
  });
});

describe('pasting', () => {
  const clauseText = (text: string) => declarationSchema.nodes.clauseText!.create(null, declarationSchema.text(text));

  it('a multi-word slice becomes one insertion, caret after it', () => {
    const { desk } = fresh();
    desk.caret(CALLS, 'Calls upon Member States '.length).paste(new Slice(Fragment.from(clauseText('in good faith and ')), 1, 1));
    expect(opTexts(desk.state.doc)[0]).toBe('Calls upon Member States in good faith and to cooperate;');
    const amendments = listAmendments(desk.state.doc);
    expect(amendments).toHaveLength(1);
    expect(amendments[0]).toMatchObject({ kind: 'insert', inserted: 'in good faith and ' });
    expect(caretText(desk.state).after).toBe('to cooperate;');
    expect(desk.last?.getMeta('uiEvent')).toBe('paste'); // the original transaction's meta is kept
  });

  it("pasted text carrying someone's proposal marks becomes the paster's own insertion", () => {
    const { desk } = fresh();
    const foreign = declarationSchema.marks.insertion!.create({ amendmentId: 'x', delegationCode: 'THA', authorId: 'u-THA' });
    const struck = declarationSchema.marks.deletion!.create({ amendmentId: 'y', delegationCode: 'THA', authorId: 'u-THA' });
    const slice = new Slice(Fragment.from([declarationSchema.text('fully ', [foreign]), declarationSchema.text('and ', [struck])]), 0, 0);
    desk.caret(CALLS, 'Calls upon Member States to '.length).paste(slice);
    const amendments = listAmendments(desk.state.doc);
    expect(amendments.map((a) => [a.delegationCode, a.kind, a.inserted])).toEqual([['MYS', 'insert', 'fully and ']]);
  });

  it('pasting over a selection is a replacement', () => {
    const { desk } = fresh();
    desk.select(DECIDES, 'encourages').paste(new Slice(Fragment.from(clauseText('strongly urges')), 1, 1));
    const [a] = listAmendments(desk.state.doc);
    expect(a).toMatchObject({ kind: 'replace', deleted: 'encourages', inserted: 'strongly urges' });
  });

  it('a paste of several paragraphs goes through with all its text marked as one insertion', () => {
    const { desk } = fresh();
    desk.caret(CALLS, CALLS.length).paste(new Slice(Fragment.from([clauseText(' Adds one.'), clauseText('Adds two.')]), 1, 1));
    const all = desk.state.doc.textContent;
    expect(all).toContain('Adds one.');
    expect(all).toContain('Adds two.');
    const amendments = listAmendments(desk.state.doc);
    expect(amendments).toHaveLength(1);
    expect(amendments[0]!.inserted).toBe(' Adds one. … Adds two.');
    // Rejecting removes the text again.
    const rejected = desk.state.apply(rejectAmendment(desk.state, amendments[0]!.id));
    rejected.doc.check();
    expect(rejected.doc.textContent).toBe(draftDoc().textContent);
  });
});

describe('grouping keystrokes into amendments', () => {
  it('consecutive keystrokes at one place form one amendment; a pause starts a new one', () => {
    const { desk, clock } = fresh();
    desk.caret(CALLS, 'Calls upon Member States'.length).type(' all', 1, clock);
    expect(listAmendments(desk.state.doc)).toHaveLength(1);
    clock.advance(30);
    desk.type(' three', 1, clock);
    const amendments = listAmendments(desk.state.doc);
    expect(amendments.map((a) => a.inserted)).toEqual([' all', ' three']);
    expect(amendments[1]!.at).toBe(new Date(Date.parse(amendments[0]!.at) + 34_000).toISOString());
  });

  it('a jump elsewhere starts a new amendment, and coming back does not reopen the old one', () => {
    const { desk, clock } = fresh();
    desk.caret(CALLS, 'Calls upon Member States'.length).type(' all', 0.5, clock);
    desk.caret(ENCOURAGES, ENCOURAGES.length - 1).type(' widely', 0.5, clock);
    desk.caret('Calls upon Member States all to cooperate;', 'Calls upon Member States all'.length).type(' ten', 0.5, clock);
    expect(listAmendments(desk.state.doc).map((a) => a.inserted)).toEqual([' all', ' ten', ' widely']);
  });

  it('without memory, an edit next to the same author’s proposal extends it (adjacency alone)', () => {
    const { desk, clock } = fresh('MYS', false);
    desk.caret(CALLS, 'Calls upon Member States'.length).type(' all', 1, clock);
    clock.advance(3600);
    desk.type(' three', 1, clock);
    expect(listAmendments(desk.state.doc).map((a) => a.inserted)).toEqual([' all three']);
  });

  it('typing next to another person’s proposal never joins it', () => {
    const { desk } = fresh();
    desk.as(proposer('THA', new Clock())).caret(CALLS, 'Calls upon Member States'.length).type(' all');
    desk.as(proposer('MYS', new Clock())).type(' ten');
    expect(listAmendments(desk.state.doc).map((a) => [a.delegationCode, a.inserted])).toEqual([
      ['THA', ' all'],
      ['MYS', ' ten'],
    ]);
  });
});

describe('structural edits in proposing mode', () => {
  it('Enter splitting a paragraph goes through unchanged (no text removed)', () => {
    const { desk } = fresh();
    desk.caret(CALLS, 'Calls upon Member States'.length).press(splitClause);
    expect(opTexts(desk.state.doc)).toEqual(['Calls upon Member States', ' to cooperate;', ENCOURAGES, DECIDES]);
    expect(desk.last?.getMeta(PROPOSED_META)).toBeUndefined();
    expect(hasProposalMarks(desk.state.doc)).toBe(false);
  });

  it('Backspace joining paragraphs goes through (it keeps the text)', () => {
    const { desk } = fresh();
    desk.caret(ENCOURAGES, 0).press(joinBackward);
    expect(opTexts(desk.state.doc)).toEqual([CALLS + ENCOURAGES, DECIDES]);
  });

  it('Tab making a paragraph a sub-paragraph goes through (it keeps the text)', () => {
    const { desk } = fresh();
    desk.caret(ENCOURAGES, 3).press(indentClause);
    expect(opTexts(desk.state.doc)).toEqual([CALLS, DECIDES]);
    expect(shapeOf(desk.state.doc).operative[0]!.subclauses).toEqual([ENCOURAGES]);
    expect(desk.last?.getMeta(PROPOSED_META)).toBeUndefined();
  });

  it('Enter over a selection, which would remove text, is refused', () => {
    const { desk } = fresh();
    const before = desk.state.doc;
    desk.select(CALLS, 'Member States').press(splitClause);
    expect(desk.state.doc.eq(before)).toBe(true);
    expect(desk.meta?.refused).toBe(true);
  });

  it('formatting is not a proposal: a bold mark goes through unchanged', () => {
    const { desk } = fresh();
    const start = textblockStart(desk.state.doc, CALLS);
    const tr = desk.state.tr.addMark(start, start + 5, declarationSchema.marks.bold!.create());
    desk.dispatch(tr);
    expect(desk.last).toBe(tr);
  });
});

describe('transactions proposing mode leaves alone', () => {
  it('Yjs sync transactions are untouched', () => {
    const { desk } = fresh();
    const tr = desk.state.tr.insertText('remote', textblockStart(desk.state.doc, CALLS)).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(proposeTransaction(tr, desk.state, desk.who)).toBeNull();
    expect(interceptProposal(tr, desk.state, desk.who, desk.memory)).toBe(tr);
    desk.dispatch(tr);
    expect(hasProposalMarks(desk.state.doc)).toBe(false);
    expect(opTexts(desk.state.doc)[0]).toBe('remote' + CALLS);
  });

  it('selection-only, direct and non-proposing transactions are untouched', () => {
    const { desk } = fresh();
    const selection = desk.state.tr.setSelection(TextSelection.create(desk.state.doc, textblockStart(desk.state.doc, CALLS)));
    expect(interceptProposal(selection, desk.state, desk.who, desk.memory)).toBe(selection);
    const direct = desk.state.tr.insertText('x', textblockStart(desk.state.doc, CALLS)).setMeta(DIRECT_META, true);
    expect(interceptProposal(direct, desk.state, desk.who, desk.memory)).toBe(direct);
    const plain = desk.state.tr.insertText('x', textblockStart(desk.state.doc, CALLS));
    expect(interceptProposal(plain, desk.state, null, desk.memory)).toBe(plain);
  });

  it('the ProposingMode extension converts at dispatch while getProposer returns someone', () => {
    const { desk } = fresh();
    let who: Proposer | null = desk.who;
    const extension = ProposingMode.configure({ getProposer: () => who });
    const hook = extension.config.dispatchTransaction!;
    const context = { options: extension.options, storage: { memory: { recent: null } }, editor: { state: desk.state } };
    const dispatched: Transaction[] = [];
    const send = (transaction: Transaction) =>
      hook.call(context as never, { transaction, next: (tr: Transaction) => dispatched.push(tr) });
    const typed = desk.state.tr.insertText('x', textblockStart(desk.state.doc, CALLS));
    send(typed);
    expect(dispatched[0]).not.toBe(typed);
    expect(listAmendments(desk.state.apply(dispatched[0]!).doc)).toHaveLength(1);
    expect(context.storage.memory.recent).not.toBeNull();
    const synced = desk.state.tr.insertText('y', textblockStart(desk.state.doc, CALLS)).setMeta(ySyncPluginKey, {});
    send(synced);
    expect(dispatched[1]).toBe(synced);
    who = null;
    send(typed);
    expect(dispatched[2]).toBe(typed);
  });
});

describe('listing amendments', () => {
  it('gives each amendment with its clause, attribution, texts and kind, in document order', () => {
    const { desk } = fresh();
    const mysClock = new Clock();
    const thaClock = new Clock();
    thaClock.advance(60);
    const mys = proposer('MYS', mysClock);
    const tha = proposer('THA', thaClock);
    desk.as(tha).select(DECIDES, 'encourages').type('urges');
    desk.as(mys).caret(CALLS, 'Calls upon Member States'.length).type(' all');
    desk.as(tha).select(ENCOURAGES, ' of information').backspace();
    const clauses = shapeOf(desk.state.doc).operative;
    const amendments = listAmendments(desk.state.doc);
    const strip = ({ id: _id, ...rest }: Amendment) => rest;
    expect(amendments.map(strip)).toEqual([
      {
        clauseId: clauses[0]!.id,
        delegationCode: 'MYS',
        authorId: 'u-MYS',
        authorName: 'Delegate of MYS',
        color: '#aa3300',
        at: '2025-03-04T09:00:00.000Z',
        inserted: ' all',
        deleted: '',
        kind: 'insert',
        paragraph: null,
      },
      {
        clauseId: clauses[1]!.id,
        delegationCode: 'THA',
        authorId: 'u-THA',
        authorName: 'Delegate of THA',
        color: '#aa3300',
        at: '2025-03-04T09:01:00.000Z',
        inserted: '',
        deleted: ' of information',
        kind: 'delete',
        paragraph: null,
      },
      {
        clauseId: clauses[2]!.id,
        delegationCode: 'THA',
        authorId: 'u-THA',
        authorName: 'Delegate of THA',
        color: '#aa3300',
        at: '2025-03-04T09:01:00.000Z',
        inserted: 'urges',
        deleted: 'encourages',
        kind: 'replace',
        paragraph: null,
      },
    ]);
    expect(new Set(amendments.map((a) => a.id)).size).toBe(3);
  });

  it('an unmarked document has no amendments', () => {
    expect(listAmendments(draftDoc())).toEqual([]);
  });
});

describe('accepting and rejecting', () => {
  function withThree() {
    const { desk } = fresh();
    desk.as(proposer('THA', new Clock())).select(DECIDES, 'encourages').type('urges');
    desk.as(proposer('MYS', new Clock())).caret(CALLS, 'Calls upon Member States'.length).type(' all');
    desk.as(proposer('IDN', new Clock())).select(ENCOURAGES, ' of information').backspace();
    const [insert, del, replace] = listAmendments(desk.state.doc);
    return { state: desk.state, insert: insert!, del: del!, replace: replace! };
  }

  function applyDirect(state: EditorState, tr: Transaction): EditorState {
    expect(tr.getMeta(DIRECT_META)).toBe(true);
    const next = state.apply(tr);
    next.doc.check();
    return next;
  }

  it('accepting a replacement keeps the new text and drops the old, with no marks left for it', () => {
    const { state, replace } = withThree();
    const next = applyDirect(state, acceptAmendment(state, replace.id));
    expect(opTexts(next.doc)[2]).toBe('Decides that the Working Group urges regional cooperation;');
    expect(listAmendments(next.doc).map((a) => a.kind)).toEqual(['insert', 'delete']);
  });

  it('rejecting a replacement restores the old text', () => {
    const { state, replace } = withThree();
    const next = applyDirect(state, rejectAmendment(state, replace.id));
    expect(opTexts(next.doc)[2]).toBe(DECIDES);
    expect(operativeRuns(next.doc)[2]).toEqual([{ text: DECIDES }]);
  });

  it('accept and reject of an insertion and a deletion', () => {
    const { state, insert, del } = withThree();
    const accepted = applyDirect(state, decideAmendments(state, [insert.id, del.id], 'accept'));
    expect(opTexts(accepted.doc).slice(0, 2)).toEqual(['Calls upon Member States all to cooperate;', 'Encourages the sharing;']);
    expect(listAmendments(accepted.doc).map((a) => a.kind)).toEqual(['replace']);
    const rejected = applyDirect(state, decideAmendments(state, [insert.id, del.id], 'reject'));
    expect(opTexts(rejected.doc).slice(0, 2)).toEqual([CALLS, ENCOURAGES]);
  });

  it('accepting or rejecting everything leaves a clean text with no proposal marks', () => {
    const { state, insert, del, replace } = withThree();
    const ids = [insert.id, del.id, replace.id];
    const accepted = applyDirect(state, decideAmendments(state, ids, 'accept'));
    expect(hasProposalMarks(accepted.doc)).toBe(false);
    expect(opTexts(accepted.doc)).toEqual([
      'Calls upon Member States all to cooperate;',
      'Encourages the sharing;',
      'Decides that the Working Group urges regional cooperation;',
    ]);
    const rejected = applyDirect(state, decideAmendments(state, ids, 'reject'));
    expect(hasProposalMarks(rejected.doc)).toBe(false);
    expect(opTexts(rejected.doc)).toEqual([CALLS, ENCOURAGES, DECIDES]);
  });

  it('a proposal against a proposal: accepting the deletion removes the proposed text', () => {
    const { desk } = fresh();
    desk.as(proposer('THA', new Clock())).caret(CALLS, 'Calls upon Member States'.length).type(' all');
    desk.as(proposer('MYS', new Clock())).select('Calls upon Member States all to cooperate;', ' all').backspace();
    const [tha, mys] = listAmendments(desk.state.doc);
    expect([tha!.kind, tha!.inserted, mys!.kind, mys!.deleted]).toEqual(['insert', ' all', 'delete', ' all']);
    const next = applyDirect(desk.state, acceptAmendment(desk.state, mys!.id));
    expect(opTexts(next.doc)[0]).toBe(CALLS);
    expect(hasProposalMarks(next.doc)).toBe(false);
  });

  it("the chair's decisions pass through proposing mode untouched", () => {
    const { state, replace } = withThree();
    const tr = acceptAmendment(state, replace.id);
    expect(interceptProposal(tr, state, proposer('MYS', new Clock()), { recent: null })).toBe(tr);
  });
});

describe('describing amendments', () => {
  const base: Amendment = {
    id: 'a',
    clauseId: 'c',
    delegationCode: 'MYS',
    authorId: 'u',
    authorName: 'Aminah',
    color: '#000000',
    at: '2025-03-04T09:00:00.000Z',
    inserted: '',
    deleted: '',
    kind: 'insert',
    paragraph: null,
  };

  it('reads like the compilation text', () => {
    expect(describeAmendment({ ...base, kind: 'replace', deleted: 'encourages', inserted: 'urges' }, 'OP3')).toBe(
      "MYS proposes to replace 'encourages' with 'urges' in OP3",
    );
    expect(describeAmendment({ ...base, inserted: ' all' }, 'OP1')).toBe("MYS proposes to insert 'all' in OP1");
    expect(describeAmendment({ ...base, kind: 'delete', deleted: 'of information ' }, 'PP2')).toBe(
      "MYS proposes to delete 'of information' in PP2",
    );
  });

  it('falls back to the author without a delegation, and leaves out an empty label', () => {
    expect(describeAmendment({ ...base, delegationCode: null, inserted: 'x' })).toBe("Aminah proposes to insert 'x'");
  });
});

describe('random edits', () => {
  /** Small deterministic PRNG (mulberry32). */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** The text with every deletion-marked piece removed: what the proposer means the text to be. */
  function intended(doc: PMNode): string {
    let text = '';
    doc.descendants((node) => {
      if (node.isText && !node.marks.some((m) => m.type.name === 'deletion')) text += node.text;
      return true;
    });
    return text;
  }

  const SEEDS = Number(process.env.PROPOSALS_SEEDS ?? 60);

  it('accepting everything gives the text as edited, rejecting everything gives the original back (one or two delegations)', () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const next = random(seed);
      const { desk, clock } = fresh('MYS', seed % 2 === 0);
      const original = desk.state.doc.textContent;
      for (let round = 0; round < 12; round++) {
        clock.advance(next() * 20);
        if (seed % 3 === 0) desk.who = proposer(round % 2 ? 'THA' : 'MYS', clock); // two delegations taking turns
        const start = textblockStart(desk.state.doc, desk.state.doc.child(3).child(0).child(0).textContent);
        const tr = desk.state.tr;
        const steps = 1 + Math.floor(next() * 3);
        for (let s = 0; s < steps; s++) {
          const blockSize = tr.doc.child(3).child(0).child(0).content.size;
          const a = Math.floor(next() * (blockSize + 1));
          const b = Math.min(blockSize, a + Math.floor(next() * 6));
          if (next() < 0.5 && b > a) tr.delete(start + a, start + b);
          // Unmarked text: insertText would take the marks around it, struck-out ones included.
          else tr.replaceWith(start + a, start + (next() < 0.3 ? b : a), declarationSchema.text(['x', 'yz', ' new words '][Math.floor(next() * 3)]!));
        }
        const raw = desk.state.apply(tr);
        desk.dispatch(tr);
        expect(intended(desk.state.doc), `seed ${seed} round ${round}`).toBe(intended(raw.doc));
        const ids = listAmendments(desk.state.doc).map((a) => a.id);
        const rejected = desk.state.apply(decideAmendments(desk.state, ids, 'reject'));
        rejected.doc.check();
        expect(rejected.doc.textContent, `seed ${seed} round ${round}`).toBe(original);
        const accepted = desk.state.apply(decideAmendments(desk.state, ids, 'accept'));
        accepted.doc.check();
        expect(hasProposalMarks(accepted.doc)).toBe(false);
        expect(accepted.doc.textContent).toBe(intended(desk.state.doc));
      }
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { checkUpdate } from '../../server/collab/validate.js';
import { paragraphIds } from '../../server/collab/paragraph-index.js';
import { walks } from '../../server/collab/walks.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { agreedIds, clauseIds, copyOf, declaration, delegateEdit, delegateSession, PREAMBULAR, proposer, server, takeAsRoom, type Server } from './guard-session.js';

/**
 * Issue 13: with 30% of the clauses agreed, checking a delegate's update (validate.ts, the agreed
 * clauses locked) and judging it as a proposal (guard.ts) costs what it costs with nothing agreed,
 * and the same in a document of 100 paragraphs as in one of 1,000. Counted, not timed: walks.ts
 * counts the walks along a type's children and the walks of the whole document our code makes, and
 * this test counts, besides, every call of Yjs's own traversals (toArray, forEach, toJSON, ...) on the
 * server's document while it takes an update, so a scan written either way is seen.
 *
 * The updates are a delegate's, made as the editor makes them (guard-session.ts): typing, backspace,
 * Enter, Backspace joining, a paste, a paragraph deleted, and proposals in "amendments only". The same
 * updates are taken by a server with nothing agreed and by one with 30% agreed.
 */

const AGREED_SHARE = 0.3;

interface Cost {
  items: number;
  wholeDocument: number;
  /** Calls of Yjs's traversals on the server's document. */
  traversals: number;
}

// Yjs's traversals of a type's contents, counted when called on the server's document.
const TRAVERSALS: [object, string][] = [
  [Y.XmlFragment.prototype, 'toArray'],
  [Y.XmlFragment.prototype, 'forEach'],
  [Y.XmlFragment.prototype, 'slice'],
  [Y.XmlFragment.prototype, 'toJSON'],
  [Y.XmlFragment.prototype, 'toString'],
  [Y.XmlFragment.prototype, 'createTreeWalker'],
  [Y.XmlFragment.prototype, 'querySelectorAll'],
  [Y.XmlElement.prototype, 'toString'],
  [Y.XmlText.prototype, 'toDelta'],
  [Y.XmlText.prototype, 'toString'],
  [Y.Text.prototype, 'toJSON'],
];
let watched: Y.Doc | null = null;
let traversals = 0;
const originals: [object, string, unknown][] = [];

beforeAll(() => {
  for (const [proto, name] of TRAVERSALS) {
    const original = (proto as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
    originals.push([proto, name, original]);
    (proto as Record<string, unknown>)[name] = function (this: Y.AbstractType<unknown>, ...args: unknown[]) {
      if (watched && this.doc === watched) traversals++;
      return original.apply(this, args);
    };
  }
});
afterAll(() => {
  for (const [proto, name, original] of originals) (proto as Record<string, unknown>)[name] = original;
});

/** What taking `update` costs `s`, counted. */
function cost(s: Server, update: Uint8Array, phase: 'direct' | 'amendments'): Cost {
  const before = { items: walks.items, wholeDocument: walks.wholeDocument, traversals };
  watched = s.doc;
  try {
    takeAsRoom(s, update, phase);
  } finally {
    watched = null;
  }
  return { items: walks.items - before.items, wholeDocument: walks.wholeDocument - before.wholeDocument, traversals: traversals - before.traversals };
}

/** The session's cost, update by update, on a server of `paragraphs` with `share` agreed. */
function run(paragraphs: number, share: number, base: Y.Doc, steps: ReturnType<typeof delegateSession>) {
  const s = server(base, agreedIds(base, share));
  // Once per loaded document, before anyone types: the id index and the trial copy are made.
  paragraphIds(s.doc);
  s.trial.prepare();
  const costs = new Map<string, Cost>();
  for (const step of steps) {
    try {
      costs.set(step.label, cost(s, step.update, step.phase));
    } catch (err) {
      throw new Error(`${paragraphs} paragraphs, ${share * 100}% agreed, ${step.label}: ${(err as Error).message}`, { cause: err });
    }
  }
  return { costs, s };
}

type Run = ReturnType<typeof run>;
let runs: { short: Run; shortGuarded: Run; long: Run; longGuarded: Run };

beforeAll(() => {
  const short = declaration(100);
  const long = declaration(1_000);
  const shortSession = delegateSession(short, 100);
  const longSession = delegateSession(long, 1_000);
  runs = {
    short: run(100, 0, short, shortSession),
    shortGuarded: run(100, AGREED_SHARE, short, shortSession),
    long: run(1_000, 0, long, longSession),
    longGuarded: run(1_000, AGREED_SHARE, long, longSession),
  };
  const rows = [...runs.short.costs.keys()].map((label) => `  ${label.padEnd(48)} ${Object.values(runs).map((r) => r.costs.get(label)!.items).join(' / ')}`);
  console.log(['Items visited per update: 100 paragraphs / with 30% agreed / 1,000 / with 30% agreed', ...rows].join('\n'));
});

describe("the guard's cost does not depend on the document's length (issue 13)", () => {
  it("a delegate's keystrokes, Enter, Backspace, a paste, a paragraph deleted and proposals walk no whole document", () => {
    for (const { costs } of Object.values(runs)) {
      for (const [label, c] of costs) expect({ label, wholeDocument: c.wholeDocument, traversals: c.traversals }).toEqual({ label, wholeDocument: 0, traversals: 0 });
    }
  });

  it('with 30% of the clauses agreed, each update visits no more than 1.1x the items it visits with none agreed', () => {
    for (const [guarded, plain] of [
      [runs.shortGuarded, runs.short],
      [runs.longGuarded, runs.long],
    ] as const) {
      for (const [label, c] of guarded.costs) expect(c.items, label).toBeLessThanOrEqual(Math.floor(1.1 * plain.costs.get(label)!.items));
    }
  });

  it('each update visits as many items in 1,000 paragraphs as in 100', () => {
    for (const [long, short] of [
      [runs.long, runs.short],
      [runs.longGuarded, runs.shortGuarded],
    ] as const) {
      for (const [label, c] of long.costs) expect({ label, items: c.items }).toEqual({ label, items: short.costs.get(label)!.items });
    }
  });

  it('the counts are live: proposals are judged paragraph by paragraph, and a scan of the document is seen', () => {
    // Judging a proposal reads the paragraph it touched: items are counted on this path.
    expect(runs.longGuarded.costs.get('proposes a character (1)')!.items).toBeGreaterThan(0);
    // A scan like the one the id check used to make is counted as a walk of every paragraph...
    const s = server(declaration(1_000), new Set());
    const before = { ...walks };
    paragraphIds(s.doc);
    expect(walks.wholeDocument - before.wholeDocument).toBe(1);
    expect(walks.items - before.items).toBeGreaterThan(1_000);
    // ... and one made with Yjs's own traversals is seen too.
    watched = s.doc;
    try {
      s.doc.getXmlFragment('default').toArray().forEach((part) => (part as Y.XmlElement).toArray());
    } finally {
      watched = null;
    }
    expect(traversals).toBeGreaterThan(1);
    // The chair's decisions make the owners of amendments be read afresh: one walk, at the next judgement.
    s.trial.prepare();
    s.trial.forgetOwners();
    const walked = walks.wholeDocument;
    s.trial.hasProposals();
    expect(walks.wholeDocument - walked).toBe(1);
  });

  it('the guard still refuses, with the index kept in step: an agreed paragraph deleted, typed in, its id taken; an id taken twice', () => {
    const s = runs.longGuarded.s;
    const ids = clauseIds(s.doc);
    const agreed = ids.find((id) => s.locked.has(id))!;
    const open = ids.find((id, i) => i > PREAMBULAR && !s.locked.has(id))!;
    const at = (id: string) => ids.indexOf(id);
    const attempts: [string, (state: EditorState) => Transaction | null, string][] = [
      [
        'deletes an agreed paragraph',
        (state) => {
          const clause = clausesOf(state.doc)[at(agreed)]!;
          return state.tr.delete(clause.pos, clause.pos + clause.node.nodeSize);
        },
        'agreed',
      ],
      ['joins an agreed paragraph to the one before it', (state) => state.tr.delete(clausesOf(state.doc)[at(agreed)]!.pos - 2, clausesOf(state.doc)[at(agreed)]!.pos + 2), 'agreed'],
      ['types in an agreed paragraph', (state) => state.tr.insertText('z', clausesOf(state.doc)[at(agreed)]!.pos + 5), 'agreed'],
      ['pastes a copy of an agreed paragraph keeping its id', (state) => state.tr.insert(clausesOf(state.doc)[at(open)]!.pos, clausesOf(state.doc)[at(agreed)]!.node), 'agreed'],
      ['pastes a copy of an open paragraph keeping its id', (state) => state.tr.insert(clausesOf(state.doc)[at(open)]!.pos, clausesOf(state.doc)[at(open)]!.node), 'is taken'],
    ];
    for (const [what, change, reason] of attempts) {
      const update = delegateEdit(copyOf(s.doc), change, 'direct', { recent: null });
      const checked = checkUpdate(s.doc, update, { userId: proposer.authorId, writers: s.writers, isOthersClient: () => false, locked: s.locked, mayEditAgreed: false });
      expect({ what, refused: checked.ok ? 'taken' : checked.refusal.reason }).toEqual({ what, refused: expect.stringContaining(reason) as string });
    }
  });
});

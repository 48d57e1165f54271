/**
 * npm run bench (third part): what checking a client's update costs, side by side with applying it
 * unchecked (what a bare relay does), and what the worst updates a hostile delegate may send cost the
 * server, against the 100 ms no message may block the event loop for (issue 9). In process, on a
 * 300-paragraph declaration with a typing history; each figure is the median of RUNS. Last, what
 * agreed clauses add to a delegate's session at 100 and 1,000 paragraphs (issue 13).
 */
import * as Y from 'yjs';
import { checkUpdate } from '../../server/collab/validate.js';
import { TrialDocument } from '../../server/collab/guard.js';
import { Writers } from '../../server/collab/writers.js';
import { craftUpdate, run } from '../helpers/craft.js';
import { declarationUpdate, FRAGMENT } from '../../shared/editor/yjs.js';
import { declarationJSON, type DeclarationDraft } from '../../shared/editor/content.js';
import { MAX_DELETED_STRUCTS_PER_UPDATE, MAX_STRUCTS_PER_UPDATE } from '../../shared/limits.js';
import { paragraphIds } from '../../server/collab/paragraph-index.js';
import { agreedIds, declaration as sessionDeclaration, delegateSession, server, takeAsRoom } from '../unit/guard-session.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const PARAGRAPHS = 300;
const proposer = { authorId: 'u_mys', delegationCode: 'MYS' };
const mark = (i: number) => ({ amendmentId: `a_${i}`, delegationCode: 'MYS', authorId: 'u_mys', authorName: 'Aisyah Rahman', color: '#c0392b', at: `2026-12-05T10:00:${String(i % 60).padStart(2, '0')}.000Z` });

function declaration(): Y.Doc {
  const draft: DeclarationDraft = {
    title: 'Plan of Action to Combat Transnational Crime',
    formula: 'We, the Ministers responsible for transnational crime of the ASEAN Member States,',
    preambular: [],
    operative: Array.from({ length: PARAGRAPHS }, (_, i) => ({
      lead: 'Encourage',
      text: `ASEAN Member States (${i}) to strengthen cooperation in combating trafficking in persons and people smuggling, including through joint investigations;`,
    })),
  };
  const doc = new Y.Doc();
  Y.applyUpdate(doc, declarationUpdate(declarationJSON(draft)));
  // A negotiation's history: many small edits, some of them proposals.
  for (let i = 0; i < 3_000; i++) textOf(doc, i % PARAGRAPHS).insert(i % 20, 'x', i % 7 === 0 ? { insertion: mark(i % 50) } : {});
  return doc;
}

function textOf(doc: Y.Doc, paragraph: number): Y.XmlText {
  const clause = (doc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement).get(paragraph) as Y.XmlElement;
  return (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** The update one edit of a copy of `doc` produces. */
function edit(doc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  let made: Uint8Array | null = null;
  copy.on('update', (u: Uint8Array) => (made = u));
  copy.transact(() => change(copy));
  copy.destroy();
  if (!made) throw new Error('the edit changed nothing');
  return made;
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median ms of `measure` over RUNS, each on a fresh copy of `base` made by `prepare`. */
function time<T>(prepare: () => T, measure: (state: T) => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const state = prepare();
    const started = performance.now();
    measure(state);
    times.push(performance.now() - started);
  }
  return median(times);
}

const base = declaration();
const baseState = Y.encodeStateAsUpdate(base);
const fresh = () => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, baseState);
  return doc;
};
const context = { userId: proposer.authorId, writers: new Writers(), isOthersClient: () => false, locked: new Set<string>(), mayEditAgreed: false };
const fmt = (ms: number) => `${ms.toFixed(3).padStart(9)} ms`;

/** A room's trial copy and owners' index, as they stand between updates (built, in step with `doc`). */
function warmTrial(doc: Y.Doc): TrialDocument {
  const trial = new TrialDocument(doc);
  const warmup = edit(doc, (copy) => textOf(copy, 3).insert(0, 'z', { insertion: mark(8) }));
  if (trial.judge(warmup, proposer, 'amendments').refused) throw new Error('the warm-up proposal was refused');
  Y.applyUpdate(doc, warmup);
  return trial;
}

const proposal = edit(base, (doc) => textOf(doc, 150).insert(10, 'y', { insertion: mark(7) }));
// A person typing: 200 keystrokes, one update each, taken one after the other (per keystroke).
const TYPED = 200;
const typed = (attributes: () => Record<string, unknown>) => {
  const copy = fresh();
  const updates: Uint8Array[] = [];
  copy.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < TYPED; i++) textOf(copy, 150).insert(10 + i, 'y', attributes());
  return updates;
};
const typing = typed(() => ({}));
const proposing = typed(() => ({ insertion: mark(7) }));
const bare = time(fresh, (doc) => {
  for (const u of typing) Y.applyUpdate(doc, u);
}) / TYPED;
const checked = time(fresh, (doc) => {
  for (const u of typing) {
    const c = checkUpdate(doc, u, context);
    if (!c.ok) throw new Error(c.refusal.reason);
    Y.applyUpdate(doc, c.checked.update);
  }
}) / TYPED;
const judged =
  time(
    () => {
      const doc = fresh();
      return { doc, trial: warmTrial(doc) };
    },
    ({ doc, trial }) => {
      for (const u of proposing) {
        const c = checkUpdate(doc, u, context);
        if (!c.ok) throw new Error(c.refusal.reason);
        if (trial.judge(c.checked.update, proposer, 'amendments').refused) throw new Error('the proposal was refused');
        Y.applyUpdate(doc, c.checked.update);
      }
    },
  ) / TYPED;
const rebuild = time(
  () => new TrialDocument(fresh()),
  (trial) => trial.judge(proposal, proposer, 'amendments'),
);

console.log(`\nChecking a client's update (in process, ${PARAGRAPHS}-paragraph declaration, ${(baseState.byteLength / 1024).toFixed(0)} KB, median of ${RUNS})`);
console.log(`  a keystroke, applied unchecked (a bare relay)       ${fmt(bare)}`);
console.log(`  a keystroke, checked then applied (Accord)           ${fmt(checked)}   ${(checked / bare).toFixed(1)}x`);
console.log(`  a proposed keystroke, "amendments only", judged      ${fmt(judged)}   ${(judged / bare).toFixed(1)}x`);
console.log(`  the same after a refusal (trial copy rebuilt)        ${fmt(rebuild)}   at most once a second per refusing person`);

// The worst a hostile delegate may send, each against the 100 ms budget.
const roots = craftUpdate(run(7_000_001, 0, (i) => ({ parent: `root${i}`, content: { string: 'x' } }), 40_000));
const deepOperative = (base.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement)._item!.id;
const deep = craftUpdate(run(7_000_002, 0, (i, _id, previous) => ({ parent: previous ?? { client: deepOperative.client, clock: deepOperative.clock }, content: { element: i % 2 ? 'clauseText' : 'clause' } }), 2_000));
const widest = edit(base, (doc) => {
  const t = textOf(doc, 200);
  for (let i = 0; i < Math.floor(MAX_STRUCTS_PER_UPDATE / 3) - 10; i++) t.insert(i, 'w', { insertion: mark(i) });
});
const unmerged = fresh();
for (let from = 0; from < 1_500; from += 500) {
  Y.applyUpdate(unmerged, edit(unmerged, (doc) => {
    for (let i = from; i < from + 500; i++) textOf(doc, 100).insert(i, 'q', { insertion: mark(i) });
  }));
}
const unmergedState = Y.encodeStateAsUpdate(unmerged);
const sweep = edit(unmerged, (doc) => textOf(doc, 100).delete(0, 1_500));
const hostile: [string, Uint8Array, () => Y.Doc, boolean][] = [
  ['40,000 root types in 429 KB (froze 15 s before)', roots, fresh, false],
  ['elements nested 2,000 deep', deep, fresh, false],
  [`${MAX_STRUCTS_PER_UPDATE.toLocaleString('en')} structs (the most one update may hold), judged`, widest, fresh, true],
  [`1,500 unmerged proposed characters deleted in ${sweep.byteLength} bytes (${MAX_DELETED_STRUCTS_PER_UPDATE.toLocaleString('en')} pieces at most)`, sweep, () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, unmergedState);
    return doc;
  }, true],
];
console.log('\nThe worst updates a delegate may send: check, judge and apply, against a budget of 100 ms');
for (const [what, update, prepare, judge] of hostile) {
  let outcome = '';
  const ms = time(
    () => {
      const doc = prepare();
      return { doc, trial: judge ? warmTrial(doc) : new TrialDocument(doc) };
    },
    ({ doc, trial }) => {
      const c = checkUpdate(doc, update, context);
      if (!c.ok) {
        outcome = `refused (${c.refusal.code})`;
        return;
      }
      if (judge && trial.judge(c.checked.update, proposer, 'amendments').refused) {
        outcome = 'refused (4422)';
        return;
      }
      Y.applyUpdate(doc, c.checked.update);
      outcome = 'taken';
    },
  );
  console.log(`  ${what.padEnd(72)} ${fmt(ms)}   ${outcome}`);
}

// Issue 13: the guard with 30% of the clauses agreed costs what it costs with none agreed, whatever
// the document's length. The same delegate session (tests/unit/guard-session.ts: typing, backspace,
// Enter, Backspace joining, a paste, a paragraph deleted, proposals in "amendments only") is taken by a
// server with nothing agreed and by one with 30% agreed, update by update in turn (so that the
// machine's noise falls on both alike); server CPU (process.cpuUsage) per update.
const SESSIONS = Number(process.env.BENCH_GUARD_SESSIONS ?? 41);
const cpuUs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return used.user + used.system;
};
console.log(`\nThe guard with 30% of the clauses agreed, against none agreed (a delegate's session, server CPU per update, the medians of ${SESSIONS} sessions)`);
for (const paragraphs of [100, 1_000]) {
  const sessionBase = sessionDeclaration(paragraphs);
  const steps = delegateSession(sessionBase, paragraphs);
  const agreed = agreedIds(sessionBase, 0.3);
  // CPU of each update, by kind, over the sessions: the figure sums each update's median (a garbage
  // collection or another process landing on one update does not move it).
  const cpu = { none: steps.map(() => [] as number[]), agreed: steps.map(() => [] as number[]) };
  for (let i = 0; i < SESSIONS; i++) {
    const servers = { none: server(sessionBase, new Set()), agreed: server(sessionBase, agreed) };
    for (const s of Object.values(servers)) {
      // Made once per loaded document, before anyone types.
      paragraphIds(s.doc);
      s.trial.prepare();
    }
    steps.forEach((step, n) => {
      for (const kind of (i + n) % 2 ? (['agreed', 'none'] as const) : (['none', 'agreed'] as const)) {
        const started = process.cpuUsage();
        takeAsRoom(servers[kind], step.update, step.phase);
        cpu[kind][n]!.push(cpuUs(started));
      }
    });
    for (const s of Object.values(servers)) {
      s.trial.destroy();
      s.doc.destroy();
    }
  }
  const perUpdate = (kind: 'none' | 'agreed') => cpu[kind].reduce((sum, times) => sum + median(times), 0) / steps.length / 1000;
  const none = perUpdate('none');
  const guarded = perUpdate('agreed');
  console.log(`  ${paragraphs.toLocaleString('en').padStart(5)} paragraphs: none agreed ${fmt(none)}   30% agreed ${fmt(guarded)}   ${(guarded / none).toFixed(2)}x (target <= 1.1x)`);
}

import * as Y from 'yjs';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { updateYFragment } from '@tiptap/y-tiptap';
import { checkUpdate, type UpdateContext } from '../../server/collab/validate.js';
import { TrialDocument, type Phase } from '../../server/collab/guard.js';
import { Writers } from '../../server/collab/writers.js';
import { declarationJSON, type DeclarationDraft } from '../../shared/editor/content.js';
import { declarationFromYDoc, declarationUpdate, FRAGMENT } from '../../shared/editor/yjs.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { joinBackward, splitClause } from '../../shared/editor/structure.js';
import { newClauseId } from '../../shared/editor/ids.js';
import { interceptProposal, type Proposer, type ProposingMemory } from '../../shared/editor/proposing.js';

/**
 * A delegate's editing session, as the editor writes it (ProseMirror commands and proposing mode,
 * written to the delegate's copy by y-prosemirror), and a server document taking it the way the room
 * does: checked (validate.ts), judged where the room judges (guard.ts), applied. Shared by the guard's
 * cost test (tests/unit/guard-cost.test.ts) and its benchmark (tests/bench/guard.ts).
 */

export const PREAMBULAR = 10;

export const proposer: Proposer = {
  authorId: 'u_delegate',
  authorName: 'Aisyah Rahman',
  delegationCode: 'MYS',
  color: '#c0392b',
  now: () => '2026-12-06T09:00:00.000Z',
  newAmendmentId: () => `a_${newClauseId().slice(2)}`,
};

function draft(paragraphs: number): DeclarationDraft {
  return {
    title: 'Plan of Action to Combat Transnational Crime',
    formula: 'We, the Ministers responsible for transnational crime of the ASEAN Member States,',
    preambular: Array.from({ length: PREAMBULAR }, (_, i) => ({ lead: 'Recalling', text: `the statement number ${i + 1} of the Ministers;` })),
    operative: Array.from({ length: paragraphs - PREAMBULAR }, (_, i) => ({
      lead: 'Encourage',
      text: `ASEAN Member States to strengthen cooperation in combating trafficking in persons (${i});`,
    })),
  };
}

/** A declaration of `paragraphs` paragraphs, as a server holds it. */
export function declaration(paragraphs: number): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, declarationUpdate(declarationJSON(draft(paragraphs))));
  return doc;
}

export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** The clause ids of a Yjs declaration, in order. */
export function clauseIds(doc: Y.Doc): string[] {
  return clausesOf(declarationFromYDoc(doc)).map((c) => String(c.node.attrs.id));
}

/** `share` of the clauses (tenths), spread through the text: of every ten, the first ones. */
export function agreedIds(doc: Y.Doc, share: number): Set<string> {
  return new Set(clauseIds(doc).filter((_, i) => i % 10 < Math.round(share * 10)));
}

/** A server's document with what the room keeps beside it. */
export interface Server {
  doc: Y.Doc;
  trial: TrialDocument;
  writers: Writers;
  /** Agreed clause ids. */
  locked: ReadonlySet<string>;
}

/** A server holding a copy of `base` with `locked` agreed. */
export function server(base: Y.Doc, locked: ReadonlySet<string>): Server {
  const doc = copyOf(base);
  return { doc, trial: new TrialDocument(doc), writers: new Writers(), locked };
}

/** The delegate's edit of their copy, as the editor writes it: the update it produces. */
export function delegateEdit(delegate: Y.Doc, change: (state: EditorState) => Transaction | null, phase: Phase, memory: ProposingMemory): Uint8Array {
  const state = EditorState.create({ doc: declarationFromYDoc(delegate) });
  let tr = change(state);
  if (!tr) throw new Error('the edit did nothing');
  if (phase === 'amendments') tr = interceptProposal(tr, state, proposer, memory);
  const updates: Uint8Array[] = [];
  const capture = (u: Uint8Array) => updates.push(u);
  delegate.on('update', capture);
  // A fresh binding meta (y-tiptap exports the type, not its createEmptyMeta at run time).
  const meta: Parameters<typeof updateYFragment>[3] = { mapping: new Map(), isOMark: new Map() };
  delegate.transact(() => updateYFragment(delegate, delegate.getXmlFragment(FRAGMENT), tr.doc, meta));
  delegate.off('update', capture);
  if (updates.length !== 1) throw new Error(`the edit wrote ${updates.length} updates`);
  return updates[0]!;
}

/** The server takes `update` as the room does: checks it, judges it where the room would, applies it. */
export function takeAsRoom(server: Server, update: Uint8Array, phase: Phase): void {
  const context: UpdateContext = { userId: proposer.authorId, writers: server.writers, isOthersClient: () => false, locked: server.locked, mayEditAgreed: false };
  const checked = checkUpdate(server.doc, update, context);
  if (!checked.ok) throw new Error(`refused: ${checked.refusal.reason}`);
  const { trial } = server;
  if (checked.checked.changes && (phase === 'amendments' || checked.checked.writesProposalMarks || trial.hasProposals())) {
    const verdict = trial.judge(checked.checked.update, proposer, phase);
    if (verdict.refused) throw new Error(`not a proposal: ${verdict.refused}`);
  }
  Y.applyUpdate(server.doc, checked.checked.update, 'delegate');
  for (const client of checked.checked.claims) server.writers.claim(client, proposer.authorId);
}

/** Where the text of clause `n` is, `offset` characters in. */
function caret(state: EditorState, n: number, offset: number): EditorState {
  const clause = clausesOf(state.doc)[n]!;
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, clause.pos + 2 + offset)));
}

function command(run: (state: EditorState, dispatch: (tr: Transaction) => void) => boolean, state: EditorState): Transaction | null {
  let out: Transaction | null = null;
  run(state, (tr) => (out = tr));
  return out;
}

function pasted(state: EditorState, n: number): PMNode[] {
  const source = clausesOf(state.doc)[n]!.node;
  return [0, 1].map(() => source.type.create({ ...source.attrs, id: newClauseId(), number: null }, source.content));
}

export interface SessionStep {
  label: string;
  phase: Phase;
  update: Uint8Array;
}

/**
 * A delegate's session in an operative paragraph in the middle of the text whose index ends in 5 (so
 * not agreed when agreedIds gives 30%): typing, backspace, Enter splitting the paragraph, Backspace
 * joining it back, a paste of two paragraphs, a paragraph deleted; then, in "amendments only",
 * proposed characters, a proposed deletion, a proposed new paragraph and its first word.
 */
export function delegateSession(base: Y.Doc, paragraphs: number): SessionStep[] {
  const delegate = copyOf(base);
  const n = Math.floor(paragraphs / 20) * 10 + 5;
  const at = (state: EditorState, k = n) => clausesOf(state.doc)[k]!;
  const plan: { label: string; phase: Phase; change: (state: EditorState) => Transaction | null }[] = [
    ...[0, 1, 2, 3, 4].map((i) => ({ label: `types a character (${i + 1})`, phase: 'direct' as Phase, change: (state: EditorState) => state.tr.insertText('x', at(state).pos + 12 + i) })),
    { label: 'backspace', phase: 'direct', change: (state) => state.tr.delete(at(state).pos + 16, at(state).pos + 17) },
    { label: 'Enter splits the paragraph', phase: 'direct', change: (state) => command(splitClause, caret(state, n, 30)) },
    { label: 'Backspace joins it back', phase: 'direct', change: (state) => command(joinBackward, caret(state, n + 1, 0)) },
    { label: 'pastes two paragraphs', phase: 'direct', change: (state) => state.tr.insert(at(state).pos, pasted(state, n)) },
    { label: 'deletes a paragraph', phase: 'direct', change: (state) => state.tr.delete(at(state).pos, at(state).pos + at(state).node.nodeSize) },
    ...[0, 1, 2].map((i) => ({ label: `proposes a character (${i + 1})`, phase: 'amendments' as Phase, change: (state: EditorState) => state.tr.insertText('y', at(state).pos + 20 + i) })),
    { label: 'proposes to delete a character', phase: 'amendments', change: (state) => state.tr.delete(at(state).pos + 30, at(state).pos + 31) },
    { label: 'proposes a new paragraph (Enter at its end)', phase: 'amendments', change: (state) => command(splitClause, caret(state, n, at(state).node.firstChild!.content.size)) },
    { label: 'proposes the new paragraph\'s first word', phase: 'amendments', change: (state) => state.tr.insertText('Further', at(state, n + 1).pos + 2) },
  ];
  const memory: ProposingMemory = { recent: null };
  const steps = plan.map(({ label, phase, change }) => ({ label, phase, update: delegateEdit(delegate, change, phase, memory) }));
  delegate.destroy();
  return steps;
}

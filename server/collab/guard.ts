import * as Y from 'yjs';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { isOwnProposal, markOwnerKey, ownerKey, type ProposalOwner } from '../../shared/editor/proposer.js';
import { walks } from './walks.js';

/**
 * "Amendments only": a delegate's update may change the text only as their own attributed proposal.
 * It is judged on a trial copy of the document (see TrialDocument), never on the live one: the live
 * document only ever receives an update that was already found to stand, so a refused update leaves
 * nothing behind to revert.
 *
 * The judgement compares, for every text the update touched, the formatting in effect on each
 * character before and after (one pass over each touched paragraph, so its cost is linear in the
 * update and the paragraphs it touches, never in how far a mark reaches):
 * - text that stays must keep its formatting, except that the proposer may mark it for deletion under
 *   their own amendment, or take back their delegation's own deletion mark;
 * - new text must carry the proposer's own insertion mark (their person, their delegation, a new
 *   amendment id or one of their delegation's), and no deletion mark;
 * - text removed must be their delegation's own proposed text (taking back one's words);
 * - paragraphs may be added whole (all their text proposed by this person) and taken back whole (all
 *   their text the delegation's proposal); no other change of structure or attributes.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type
type AnyType = Y.AbstractType<any>;
type Attrs = Record<string, unknown>;

/**
 * "amendments": every change must be the proposer's own proposal. "direct": text may be edited
 * directly, but proposals stay truthful: no marks in another's name, nobody else's marks changed or
 * removed (their proposed words, their proposals to delete).
 */
export type Phase = 'direct' | 'amendments';

/** Who is proposing, as the proposal marks must name them: the editor's own type. */
export type Proposer = ProposalOwner;

const NEW_TEXT_KEYS = new Set(['insertion', 'bold', 'italic', 'bracket']);

/** A live run of characters in one text, with the formatting in effect on it. */
interface Run {
  client: number;
  clock: number;
  len: number;
  attrs: Attrs;
}

function liveRuns(text: Y.XmlText): Run[] {
  const runs: Run[] = [];
  const current = new Map<string, unknown>();
  let snapshot: Attrs = {};
  let dirty = false;
  for (let item = text._start; item; item = item.right) {
    walks.items++;
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (content.value === null) current.delete(content.key);
      else current.set(content.key, content.value);
      dirty = true;
    } else if (content instanceof Y.ContentString) {
      if (dirty) {
        snapshot = Object.fromEntries(current);
        dirty = false;
      }
      runs.push({ client: item.id.client, clock: item.id.clock, len: item.length, attrs: snapshot });
    }
  }
  return runs;
}

/** Runs indexed by client, sorted by clock, to find what covers a range of ids. */
class RunIndex {
  private readonly byClient = new Map<number, Run[]>();
  constructor(runs: Run[]) {
    for (const r of runs) {
      const list = this.byClient.get(r.client) ?? [];
      list.push(r);
      this.byClient.set(r.client, list);
    }
    for (const list of this.byClient.values()) list.sort((a, b) => a.clock - b.clock);
  }

  /** Calls `visit` for each piece of [clock, clock+len) of `client`, with the run covering it or null. */
  cover(client: number, clock: number, len: number, visit: (from: number, to: number, run: Run | null) => void): void {
    const list = this.byClient.get(client) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.clock + list[mid]!.len <= clock) lo = mid + 1;
      else hi = mid;
    }
    let at = clock;
    const end = clock + len;
    for (let i = lo; i < list.length && at < end; i++) {
      const run = list[i]!;
      if (run.clock >= end) break;
      if (run.clock > at) {
        visit(at, run.clock, null);
        at = run.clock;
      }
      const to = Math.min(end, run.clock + run.len);
      visit(at, to, run);
      at = to;
    }
    if (at < end) visit(at, end, null);
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => equal((a as Attrs)[k], (b as Attrs)[k]));
}

/**
 * Amendment ids in a document and the delegation (or person) each belongs to. A walk of the whole
 * document: TrialDocument keeps what it finds, and walks again only after proposals changed outside a
 * judgement (the chair's decisions), never for a delegate's keystroke.
 */
export function amendmentOwners(doc: Y.Doc): Map<string, string> {
  const owners = new Map<string, string>();
  walks.wholeDocument++;
  const visit = (type: AnyType) => {
    for (let item = type._start; item; item = item.right) {
      walks.items++;
      if (item.deleted) continue;
      const c = item.content;
      if (c instanceof Y.ContentFormat && (c.key === 'insertion' || c.key === 'deletion') && c.value && typeof c.value === 'object') {
        const attrs = c.value as Attrs;
        const owner = markOwnerKey(attrs);
        if (typeof attrs.amendmentId === 'string' && owner && !owners.has(attrs.amendmentId)) owners.set(attrs.amendmentId, owner);
      } else if (c instanceof Y.ContentType) visit(c.type as AnyType);
    }
  };
  visit(doc.getXmlFragment(FRAGMENT) as AnyType);
  return owners;
}

export interface Verdict {
  /** Null when the update stands; else why it may not. */
  refused: string | null;
  /** Clauses the update touched. */
  clauseIds: string[];
  /** Amendment ids it introduced (to add to the owners' index once applied). */
  newAmendments: string[];
}

/**
 * Judges the transaction `tr` of the trial document `after` (the live document `before` plus one
 * update) as a proposal by `proposer`.
 */
export function judgeProposal(before: Y.Doc, after: Y.Doc, tr: Y.Transaction, proposer: Proposer, owners: ReadonlyMap<string, string>, phase: Phase): Verdict {
  const strict = phase === 'amendments';
  const clauseIds = new Set<string>();
  const newAmendments = new Set<string>();
  let refused: string | null = null;
  const fail = (why: string) => {
    refused ??= why;
  };
  const owner = proposer;
  /** Marks naming exactly this person and delegation, under an amendment that is new or their delegation's. */
  const mine = (value: unknown): boolean => {
    if (!value || typeof value !== 'object') return false;
    const attrs = value as Attrs;
    if (attrs.authorId !== owner.authorId || (attrs.delegationCode ?? null) !== owner.delegationCode) return false;
    if (typeof attrs.amendmentId !== 'string' || !attrs.amendmentId || attrs.amendmentId.length > 100) return false;
    const known = owners.get(attrs.amendmentId);
    if (known === undefined) newAmendments.add(attrs.amendmentId);
    return known === undefined || known === ownerKey(owner);
  };
  /** The shared rule (shared/editor/proposer.ts): marks of the proposer's delegation, or their own. */
  const ours = (value: unknown): boolean => !!value && typeof value === 'object' && isOwnProposal(value as Attrs, owner);
  /** Text whose proposal marks, if any, are the proposer's delegation's. */
  const marksOurs = (attrs: Attrs): boolean => (attrs.insertion === undefined || ours(attrs.insertion)) && (attrs.deletion === undefined || ours(attrs.deletion));

  // The types the update changed: parents of its new structs and of what it deleted.
  const touched = new Set<AnyType>();
  for (const [client, afterClock] of tr.afterState) {
    const beforeClock = tr.beforeState.get(client) ?? 0;
    if (afterClock <= beforeClock) continue;
    const structs = after.store.clients.get(client) ?? [];
    for (let i = Y.findIndexSS(structs, beforeClock); i < structs.length; i++) {
      const s = structs[i]!;
      if (s instanceof Y.Item && s.parent) {
        touched.add(s.parent as AnyType);
        if (strict && s.parentSub !== null && existingIn(before, s.parent as AnyType)) fail('changes the attributes of a paragraph');
      }
    }
  }
  Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
    if (!(s instanceof Y.Item) || !s.parent) return;
    if (s.id.clock >= (tr.beforeState.get(s.id.client) ?? 0)) return; // its own new struct
    // Inside a paragraph removed whole: judged once, with the removal of that paragraph.
    if ((s.parent as AnyType)._item?.deleted && (s.parent as AnyType)._item!.id.clock < (tr.beforeState.get((s.parent as AnyType)._item!.id.client) ?? 0)) {
      if (removedInThis(s.parent as AnyType, tr)) return;
    }
    touched.add(s.parent as AnyType);
    if (strict && s.parentSub !== null) fail('removes an attribute of a paragraph');
    if (s.content instanceof Y.ContentType) {
      const was = typeIn(before, s.content.type as AnyType);
      if (strict ? !was || !allText(was, (attrs) => ours(attrs.insertion)) : was && !allText(was, (attrs) => marksOurs(attrs)))
        fail(strict ? 'removes a paragraph that is not its own proposal' : 'removes a paragraph holding another delegation\'s proposals');
    }
  });

  for (const type of touched) {
    const clauseId = clauseIdOf(type);
    if (clauseId) clauseIds.add(clauseId);
    if (!(type instanceof Y.XmlText)) {
      // New elements go where the schema has them; their text is judged as new text below.
      continue;
    }
    const was = typeIn(before, type as AnyType) as Y.XmlText | null;
    const beforeRuns = new RunIndex(was ? liveRuns(was) : []);
    const afterRuns = liveRuns(type);
    const afterIndex = new RunIndex(afterRuns);
    for (const run of afterRuns) {
      beforeRuns.cover(run.client, run.clock, run.len, (_from, _to, old) => {
        if (!old) {
          // New text: the proposer's own insertion (or, editing directly, plain text), nothing struck out.
          if (strict ? !mine(run.attrs.insertion) : run.attrs.insertion !== undefined && !mine(run.attrs.insertion)) fail('adds text that is not its own proposal');
          if (run.attrs.deletion !== undefined) fail('adds text already proposed for deletion');
          if (strict && Object.keys(run.attrs).some((k) => !NEW_TEXT_KEYS.has(k))) fail('adds text with formatting it may not give');
          return;
        }
        for (const key of new Set([...Object.keys(old.attrs), ...Object.keys(run.attrs)])) {
          const a = old.attrs[key];
          const b = run.attrs[key];
          if (equal(a, b)) continue;
          if (key === 'deletion' && ((a === undefined && mine(b)) || (ours(a) && b === undefined))) continue;
          // Editing directly, formatting (italic lead words, bold, brackets) is anyone's to change.
          if (!strict && key !== 'insertion' && key !== 'deletion') continue;
          fail(key === 'deletion' ? 'changes another delegation\'s proposal to delete' : `changes the ${key} of text`);
        }
      });
    }
    if (was) {
      for (const old of liveRuns(was)) {
        afterIndex.cover(old.client, old.clock, old.len, (_from, _to, still) => {
          if (still) return;
          if (strict ? !ours(old.attrs.insertion) : !marksOurs(old.attrs)) fail(strict ? 'removes text that is not its own proposal' : 'removes another delegation\'s proposal');
        });
      }
    }
  }
  return { refused, clauseIds: [...clauseIds], newAmendments: refused ? [] : [...newAmendments] };
}

/** Whether `type` itself was removed by this transaction. */
function removedInThis(type: AnyType, tr: Y.Transaction): boolean {
  const item = type._item;
  if (!item) return false;
  const ranges = tr.deleteSet.clients.get(item.id.client) ?? [];
  return ranges.some((r) => item.id.clock >= r.clock && item.id.clock < r.clock + r.len);
}

/** The same type in another copy of the document (by its item's id), or null if it is new there. */
function typeIn(doc: Y.Doc, type: AnyType): AnyType | null {
  if (!type._item) return doc.getXmlFragment(FRAGMENT) as AnyType;
  const id = type._item.id;
  if (id.clock >= Y.getState(doc.store, id.client)) return null;
  const item = Y.getItem(doc.store, id);
  return item instanceof Y.Item && item.content instanceof Y.ContentType ? (item.content.type as AnyType) : null;
}

function existingIn(doc: Y.Doc, type: AnyType): boolean {
  return typeIn(doc, type) !== null;
}

/** Whether every character under `type` passes `test` on its formatting (an empty type does). */
function allText(type: AnyType, test: (attrs: Attrs) => boolean): boolean {
  if (type instanceof Y.XmlText) return liveRuns(type).every((r) => test(r.attrs));
  for (let item = type._start; item; item = item.right) {
    walks.items++;
    if (!item.deleted && item.content instanceof Y.ContentType && !allText(item.content.type as AnyType, test)) return false;
  }
  return true;
}

function clauseIdOf(type: AnyType | null): string | null {
  for (let t: AnyType | null = type; t; t = (t._item?.parent as AnyType | undefined) ?? null) {
    if (t instanceof Y.XmlElement && t.nodeName === 'clause') return (t.getAttribute('id') as string | undefined) ?? null;
  }
  return null;
}

/**
 * A copy of a live document to try updates on before the live one takes them. Kept in step with the
 * live document while it exists; dropped after an update it was given is refused (then made afresh
 * from the live document when next needed).
 */
export class TrialDocument {
  private copy: Y.Doc | null = null;
  private owners: Map<string, string> | null = null;
  /** When the copy was last made (ms since the epoch; 0 for never). */
  builtAt = 0;

  private readonly follow = (update: Uint8Array) => {
    if (this.copy) Y.applyUpdate(this.copy, update, 'live');
  };

  constructor(private readonly live: Y.Doc) {
    live.on('update', this.follow);
  }

  /** Whether a copy is at hand (judging needs no rebuild of it). */
  get ready(): boolean {
    return this.copy !== null;
  }

  /** Whether the document holds any proposal marks (read afresh after forgetOwners). */
  hasProposals(): boolean {
    this.owners ??= amendmentOwners(this.live);
    return this.owners.size > 0;
  }

  /**
   * Makes the copy and reads the amendment owners, if not done yet: two walks of the whole document,
   * once, and again only after a refusal (the room limits how often) or the chair's decisions.
   */
  prepare(): Y.Doc {
    if (!this.copy) {
      walks.wholeDocument++;
      this.builtAt = Date.now();
      this.copy = new Y.Doc({ gc: false });
      Y.applyUpdate(this.copy, Y.encodeStateAsUpdate(this.live), 'live');
    }
    this.owners ??= amendmentOwners(this.live);
    return this.copy;
  }

  /**
   * Judges `update` as a proposal by `proposer`; the trial copy keeps it only if it stands. The live
   * document could integrate the update now (validate.ts), so the copy, in step, can too. Should the
   * copy be behind (what it lacks would leave the update pending there, and it would be judged on
   * nothing), it is made afresh from the live document and the update judged again on that.
   */
  judge(update: Uint8Array, proposer: Proposer, phase: Phase, afresh = false): Verdict {
    const copy = this.prepare();
    const owners = this.owners!; // read by prepare()
    let verdict: Verdict = { refused: 'the update changed nothing it could be judged on', clauseIds: [], newAmendments: [] };
    const origin = {};
    const onAfter = (tr: Y.Transaction) => {
      if (tr.origin === origin) verdict = judgeProposal(this.live, copy, tr, proposer, owners, phase);
    };
    copy.on('afterTransaction', onAfter);
    try {
      Y.applyUpdate(copy, update, origin);
    } finally {
      copy.off('afterTransaction', onAfter);
    }
    if (copy.store.pendingStructs || copy.store.pendingDs) {
      this.drop();
      if (!afresh) return this.judge(update, proposer, phase, true);
      return { refused: 'the update could not be judged', clauseIds: [], newAmendments: [] };
    }
    if (verdict.refused) this.drop();
    else for (const id of verdict.newAmendments) owners.set(id, ownerKey(proposer));
    return verdict;
  }

  /** Someone's proposals changed outside a judgement (the chair, the server): read them afresh next time. */
  forgetOwners(): void {
    this.owners = null;
  }

  drop(): void {
    this.copy?.destroy();
    this.copy = null;
  }

  destroy(): void {
    this.live.off('update', this.follow);
    this.drop();
  }
}

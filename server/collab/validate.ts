import * as Y from 'yjs';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { countStructs } from './struct-count.js';
import { paragraphIds, type ParagraphIds } from './paragraph-index.js';
import { walks } from './walks.js';
import {
  MAX_ATTRIBUTE_VALUE_BYTES,
  MAX_DELETED_STRUCTS_PER_UPDATE,
  MAX_STRUCTS_PER_UPDATE,
  MAX_TYPE_DEPTH,
  MAX_UPDATE_BYTES,
} from '../../shared/limits.js';

/**
 * The first check of a client's Yjs update, made on the decoded update and read-only lookups into
 * the live document, before anything is applied. An update passes only when Yjs can integrate all of
 * it now (no pending structs or deletes are ever kept from a client), it stays inside the
 * declaration's fragment and the schema's depth, it writes only with client ids its sender owns,
 * paragraph ids stay unique, and (for anyone but the chair) it touches no agreed clause.
 *
 * Cost: linear in the update (each struct is resolved once) plus, for deletions, the structs they
 * cover, which are bounded, and steps up from the types it touches to the declaration (bounded by
 * MAX_TYPE_DEPTH). Nothing here walks the document: paragraph ids are looked up in an index kept in
 * step with the document (paragraph-index.ts), and agreed clauses are found from what the update
 * touches, so an agreed clause costs the same whether the document has a hundred paragraphs or a
 * thousand (issue 13; tests/unit/guard-cost.test.ts counts the walks).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type
type AnyType = Y.AbstractType<any>;

/** Why an update is refused, and the close code that says so. */
export interface Refusal {
  code: 1007 | 1008 | 1009 | 1013;
  reason: string;
  /** The agreed clauses it would have touched (the chair hears of these). */
  lockedClauseIds?: string[];
}

export interface UpdateContext {
  /** The person sending the update. */
  userId: string;
  /** Who owns which client id (first writer); new claims are made by the caller after applying. */
  writers: { owner(clientId: number): string | undefined };
  /** Client ids another connection speaks for (its awareness), which this one may not take. */
  isOthersClient(clientId: number): boolean;
  /** Agreed clause ids; empty when the sender may edit agreed text. */
  locked: ReadonlySet<string>;
  /** May change agreed clauses (the chair): skips the locked check, not the others. */
  mayEditAgreed: boolean;
}

export interface CheckedUpdate {
  /**
   * The update to apply, which is what was checked: the client's own bytes when each client is listed
   * in one run, else rewritten in Yjs's canonical form (one run per client, in order). Yjs applies
   * only the last run of a client listed twice, while its decoder lists them all.
   */
  update: Uint8Array;
  /** Client ids this update writes with that nobody owned yet. */
  claims: number[];
  /** Whether it formats text with proposal or bracket marks, marks an alternative, or deletes. */
  touchesProposals: boolean;
  /** Whether it writes proposal marks (insertion, deletion) itself. */
  writesProposalMarks: boolean;
  /** Whether it adds or deletes anything the document does not already have (a resent update does not). */
  changes: boolean;
}

/** An update with nothing in it (no structs, no deletions). */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** Node names of the declaration's schema (shared/editor/nodes.ts). */
const ELEMENTS = new Set(['title', 'formula', 'preamble', 'operative', 'clause', 'clauseText', 'subclause']);
const MARKS = new Set(['italic', 'bold', 'insertion', 'deletion', 'bracket']);

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

function refuse(code: Refusal['code'], reason: string, lockedClauseIds?: string[]): never {
  throw new Refused({ code, reason, ...(lockedClauseIds ? { lockedClauseIds } : {}) });
}

/** Where a new struct lives: an existing type, a type this update creates, or nowhere (Yjs drops it). */
type Parent = { kind: 'existing'; type: AnyType } | { kind: 'new'; item: Y.Item } | { kind: 'none' };

interface Resolved {
  parent: Parent;
  parentSub: string | null;
  /** Depth of the type this struct lives in (the fragment is 0). */
  depth: number;
}

/** Checks `update` against `doc`; returns what applying it claims, or the refusal. */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, ctx: UpdateContext): { ok: true; checked: CheckedUpdate } | { ok: false; refusal: Refusal } {
  try {
    return { ok: true, checked: check(doc, update, ctx) };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, refusal: err.refusal };
    throw err;
  }
}

function check(doc: Y.Doc, update: Uint8Array, ctx: UpdateContext): CheckedUpdate {
  if (update.byteLength > MAX_UPDATE_BYTES) refuse(1009, `update of ${update.byteLength} bytes is over the limit of ${MAX_UPDATE_BYTES}`);
  // Counted before anything is decoded: a small update can name very many structs (or thousands of
  // root types, refused at the first that is not the declaration's).
  let foreignRoot: string | null = null;
  const counted = countStructs(update, MAX_STRUCTS_PER_UPDATE, (name) => {
    if (name !== FRAGMENT) foreignRoot = name;
    return foreignRoot === null;
  });
  if (foreignRoot !== null) refuse(1008, `update creates or writes the root type "${truncate(foreignRoot)}": only the declaration may be written`);
  if (counted === null) refuse(1007, 'update cannot be decoded');
  if (counted.structs > MAX_STRUCTS_PER_UPDATE) refuse(1009, `update holds more than ${MAX_STRUCTS_PER_UPDATE} structs, the limit`);
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  let canonical: Uint8Array;
  try {
    // Rewritten only when a client is listed twice: with one run per client, Yjs applies exactly what
    // its decoder lists, and rewriting every keystroke was half the cost of checking it.
    canonical = counted.repeatsClient ? Y.mergeUpdates([update, EMPTY_UPDATE]) : update;
    decoded = Y.decodeUpdate(canonical);
  } catch {
    refuse(1007, 'update cannot be decoded');
  }
  const { structs, ds } = decoded;
  if (structs.length > MAX_STRUCTS_PER_UPDATE) refuse(1009, `update holds ${structs.length} structs, over the limit of ${MAX_STRUCTS_PER_UPDATE}`);
  const store = doc.store;
  const fragment = doc.getXmlFragment(FRAGMENT);

  // The update's own structs by client, in clock order, and where each client's run ends.
  const own = new Map<number, (Y.Item | Y.GC)[]>();
  for (const s of structs) {
    if (s instanceof Y.Skip) refuse(1007, 'update has gaps (skipped clocks): it cannot be integrated now');
    const list = own.get(s.id.client) ?? [];
    const last = list.at(-1);
    if (last && last.id.clock + last.length !== s.id.clock) refuse(1007, 'update has gaps in a client\'s clocks');
    list.push(s as Y.Item | Y.GC);
    own.set(s.id.client, list);
  }
  const claims: number[] = [];
  const knownEnd = new Map<number, number>();
  for (const [client, list] of own) {
    const state = Y.getState(store, client);
    const first = list[0]!;
    // Starting past what the document has is a gap: Yjs would keep it pending.
    if (first.id.clock > state) refuse(1007, `update starts at clock ${first.id.clock} of client ${client}, the document has ${state}: it cannot be integrated now`);
    // A struct that starts in what the document has and ends past it: Yjs would integrate its new part
    // after the document's own last struct of that client, wherever that is. Yjs's encoder never
    // writes one (it starts at the state vector); only a hand-written update does.
    for (const s of list) {
      if (s instanceof Y.Item && s.id.clock < state && s.id.clock + s.length > state) refuse(1007, `update overlaps clock ${state} of client ${client}: resend from there`);
    }
    const last = list.at(-1)!;
    const end = last.id.clock + last.length;
    knownEnd.set(client, Math.max(state, end));
    if (end <= state) continue; // nothing new from this client: Yjs skips it
    const owner = ctx.writers.owner(client);
    if (owner === undefined) {
      if (ctx.isOthersClient(client)) refuse(1008, `client id ${client} belongs to another connection`);
      claims.push(client);
    } else if (owner !== ctx.userId) refuse(1008, `client id ${client} belongs to someone else`);
  }
  const scope = new UpdateScope(store, fragment, ctx, own, knownEnd);
  for (const s of structs) if (s instanceof Y.Item) scope.checkReferences(s);
  const newStructs = scope.newStructs;
  for (const [client, list] of own) {
    const state = Y.getState(store, client);
    for (const s of list) if (s.id.clock + s.length > state) newStructs.add(s);
  }

  const idsNamed: { value: string; on: Y.Item; parent: Parent }[] = [];
  let touchesProposals = false;
  let writesProposalMarks = false;
  for (const s of newStructs) {
    if (!(s instanceof Y.Item)) continue; // a GC struct: clocks with no content
    const r = scope.resolve(s);
    if (r.parent.kind === 'none') continue; // Yjs discards it
    if (r.depth + (s.content instanceof Y.ContentType ? 1 : 0) > MAX_TYPE_DEPTH) refuse(1008, `update nests deeper than a declaration can (${MAX_TYPE_DEPTH} levels)`);
    const parentType = r.parent.kind === 'new' ? ((r.parent.item.content as Y.ContentType).type as AnyType) : r.parent.type;
    checkContent(s, r, parentType);
    if (s.content instanceof Y.ContentType) checkPlacement(s.content.type as AnyType, parentType);
    // The declaration's four parts are made with the document and stay: nobody adds another title.
    if (parentType === fragment) refuse(1008, 'the declaration\'s parts (title, formula, preamble, operative part) cannot be added');
    const anchor = scope.existingAnchor(r);
    if (!ctx.mayEditAgreed && anchor) {
      const clause = scope.lockedAncestor(anchor);
      if (clause) refuse(1008, 'update changes an agreed paragraph', [clause]);
    }
    if (s.content instanceof Y.ContentFormat && ['insertion', 'deletion', 'bracket'].includes(s.content.key)) touchesProposals = true;
    if (s.content instanceof Y.ContentFormat && (s.content.key === 'insertion' || s.content.key === 'deletion')) writesProposalMarks = true;
    if (r.parentSub === 'alternativeOf') touchesProposals = true;
    if (r.parentSub === 'id') {
      const value = (s.content as Y.ContentAny).arr[0];
      if (typeof value !== 'string' || !value || value.length > 100) refuse(1008, 'a paragraph id must be a short string');
      idsNamed.push({ value, on: s, parent: r.parent });
    }
  }

  if (scope.dependsOn.size) checkAcyclic(scope.dependsOn);

  // Deletions: every range must be integrable now, and bounded; none may touch an agreed clause.
  let deleted = 0;
  const deletedTypes = new Set<AnyType>();
  for (const [client, ranges] of ds.clients) {
    const end = knownEnd.get(client) ?? Y.getState(store, client);
    const structsOfClient = store.clients.get(client);
    for (const range of ranges) {
      if (range.len <= 0) refuse(1007, 'update deletes an empty range');
      if (range.clock + range.len > end) refuse(1007, `update deletes ${client}:${range.clock}+${range.len}, which the document does not have: it cannot be integrated now`);
      touchesProposals = true;
      const docEnd = Y.getState(store, client);
      if (!structsOfClient || range.clock >= docEnd) continue; // deletes only this update's own new structs
      for (let i = Y.findIndexSS(structsOfClient, range.clock); i < structsOfClient.length; i++) {
        const struct = structsOfClient[i]!;
        if (struct.id.clock >= range.clock + range.len) break;
        if (++deleted > MAX_DELETED_STRUCTS_PER_UPDATE) refuse(1009, `update deletes more than ${MAX_DELETED_STRUCTS_PER_UPDATE} pieces at once`);
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        if (struct.content instanceof Y.ContentType) deletedTypes.add(struct.content.type as AnyType);
        if (struct.parent === fragment) refuse(1008, 'the declaration\'s parts (title, formula, preamble, operative part) cannot be removed');
        if (!ctx.mayEditAgreed && struct.parent) {
          const clause = scope.lockedAncestor(struct.parent as AnyType) ?? (struct.content instanceof Y.ContentType ? lockedIdOf(struct.content.type as AnyType, ctx.locked) : null);
          if (clause) refuse(1008, 'update deletes from an agreed paragraph', [clause]);
        }
      }
    }
  }
  // Deleting a type deletes everything inside it, agreed clauses too. Each deleted type and its
  // ancestors were checked above; what is inside it is walked down from it, never from the top.
  if (!ctx.mayEditAgreed && ctx.locked.size) {
    for (const type of deletedTypes) {
      const clause = lockedInside(type, ctx.locked);
      if (clause) refuse(1008, 'update deletes an agreed paragraph', [clause]);
    }
  }

  if (idsNamed.length) checkIds(paragraphIds(doc), idsNamed, deletedTypes, ctx);
  const changes = newStructs.size > 0 || [...ds.clients.values()].some((ranges) => ranges.length > 0);
  return { update: canonical, claims, touchesProposals, writesProposalMarks, changes };
}

/**
 * What check() looks up while it reads one update: the update's own structs, where each new item
 * lives, which clients' structs depend on which. Methods of a class rather than closures made per
 * update: under tsx (esbuild's keepNames) every named closure is wrapped in a call that sets its name,
 * a dozen per update on the hot path of every keystroke.
 */
class UpdateScope {
  readonly depthOfExisting = new Map<AnyType, number>();
  // Resolve each new item's parent, iteratively (an origin chain may be as long as the update).
  readonly resolved = new Map<Y.Item, Resolved>();
  readonly resolving = new Set<Y.Item>();
  /** Which clients' new structs refer to which others' (Yjs integrates them in dependency order). */
  readonly dependsOn = new Map<number, Set<number>>();
  /** This update's structs the document does not have yet (filled in after checkReferences). */
  readonly newStructs = new Set<Y.Item | Y.GC>();
  readonly lockedCache = new Map<AnyType, string | null>();

  constructor(
    readonly store: Y.Doc['store'],
    readonly fragment: Y.XmlFragment,
    readonly ctx: UpdateContext,
    readonly own: ReadonlyMap<number, (Y.Item | Y.GC)[]>,
    readonly knownEnd: ReadonlyMap<number, number>,
  ) {}

  isKnown(id: Y.ID): boolean {
    return id.clock < (this.knownEnd.get(id.client) ?? Y.getState(this.store, id.client));
  }

  /** A struct of this update holding `id`, if any. */
  ownStruct(id: Y.ID): Y.Item | Y.GC | null {
    const list = this.own.get(id.client);
    if (!list || id.clock < list[0]!.id.clock) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s;
    }
    return null;
  }

  /** The struct holding `id`: this update's own if it is new, else the document's. */
  lookup(id: Y.ID): Y.Item | Y.GC | null {
    if (id.clock < Y.getState(this.store, id.client)) return Y.getItem(this.store, id) as Y.Item | Y.GC;
    return this.ownStruct(id);
  }

  existingDepth(type: AnyType): number {
    const cached = this.depthOfExisting.get(type);
    if (cached !== undefined) return cached;
    let depth = 0;
    for (let t: AnyType = type; t._item; t = t._item.parent as AnyType) depth++;
    if (type !== this.fragment && !isInFragment(type, this.fragment)) refuse(1008, 'update writes outside the declaration');
    this.depthOfExisting.set(type, depth);
    return depth;
  }

  /** The struct at `id`, which the document or this update must have, referred to by `from`. */
  referenced(id: Y.ID, from: Y.Item): Y.Item | Y.GC | null {
    if (!this.isKnown(id)) refuse(1007, `update refers to ${id.client}:${id.clock}, which the document does not have: it cannot be integrated now`);
    if (id.clock >= Y.getState(this.store, id.client)) {
      // A reference into this update: to an earlier clock of the same client (as Yjs writes them),
      // or to another client's structs, without cycles between clients (checked below).
      if (id.client === from.id.client) {
        if (id.clock >= from.id.clock) refuse(1007, 'update refers forward to its own later structs: it cannot be integrated now');
      } else {
        const set = this.dependsOn.get(from.id.client) ?? new Set<number>();
        set.add(id.client);
        this.dependsOn.set(from.id.client, set);
      }
    }
    return this.lookup(id);
  }

  /** A new item `item` depends on that is not resolved yet, if any. */
  waitingOn(struct: Y.Item | Y.GC | null): Y.Item | null {
    if (!(struct instanceof Y.Item) || !this.isNewStruct(struct) || this.resolved.has(struct)) return null;
    if (this.resolving.has(struct)) refuse(1007, 'update refers to itself in a cycle');
    return struct;
  }

  resolveOne(item: Y.Item): Resolved | Y.Item {
    const parent = item.parent as unknown;
    if (item.origin) this.referenced(item.origin, item);
    if (item.rightOrigin) this.referenced(item.rightOrigin, item);
    if (typeof parent === 'string') {
      return { parent: { kind: 'existing', type: this.fragment }, parentSub: item.parentSub, depth: 0 };
    }
    if (parent instanceof Y.ID) {
      const p = this.referenced(parent, item);
      const wait = this.waitingOn(p);
      if (wait) return wait;
      if (!(p instanceof Y.Item)) return NOWHERE;
      if (this.isNewStruct(p)) return { parent: { kind: 'new', item: p }, parentSub: item.parentSub, depth: this.resolved.get(p)!.depth + 1 };
      const type = (p.content as Y.ContentType).type as AnyType; // a type: checkReferences saw to it
      return { parent: { kind: 'existing', type }, parentSub: item.parentSub, depth: this.existingDepth(type) };
    }
    // No parent written: Yjs takes the parent of the left origin, else of the right origin.
    if (!item.origin && !item.rightOrigin) refuse(1007, 'update has an item with neither a parent nor an origin');
    const left = item.origin ? this.referenced(item.origin, item) : null;
    const right = item.rightOrigin ? this.referenced(item.rightOrigin, item) : null;
    const wait = this.waitingOn(left) ?? this.waitingOn(right);
    if (wait) return wait;
    // Next to garbage-collected content, Yjs drops the item.
    if (left instanceof Y.GC || right instanceof Y.GC) return NOWHERE;
    const leftPlace = left instanceof Y.Item ? this.placeOf(left) : null;
    const rightPlace = right instanceof Y.Item ? this.placeOf(right) : null;
    if (leftPlace && rightPlace && !samePlace(leftPlace, rightPlace)) refuse(1007, 'update puts an item between neighbours in different places');
    return leftPlace ?? rightPlace ?? NOWHERE;
  }

  /** Where an item (of the document, or new and resolved) lives. */
  placeOf(x: Y.Item): Resolved {
    if (this.isNewStruct(x)) return this.resolved.get(x)!;
    if (!x.parent) return NOWHERE;
    const type = x.parent as AnyType;
    return { parent: { kind: 'existing', type }, parentSub: x.parentSub, depth: this.existingDepth(type) };
  }

  resolve(start: Y.Item): Resolved {
    const stack: Y.Item[] = [start];
    while (stack.length) {
      const item = stack[stack.length - 1]!;
      if (this.resolved.has(item)) {
        stack.pop();
        continue;
      }
      this.resolving.add(item);
      const result = this.resolveOne(item);
      if (result instanceof Y.Item) {
        stack.push(result);
        continue;
      }
      this.resolving.delete(item);
      this.resolved.set(item, result);
      stack.pop();
    }
    return this.resolved.get(start)!;
  }

  /**
   * What Yjs looks up for every struct of an update, new or already known (Item.getMissing): its
   * origins and parent must exist (or come earlier in this update), a parent must be a type, and a
   * reference to its own client must point back, never forward.
   */
  checkReferences(item: Y.Item): void {
    const parent = item.parent as unknown;
    if (typeof parent === 'string' && parent !== FRAGMENT) refuse(1008, `update creates or writes the root type "${truncate(parent)}": only the declaration may be written`);
    const parentId = parent instanceof Y.ID ? parent : null;
    for (const id of [item.origin, item.rightOrigin, parentId]) {
      if (!id) continue;
      if (id.client === item.id.client && id.clock >= item.id.clock) refuse(1007, 'update refers forward to its own later structs: it cannot be integrated now');
      this.referenced(id, item);
    }
    if (parentId) {
      const p = this.lookup(parentId);
      if (p instanceof Y.Item && !(p.content instanceof Y.ContentType)) refuse(1007, 'update names a parent that is not a type');
    }
  }

  isNewStruct(s: Y.Item | Y.GC): boolean {
    return this.newStructs.has(s);
  }

  lockedAncestor(type: AnyType): string | null {
    const locked = this.ctx.locked;
    if (!locked.size) return null;
    const cached = this.lockedCache.get(type);
    if (cached !== undefined) return cached;
    let found: string | null = null;
    for (let t: AnyType | null = type; t; t = (t._item?.parent as AnyType | undefined) ?? null) {
      const id = lockedIdOf(t, locked);
      if (id) {
        found = id;
        break;
      }
    }
    this.lockedCache.set(type, found);
    return found;
  }

  /** The existing type a new struct's parent chain ends in. */
  existingAnchor(r: Resolved): AnyType | null {
    let p = r.parent;
    while (p.kind === 'new') p = this.resolved.get(p.item)!.parent;
    return p.kind === 'existing' ? p.type : null;
  }
}

/** Where Yjs drops an item: next to garbage-collected content, or under a parent that is not a type. */
const NOWHERE: Resolved = { parent: { kind: 'none' }, parentSub: null, depth: 0 };

function samePlace(a: Resolved, b: Resolved): boolean {
  return (
    a.parentSub === b.parentSub &&
    a.parent.kind === b.parent.kind &&
    (a.parent.kind === 'existing' ? a.parent.type === (b.parent as { type: AnyType }).type : a.parent.kind === 'new' ? a.parent.item === (b.parent as { item: Y.Item }).item : true)
  );
}

/** Clients whose structs refer to each other in a cycle cannot be integrated (Yjs would hold them pending). */
function checkAcyclic(edges: Map<number, Set<number>>): void {
  const done = new Set<number>();
  const onPath = new Set<number>();
  const visit = (client: number): void => {
    if (done.has(client)) return;
    if (onPath.has(client)) refuse(1007, 'update\'s clients refer to each other in a cycle: it cannot be integrated');
    onPath.add(client);
    for (const next of edges.get(client) ?? []) visit(next);
    onPath.delete(client);
    done.add(client);
  };
  for (const client of edges.keys()) visit(client);
}

/** What a new item may hold: declaration elements and text, marks of the schema, no NUL. */
function checkContent(item: Y.Item, r: Resolved, parent: AnyType): void {
  const c = item.content;
  // Attributes (values under a key) belong to elements; text and formatting to texts; elements and
  // texts are children of elements. Anything else would break the reading of the document.
  if (!(c instanceof Y.ContentDeleted)) {
    const inText = parent instanceof Y.XmlText;
    if (r.parentSub !== null) {
      if (!(c instanceof Y.ContentAny) || !(parent instanceof Y.XmlElement)) refuse(1008, 'attributes hold values, on elements only');
    } else if (inText ? !(c instanceof Y.ContentString || c instanceof Y.ContentFormat) : !(c instanceof Y.ContentType)) {
      refuse(1008, inText ? 'a text holds characters and formatting only' : 'an element holds elements and texts only');
    }
  }
  if (c instanceof Y.ContentString) {
    if (c.str.includes('\u0000')) refuse(1007, 'text must not contain NUL characters');
  } else if (c instanceof Y.ContentFormat) {
    if (!MARKS.has(c.key)) refuse(1008, `unknown formatting "${truncate(c.key)}"`);
    if (c.value !== null && typeof c.value !== 'object' && typeof c.value !== 'boolean') refuse(1008, 'formatting values are objects');
    checkJson(c.value);
  } else if (c instanceof Y.ContentType) {
    if (c.type instanceof Y.XmlElement) {
      const name = c.type.nodeName;
      if (!ELEMENTS.has(name)) refuse(1008, `unknown element "${truncate(name)}"`);
    } else if (!(c.type instanceof Y.XmlText)) refuse(1008, 'only declaration elements and text may be created');
    if (r.parentSub !== null) refuse(1008, 'elements cannot be attributes');
  } else if (c instanceof Y.ContentAny) {
    if (r.parentSub === null) refuse(1008, 'values belong in attributes');
    for (const v of c.arr) checkJson(v);
  } else if (!(c instanceof Y.ContentDeleted)) {
    refuse(1008, 'update holds content a declaration cannot');
  }
}

/** Which elements each element may hold, as the schema says (shared/editor/nodes.ts); '#text' is text. */
const CHILDREN: Record<string, readonly string[]> = {
  [FRAGMENT]: ['title', 'formula', 'preamble', 'operative'],
  preamble: ['clause'],
  operative: ['clause'],
  clause: ['clauseText', 'subclause'],
  clauseText: ['#text'],
  subclause: ['#text'],
  title: ['#text'],
  formula: ['#text'],
};

function checkPlacement(child: AnyType, parent: AnyType): void {
  const parentName = parent instanceof Y.XmlElement ? parent.nodeName : parent._item ? '#text' : FRAGMENT;
  const childName = child instanceof Y.XmlElement ? child.nodeName : '#text';
  if (!CHILDREN[parentName]?.includes(childName)) refuse(1008, `a ${truncate(childName)} cannot go inside a ${truncate(parentName)}`);
}

function checkJson(value: unknown): void {
  const json = JSON.stringify(value) ?? '';
  if (json.length > MAX_ATTRIBUTE_VALUE_BYTES) refuse(1009, 'an attribute or mark is too large');
  if (json.includes('\\u0000')) refuse(1007, 'attributes must not contain NUL characters');
}

/**
 * Paragraph ids are unique in the document as this update leaves it (y-prosemirror moves a paragraph
 * by rewriting neighbours in place, so ids may swap within one update), and never an agreed
 * paragraph's for anyone but the chair. Only the ids the update gives can become duplicates: for each,
 * the elements given it here and those holding it now (from the index) that the update neither gives
 * another id nor deletes.
 */
function checkIds(index: ParagraphIds, named: { value: string; on: Y.Item; parent: Parent }[], deletedTypes: ReadonlySet<AnyType>, ctx: UpdateContext): void {
  const finalId = new Map<AnyType | Y.Item, { value: string; clock: number }>();
  for (const { value, on, parent } of named) {
    if (parent.kind === 'none') continue;
    const holder = parent.kind === 'existing' ? parent.type : parent.item;
    if (parent.kind === 'existing' && deletedTypes.has(parent.type)) continue;
    let current = finalId.get(holder);
    if (!current && parent.kind === 'existing') {
      // The id it holds now, if it is a paragraph with one.
      const now = index.idOf(parent.type);
      if (now !== undefined) finalId.set(holder, (current = { value: now, clock: -1 }));
    }
    if (current && current.clock > on.id.clock) continue; // a later write of the same attribute wins
    if (!ctx.mayEditAgreed && ctx.locked.has(value) && !(parent.kind === 'existing' && current?.value === value)) {
      refuse(1008, 'a paragraph may not take an agreed paragraph\'s id', [value]);
    }
    finalId.set(holder, { value, clock: on.id.clock });
  }
  const given = new Map<string, number>();
  for (const { value } of finalId.values()) given.set(value, (given.get(value) ?? 0) + 1);
  for (const [value, count] of given) {
    let holders = count;
    for (const el of index.holders(value)) if (!finalId.has(el as AnyType) && !deletedTypes.has(el as AnyType)) holders++;
    if (holders > 1) refuse(1008, `paragraph id ${truncate(value)} is taken`, ctx.locked.has(value) ? [value] : undefined);
  }
}

/**
 * An agreed clause inside `type` (not `type` itself), which deleting `type` would delete. The schema
 * (CHILDREN) puts clauses only in the declaration's parts, whose removal is refused before this, so a
 * clause, what is inside a clause, and a title or formula hold none and are not walked; anything else
 * is walked down, within `type` only.
 */
function lockedInside(type: AnyType, locked: ReadonlySet<string>): string | null {
  const stack: AnyType[] = [type];
  while (stack.length) {
    const t = stack.pop()!;
    if (!(t instanceof Y.XmlElement) || HOLDS_NO_CLAUSE.has(t.nodeName)) continue;
    for (let item = t._start; item; item = item.right) {
      walks.items++;
      if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
      const child = item.content.type as AnyType;
      const id = lockedIdOf(child, locked);
      if (id) return id;
      stack.push(child);
    }
  }
  return null;
}

/** Elements that, by the schema, hold no clause at any depth. */
const HOLDS_NO_CLAUSE = new Set(['clause', 'clauseText', 'subclause', 'title', 'formula']);

function lockedIdOf(type: AnyType, locked: ReadonlySet<string>): string | null {
  if (!(type instanceof Y.XmlElement) || type.nodeName !== 'clause') return null;
  const id = type.getAttribute('id');
  return typeof id === 'string' && locked.has(id) ? id : null;
}

function isInFragment(type: AnyType, fragment: Y.XmlFragment): boolean {
  let t: AnyType = type;
  while (t._item) t = t._item.parent as AnyType;
  return t === fragment;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

import * as Y from 'yjs';
import { FRAGMENT } from '../../shared/editor/yjs.js';

/**
 * Locked (agreed) clauses, enforced on the Yjs document itself. An update from a connection that may
 * not change agreed text is applied under an UndoManager that tracks only that connection; if the
 * transaction touched a locked clause (its text, its attributes, its sub-paragraphs, or the clause
 * itself being deleted or moved away), it is undone at once. The undo is an ordinary update: it is
 * stored and broadcast like any other, so every copy, the sender's included, ends with the agreed text.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type
type AnyType = Y.AbstractType<any>;

/** The clause elements whose id is locked, found in the document as it is now. */
function lockedElements(doc: Y.Doc, locked: ReadonlySet<string>): Map<AnyType, string> {
  const found = new Map<AnyType, string>();
  for (const part of doc.getXmlFragment(FRAGMENT).toArray()) {
    if (!(part instanceof Y.XmlElement)) continue;
    for (const clause of part.toArray()) {
      if (!(clause instanceof Y.XmlElement) || clause.nodeName !== 'clause') continue;
      const id = clause.getAttribute('id') as string | undefined;
      if (id && locked.has(id)) found.set(clause, id);
    }
  }
  return found;
}

/** The locked clause a type stands in (itself or an ancestor), if any. */
function lockedAncestor(type: AnyType | null, elements: Map<AnyType, string>): string | null {
  for (let t: AnyType | null = type; t; t = (t._item?.parent as AnyType | undefined) ?? null) {
    const id = elements.get(t);
    if (id) return id;
  }
  return null;
}

/**
 * Applies `update` from `origin`; if it touched a locked clause, reverts it and returns the ids of
 * the clauses it touched (empty when it was allowed to stand).
 */
export function applyGuarded(doc: Y.Doc, update: Uint8Array, origin: object, locked: ReadonlySet<string>): string[] {
  const elements = lockedElements(doc, locked);
  if (!elements.size) {
    Y.applyUpdate(doc, update, origin);
    return [];
  }
  const undo = new Y.UndoManager(doc.getXmlFragment(FRAGMENT), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
  const touched = new Set<string>();
  const inspect = (tr: Y.Transaction) => {
    if (tr.origin !== origin) return;
    for (const type of tr.changed.keys()) {
      const id = lockedAncestor(type as AnyType, elements);
      if (id) touched.add(id);
    }
    Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
      if (!(struct instanceof Y.Item)) return;
      if (struct.content instanceof Y.ContentType) {
        const id = elements.get(struct.content.type as AnyType);
        if (id) touched.add(id);
      }
      const id = lockedAncestor(struct.parent as AnyType | null, elements);
      if (id) touched.add(id);
    });
  };
  doc.on('afterTransaction', inspect);
  try {
    Y.applyUpdate(doc, update, origin);
  } finally {
    doc.off('afterTransaction', inspect);
  }
  if (touched.size) undo.undo();
  undo.destroy();
  return [...touched];
}

/** Who is proposing, as the proposal marks must name them. */
export interface Proposer {
  userId: string;
  delegationCode: string | null;
}

interface FormatAttrs {
  authorId?: unknown;
  delegationCode?: unknown;
}

/** The value of a formatting key in effect at a text item: the nearest format item to its left. */
function formatAt(item: Y.Item, key: string): FormatAttrs | null {
  for (let left = item.left; left; left = left.left) {
    if (left.content instanceof Y.ContentFormat && left.content.key === key) return (left.content.value as FormatAttrs | null) ?? null;
  }
  return null;
}

/**
 * "Amendments only": applies `update` and keeps it only if every change to the text comes as a
 * proposal by this person (text inserted with their insertion mark, text marked with their deletion
 * mark, their own proposed text taken back); anything else (a direct edit, a change of structure or
 * formatting, or anything in an agreed clause) is undone, as for agreed clauses. Returns the clauses
 * it touched when it was reverted, null when it stands.
 */
export function applyProposalsOnly(doc: Y.Doc, update: Uint8Array, origin: object, proposer: Proposer, locked: ReadonlySet<string>): string[] | null {
  const fragment = doc.getXmlFragment(FRAGMENT);
  const lockedNow = lockedElements(doc, locked);
  const touched = new Set<string>();
  const undo = new Y.UndoManager(fragment, { trackedOrigins: new Set([origin]), captureTimeout: 0 });
  let direct = false;
  // Proposals are made in one's own name; a delegation's proposed text may be taken back by any of its members.
  const mine = (attrs: unknown) => typeof attrs === 'object' && attrs !== null && (attrs as FormatAttrs).authorId === proposer.userId;
  const ours = (attrs: unknown) =>
    mine(attrs) || (proposer.delegationCode !== null && typeof attrs === 'object' && attrs !== null && (attrs as FormatAttrs).delegationCode === proposer.delegationCode);
  /** A paragraph proposed whole: new elements whose text is all this person's proposal. */
  const proposedWhole = (type: AnyType): boolean => {
    if (type instanceof Y.XmlText) return (type.toDelta() as { attributes?: Record<string, unknown> }[]).every((op) => mine(op.attributes?.insertion));
    if (!(type instanceof Y.XmlElement) || !['clause', 'clauseText', 'subclause'].includes(type.nodeName)) return false;
    return type.toArray().every((child) => proposedWhole(child as AnyType));
  };
  let events: Array<Y.YEvent<AnyType>> = [];
  const collect = (batch: Array<Y.YEvent<AnyType>>, tr: Y.Transaction) => {
    if (tr.origin === origin) events = events.concat(batch);
  };
  // Judged after the observers and before garbage collection, while deleted text still holds its content.
  const judge = (tr: Y.Transaction) => {
    if (tr.origin !== origin) return;
    // Deleted characters must be the proposer's own proposed text.
    const deletedIn = new Set<AnyType>();
    Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) return;
      deletedIn.add(struct.parent as AnyType);
      if (!ours(formatAt(struct, 'insertion'))) direct = true;
    });
    for (const event of events) {
      const clauseId = clauseIdOf(event.target);
      if (clauseId) touched.add(clauseId);
      // Agreed text takes no proposals either.
      if (lockedAncestor(event.target, lockedNow)) direct = true;
      if (!(event.target instanceof Y.XmlText)) {
        // Elements: only new paragraphs (or a new text in an empty one) holding nothing but this
        // person's proposed text; never a change to an existing element or a removal.
        const added = [...event.changes.added].every((item) => item.content instanceof Y.ContentType && proposedWhole(item.content.type as AnyType));
        if (event.changes.keys.size || event.changes.deleted.size || !added) direct = true;
        continue;
      }
      for (const op of event.delta as { insert?: unknown; retain?: number; delete?: number; attributes?: Record<string, unknown> }[]) {
        if (op.insert !== undefined && !mine(op.attributes?.insertion)) direct = true;
        if (op.retain !== undefined && op.attributes) {
          for (const [key, value] of Object.entries(op.attributes)) {
            // Taking back one's own proposed text also removes the end of its formatting, which the
            // delta reports as "insertion: null" on the next character; unmarking deletes no text.
            const insertionEnded = key === 'insertion' && value === null && !addsFormat(event, 'insertion') && deletedIn.has(event.target);
            if (!(key === 'deletion' && (value === null || mine(value))) && !insertionEnded) direct = true;
          }
        }
      }
    }
  };
  fragment.observeDeep(collect);
  doc.on('afterTransaction', judge);
  try {
    Y.applyUpdate(doc, update, origin);
  } finally {
    fragment.unobserveDeep(collect);
    doc.off('afterTransaction', judge);
  }
  if (direct) undo.undo();
  undo.destroy();
  return direct ? [...touched] : null;
}

/** Whether this transaction added a formatting item for `key` to the event's text. */
function addsFormat(event: Y.YEvent<AnyType>, key: string): boolean {
  return [...event.changes.added].some((item) => item.content instanceof Y.ContentFormat && item.content.key === key);
}

/** The id of the clause a type stands in, if any. */
function clauseIdOf(type: AnyType | null): string | null {
  for (let t: AnyType | null = type; t; t = (t._item?.parent as AnyType | undefined) ?? null) {
    if (t instanceof Y.XmlElement && t.nodeName === 'clause') return (t.getAttribute('id') as string | undefined) ?? null;
  }
  return null;
}

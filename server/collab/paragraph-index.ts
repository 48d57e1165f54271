import * as Y from 'yjs';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { walks } from './walks.js';

/**
 * The paragraph ids of a live document and the elements holding them, so that checking an update
 * that names an id (Enter splitting a paragraph, a paragraph pasted) looks up the ids it names instead
 * of scanning the document. Built once from the document, on first use, then kept in step with every
 * transaction from what that transaction wrote and deleted: its cost is linear in the transaction.
 *
 * Holders are the elements validate.ts has always held to unique ids: the children of the
 * declaration's parts (the clauses) and their sub-paragraphs, while they are in the document.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type
type AnyType = Y.AbstractType<any>;

export class ParagraphIds {
  private readonly byElement = new Map<Y.XmlElement, string>();
  private readonly byValue = new Map<string, Set<Y.XmlElement>>();
  private readonly fragment: Y.XmlFragment;

  private readonly follow = (tr: Y.Transaction): void => {
    try {
      this.take(tr);
    } catch {
      // Never let the index break a transaction (Yjs rethrows what its listeners throw): forget it,
      // and the next check makes it afresh from the document.
      this.destroy();
    }
  };

  private take(tr: Y.Transaction): void {
    // Elements whose id may have changed: an id written or removed, an element added or deleted.
    const dirty = new Set<Y.XmlElement>();
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      if (after <= before) continue;
      const structs = this.doc.store.clients.get(client);
      if (!structs) continue;
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const s = structs[i]!;
        if (!(s instanceof Y.Item)) continue;
        // A new element's id comes as a new attribute of it, so attributes named id are enough.
        if (s.parentSub === 'id' && s.parent instanceof Y.XmlElement) dirty.add(s.parent);
      }
    }
    // Read before the deleted structs are garbage-collected (afterTransaction comes first).
    Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
      if (!(s instanceof Y.Item)) return;
      if (s.parentSub === 'id' && s.parent instanceof Y.XmlElement) dirty.add(s.parent);
      if (s.content instanceof Y.ContentType && s.content.type instanceof Y.XmlElement) dirty.add(s.content.type);
    });
    for (const el of dirty) this.refresh(el);
  }

  constructor(private readonly doc: Y.Doc) {
    this.fragment = doc.getXmlFragment(FRAGMENT);
    walks.wholeDocument++;
    for (let part = this.fragment._start; part; part = part.right) {
      walks.items++;
      if (part.deleted || !(part.content instanceof Y.ContentType) || !(part.content.type instanceof Y.XmlElement)) continue;
      for (let clause = part.content.type._start; clause; clause = clause.right) {
        walks.items++;
        if (clause.deleted || !(clause.content instanceof Y.ContentType) || !(clause.content.type instanceof Y.XmlElement)) continue;
        this.refresh(clause.content.type);
        for (let child = clause.content.type._start; child; child = child.right) {
          walks.items++;
          if (!child.deleted && child.content instanceof Y.ContentType && child.content.type instanceof Y.XmlElement) this.refresh(child.content.type);
        }
      }
    }
    doc.on('afterTransaction', this.follow);
  }

  /** The elements holding `value` now. */
  holders(value: string): ReadonlySet<Y.XmlElement> {
    return this.byValue.get(value) ?? EMPTY;
  }

  /** The id `type` holds now, if it is a paragraph (or sub-paragraph) with one. */
  idOf(type: AnyType): string | undefined {
    return type instanceof Y.XmlElement ? this.byElement.get(type) : undefined;
  }

  /** Every paragraph id and its holders (for tests comparing the index with a scan). */
  entries(): [string, ReadonlySet<Y.XmlElement>][] {
    return [...this.byValue];
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.follow);
    if (indexes.get(this.doc) === this) indexes.delete(this.doc);
  }

  private refresh(el: Y.XmlElement): void {
    const id = this.holdsIds(el) ? el.getAttribute('id') : undefined;
    const value = typeof id === 'string' ? id : undefined;
    const old = this.byElement.get(el);
    if (old === value) return;
    if (old !== undefined) {
      const set = this.byValue.get(old)!;
      set.delete(el);
      if (!set.size) this.byValue.delete(old);
      this.byElement.delete(el);
    }
    if (value !== undefined) {
      this.byElement.set(el, value);
      const set = this.byValue.get(value) ?? new Set<Y.XmlElement>();
      set.add(el);
      this.byValue.set(value, set);
    }
  }

  /** A clause (a child of a part) or a sub-paragraph of one, with no deleted ancestor. */
  private holdsIds(el: Y.XmlElement): boolean {
    const parent = liveParentElement(el);
    if (!parent) return false;
    if (parent._item?.parent === this.fragment) return !parent._item.deleted;
    if (el.nodeName !== 'subclause') return false;
    const grandparent = liveParentElement(parent);
    return !!grandparent && grandparent._item?.parent === this.fragment && !grandparent._item.deleted;
  }
}

/** The element `type` lives in, when both are in the document (not deleted). */
function liveParentElement(type: AnyType): Y.XmlElement | null {
  const item = type._item;
  if (!item || item.deleted) return null;
  return item.parent instanceof Y.XmlElement ? item.parent : null;
}

const EMPTY: ReadonlySet<Y.XmlElement> = new Set();
const indexes = new WeakMap<Y.Doc, ParagraphIds>();

/** The paragraph ids of `doc`, made on first use and kept in step with it from then on. */
export function paragraphIds(doc: Y.Doc): ParagraphIds {
  let index = indexes.get(doc);
  if (!index) {
    index = new ParagraphIds(doc);
    indexes.set(doc, index);
  }
  return index;
}

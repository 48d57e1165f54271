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

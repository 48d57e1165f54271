import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { declarationSchema } from './index.js';
import { clausesOf, labelledClauses } from './outline.js';
import type { NumberingStyle } from '../labels.js';

import { FRAGMENT } from './fragment.js';

export { FRAGMENT };

/** A Yjs update that creates the given declaration in an empty document. */
export function declarationUpdate(json: JSONContent): Uint8Array {
  const doc = prosemirrorJSONToYDoc(declarationSchema, json, FRAGMENT);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** The declaration in a Yjs document, as a ProseMirror node of the shared schema. */
export function declarationFromYDoc(doc: Y.Doc): PMNode {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(FRAGMENT), declarationSchema);
}

export interface ClauseInfo {
  id: string;
  kind: 'preambular' | 'operative';
  label: string;
  /** The first words of the clause's text. */
  excerpt: string;
}

/** Every clause of the declaration in a Yjs document, in order, with its label and first words. */
export function clauseIndex(doc: Y.Doc, style: NumberingStyle): ClauseInfo[] {
  return labelledClauses(declarationFromYDoc(doc), style).map((c) => {
    const text = c.node.textContent.replace(/\s+/g, ' ').trim();
    return { id: c.outline.id, kind: c.outline.kind, label: c.label.label, excerpt: text.length > 90 ? `${text.slice(0, 87)}…` : text };
  });
}

/**
 * The paragraph each block id now stands in. A paragraph made a sub-paragraph by Tab keeps its id on
 * the sub-paragraph (shared/editor/structure.ts), so a thread opened on OP5 is shown under OP4 while
 * its words are OP4(a), and under OP5 again once Shift+Tab gives the paragraph back.
 */
export function paragraphHomes(doc: Y.Doc): Map<string, string> {
  const homes = new Map<string, string>();
  for (const { outline } of clausesOf(declarationFromYDoc(doc))) {
    homes.set(outline.id, outline.id);
    for (const id of outline.subclauseIds) if (!homes.has(id)) homes.set(id, outline.id);
  }
  return homes;
}

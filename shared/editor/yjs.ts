import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { declarationSchema } from './index.js';
import { labelledClauses } from './outline.js';
import type { NumberingStyle } from '../labels.js';

/** The Yjs fragment that holds the declaration, as TipTap's Collaboration extension names it. */
export const FRAGMENT = 'default';

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

import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { declarationSchema } from './index.js';

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

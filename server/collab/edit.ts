import type * as Y from 'yjs';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { updateYFragment } from '@tiptap/y-tiptap';
import { FRAGMENT, declarationFromYDoc } from '../../shared/editor/yjs.js';

/**
 * Edits the declaration in a Yjs document through ProseMirror, with the same shared functions the
 * editor uses (accepting an amendment, picking a bracket option), and writes back only what changed:
 * y-prosemirror's diff keeps every untouched clause, text and relative position as it was.
 * Returns false when the edit changed nothing.
 */
export function editDeclaration(doc: Y.Doc, edit: (state: EditorState) => Transaction | null): boolean {
  const state = EditorState.create({ doc: declarationFromYDoc(doc) });
  const tr = edit(state);
  if (!tr || !tr.docChanged) return false;
  // A fresh binding meta (y-tiptap exports the type, not its createEmptyMeta at run time).
  const meta: Parameters<typeof updateYFragment>[3] = { mapping: new Map(), isOMark: new Map() };
  updateYFragment(doc, doc.getXmlFragment(FRAGMENT), tr.doc, meta);
  return true;
}

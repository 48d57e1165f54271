import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { discussionKey } from '../editor/discussion.js';

/** Puts the caret at the start of a clause and brings it into view; false if it is not in the text. */
export function selectClause(editor: Editor, clauseId: string): boolean {
  const span = discussionKey.getState(editor.state)?.clauses.find((c) => c.id === clauseId);
  if (!span) return false;
  const { state, view } = editor;
  view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, Math.min(span.from + 2, state.doc.content.size))));
  if (view.editable) view.focus();
  const dom = view.nodeDOM(span.from);
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'center', behavior: 'smooth' });
  return true;
}

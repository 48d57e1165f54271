import { useEffect, useMemo, useRef } from 'react';
import type { Editor } from '@tiptap/core';
import { EditorContent, useEditor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { declarationExtensions } from '../../shared/editor/index.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import type { PresenceUser } from '../../shared/api/index.js';
import type { NumberingStyle } from '../../shared/labels.js';
import type { DocumentConnection } from './connection.js';
import { DeclarationDecorations } from './decorations.js';
import { Discussion, discussionKey, type DiscussionCallbacks, type DiscussionData } from './discussion.js';
import { renderCaret, renderSelection } from './carets.js';
import { Toolbar } from './Toolbar.js';

/**
 * The declaration on its page: the shared extensions, bound to the Yjs document, with other
 * people's carets, the margin labels, and the discussion drawn on the text (thread counts, status,
 * quoted words, locks). No history extension: Collaboration brings its own undo, which only undoes
 * the person's own changes.
 */
export function DeclarationEditor({ connection, numbering, editable, canComment, user, discussion, callbacks, onEditor }: {
  connection: DocumentConnection;
  numbering: NumberingStyle;
  editable: boolean;
  canComment: boolean;
  user: PresenceUser;
  discussion: DiscussionData;
  callbacks: DiscussionCallbacks;
  onEditor?: (editor: Editor | null) => void;
}) {
  // The plugin calls whatever the page's latest callbacks are, without rebuilding the editor.
  const callbackRef = useRef(callbacks);
  useEffect(() => {
    callbackRef.current = callbacks;
  });

  const extensions = useMemo(
    () => [
      ...declarationExtensions,
      Collaboration.configure({ document: connection.ydoc, field: FRAGMENT }),
      CollaborationCaret.configure({
        provider: connection.provider,
        user,
        render: renderCaret,
        selectionRender: renderSelection,
      }),
      DeclarationDecorations.configure({ numbering }),
      Discussion.configure({ numbering, callbacks: () => callbackRef.current }),
    ],
    // The user is set once here; later changes go through updateUser below, not a new editor.
    [connection, numbering],
  );

  const editor = useEditor(
    {
      extensions,
      editable,
      // Created after mounting, not during render: binding to Yjs sets awareness, which others observe.
      immediatelyRender: false,
      editorProps: {
        attributes: {
          'data-testid': 'editor',
          class: 'declaration',
          'aria-label': 'Text of the declaration',
          spellcheck: 'true',
        },
      },
    },
    [extensions],
  );

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => {
    editor?.commands.updateUser({ ...user });
  }, [editor, user]);

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  // The discussion reaches the plugin as transaction metadata: only what changed.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const previous = discussionKey.getState(editor.state)?.data;
    const patch: Partial<DiscussionData> = {};
    if (previous?.statuses !== discussion.statuses) patch.statuses = discussion.statuses;
    if (previous?.counts !== discussion.counts) patch.counts = discussion.counts;
    if (previous?.quotes !== discussion.quotes) patch.quotes = discussion.quotes;
    if (previous?.selectedThreadId !== discussion.selectedThreadId) patch.selectedThreadId = discussion.selectedThreadId;
    if (previous?.chair !== discussion.chair) patch.chair = discussion.chair;
    if (previous?.draft !== discussion.draft) patch.draft = discussion.draft;
    if (!Object.keys(patch).length) return;
    editor.view.dispatch(editor.state.tr.setMeta(discussionKey, patch).setMeta('addToHistory', false));
  }, [editor, discussion]);

  return (
    <div className="paper-column">
      {(editable || canComment) && editor ? (
        <Toolbar editor={editor} editable={editable} canComment={canComment} onComment={() => callbackRef.current.onComment()} />
      ) : null}
      <article className={`paper${editable ? '' : ' paper--read-only'}`}>
        <EditorContent editor={editor} />
      </article>
    </div>
  );
}

import { useEffect, useMemo } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { declarationExtensions } from '../../shared/editor/index.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import type { PresenceUser } from '../../shared/api/index.js';
import type { NumberingStyle } from '../../shared/labels.js';
import type { DocumentConnection } from './connection.js';
import { DeclarationDecorations } from './decorations.js';
import { renderCaret, renderSelection } from './carets.js';
import { Toolbar } from './Toolbar.js';

/**
 * The declaration on its page: the shared extensions, bound to the Yjs document, with other
 * people's carets and the margin labels. No history extension: Collaboration brings its own undo,
 * which only undoes the person's own changes.
 */
export function DeclarationEditor({ connection, numbering, editable, user }: {
  connection: DocumentConnection;
  numbering: NumberingStyle;
  editable: boolean;
  user: PresenceUser;
}) {
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

  return (
    <div className="paper-column">
      {editable && editor ? <Toolbar editor={editor} /> : null}
      <article className={`paper${editable ? '' : ' paper--read-only'}`}>
        <EditorContent editor={editor} />
      </article>
    </div>
  );
}

import { useMemo } from 'react';
import type { JSONContent } from '@tiptap/core';
import { EditorContent, useEditor } from '@tiptap/react';
import { declarationExtensions } from '../../shared/editor/index.js';
import type { NumberingStyle } from '../../shared/labels.js';
import { DeclarationDecorations } from '../editor/decorations.js';
import { BracketEditing } from '../editor/brackets.js';
import { AlternativeParagraphs } from '../editor/alternatives.js';

/**
 * A revision's text as it was issued, on the same paper as the live text: the shared schema in an
 * editor that is never editable, with the margin labels (PP1, OP4bis), the square brackets and the
 * alternative paragraphs drawn as on the document page. No Yjs: the content is a frozen copy.
 */
export function RevisionText({ content, numbering, label }: { content: unknown; numbering: NumberingStyle; label: string }) {
  const extensions = useMemo(
    () => [...declarationExtensions, DeclarationDecorations.configure({ numbering }), BracketEditing, AlternativeParagraphs],
    [numbering],
  );
  const editor = useEditor(
    {
      extensions,
      content: content as JSONContent,
      editable: false,
      immediatelyRender: true,
      editorProps: {
        attributes: {
          'data-testid': 'revision-text',
          class: 'declaration',
          'aria-label': label,
          'aria-readonly': 'true',
        },
      },
    },
    [extensions, content],
  );
  return (
    <article className="paper paper--read-only revision-paper">
      <EditorContent editor={editor} />
    </article>
  );
}

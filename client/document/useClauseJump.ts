import { useEffect } from 'react';
import type { Editor } from '@tiptap/core';
import { navigate, useLocation } from '../router.js';
import type { PushToast } from '../panels/Toasts.js';
import { selectClause } from './selectClause.js';

/**
 * ?clause=ID (and &thread=ID): arriving from the discussion view or the desk, go to that paragraph.
 * The callbacks must be stable (setters, useCallback): the jump runs again whenever one changes.
 */
export function useClauseJump(
  editor: Editor | null,
  documentId: string,
  on: { showDiscussion: () => void; selectThread: (threadId: string) => void; pushToast: PushToast },
) {
  const { search } = useLocation();
  const jumpClause = search.get('clause');
  const jumpThread = search.get('thread');
  const { showDiscussion, selectThread, pushToast } = on;
  useEffect(() => {
    if (!editor || !jumpClause) return;
    navigate(`/documents/${encodeURIComponent(documentId)}`, { replace: true });
    showDiscussion();
    if (jumpThread) selectThread(jumpThread);
    requestAnimationFrame(() => {
      if (!editor.isDestroyed && !selectClause(editor, jumpClause)) pushToast('That paragraph is no longer in the text.', { key: 'jump' });
    });
  }, [editor, jumpClause, jumpThread, documentId, showDiscussion, selectThread, pushToast]);
}

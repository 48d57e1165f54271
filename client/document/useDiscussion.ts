import { useCallback, useMemo, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import type * as Y from 'yjs';
import type { Thread } from '../../shared/api/index.js';
import { currentQuote, followQuote, resolveQuote, type Anchor } from '../../shared/editor/anchors.js';
import { useDiscussionStore, type DiscussionSnapshot, type DiscussionStore } from '../discussion/store.js';
import type { DiscussionCallbacks, DiscussionData } from '../editor/discussion.js';
import { commentTarget, type CommentTarget } from '../editor/quote.js';
import type { PushToast } from '../panels/Toasts.js';
import { selectClause } from './selectClause.js';
import { useYDocVersion } from './useYDocVersion.js';

export interface DocumentDiscussion {
  store: DiscussionStore;
  discussion: DiscussionSnapshot;
  openThreads: Thread[];
  /** What the editor shows of the discussion: clause statuses, thread counts, quoted words. */
  data: DiscussionData;
  /** What the editor tells the discussion: a thread or a clause clicked, a comment asked for. */
  callbacks: DiscussionCallbacks;
  /** The thread being written, quoting words of the text or a whole paragraph. */
  draft: CommentTarget | null;
  draftBody: string;
  setDraftBody: (body: string) => void;
  cancelDraft: () => void;
  openComposer: () => void;
  /** A thread was opened: show it, selected, and put the composer away. */
  created: (thread: Thread) => void;
  selectedThreadId: string | null;
  setSelectedThreadId: (threadId: string | null) => void;
  /** The words a thread quotes as they now read in the text. */
  currentQuoteOf: (thread: Thread) => string | null;
}

/** The discussion beside the text: threads and clause statuses, live, and the thread being written. */
export function useDiscussion(options: {
  documentId: string;
  editor: Editor | null;
  ydoc: Y.Doc | null;
  canComment: boolean;
  chair: boolean;
  adopted: boolean;
  pushToast: PushToast;
  /** Bring the discussion tab forward. */
  show: () => void;
}): DocumentDiscussion {
  const { documentId, editor, ydoc, canComment, chair, adopted, pushToast, show } = options;
  const [store, discussion] = useDiscussionStore(documentId);
  const [draft, setDraft] = useState<CommentTarget | null>(null);
  const [draftBody, setDraftBody] = useState('');
  const [selectedThreadId, setSelectedThreadId] = useState<string | null>(null);
  const ydocVersion = useYDocVersion(ydoc);

  const openThreads = useMemo(() => discussion.threads.filter((t) => t.status === 'open'), [discussion.threads]);
  const statuses = useMemo(
    () => Object.fromEntries(Object.values(discussion.clauses).map((c) => [c.clauseId, c.status])),
    [discussion.clauses],
  );
  const counts = useMemo(() => {
    const out: Record<string, number> = {};
    for (const t of openThreads) out[t.clauseId] = (out[t.clauseId] ?? 0) + 1;
    return out;
  }, [openThreads]);
  const quoteKey = openThreads.map((t) => (t.quote ? `${t.id}:${t.quote.anchor.start}:${t.quote.anchor.end}` : '')).join('|');
  // Recomputed when the anchors change, not on every reply; and when the text settles, for a quote whose
  // paragraph changed type (Tab, Shift+Tab): it is drawn on its words where they now stand. The same
  // anchors keep the same array, so the highlights are not redrawn for nothing.
  const previousQuotes = useRef<{ threadId: string; anchor: Anchor }[]>([]);
  const quotes = useMemo(() => {
    const next = openThreads.flatMap((t) =>
      t.quote ? [{ threadId: t.id, anchor: ydoc ? followQuote(ydoc, t.quote.anchor, { clauseId: t.clauseId, text: t.quote.text }) : t.quote.anchor }] : [],
    );
    const same = next.length === previousQuotes.current.length && next.every((q, i) => {
      const p = previousQuotes.current[i]!;
      return p.threadId === q.threadId && p.anchor.start === q.anchor.start && p.anchor.end === q.anchor.end;
    });
    if (!same) previousQuotes.current = next;
    return previousQuotes.current;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the anchors and the text's version: a reply must not rebuild the highlights
  }, [quoteKey, ydoc, ydocVersion]);
  const data = useMemo<DiscussionData>(
    () => ({ statuses, adopted, counts, quotes, selectedThreadId, draft: draft?.quote?.anchor ?? null, chair }),
    [statuses, adopted, counts, quotes, selectedThreadId, draft, chair],
  );

  const openComposer = () => {
    if (!editor || !canComment) return;
    const result = commentTarget(editor);
    if (!result.ok) {
      pushToast(result.message, { key: 'comment' });
      return;
    }
    setDraft(result.target);
    show();
  };

  const callbacks: DiscussionCallbacks = {
    onSelectThread: (threadId) => {
      setSelectedThreadId(threadId);
      show();
    },
    onOpenClause: (clauseId) => {
      if (editor) selectClause(editor, clauseId);
      show();
    },
    onLocked: (label) => pushToast(`${label} is agreed: only the chair can change it`, { key: 'locked', tone: 'warn', ms: 3_500 }),
    onComment: openComposer,
  };

  const cancelDraft = () => {
    setDraft(null);
    setDraftBody('');
  };

  const created = (thread: Thread) => {
    store.upsertThread(thread);
    cancelDraft();
    setSelectedThreadId(thread.id);
  };

  const currentQuoteOf = useCallback(
    (thread: Thread): string | null => {
      if (!thread.quote) return null;
      // Found in this copy of the text (by its anchor, or its words in its paragraph): as it reads here now.
      const home = { clauseId: thread.clauseId, text: thread.quote.text };
      if (ydoc && resolveQuote(ydoc, thread.quote.anchor, home)) return currentQuote(ydoc, thread.quote.anchor, home);
      return thread.quote.current;
    },
    // ydocVersion: the text changed, so the quotes may have.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- ydocVersion is the change signal, read through ydoc
    [ydoc, ydocVersion],
  );

  return { store, discussion, openThreads, data, callbacks, draft, draftBody, setDraftBody, cancelDraft, openComposer, created, selectedThreadId, setSelectedThreadId, currentQuoteOf };
}

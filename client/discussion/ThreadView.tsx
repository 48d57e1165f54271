import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Comment, Quote, Thread } from '../../shared/api/index.js';
import { api, errorMessage } from '../api.js';
import { MAX_COMMENT_LENGTH } from '../format.js';
import { MAX_RESOLUTION_NOTE_LENGTH } from '../../shared/limits.js';
import { AuthorName, PlainText, RelativeTime } from './ui.js';
import { commentFocusKey, focusWhenShown, threadFocusKey, useFocusTarget } from './focus.js';

/** Runs one request at a time for a form, keeping its error to show beside it. */
export function useAction(): [boolean, string | null, (action: () => Promise<void>) => Promise<boolean>, () => void] {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      if (live.current) setError(errorMessage(e));
      return false;
    } finally {
      if (live.current) setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return [busy, error, run, clear];
}

/** Ctrl/Cmd+Enter sends the form a textarea is in. */
export function submitOnModEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
}

/** The quoted words as they stand now; if they are gone, the thread says so and keeps the original. */
export function QuoteView({ quote, current }: { quote: Quote; current: string | null }) {
  if (current === null) {
    return (
      <blockquote className="quote quote--gone" data-testid="thread-quote">
        <span className="quote__gone">The quoted words have been deleted</span>
        <s className="quote__text">{quote.text}</s>
      </blockquote>
    );
  }
  return (
    <blockquote className="quote" data-testid="thread-quote">
      <span className="quote__text">{current}</span>
      {current !== quote.text ? (
        <span className="quote__was">
          Quoted as: <span>{quote.text}</span>
        </span>
      ) : null}
    </blockquote>
  );
}

export interface ThreadViewProps {
  thread: Thread;
  documentId: string;
  /** Whether the person may change or delete this comment, as the policy says (their own, while they may comment). */
  mayChangeComment: (comment: Comment) => boolean;
  canComment: boolean;
  chair: boolean;
  selected: boolean;
  /** The quote's words now, from this page's copy of the text, or null when they are gone. */
  currentQuote: string | null;
  onSelect: (threadId: string) => void;
  onThread: (thread: Thread) => void;
  onComment: (comment: Comment) => void;
}

export function ThreadView({ thread, documentId, mayChangeComment, canComment, chair, selected, currentQuote, onSelect, onThread, onComment }: ThreadViewProps) {
  const resolved = thread.status === 'resolved';
  const ref = useRef<HTMLLIElement>(null);
  useFocusTarget(threadFocusKey(thread.id), ref);

  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selected]);

  return (
    <li
      ref={ref}
      className={`thread${selected ? ' is-selected' : ''}${resolved ? ' thread--resolved' : ''}`}
      data-testid="thread"
      data-thread-id={thread.id}
      data-status={thread.status}
      data-focus-key={threadFocusKey(thread.id)}
      tabIndex={-1}
      onClick={() => onSelect(thread.id)}
    >
      {thread.quote ? <QuoteView quote={thread.quote} current={currentQuote} /> : null}
      <ol className="comments">
        {thread.comments.map((comment) => (
          // A resolved thread is a record of how the point was settled: its comments stay as they were (the server refuses changes too).
          <CommentView key={comment.id} comment={comment} documentId={documentId} own={!resolved && mayChangeComment(comment)} onComment={onComment} />
        ))}
      </ol>
      {resolved && thread.resolution ? (
        <div className="thread__resolution" data-testid="resolution">
          <span className="resolved-mark">
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="m3.5 8.5 3 3 6-7" />
            </svg>
            Resolved
          </span>{' '}
          <span className="muted">
            by {thread.resolution.by.name}
            {thread.resolution.by.delegation ? ` (${thread.resolution.by.delegation.code})` : ''} · <RelativeTime iso={thread.resolution.at} />
          </span>
          {thread.resolution.note ? <PlainText className="thread__note" text={thread.resolution.note} /> : null}
        </div>
      ) : null}
      {!resolved && canComment ? <ReplyForm thread={thread} documentId={documentId} onComment={onComment} /> : null}
      {chair ? <ChairActions thread={thread} documentId={documentId} onThread={onThread} /> : null}
    </li>
  );
}

function CommentView({ comment, documentId, own, onComment }: { comment: Comment; documentId: string; own: boolean; onComment: (c: Comment) => void }) {
  const [mode, setMode] = useState<'read' | 'edit' | 'delete'>('read');
  const [draft, setDraft] = useState(comment.body);
  const [busy, error, run, clearError] = useAction();
  const ref = useRef<HTMLLIElement>(null);
  const focusKey = commentFocusKey(comment.id);
  useFocusTarget(focusKey, ref);
  // Back to reading: focus goes to the comment, not to <body> with the form that had it.
  const read = () => {
    setMode('read');
    focusWhenShown(focusKey);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    const ok = await run(async () => {
      const { comment: saved } = await api.editComment(documentId, comment.id, draft);
      onComment(saved);
    });
    if (ok) read();
  };

  const remove = async () => {
    const ok = await run(async () => {
      const { comment: deleted } = await api.deleteComment(documentId, comment.id);
      onComment(deleted);
    });
    if (ok) read();
  };

  return (
    <li
      ref={ref}
      className={`comment${comment.deleted ? ' comment--deleted' : ''}`}
      data-testid="comment"
      data-comment-id={comment.id}
      data-focus-key={focusKey}
      tabIndex={-1}
    >
      <div className="comment__head">
        <AuthorName author={comment.author} />
        <RelativeTime iso={comment.createdAt} />
        {comment.editedAt && !comment.deleted ? (
          <span className="comment__edited" title={`Edited ${new Date(comment.editedAt).toLocaleString('en-GB')}`}>
            edited
          </span>
        ) : null}
      </div>
      {comment.deleted ? (
        <p className="comment__deleted" data-testid="comment-deleted">
          This comment was deleted
        </p>
      ) : mode === 'edit' && own ? (
        <form className="comment__edit" onSubmit={save} onClick={(e) => e.stopPropagation()}>
          <textarea
            aria-label="Edit your comment"
            value={draft}
            maxLength={MAX_COMMENT_LENGTH}
            rows={Math.min(8, Math.max(2, draft.split('\n').length))}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={submitOnModEnter}
            autoFocus
          />
          <div className="form-actions">
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => {
                read();
                setDraft(comment.body);
                clearError();
              }}
            >
              Cancel
            </button>
            <button type="submit" className="button button--primary button--small" disabled={busy || !draft.trim()}>
              Save
            </button>
          </div>
        </form>
      ) : (
        <PlainText className="comment__body" text={comment.body} />
      )}
      {own && !comment.deleted && mode === 'read' ? (
        <div className="comment__actions">
          <button
            type="button"
            className="link-button"
            onClick={(e) => {
              e.stopPropagation();
              setDraft(comment.body);
              setMode('edit');
            }}
          >
            Edit
          </button>
          <button
            type="button"
            className="link-button link-button--danger"
            onClick={(e) => {
              e.stopPropagation();
              setMode('delete');
            }}
          >
            Delete
          </button>
        </div>
      ) : null}
      {mode === 'delete' && own && !comment.deleted ? (
        <div className="comment__confirm" role="group" aria-label="Delete this comment?">
          <span>Delete this comment? A mark stays in the thread.</span>
          <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => void remove()}>
            Delete comment
          </button>
          <button type="button" className="button button--ghost button--small" onClick={read}>
            Keep
          </button>
        </div>
      ) : null}
      {error ? <p className="field__error">{error}</p> : null}
    </li>
  );
}

function ReplyForm({ thread, documentId, onComment }: { thread: Thread; documentId: string; onComment: (c: Comment) => void }) {
  const [body, setBody] = useState('');
  const [focused, setFocused] = useState(false);
  const [busy, error, run] = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim() || busy) return;
    const ok = await run(async () => {
      const { comment } = await api.reply(documentId, thread.id, body);
      onComment(comment);
      focusWhenShown(commentFocusKey(comment.id));
    });
    if (ok) setBody('');
  };

  const open = focused || body.length > 0;
  return (
    <form className={`reply${open ? ' is-open' : ''}`} onSubmit={submit}>
      <textarea
        data-testid="reply"
        aria-label="Reply"
        placeholder="Reply…"
        value={body}
        maxLength={MAX_COMMENT_LENGTH}
        rows={open ? Math.min(8, Math.max(2, body.split('\n').length)) : 1}
        onChange={(e) => setBody(e.target.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={submitOnModEnter}
      />
      {open ? (
        <div className="form-actions">
          <button type="submit" className="button button--primary button--small" disabled={busy || !body.trim()}>
            Reply
          </button>
        </div>
      ) : null}
      {error ? <p className="field__error">{error}</p> : null}
    </form>
  );
}

function ChairActions({ thread, documentId, onThread }: { thread: Thread; documentId: string; onThread: (t: Thread) => void }) {
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const [busy, error, run] = useAction();

  if (thread.status === 'resolved') {
    return (
      <div className="thread__chair">
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const { thread: reopened } = await api.reopenThread(documentId, thread.id);
              onThread(reopened);
              // It moves back among the open threads: focus follows it there.
              focusWhenShown(threadFocusKey(thread.id));
            })
          }
        >
          Reopen
        </button>
        {error ? <p className="field__error">{error}</p> : null}
      </div>
    );
  }

  if (!resolving) {
    return (
      <div className="thread__chair">
        <button type="button" className="button button--small" onClick={() => setResolving(true)}>
          <svg className="button__icon" viewBox="0 0 16 16" aria-hidden="true">
            <path d="m3.5 8.5 3 3 6-7" />
          </svg>
          Resolve
        </button>
      </div>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await run(async () => {
      const { thread: done } = await api.resolveThread(documentId, thread.id, note);
      onThread(done);
      focusWhenShown(threadFocusKey(thread.id));
    });
    if (ok) {
      setResolving(false);
      setNote('');
    }
  };

  return (
    <form className="thread__resolve" onSubmit={submit}>
      <label className="thread__resolve-label" htmlFor={`note-${thread.id}`}>
        Resolution note <span className="muted">(optional)</span>
      </label>
      {/* A note records how the point was settled, often more than a line: "Merged with OP5; MYS withdrew its proposal." */}
      <textarea
        id={`note-${thread.id}`}
        data-testid="resolution-note"
        placeholder="e.g. Agreed to merge with OP5"
        value={note}
        maxLength={MAX_RESOLUTION_NOTE_LENGTH}
        rows={Math.min(6, Math.max(3, note.split('\n').length))}
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={submitOnModEnter}
        autoFocus
      />
      <div className="form-actions">
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => {
            setResolving(false);
            focusWhenShown(threadFocusKey(thread.id));
          }}
        >
          Cancel
        </button>
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          Resolve thread
        </button>
      </div>
      {error ? <p className="field__error">{error}</p> : null}
    </form>
  );
}

import type { FormEvent } from 'react';
import type { ClauseState, ClauseStatus, Comment, Thread } from '../../shared/api/index.js';
import { api } from '../api.js';
import type { CommentTarget } from '../editor/quote.js';
import { CLAUSE_STATUS_LABEL, MAX_COMMENT_LENGTH } from '../format.js';
import { ThreadView, useAction, submitOnModEnter } from '../discussion/ThreadView.js';
import { RelativeTime, StatusTag } from '../discussion/ui.js';
import { commentFocusKey, focusWhenShown } from '../discussion/focus.js';

const STATUSES: ClauseStatus[] = ['open', 'adRef', 'agreed'];

export interface DiscussionPanelProps {
  documentId: string;
  /** Whether the person may change or delete a comment, as the policy says. */
  mayChangeComment: (comment: Comment) => boolean;
  canComment: boolean;
  chair: boolean;
  /** The clause the caret is in, with its label; null in the title or formula. */
  clause: { id: string; label: string } | null;
  clauseState: ClauseState | undefined;
  /** All threads of the document; the panel shows the current clause's. */
  threads: readonly Thread[];
  labels: ReadonlyMap<string, string>;
  draft: CommentTarget | null;
  /** What has been typed in the composer, kept while the person looks at another clause. */
  draftBody: string;
  onDraftBody: (body: string) => void;
  selectedThreadId: string | null;
  currentQuote: (thread: Thread) => string | null;
  onSelectThread: (threadId: string) => void;
  onJump: (clauseId: string) => void;
  onNewThread: () => void;
  onCancelDraft: () => void;
  onThread: (thread: Thread) => void;
  onComment: (comment: Comment) => void;
  onClauseState: (clause: ClauseState) => void;
  onCreated: (thread: Thread) => void;
}

/** The threads of the clause the caret is in, its status, and (for the chair) the control to set it. */
export function DiscussionPanel(props: DiscussionPanelProps) {
  const { clause, threads, chair, canComment, draft, labels } = props;

  if (!clause) {
    const open = threads.filter((t) => t.status === 'open');
    const byClause = new Map<string, number>();
    for (const t of open) byClause.set(t.clauseId, (byClause.get(t.clauseId) ?? 0) + 1);
    const rows = [...labels.entries()].filter(([id]) => byClause.has(id));
    return (
      <div className="discussion" data-testid="discussion-panel">
        <p className="discussion__hint">Put the caret in a paragraph to see its discussion{canComment ? ' or to open a thread on it' : ''}.</p>
        {rows.length ? (
          <>
            <h2 className="discussion__subheading">Open threads</h2>
            <ul className="discussion__clauses">
              {rows.map(([id, label]) => (
                <li key={id}>
                  <button type="button" className="link-button" onClick={() => props.onJump(id)}>
                    {label}
                  </button>
                  <span className="muted">
                    {byClause.get(id)} open thread{byClause.get(id) === 1 ? '' : 's'}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted discussion__empty">No open threads in this document.</p>
        )}
      </div>
    );
  }

  const mine = threads.filter((t) => t.clauseId === clause.id);
  const open = mine.filter((t) => t.status === 'open');
  const resolved = mine.filter((t) => t.status === 'resolved');
  const status = props.clauseState?.status ?? 'open';
  const composing = draft?.clauseId === clause.id;

  const threadProps = (t: Thread) => ({
    thread: t,
    documentId: props.documentId,
    mayChangeComment: props.mayChangeComment,
    canComment,
    chair,
    selected: t.id === props.selectedThreadId,
    currentQuote: props.currentQuote(t),
    onSelect: props.onSelectThread,
    onThread: props.onThread,
    onComment: props.onComment,
  });

  return (
    <div className="discussion" data-testid="discussion-panel" data-clause-id={clause.id}>
      <header className="discussion__header">
        <div className="discussion__title">
          {/* The panel's headings come next after the document's h1 title. */}
          <h2 data-testid="discussion-clause">{clause.label}</h2>
          <StatusTag status={status} />
        </div>
        {chair ? <StatusControl documentId={props.documentId} clauseId={clause.id} status={status} onClauseState={props.onClauseState} /> : null}
        {props.clauseState?.updatedBy && props.clauseState.updatedAt && status !== 'open' ? (
          <p className="discussion__status-by">
            {CLAUSE_STATUS_LABEL[status]} by {props.clauseState.updatedBy.name}
            {props.clauseState.updatedBy.delegation ? ` (${props.clauseState.updatedBy.delegation.code})` : ''},{' '}
            <RelativeTime iso={props.clauseState.updatedAt} />
          </p>
        ) : null}
        {status === 'agreed' && !chair ? <p className="discussion__locked">Agreed text is locked: only the chair can change it.</p> : null}
      </header>

      {draft && !composing ? (
        <p className="discussion__draft-elsewhere">
          You are writing a thread on {labels.get(draft.clauseId) ?? 'another paragraph'}.{' '}
          <button type="button" className="link-button" onClick={() => props.onJump(draft.clauseId)}>
            Go back to it
          </button>
        </p>
      ) : null}

      {composing && draft ? (
        <Composer
          documentId={props.documentId}
          label={clause.label}
          target={draft}
          body={props.draftBody}
          onBody={props.onDraftBody}
          onCancel={props.onCancelDraft}
          onCreated={props.onCreated}
        />
      ) : canComment ? (
        <button type="button" className="button button--small discussion__new" onClick={props.onNewThread}>
          <svg className="button__icon" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" />
          </svg>
          New thread on {clause.label}
        </button>
      ) : null}

      {open.length === 0 && resolved.length === 0 && !composing ? (
        <p className="muted discussion__empty">No threads on {clause.label} yet.</p>
      ) : null}

      {open.length ? (
        <ul className="threads" aria-label={`Open threads on ${clause.label}`}>
          {open.map((t) => (
            <ThreadView key={t.id} {...threadProps(t)} />
          ))}
        </ul>
      ) : null}

      {resolved.length ? (
        <>
          <h3 className="discussion__subheading">Resolved ({resolved.length})</h3>
          <ul className="threads threads--resolved" aria-label={`Resolved threads on ${clause.label}`}>
            {resolved.map((t) => (
              <ThreadView key={t.id} {...threadProps(t)} />
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function StatusControl({ documentId, clauseId, status, onClauseState }: {
  documentId: string;
  clauseId: string;
  status: ClauseStatus;
  onClauseState: (c: ClauseState) => void;
}) {
  const [busy, error, run] = useAction();
  return (
    <div className="status-control-wrap">
      <div className="status-control" role="group" aria-label="Status of this paragraph" data-testid="clause-status-control">
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`status-control__option status-control__option--${s}${s === status ? ' is-active' : ''}`}
            aria-pressed={s === status}
            disabled={busy}
            onClick={() => {
              if (s === status) return;
              void run(async () => {
                const { clause } = await api.setClauseStatus(documentId, clauseId, s);
                onClauseState(clause);
              });
            }}
          >
            {CLAUSE_STATUS_LABEL[s]}
          </button>
        ))}
      </div>
      {error ? <p className="field__error">{error}</p> : null}
    </div>
  );
}

function Composer({ documentId, label, target, body, onBody: setBody, onCancel, onCreated }: {
  documentId: string;
  label: string;
  target: CommentTarget;
  body: string;
  onBody: (body: string) => void;
  onCancel: () => void;
  onCreated: (t: Thread) => void;
}) {
  const [busy, error, run] = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim() || busy) return;
    await run(async () => {
      const { thread } = await api.openThread(documentId, {
        clauseId: target.clauseId,
        body,
        ...(target.quote ? { quote: target.quote } : {}),
      });
      onCreated(thread);
      // The composer goes; focus goes to the new thread's first comment rather than to <body>.
      const first = thread.comments[0];
      if (first) focusWhenShown(commentFocusKey(first.id));
    });
  };

  return (
    <form className="composer" onSubmit={submit} data-testid="composer">
      <p className="composer__title">New thread on {label}</p>
      {target.quote ? (
        <blockquote className="quote">
          <span className="quote__text">{target.quote.text}</span>
        </blockquote>
      ) : (
        <p className="composer__hint">On the whole paragraph. Select words in it first to quote them.</p>
      )}
      <textarea
        data-testid="thread-composer"
        aria-label={`Your comment on ${label}`}
        placeholder={`Your comment on ${label}…`}
        value={body}
        maxLength={MAX_COMMENT_LENGTH}
        rows={4}
        autoFocus
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
          else submitOnModEnter(e);
        }}
      />
      {error ? <p className="field__error">{error}</p> : null}
      <div className="form-actions">
        <button type="button" className="button button--ghost button--small" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary button--small" disabled={busy || !body.trim()}>
          Comment
        </button>
      </div>
    </form>
  );
}

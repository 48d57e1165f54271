import { useMemo, useState } from 'react';
import type { Desk, Thread, ThreadStatus } from '../../shared/api/index.js';
import { api } from '../api.js';
import { useDocumentEvents } from '../discussion/events.js';
import { useDiscussionStore } from '../discussion/store.js';
import { AuthorName, RelativeTime, StatusTag } from '../discussion/ui.js';
import { useSoon } from '../discussion/useSoon.js';
import { FilterBar, NO_DELEGATION, useDelegationCodes } from '../panels/FilterBar.js';
import { navigate } from '../router.js';
import { useLoad } from '../useLoad.js';
import { clauseHref, DocumentFrame } from './DocumentFrame.js';

type StatusFilter = ThreadStatus | 'all';
const THREAD_STATUSES = [
  ['open', 'Open'],
  ['resolved', 'Resolved'],
  ['all', 'All'],
] as const;

/** Every thread of the document, filtered by status, clause and the opener's delegation; each jumps to its clause. */
export function DiscussionPage({ documentId }: { documentId: string }) {
  const [store, snapshot] = useDiscussionStore(documentId);
  const [desk, reloadDesk] = useLoad(() => api.desk(documentId), documentId);
  const reloadDeskSoon = useSoon(reloadDesk);
  const [generation, setGeneration] = useState(0);

  useDocumentEvents(documentId, {
    onEvent: (event) => {
      store.apply(event);
      if (event.type === 'clauseStatus' || event.type === 'thread') reloadDeskSoon();
    },
    onResumed: () => {
      void store.load();
      reloadDesk();
    },
    onAccessEnded: () => setGeneration((g) => g + 1),
  });

  const openCount = snapshot.threads.filter((t) => t.status === 'open').length;
  return (
    <DocumentFrame key={generation} documentId={documentId} view="discussion" openThreads={openCount}>
      {() => (
        <DiscussionView
          documentId={documentId}
          threads={snapshot.threads}
          loaded={snapshot.loaded}
          error={snapshot.error}
          desk={desk.state === 'ready' ? desk.value : null}
          onRetry={() => void store.load()}
        />
      )}
    </DocumentFrame>
  );
}

function DiscussionView({ documentId, threads, loaded, error, desk, onRetry }: {
  documentId: string;
  threads: readonly Thread[];
  loaded: boolean;
  error: string | null;
  desk: Desk | null;
  onRetry: () => void;
}) {
  const [status, setStatus] = useState<StatusFilter>('open');
  const [clauseId, setClauseId] = useState('');
  const [delegation, setDelegation] = useState('');

  const clauses = useMemo(() => desk?.clauses ?? [], [desk]);
  const labels = useMemo(() => new Map(clauses.map((c) => [c.clauseId, c.label])), [clauses]);
  const order = useMemo(() => new Map(clauses.map((c, i) => [c.clauseId, i])), [clauses]);
  const statusOf = useMemo(() => new Map(clauses.map((c) => [c.clauseId, c.status])), [clauses]);
  const delegations = useDelegationCodes(threads, (t) => t.createdBy.delegation?.code);

  const shown = useMemo(
    () =>
      threads
        .filter((t) => status === 'all' || t.status === status)
        .filter((t) => !clauseId || t.clauseId === clauseId)
        .filter((t) => !delegation || (t.createdBy.delegation?.code ?? NO_DELEGATION) === delegation)
        // In the order of the text, then oldest first; threads on deleted paragraphs last.
        .sort((a, b) => (order.get(a.clauseId) ?? 1e9) - (order.get(b.clauseId) ?? 1e9) || a.createdAt.localeCompare(b.createdAt)),
    [threads, status, clauseId, delegation, order],
  );

  const counts = { open: threads.filter((t) => t.status === 'open').length, resolved: threads.filter((t) => t.status === 'resolved').length };

  return (
    <section className="view" data-testid="discussion-view" aria-labelledby="discussion-view-title">
      <div className="view__header">
        <h2 id="discussion-view-title">Discussion</h2>
        <p className="muted">
          {counts.open} open thread{counts.open === 1 ? '' : 's'}, {counts.resolved} resolved
        </p>
      </div>

      <FilterBar
        label="Filter threads"
        statuses={THREAD_STATUSES}
        status={status}
        onStatus={setStatus}
        clauses={clauses}
        clauseId={clauseId}
        onClause={setClauseId}
        delegations={delegations}
        delegation={delegation}
        onDelegation={setDelegation}
      />

      {error && !loaded ? (
        <div className="empty-state">
          <p className="form-error">{error}</p>
          <button className="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      ) : !loaded ? (
        <p className="muted">Loading the threads…</p>
      ) : shown.length === 0 ? (
        <div className="empty-state">
          <h2>No threads</h2>
          <p>{threads.length ? 'No thread matches these filters.' : 'Nobody has opened a thread on this document yet.'}</p>
        </div>
      ) : (
        <ul className="thread-rows">
          {shown.map((t) => (
            <ThreadRow
              key={t.id}
              thread={t}
              label={labels.get(t.clauseId) ?? null}
              clauseStatus={statusOf.get(t.clauseId) ?? 'open'}
              href={clauseHref(documentId, t.clauseId, t.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ThreadRow({ thread: t, label, clauseStatus, href }: { thread: Thread; label: string | null; clauseStatus: 'open' | 'adRef' | 'agreed'; href: string }) {
  const first = t.comments[0];
  const replies = Math.max(0, t.comments.length - 1);
  const go = () => navigate(href);
  return (
    <li
      className={`thread-row${t.status === 'resolved' ? ' thread-row--resolved' : ''}`}
      data-testid="discussion-row"
      data-thread-id={t.id}
      data-clause-id={t.clauseId}
    >
      <a
        className="thread-row__link"
        href={href}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          go();
        }}
      >
        <span className="thread-row__clause">
          <span className="clause-label">{label ?? 'Deleted'}</span>
          <StatusTag status={clauseStatus} />
        </span>
        <span className="thread-row__main">
          {t.quote ? (
            t.quote.current === null ? (
              <span className="thread-row__quote thread-row__quote--gone">
                <s>{t.quote.text}</s> <em>(the quoted words have been deleted)</em>
              </span>
            ) : (
              <span className="thread-row__quote">“{t.quote.current}”</span>
            )
          ) : null}
          <span className="thread-row__body">{first ? (first.deleted ? 'This comment was deleted' : first.body) : ''}</span>
          <span className="thread-row__meta">
            <AuthorName author={t.createdBy} />
            <RelativeTime iso={t.createdAt} />
            <span>
              {replies} repl{replies === 1 ? 'y' : 'ies'}
            </span>
            {replies ? <RelativeTime iso={t.lastActivityAt} prefix="last" /> : null}
          </span>
        </span>
        <span className={`thread-state thread-state--${t.status}`}>{t.status === 'open' ? 'Open' : 'Resolved'}</span>
      </a>
    </li>
  );
}

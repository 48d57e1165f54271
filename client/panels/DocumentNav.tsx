import { useEffect, useState } from 'react';
import type { DocumentSummary } from '../../shared/api/index.js';
import { api } from '../api.js';
import { useAction } from '../discussion/ThreadView.js';
import { Link } from '../router.js';

export type DocumentView = 'text' | 'discussion' | 'desk';

/** The three views of a document: its text, its discussion, and the chair's desk. */
export function DocumentNav({ documentId, current, openThreads }: { documentId: string; current: DocumentView; openThreads?: number }) {
  const base = `/documents/${encodeURIComponent(documentId)}`;
  const here = (view: DocumentView) => (view === current ? 'page' : undefined);
  return (
    <nav className="doc-nav" aria-label="Views of this document">
      <Link to={base} aria-current={here('text')}>
        Text
      </Link>
      <Link to={`${base}/discussion`} aria-current={here('discussion')} data-testid="discussion-link">
        Discussion
        {openThreads ? <span className="doc-nav__count" aria-label={`${openThreads} open`}>{openThreads}</span> : null}
      </Link>
      <Link to={`${base}/desk`} aria-current={here('desk')} data-testid="desk-link">
        Chair’s desk
      </Link>
    </nav>
  );
}

/** The document setting the secretariat and the chair may change: whether observers may comment. */
export function ObserversMayComment({ document: d, onChanged }: { document: DocumentSummary; onChanged: () => void }) {
  const [pending, setPending] = useState<boolean | null>(null);
  const [busy, error, run] = useAction();
  const value = pending ?? d.observersMayComment;
  // Once the document as reloaded says so, the switch follows it again.
  useEffect(() => setPending(null), [d.observersMayComment]);
  return (
    <div className="setting">
      <label className="toggle" title="Observers may open threads and reply in this document">
        <input
          type="checkbox"
          role="switch"
          data-testid="observers-may-comment"
          checked={value}
          disabled={busy}
          onChange={(e) => {
            const next = e.target.checked;
            setPending(next);
            void run(async () => {
              await api.setSettings(d.id, { observersMayComment: next });
              onChanged();
            }).then((ok) => {
              if (!ok) setPending(null);
            });
          }}
        />
        <span className="toggle__track" aria-hidden="true" />
        <span>Observers may comment</span>
      </label>
      {error ? <p className="field__error">{error}</p> : null}
    </div>
  );
}

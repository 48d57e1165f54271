import type { ReactNode } from 'react';
import type { DocumentDetail } from '../../shared/api/index.js';
import { api } from '../api.js';
import { formatDates, STATUS_LABEL } from '../format.js';
import { DocumentNav, EditingPhaseTag, type DocumentView } from '../panels/DocumentNav.js';
import { Link } from '../router.js';
import { useLoad } from '../useLoad.js';
import { NotFoundPage } from './NotFoundPage.js';

/**
 * The frame of a document's discussion view and desk: the document as the server describes it to
 * this person (403 and 404 as pages), its title, and the views of the document.
 */
export function DocumentFrame({ documentId, view, openThreads, pendingAmendments, children }: {
  documentId: string;
  view: DocumentView;
  openThreads?: number;
  pendingAmendments?: number;
  children: (document: DocumentDetail, reload: () => void) => ReactNode;
}) {
  const [detail, reload] = useLoad(() => api.document(documentId).then((r) => r.document), documentId);

  if (detail.state === 'loading') return <div className="page muted">Opening the document…</div>;
  if (detail.state === 'failed') {
    if (detail.status === 404) return <NotFoundPage message="There is no document at this address." />;
    if (detail.status === 403) {
      return <NotFoundPage message="You are not a member of this document. Ask the secretariat or the chair to add you." />;
    }
    return (
      <div className="page">
        <p className="form-error">{detail.message}</p>
        <button className="button" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }
  const d = detail.value;
  const dates = formatDates(d.startsOn, d.endsOn);
  return (
    <div className="document-page document-page--view" data-document-id={d.id}>
      <header className="doc-header">
        <div className="doc-header__titles">
          <Link className="doc-header__back" to="/">
            ← Documents
          </Link>
          <h1 className="doc-header__title">{d.title}</h1>
          <p className="doc-header__meta">
            {d.symbol ? <span className="symbol">{d.symbol}</span> : null}
            {d.venue ? <span>{d.venue}</span> : null}
            {dates ? <span>{dates}</span> : null}
            <span className={`badge badge--${d.status}`}>{STATUS_LABEL[d.status]}</span>
            {d.status !== 'adopted' ? <EditingPhaseTag phase={d.editingPhase} /> : null}
          </p>
        </div>
      </header>
      <div className="doc-bar">
        <DocumentNav
          documentId={d.id}
          current={view}
          {...(openThreads !== undefined ? { openThreads } : {})}
          {...(pendingAmendments !== undefined ? { pendingAmendments } : {})}
        />
      </div>
      {children(d, reload)}
    </div>
  );
}

/** The editor's address for a clause (and a thread in it): the document page selects and shows it. */
export function clauseHref(documentId: string, clauseId: string, threadId?: string): string {
  const params = new URLSearchParams({ clause: clauseId });
  if (threadId) params.set('thread', threadId);
  return `/documents/${encodeURIComponent(documentId)}?${params.toString()}`;
}

import type { ReactNode } from 'react';
import type { DocumentDetail } from '../../shared/api/index.js';
import { api } from '../api.js';
import { DocumentNav, type DocumentView } from '../panels/DocumentNav.js';
import { useLoad } from '../useLoad.js';
import { DocumentTitles } from './DocumentTitles.js';
import { DocumentUnavailable } from './DocumentUnavailable.js';

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

  if (detail.state !== 'ready') return <DocumentUnavailable detail={detail} reload={reload} />;
  const d = detail.value;
  return (
    <div className="document-page document-page--view" data-document-id={d.id}>
      <header className="doc-header">
        <DocumentTitles document={d} phase={d.editingPhase} />
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

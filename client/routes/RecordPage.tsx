import type { ArchiveRecordDetail } from '../../shared/api/index.js';
import { Link } from '../router.js';
import { useLoad } from '../useLoad.js';
import { archiveApi } from '../archive/api.js';
import { RecordDelegations, RecordHeader } from '../archive/RecordHeader.js';
import { RecordText } from '../archive/RecordText.js';
import { RecordDownloads } from '../archive/RecordDownloads.js';
import { IntegrityCheck } from '../archive/IntegrityCheck.js';
import { RevisionTimeline } from '../archive/RevisionTimeline.js';
import { SilenceHistory } from '../archive/SilenceHistory.js';
import { RecordStatistics } from '../archive/RecordStatistics.js';
import '../archive/archive.css';

/** The archive record of an adopted text: the text as adopted, and everything needed to cite and trust it. */
export function RecordPage({ documentId }: { documentId: string }) {
  const [record, reload] = useLoad(() => archiveApi.record(documentId).then((r) => r.record), documentId);

  if (record.state === 'loading') return <div className="page muted">Opening the record…</div>;
  if (record.state === 'failed') {
    if (record.status === 404 || record.status === 403) {
      return (
        <div className="empty-page" data-testid="record-unavailable">
          <h1>{record.status === 404 ? 'No archive record' : 'Not available to you'}</h1>
          <p>
            {record.status === 404
              ? 'This document has no archive record: it does not exist, or it has not been adopted yet.'
              : 'You may read the records of the negotiations you took part in. Archivists and the secretariat read them all.'}
          </p>
          <div className="record-unavailable__actions">
            <Link className="button" to="/archive">
              Back to the archive
            </Link>
            {record.status === 404 ? (
              <Link className="button button--ghost" to={`/documents/${encodeURIComponent(documentId)}`}>
                Open the document
              </Link>
            ) : null}
          </div>
        </div>
      );
    }
    return (
      <div className="page">
        <p className="form-error" role="alert">
          {record.message}
        </p>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }
  return <Record record={record.value} />;
}

function Record({ record }: { record: ArchiveRecordDetail }) {
  return (
    <div className="page page--wide record-page" data-testid="record-page">
      <nav className="record-page__back" aria-label="Breadcrumb">
        <Link to="/archive">Archive</Link>
        <span aria-hidden="true"> / </span>
        <span className="symbol">{record.symbol}</span>
      </nav>
      <RecordHeader record={record} />
      <div className="record-layout">
        <div className="record-layout__main">
          <RecordText record={record} />
          <RevisionTimeline documentId={record.documentId} revisions={record.revisions} adoptedAt={record.adoptedAt} timeZone={record.timeZone} symbol={record.symbol} />
          <SilenceHistory silences={record.silence} via={record.via} timeZone={record.timeZone} />
          <RecordStatistics statistics={record.statistics} />
        </div>
        <aside className="record-layout__side" aria-label="About this record">
          <RecordDownloads documentId={record.documentId} />
          <IntegrityCheck hash={record.hash} />
          <RecordDelegations delegations={record.delegations} />
        </aside>
      </div>
    </div>
  );
}

import type { DocumentDetail } from '../../shared/api/index.js';
import type { Loadable } from '../useLoad.js';
import { NotFoundPage } from './NotFoundPage.js';

/**
 * What stands in for a document while it opens or when it does not: 404 and 403 as pages,
 * any other failure with a way to try again. Null once the document is there.
 */
export function DocumentUnavailable({ detail, reload }: { detail: Loadable<DocumentDetail>; reload: () => void }) {
  if (detail.state === 'loading') return <div className="page muted">Opening the document…</div>;
  if (detail.state === 'ready') return null;
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

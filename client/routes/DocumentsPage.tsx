import type { DocumentSummary } from '../../shared/api/index.js';
import { api } from '../api.js';
import { formatDates, ROLE_LABEL, STATUS_LABEL } from '../format.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';
import '../archive/archive.css';

/** The documents the person may open. */
export function DocumentsPage() {
  const { me } = useSession();
  const [documents] = useLoad(() => api.documents().then((r) => r.documents), 'documents');
  const mayCreate = me.abilities.createDocument;

  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>Documents</h1>
          <p className="page__lead">Drafts under negotiation and adopted texts you take part in.</p>
        </div>
        {mayCreate ? (
          <Link className="button button--primary" to="/admin#new-document">
            New document
          </Link>
        ) : me.workspaceRole === 'archivist' ? (
          <Link className="button button--primary" to="/archive">
            Search the archive
          </Link>
        ) : null}
      </header>
      {documents.state === 'loading' ? <p className="muted">Loading documents…</p> : null}
      {documents.state === 'failed' ? <p className="form-error">{documents.message}</p> : null}
      {documents.state === 'ready' ? (
        documents.value.length ? (
          <ul className="document-list" data-testid="document-list">
            {documents.value.map((d) => (
              <DocumentRow key={d.id} document={d} />
            ))}
          </ul>
        ) : (
          <div className="empty-state">
            <h2>No documents yet</h2>
            <p>
              {mayCreate
                ? 'Create a document in Administration, then add the delegations that negotiate it.'
                : 'When the secretariat adds you to a negotiation, its document appears here.'}
            </p>
          </div>
        )
      ) : null}
    </div>
  );
}

function DocumentRow({ document: d }: { document: DocumentSummary }) {
  const dates = formatDates(d.startsOn, d.endsOn);
  const role = d.role ? ROLE_LABEL[d.role] : d.abilities.manageMembers ? 'Secretariat' : null;
  const adopted = d.status === 'adopted';
  return (
    <li className={`document-row${adopted ? ' document-row--adopted' : ''}`}>
      <Link className="document-row__link" to={`/documents/${encodeURIComponent(d.id)}`} data-testid="document-link">
        <span className="document-row__main">
          <span className="document-row__title">{d.title}</span>
          <span className="document-row__meta">
            {d.symbol ? <span className="symbol">{d.symbol}</span> : null}
            {d.venue ? <span>{d.venue}</span> : null}
            {dates ? <span>{dates}</span> : null}
          </span>
        </span>
        <span className="document-row__side">
          <span className={`badge badge--${d.status}`}>{STATUS_LABEL[d.status]}</span>
          {role ? <span className="document-row__role">{role}</span> : null}
          {!d.abilities.edit && d.abilities.read ? <span className="document-row__role">Read only</span> : null}
        </span>
      </Link>
      {adopted ? (
        // Beside the row's link, not inside it: a link cannot hold another link.
        <Link className="button button--small document-row__record" to={`/archive/${encodeURIComponent(d.id)}`} data-testid="document-record-link">
          Record
        </Link>
      ) : null}
    </li>
  );
}

import { Link, type Route } from '../router.js';
import { useSession } from '../session.js';
import { Avatar } from './Avatar.js';
import { NEUTRAL_COLOR } from '../format.js';

export function Wordmark() {
  return (
    <span className="wordmark">
      <svg className="wordmark__mark" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" />
        <path d="M9 23 16 8l7 15M11.5 18h9" />
      </svg>
      Accord
    </span>
  );
}

export function TopBar({ route }: { route: Route }) {
  const { me, signOut } = useSession();
  const affiliation = me.delegation
    ? `${me.delegation.code} · ${me.delegation.name}`
    : me.workspaceRole === 'secretariat'
      ? 'Secretariat'
      : me.workspaceRole === 'archivist'
        ? 'Archives'
        : '';
  const current = (name: Route['name']) => (route.name === name ? 'page' : undefined);
  // Archivists work in the archive: for them it comes first.
  const archivist = me.workspaceRole === 'archivist';
  const archive = (
    <Link to="/archive" aria-current={route.name === 'archive' || route.name === 'archiveRecord' ? 'page' : undefined} data-testid="archive-link">
      Archive
    </Link>
  );
  return (
    <header className="topbar">
      <Link to={archivist ? '/archive' : '/'} className="topbar__brand" aria-label={archivist ? 'Accord, the archive' : 'Accord, all documents'}>
        <Wordmark />
      </Link>
      <nav className="topbar__nav" aria-label="Main">
        {archivist ? archive : null}
        <Link to="/" aria-current={current('documents')}>
          Documents
        </Link>
        {archivist ? null : archive}
        {me.abilities.administer ? (
          <Link to="/admin" aria-current={route.name === 'admin' || route.name === 'import' ? 'page' : undefined}>
            Administration
          </Link>
        ) : null}
      </nav>
      <div className="topbar__person" data-testid="current-user">
        <Avatar name={me.user.name} color={me.delegation?.color ?? NEUTRAL_COLOR} size="small" />
        <span className="topbar__who">
          <span className="topbar__name">{me.user.name}</span>
          {affiliation ? <span className="topbar__affiliation">{affiliation}</span> : null}
        </span>
        <button type="button" className="button button--ghost button--small" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}

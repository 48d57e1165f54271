import type { DocumentAbilities, DocumentDetail, EditingPhase, Me } from '../../shared/api/index.js';
import { CloseCode } from '../../shared/close-codes.js';
import type { ConnectionState } from '../editor/connection.js';
import { ConnectionStatus } from '../panels/ConnectionStatus.js';
import { EditingPhaseControl, ObserversMayComment } from '../panels/DocumentNav.js';
import { VenueSetting } from '../panels/VenueSettings.js';
import { ROLE_LABEL } from '../format.js';
import { DocumentTitles } from '../routes/DocumentTitles.js';

/** The document's titles, the person's role in it, the connection, and the settings one may change. */
export function DocumentHeader({
  document: d,
  me,
  abilities,
  phase,
  status,
  onSignInAgain,
  onPhaseChanged,
  onChanged,
}: {
  document: DocumentDetail;
  me: Me;
  abilities: DocumentAbilities;
  phase: EditingPhase;
  status: ConnectionState['status'];
  onSignInAgain: () => void;
  onPhaseChanged: (phase: EditingPhase) => void;
  /** A setting changed: load the document again. */
  onChanged: () => void;
}) {
  const role = d.role ? ROLE_LABEL[d.role] : me.workspaceRole === 'secretariat' ? 'Secretariat' : null;
  return (
    <header className="doc-header">
      <DocumentTitles document={d} phase={phase}>
        {role ? (
          <span className="doc-header__role" data-testid="document-role">
            You: <strong>{role}</strong>
          </span>
        ) : null}
      </DocumentTitles>
      <div className="doc-header__side">
        <ConnectionStatus status={status} />
        {status.kind === 'stopped' && status.code === CloseCode.sessionEnded ? (
          <button className="button button--small" onClick={onSignInAgain}>
            Sign in again
          </button>
        ) : null}
        {abilities.configure ? <EditingPhaseControl document={d} phase={phase} onChanged={onPhaseChanged} /> : null}
        {abilities.configure ? <ObserversMayComment document={d} onChanged={onChanged} /> : null}
        {abilities.configure ? <VenueSetting document={d} onChanged={onChanged} /> : null}
      </div>
    </header>
  );
}

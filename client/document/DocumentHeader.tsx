import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { DocumentAbilities, DocumentDetail, EditingPhase, Me } from '../../shared/api/index.js';
import { CloseCode } from '../../shared/close-codes.js';
import type { ConnectionState } from '../editor/connection.js';
import { ConnectionStatus } from '../panels/ConnectionStatus.js';
import { EditingPhaseControl, ObserversMayComment } from '../panels/DocumentNav.js';
import { VenueSetting } from '../panels/VenueSettings.js';
import { ROLE_LABEL } from '../format.js';
import { DocumentTitles } from '../routes/DocumentTitles.js';

/**
 * The document's titles, the person's role in it, the connection, and the settings one may change.
 * The editing phase, changed during a session, stays in view; the settings changed once (observers,
 * venue) wait behind a menu, so the text starts on a laptop's first screen.
 */
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
        <ConnectionStatus status={status} />
        {status.kind === 'stopped' && status.code === CloseCode.sessionEnded ? (
          <button className="button button--small" onClick={onSignInAgain}>
            Sign in again
          </button>
        ) : null}
      </DocumentTitles>
      {abilities.configure ? (
        <div className="doc-header__side">
          <EditingPhaseControl document={d} phase={phase} onChanged={onPhaseChanged} />
          <SettingsMenu>
            <ObserversMayComment document={d} onChanged={onChanged} />
            <VenueSetting document={d} onChanged={onChanged} />
          </SettingsMenu>
        </div>
      ) : null}
    </header>
  );
}

/**
 * A disclosure: "Settings" opens a small panel under it. Escape and a click elsewhere close it, and
 * focus goes back to the button. It stays mounted while closed, so a dialog opened from it (the
 * venue's) keeps its state.
 */
function SettingsMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (event.target instanceof Node && !root.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  return (
    <div
      className="settings-menu"
      ref={root}
      onKeyDown={(event) => {
        // A dialog opened from the menu closes itself on Escape; the menu waits for the next one.
        if (event.key !== 'Escape' || !open || (event.target instanceof Element && event.target.closest('dialog'))) return;
        event.preventDefault();
        setOpen(false);
        button.current?.focus();
      }}
    >
      <button
        ref={button}
        type="button"
        className="button button--small settings-menu__button"
        aria-expanded={open}
        aria-controls={id}
        data-testid="document-settings"
        onClick={() => setOpen((o) => !o)}
      >
        <svg viewBox="0 0 20 20" aria-hidden="true" className="button__icon">
          <path d="M4 6h12M4 10h12M4 14h12" />
        </svg>
        Settings
      </button>
      <div id={id} className="settings-menu__panel" hidden={!open} role="group" aria-label="Document settings">
        {children}
      </div>
    </div>
  );
}

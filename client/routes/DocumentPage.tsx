import { useEffect, useMemo } from 'react';
import type { DocumentDetail, PresenceUser } from '../../shared/api/index.js';
import { CloseCode } from '../../shared/close-codes.js';
import { api, ApiRequestError } from '../api.js';
import { useDocumentConnection, stopMessage, type DocumentConnection } from '../editor/connection.js';
import { DeclarationEditor } from '../editor/DeclarationEditor.js';
import { usePresence } from '../editor/presence.js';
import { formatDates, NEUTRAL_COLOR, ROLE_LABEL, STATUS_LABEL } from '../format.js';
import { ConnectionStatus } from '../panels/ConnectionStatus.js';
import { ParticipantsPanel } from '../panels/ParticipantsPanel.js';
import { PresenceList } from '../panels/PresenceList.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';
import { NotFoundPage } from './NotFoundPage.js';

/** The last details seen of a document, so that it still opens from this device's copy when offline. */
const cacheKey = (id: string) => `accord-doc-meta-${id}`;

async function loadDocument(id: string): Promise<DocumentDetail> {
  try {
    const { document } = await api.document(id);
    try {
      localStorage.setItem(cacheKey(id), JSON.stringify(document));
    } catch {
      // Storage full or disabled: the page works without the offline cache.
    }
    return document;
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 0) {
      const cached = localStorage.getItem(cacheKey(id));
      if (cached) return JSON.parse(cached) as DocumentDetail;
    }
    if (error instanceof ApiRequestError && (error.status === 403 || error.status === 404)) localStorage.removeItem(cacheKey(id));
    throw error;
  }
}

export function DocumentPage({ documentId }: { documentId: string }) {
  const [detail, reload] = useLoad(() => loadDocument(documentId), documentId);

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
  return <DocumentWorkspace document={detail.value} reload={reload} />;
}

function DocumentWorkspace({ document: d, reload }: { document: DocumentDetail; reload: () => void }) {
  const { me, refresh } = useSession();
  const [connection, state] = useDocumentConnection(d.id, d.abilities.read);

  useDocumentWatch(connection, d.id, reload);
  const people = usePresence(connection?.provider.awareness ?? null, me.user.id);
  const online = useMemo(() => new Set(people.map((p) => p.user.userId)), [people]);

  const self = useMemo<PresenceUser>(
    () => ({
      userId: me.user.id,
      name: me.user.name,
      delegationCode: me.delegation?.code ?? null,
      color: me.delegation?.color ?? NEUTRAL_COLOR,
      role: d.role ?? 'secretariat',
      readOnly: !d.abilities.edit,
    }),
    [me, d.role, d.abilities.edit],
  );

  const status = state?.status ?? { kind: 'connecting' as const };
  const stoppedCode = status.kind === 'stopped' ? status.code : null;
  const editable = d.abilities.edit && d.status !== 'adopted' && stoppedCode !== CloseCode.accessRevoked && stoppedCode !== CloseCode.documentUnavailable;
  const dates = formatDates(d.startsOn, d.endsOn);
  const role = d.role ? ROLE_LABEL[d.role] : me.workspaceRole === 'secretariat' ? 'Secretariat' : null;

  return (
    <div className="document-page" data-document-id={d.id}>
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
            {role ? (
              <span className="doc-header__role" data-testid="document-role">
                You: <strong>{role}</strong>
              </span>
            ) : null}
          </p>
        </div>
        <div className="doc-header__side">
          <ConnectionStatus status={status} />
          {status.kind === 'stopped' && status.code === CloseCode.sessionEnded ? (
            <button className="button button--small" onClick={() => void refresh()}>
              Sign in again
            </button>
          ) : null}
        </div>
      </header>

      <div className="doc-bar">
        <PresenceList people={people} />
      </div>

      {!d.abilities.edit ? (
        <p className="notice notice--read-only" data-testid="read-only-notice" role="note">
          {d.status === 'adopted'
            ? 'Read only — this text has been adopted. It is kept in the archive with its record.'
            : d.role === 'observer'
              ? 'Read only — you are an observer. You follow the text as it is negotiated, live.'
              : 'Read only — you may read this document but not edit it.'}
        </p>
      ) : null}

      <div className="doc-body">
        {connection && state?.contentReady ? (
          <DeclarationEditor connection={connection} numbering={d.numbering} editable={editable} user={self} />
        ) : (
          <div className="paper-column">
            <div className="paper paper--loading" aria-busy="true">
              {status.kind === 'stopped' ? (
                <p>{status.message}</p>
              ) : status.kind === 'offline' ? (
                <p>This document has not been opened on this device before. It appears as soon as the connection returns.</p>
              ) : (
                <p>Loading the text…</p>
              )}
            </div>
          </div>
        )}
        <ParticipantsPanel members={d.members} online={online} />
      </div>
    </div>
  );
}

/** Keeps the page honest with the server: a new role after 4409, and why connecting keeps failing. */
function useDocumentWatch(connection: DocumentConnection | null, documentId: string, reload: () => void) {
  useEffect(() => {
    if (!connection) return;
    connection.onRoleChanged = reload;
    connection.onRepeatedFailure = () => {
      api.document(documentId).then(
        () => undefined,
        (error: unknown) => {
          if (!(error instanceof ApiRequestError)) return;
          // 401 is handled by the app (back to sign-in); these two mean the socket will never open.
          if (error.status === 403) connection.stop(CloseCode.accessRevoked, stopMessage(CloseCode.accessRevoked, ''));
          if (error.status === 404) connection.stop(CloseCode.documentUnavailable, 'This document no longer exists.');
        },
      );
    };
    return () => {
      connection.onRoleChanged = null;
      connection.onRepeatedFailure = null;
    };
  }, [connection, documentId, reload]);
}

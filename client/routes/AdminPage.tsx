import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { useLoad } from '../useLoad.js';
import { Link } from '../router.js';
import { DelegationsPanel } from '../panels/admin/DelegationsPanel.js';
import { AccountsPanel } from '../panels/admin/AccountsPanel.js';
import { NewDocumentPanel } from '../panels/admin/NewDocumentPanel.js';
import { MembersPanel } from '../panels/admin/MembersPanel.js';
import { InvitationsPanel } from '../panels/admin/InvitationsPanel.js';
import type { Delegation, DocumentSummary, User } from '../../shared/api/index.js';

/** The secretariat's page: delegations, accounts, documents and who takes part in each. */
export function AdminPage() {
  const [delegations, reloadDelegations] = useLoad(() => api.delegations().then((r) => r.delegations), 'delegations');
  const [users, reloadUsers] = useLoad(() => api.users().then((r) => r.users), 'users');
  const [documents, reloadDocuments] = useLoad(() => api.documents().then((r) => r.documents), 'documents');
  const [selected, setSelected] = useState<string | null>(null);

  const delegationList: Delegation[] = delegations.state === 'ready' ? delegations.value : [];
  const userList: User[] = users.state === 'ready' ? users.value : [];
  const documentList: DocumentSummary[] = documents.state === 'ready' ? documents.value : [];

  // Arriving at /admin#new-document (the documents page's "New document"): the panel comes into view
  // below the sticky top bar (its scroll-margin-top, admin.css), and its first field takes the focus.
  useEffect(() => {
    const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    const first = target.querySelector<HTMLElement>('input, select, textarea') ?? target.querySelector<HTMLElement>('h2');
    first?.focus({ preventScroll: true });
  }, []);

  const failed = [delegations, users, documents].find((l) => l.state === 'failed');

  return (
    <div className="page page--wide">
      <header className="page__header">
        <div>
          <h1>Administration</h1>
          <p className="page__lead">Register delegations, invite people, open documents for negotiation, and decide who takes part.</p>
        </div>
        <Link className="button" to="/admin/import" data-testid="import-link">
          Import a zero draft from Word
        </Link>
      </header>
      {failed && failed.state === 'failed' ? <p className="form-error">{failed.message}</p> : null}
      <div className="admin-grid">
        <DelegationsPanel delegations={delegationList} onCreated={reloadDelegations} />
        <NewDocumentPanel
          onCreated={(id) => {
            reloadDocuments();
            setSelected(id);
          }}
        />
        <InvitationsPanel delegations={delegationList} onRefresh={reloadUsers} />
        <AccountsPanel users={userList} delegations={delegationList} onCreated={reloadUsers} />
        <MembersPanel
          documents={documentList}
          users={userList}
          delegations={delegationList}
          selected={selected}
          onSelect={setSelected}
        />
      </div>
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import type { Delegation, DocumentRole, DocumentSummary, User } from '../../../shared/api/index.js';
import { api, errorMessage } from '../../api.js';
import { Field, FormError, useSubmission } from '../../forms.js';
import { DOCUMENT_ROLES, ROLE_LABEL } from '../../format.js';
import { Link } from '../../router.js';
import { useLoad } from '../../useLoad.js';
import { FormStatus } from '../FormStatus.js';
import { addedMessage, removedMessage, roleChangedMessage } from '../membershipMessages.js';

/** Who takes part in a document, and as what: chair, delegate or observer. */
export function MembersPanel({ documents, users, delegations, selected, onSelect }: {
  documents: DocumentSummary[];
  users: User[];
  delegations: Delegation[];
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  const documentId = selected ?? documents[0]?.id ?? null;
  return (
    <section className="panel panel--span" aria-labelledby="members-title" data-testid="members-panel">
      <h2 id="members-title">Members of a document</h2>
      {documents.length ? (
        <>
          <Field label="Document">
            {(p) => (
              <select {...p} value={documentId ?? ''} onChange={(e) => onSelect(e.target.value || null)} data-testid="members-document">
                {documents.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.symbol ? `${d.symbol} — ` : ''}
                    {d.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {documentId ? <DocumentMembers key={documentId} documentId={documentId} users={users} delegations={delegations} /> : null}
        </>
      ) : (
        <p className="muted">Create a document first.</p>
      )}
    </section>
  );
}

function DocumentMembers({ documentId, users, delegations }: { documentId: string; users: User[]; delegations: Delegation[] }) {
  const [detail, reload] = useLoad(() => api.document(documentId).then((r) => r.document), documentId);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<DocumentRole>('delegate');
  const [rowError, setRowError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submission = useSubmission(['role']);
  const delegationById = new Map(delegations.map((d) => [d.id, d]));

  if (detail.state === 'loading') return <p className="muted">Loading members…</p>;
  if (detail.state === 'failed') return <p className="form-error">{detail.message}</p>;
  const document = detail.value;
  const memberIds = new Set(document.members.map((m) => m.userId));
  const candidates = users.filter((u) => !memberIds.has(u.id) && u.workspaceRole !== 'archivist');

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!userId) return;
    setDone(null);
    void submission
      .run(async () => {
        const { member } = await api.setMember(documentId, userId, role);
        setDone(addedMessage(member, member.role));
      })
      .then((ok) => {
        if (!ok) return;
        setUserId('');
        reload();
      });
  };

  const change = async (memberId: string, next: DocumentRole | null) => {
    setRowError(null);
    setDone(null);
    const before = document.members.find((m) => m.userId === memberId);
    try {
      if (next) {
        const { member } = await api.setMember(documentId, memberId, next);
        setDone(roleChangedMessage(member, member.role));
      } else {
        await api.removeMember(documentId, memberId);
        if (before) setDone(removedMessage(before));
      }
      reload();
    } catch (error) {
      setRowError(errorMessage(error));
    }
  };

  return (
    <div className="members">
      <p className="members__open">
        <Link to={`/documents/${encodeURIComponent(documentId)}`}>Open the document</Link>
      </p>
      {document.members.length ? (
        <table className="table" data-testid="members-table">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Delegation</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {document.members.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.name}
                  <span className="muted table__sub">{m.email}</span>
                </td>
                <td>
                  {m.delegation ? (
                    <span className="inline-delegation">
                      <span className="swatch" style={{ backgroundColor: m.delegation.color }} />
                      {m.delegation.code}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <select
                    aria-label={`Role of ${m.name}`}
                    value={m.role}
                    onChange={(e) => void change(m.userId, e.target.value as DocumentRole)}
                  >
                    {DOCUMENT_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABEL[r]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="table__actions">
                  <button type="button" className="button button--ghost button--small button--danger" onClick={() => void change(m.userId, null)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Nobody takes part yet. Add the chair first, then the delegations.</p>
      )}
      <FormError message={rowError} />
      <FormStatus testId="members-status">{done}</FormStatus>
      <form className="form form--inline" onSubmit={add} noValidate>
        <h3>Add a person</h3>
        <div className="form__row form__row--end">
          <Field label="Person" className="field--grow">
            {(p) => (
              <select {...p} value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="member-person">
                <option value="">Choose a person…</option>
                {candidates.map((u) => {
                  const delegation = u.delegationId ? delegationById.get(u.delegationId) : undefined;
                  return (
                    <option key={u.id} value={u.id}>
                      {u.name}
                      {delegation ? ` (${delegation.code})` : u.workspaceRole === 'secretariat' ? ' (Secretariat)' : ''}
                    </option>
                  );
                })}
              </select>
            )}
          </Field>
          <Field label="Role" error={submission.fieldErrors.role}>
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value as DocumentRole)} data-testid="member-role">
                {DOCUMENT_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABEL[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button className="button button--primary" type="submit" disabled={submission.busy || !userId}>
            Add
          </button>
        </div>
        <FormError message={submission.error} />
      </form>
    </div>
  );
}

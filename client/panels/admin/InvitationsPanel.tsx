import { useState, type FormEvent } from 'react';
import type { Delegation, WorkspaceRole } from '../../../shared/api/index.js';
import type { InvitationState, InvitationSummary } from '../../../shared/api/invitations.js';
import { errorMessage } from '../../api.js';
import { Field, FormError, useSubmission } from '../../forms.js';
import { invitationLink, invitationsApi } from '../../invitations.js';
import { useLoad } from '../../useLoad.js';
import { FormStatus } from '../FormStatus.js';
import { DelegationAndRoleFields } from './AccountFields.js';
import { CopyLink } from './CopyLink.js';

const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const formatDay = (iso: string) => day.format(new Date(iso));

const STATE_LABEL: Record<InvitationState, string> = { pending: 'Not accepted yet', accepted: 'Accepted', revoked: 'Revoked', expired: 'Expired' };

/** Who the invitation makes the person: a delegation's member, the secretariat, an archivist, or a plain account. */
function invitedAs(delegation: Delegation | null | undefined, workspaceRole: WorkspaceRole | null): string {
  const parts = [delegation ? delegation.code : null, workspaceRole === 'secretariat' ? 'Secretariat' : workspaceRole === 'archivist' ? 'Archivist' : null];
  return parts.filter(Boolean).join(' · ') || 'No delegation';
}

/**
 * The secretariat invites people by email: the link is shown once, to copy and send; the list says
 * who has not accepted yet, and a pending invitation can be taken back.
 */
export function InvitationsPanel({ delegations, onRefresh }: { delegations: Delegation[]; onRefresh: () => void }) {
  const [list, reload] = useLoad(() => invitationsApi.list().then((r) => r.invitations), 'invitations');
  const [email, setEmail] = useState('');
  const [delegationId, setDelegationId] = useState('');
  const [workspaceRole, setWorkspaceRole] = useState<'' | WorkspaceRole>('');
  const [made, setMade] = useState<{ id: string; email: string; link: string; as: string; expiresAt: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const submission = useSubmission(['email', 'delegationId', 'workspaceRole']);
  const { fieldErrors } = submission;
  const delegationById = new Map(delegations.map((d) => [d.id, d]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    setMade(null);
    void submission.run(async () => {
      const { invitation } = await invitationsApi.create({ email, delegationId: delegationId || null, workspaceRole: workspaceRole || null });
      setMade({
        id: invitation.id,
        email: invitation.email,
        link: invitationLink(invitation.token),
        as: invitedAs(delegationById.get(delegationId), workspaceRole || null),
        expiresAt: invitation.expiresAt,
      });
      setEmail('');
      setWorkspaceRole('');
      reload();
    });
  };

  const revoke = async (invitation: InvitationSummary) => {
    setRowError(null);
    setStatus(null);
    try {
      await invitationsApi.revoke(invitation.id);
      if (made?.id === invitation.id) setMade(null);
      setStatus(`Invitation to ${invitation.email} revoked: its link no longer works.`);
      reload();
    } catch (error) {
      setRowError(errorMessage(error));
      reload();
    }
  };

  const invitations = list.state === 'ready' ? list.value : [];
  const waiting = invitations.filter((i) => i.state === 'pending').length;
  // Once its invitation is accepted (seen on Refresh), the link has done its work: it is not offered for copying any more.
  const shown = made && invitations.find((i) => i.id === made.id)?.state !== 'accepted' ? made : null;

  return (
    <section className="panel panel--span" id="invitations" aria-labelledby="invitations-title" data-testid="invitations-panel">
      <h2 id="invitations-title" tabIndex={-1}>
        Invitations
      </h2>
      <p className="panel__lead">
        Invite a person by email: they choose their own password when they open the link. The link is shown once, here; it works
        once, for 14 days.
      </p>
      <form className="form form--inline" onSubmit={submit} noValidate aria-labelledby="invite-title">
        <h3 id="invite-title">Invite someone</h3>
        <div className="form__row form__row--end">
          <Field label="Email" error={fieldErrors.email} className="field--grow">
            {(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />}
          </Field>
          <DelegationAndRoleFields delegations={delegations} delegationId={delegationId} onDelegation={setDelegationId} workspaceRole={workspaceRole} onWorkspaceRole={setWorkspaceRole} errors={fieldErrors} />
          <button className="button button--primary" type="submit" disabled={submission.busy}>
            Create invitation
          </button>
        </div>
        <FormError message={submission.error} />
      </form>
      <FormStatus testId="invitations-status">
        {shown ? `Invitation ready for ${shown.email} (${shown.as}). Send them the link below; it works until ${formatDay(shown.expiresAt)}.` : status}
      </FormStatus>
      {shown ? <CopyLink label={`Invitation link for ${shown.email}`} link={shown.link} testId="invitation-link" /> : null}

      <div className="invitations__heading">
        <h3>
          Sent invitations
          {list.state === 'ready' ? <span className="muted"> · {waiting ? `${waiting} not accepted yet` : 'none waiting'}</span> : null}
        </h3>
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => {
            reload();
            // Whoever accepted since has an account now: the accounts list follows.
            onRefresh();
          }}
        >
          Refresh
        </button>
      </div>
      {list.state === 'failed' ? <p className="form-error">{list.message}</p> : null}
      {list.state === 'ready' && !invitations.length ? <p className="muted">No invitations yet.</p> : null}
      {invitations.length ? (
        <table className="table" data-testid="invitations-table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Invited as</th>
              <th scope="col">Sent</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((i) => (
              <tr key={i.id} data-state={i.state}>
                <td>{i.email}</td>
                <td>
                  {i.delegation ? (
                    <span className="inline-delegation">
                      <span className="swatch" style={{ backgroundColor: i.delegation.color }} />
                      {invitedAs(i.delegation, i.workspaceRole)}
                    </span>
                  ) : (
                    invitedAs(null, i.workspaceRole)
                  )}
                </td>
                <td>
                  <time dateTime={i.createdAt}>{formatDay(i.createdAt)}</time>
                </td>
                <td>
                  <span className={`badge invitation-state invitation-state--${i.state}`}>{STATE_LABEL[i.state]}</span>
                  <span className="muted table__sub">
                    {i.state === 'accepted' && i.acceptedAt
                      ? `on ${formatDay(i.acceptedAt)}`
                      : i.state === 'revoked' && i.revokedAt
                        ? `on ${formatDay(i.revokedAt)}`
                        : i.state === 'pending'
                          ? `link works until ${formatDay(i.expiresAt)}`
                          : `on ${formatDay(i.expiresAt)}`}
                  </span>
                </td>
                <td className="table__actions">
                  {i.state === 'pending' ? (
                    <button
                      type="button"
                      className="button button--ghost button--small button--danger"
                      aria-label={`Revoke the invitation to ${i.email}`}
                      onClick={() => void revoke(i)}
                    >
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <FormError message={rowError} />
    </section>
  );
}

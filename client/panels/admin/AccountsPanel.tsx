import { useState, type FormEvent } from 'react';
import type { Delegation, User, WorkspaceRole } from '../../../shared/api/index.js';
import { api } from '../../api.js';
import { Field, FormError, useSubmission } from '../../forms.js';
import { MIN_PASSWORD_LENGTH } from '../../../shared/limits.js';
import { FormStatus } from '../FormStatus.js';
import { DelegationAndRoleFields } from './AccountFields.js';

const WORKSPACE_ROLE_LABEL: Record<WorkspaceRole, string> = { secretariat: 'Secretariat', archivist: 'Archivist' };

export function AccountsPanel({ users, delegations, onCreated }: {
  users: User[];
  delegations: Delegation[];
  onCreated: () => void;
}) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [delegationId, setDelegationId] = useState('');
  const [workspaceRole, setWorkspaceRole] = useState<'' | WorkspaceRole>('');
  const [created, setCreated] = useState<string | null>(null);
  const submission = useSubmission(['email', 'name', 'password', 'delegationId', 'workspaceRole']);
  const { fieldErrors } = submission;
  const delegationById = new Map(delegations.map((d) => [d.id, d]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    void submission
      .run(async () => {
        const { user } = await api.createUser({
          email,
          name,
          password,
          delegationId: delegationId || null,
          workspaceRole: workspaceRole || null,
        });
        setCreated(`Account created for ${user.name} (${user.email}). Give them the initial password securely; they sign in with it.`);
      })
      .then((ok) => {
        if (!ok) return;
        setEmail('');
        setName('');
        setPassword('');
        setWorkspaceRole('');
        onCreated();
      });
  };

  return (
    <section className="panel panel--span" aria-labelledby="accounts-title" data-testid="accounts-panel">
      <h2 id="accounts-title">Accounts</h2>
      {users.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Delegation</th>
              <th scope="col">Workspace role</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const delegation = u.delegationId ? delegationById.get(u.delegationId) : undefined;
              return (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td className="muted">{u.email}</td>
                  <td>
                    {delegation ? (
                      <span className="inline-delegation">
                        <span className="swatch" style={{ backgroundColor: delegation.color }} />
                        {delegation.code}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{u.workspaceRole ? WORKSPACE_ROLE_LABEL[u.workspaceRole] : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">No accounts yet.</p>
      )}
      <form className="form form--inline" onSubmit={submit} noValidate>
        <h3>Create an account with a password</h3>
        <p className="panel__lead">For someone who cannot receive an invitation link: you set their first password and pass it on.</p>
        <div className="form__row">
          <Field label="Full name" error={fieldErrors.name} className="field--grow">
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
          </Field>
          <Field label="Email" error={fieldErrors.email} className="field--grow">
            {(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />}
          </Field>
          <Field label="Initial password" error={fieldErrors.password} className="field--grow" hint={`At least ${MIN_PASSWORD_LENGTH} characters, not a common password; share it securely.`}>
            {(p) => (
              <input {...p} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
            )}
          </Field>
        </div>
        <div className="form__row">
          <DelegationAndRoleFields delegations={delegations} delegationId={delegationId} onDelegation={setDelegationId} workspaceRole={workspaceRole} onWorkspaceRole={setWorkspaceRole} errors={fieldErrors} />
        </div>
        <FormError message={submission.error} />
        <FormStatus testId="accounts-status">{created}</FormStatus>
        <button className="button button--primary" type="submit" disabled={submission.busy}>
          Create account
        </button>
      </form>
    </section>
  );
}

import type { Delegation, WorkspaceRole } from '../../../shared/api/index.js';
import { Field } from '../../forms.js';

/** What an account is, apart from who: its delegation and its workspace role (an account's form and an invitation's alike). */
export function DelegationAndRoleFields({
  delegations,
  delegationId,
  onDelegation,
  workspaceRole,
  onWorkspaceRole,
  errors,
}: {
  delegations: readonly Delegation[];
  delegationId: string;
  onDelegation: (id: string) => void;
  workspaceRole: '' | WorkspaceRole;
  onWorkspaceRole: (role: '' | WorkspaceRole) => void;
  errors: { delegationId?: string; workspaceRole?: string };
}) {
  return (
    <>
      <Field label="Delegation" error={errors.delegationId} className="field--grow">
        {(p) => (
          <select {...p} value={delegationId} onChange={(e) => onDelegation(e.target.value)}>
            <option value="">No delegation</option>
            {delegations.map((d) => (
              <option key={d.id} value={d.id}>
                {d.code} · {d.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Workspace role" error={errors.workspaceRole} className="field--grow">
        {(p) => (
          <select {...p} value={workspaceRole} onChange={(e) => onWorkspaceRole(e.target.value as '' | WorkspaceRole)}>
            <option value="">None (roles per document)</option>
            <option value="secretariat">Secretariat</option>
            <option value="archivist">Archivist</option>
          </select>
        )}
      </Field>
    </>
  );
}

import type { DelegationRow, UserRow } from '../../db/schema.js';
import type { Delegation, User } from '../../shared/api/types.js';

/** Accounts and delegations as the API shows them: camelCase, never a password hash. */

export function presentDelegation(row: DelegationRow): Delegation {
  return { id: row.id, code: row.code, name: row.name, color: row.color };
}

export function presentUser(row: Pick<UserRow, 'id' | 'email' | 'name' | 'delegation_id' | 'workspace_role'>): User {
  return { id: row.id, email: row.email, name: row.name, delegationId: row.delegation_id, workspaceRole: row.workspace_role };
}

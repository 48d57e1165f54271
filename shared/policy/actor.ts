import type { WorkspaceRole } from '../api/roles.js';

/**
 * Whoever is asking, as the policy needs to see them: the server passes its session user, the page the
 * person of `/api/me`. Both carry these fields, so the same rules run on both sides.
 */
export interface PolicyActor {
  id: string;
  workspaceRole: WorkspaceRole | null;
  delegationId: string | null;
}

export const isSecretariat = (actor: Pick<PolicyActor, 'workspaceRole'>) => actor.workspaceRole === 'secretariat';
export const isArchivist = (actor: Pick<PolicyActor, 'workspaceRole'>) => actor.workspaceRole === 'archivist';

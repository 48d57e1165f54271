import { isSecretariat, type Actor } from './actor.js';

export type WorkspaceAction = 'manageDelegations' | 'manageUsers' | 'createDocument' | 'invite' | 'listUsers';

/** Workspace-wide actions are the secretariat's. */
export function canInWorkspace(actor: Actor, _action: WorkspaceAction): boolean {
  return isSecretariat(actor);
}

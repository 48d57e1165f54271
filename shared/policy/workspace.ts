import { abilitiesOf } from './abilities.js';
import { isArchivist, isSecretariat, type PolicyActor } from './actor.js';

/**
 * Everything one may do outside a document. The abilities sent with `/api/me` are this list mapped
 * through `canInWorkspace`, so an action added here reaches the page without a second list.
 */
export const WORKSPACE_ACTIONS = [
  /** The administration pages: delegations, accounts, documents. */
  'administer',
  'manageDelegations',
  'manageUsers',
  'listUsers',
  'invite',
  /** Create a document, from scratch or by importing a Word file. */
  'createDocument',
  /** Search every adopted text in the archive, not only those of one's own negotiations. */
  'searchWholeArchive',
] as const;

export type WorkspaceAction = (typeof WORKSPACE_ACTIONS)[number];
export type WorkspaceAbilities = Record<WorkspaceAction, boolean>;

/** Workspace-wide actions are the secretariat's; the archivist also reads every adopted text. */
export function canInWorkspace(actor: Pick<PolicyActor, 'workspaceRole'>, action: WorkspaceAction): boolean {
  switch (action) {
    case 'searchWholeArchive':
      return isSecretariat(actor) || isArchivist(actor);
    case 'administer':
    case 'manageDelegations':
    case 'manageUsers':
    case 'listUsers':
    case 'invite':
    case 'createDocument':
      return isSecretariat(actor);
  }
}

export function workspaceAbilities(actor: Pick<PolicyActor, 'workspaceRole'>): WorkspaceAbilities {
  return abilitiesOf(WORKSPACE_ACTIONS, (action) => canInWorkspace(actor, action));
}

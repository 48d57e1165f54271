/** Workspace-wide actions: written once in shared/policy, for the routes and for `/api/me`. */
export { canInWorkspace, workspaceAbilities, WORKSPACE_ACTIONS, type WorkspaceAbilities, type WorkspaceAction } from '../../shared/policy/workspace.js';

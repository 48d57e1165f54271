import type { SessionUser } from '../auth/sessions.js';

/** Whoever is asking: a signed-in person, as the session names them. */
export type Actor = SessionUser;

export const isSecretariat = (actor: Actor) => actor.workspaceRole === 'secretariat';
export const isArchivist = (actor: Actor) => actor.workspaceRole === 'archivist';

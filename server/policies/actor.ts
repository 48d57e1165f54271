import type { SessionUser } from '../auth/sessions.js';

/** Whoever is asking: a signed-in person, as the session names them (a `PolicyActor` of shared/policy). */
export type Actor = SessionUser;

export { isArchivist, isSecretariat } from '../../shared/policy/actor.js';

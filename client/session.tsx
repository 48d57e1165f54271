import { createContext, useContext } from 'react';
import type { Me } from '../shared/api/index.js';

/** The person signed in, shared by every page; pages below the sign-in gate can rely on it. */
export interface Session {
  me: Me;
  /** Reloads /api/me (after a change to the person's own account or delegation). */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside a signed-in page');
  return session;
}

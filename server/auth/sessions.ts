import { Lucia, TimeSpan } from 'lucia';
import type { Db } from '../../db/index.js';
import { KyselySessionStore, hashSessionId } from '../../db/session-store.js';
import { SESSION_ABSOLUTE_DAYS, SESSION_SLIDING_DAYS } from '../../shared/limits.js';

// The only module that imports lucia. Upstream Lucia is in maintenance; to replace it with the
// "sessions" guide's pattern, rewrite this file and keep its exports.

export const SESSION_COOKIE = 'accord_session';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  delegationId: string | null;
  workspaceRole: 'secretariat' | 'archivist' | null;
}

export interface Sessions {
  create(userId: string): Promise<{ id: string; cookie: string }>;
  /** The user of a session id, and a refreshed cookie when the session slid forward. */
  validate(sessionId: string): Promise<{ user: SessionUser; sessionId: string; cookie: string | null } | null>;
  invalidate(sessionId: string): Promise<void>;
  invalidateUser(userId: string): Promise<void>;
  /**
   * The key a session is stored under (a hash: the database holds no usable session id). A caller
   * that reads the session in a query of its own (a socket upgrade, with the document) keys it so.
   */
  storageKey(sessionId: string): string;
  /**
   * Whether a session read that way, by its dates, is valid now and not yet due to slide: then it
   * needs nothing validate() would do (delete it, extend it, send a new cookie), and may be trusted
   * as read. Anything else goes through validate().
   */
  isCurrent(stored: { expiresAt: Date; createdAt: Date }): boolean;
  /** Which of these sessions are still valid, without extending them (open sockets are checked with it). */
  activeAmong(sessionIds: string[]): Promise<Set<string>>;
  readCookie(cookieHeader: string | undefined): string | null;
  blankCookie(): string;
  deleteExpired(): Promise<void>;
}

export function createSessions(db: Db, options: { secureCookies: boolean }): Sessions {
  const absoluteLifetimeMs = SESSION_ABSOLUTE_DAYS * 24 * 3600 * 1000;
  const slidingLifetimeMs = SESSION_SLIDING_DAYS * 24 * 3600 * 1000;
  const store = new KyselySessionStore(db, absoluteLifetimeMs);
  const lucia = new Lucia(store, {
    sessionExpiresIn: new TimeSpan(SESSION_SLIDING_DAYS, 'd'),
    sessionCookie: {
      name: SESSION_COOKIE,
      expires: true,
      attributes: { secure: options.secureCookies, sameSite: 'lax' },
    },
    getUserAttributes: (a) => ({
      email: a.email,
      name: a.name,
      delegationId: a.delegation_id,
      workspaceRole: a.workspace_role,
    }),
  });
  return {
    async create(userId) {
      const session = await lucia.createSession(userId, {});
      return { id: session.id, cookie: lucia.createSessionCookie(session.id).serialize() };
    },
    async validate(sessionId) {
      const { session, user } = await lucia.validateSession(sessionId);
      if (!session || !user) return null;
      return {
        user: { ...user },
        sessionId: session.id,
        cookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : null,
      };
    },
    invalidate: (sessionId) => lucia.invalidateSession(sessionId),
    invalidateUser: (userId) => lucia.invalidateUserSessions(userId),
    storageKey: (sessionId) => hashSessionId(sessionId),
    isCurrent({ expiresAt, createdAt }) {
      // Lucia's rule: a session slides once less than half its sliding lifetime is left.
      const now = Date.now();
      return createdAt.getTime() + absoluteLifetimeMs > now && expiresAt.getTime() - slidingLifetimeMs / 2 > now;
    },
    activeAmong: (sessionIds) => store.activeSessionIds(sessionIds),
    readCookie: (header) => (header ? lucia.readSessionCookie(header) : null),
    blankCookie: () => lucia.createBlankSessionCookie().serialize(),
    deleteExpired: () => lucia.deleteExpiredSessions(),
  };
}

declare module 'lucia' {
  interface Register {
    Lucia: Lucia<Record<never, never>, Omit<SessionUser, 'id'>>;
    DatabaseUserAttributes: {
      email: string;
      name: string;
      delegation_id: string | null;
      workspace_role: 'secretariat' | 'archivist' | null;
    };
  }
}

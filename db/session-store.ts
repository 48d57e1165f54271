import { sha256Hex } from './hash.js';
import { reusableQuery, type Db } from './index.js';
import { timestamp } from './time.js';

/**
 * Session storage for the auth module, shaped as Lucia v3's Adapter (structurally: this file does not
 * import lucia, so the library can be swapped in server/auth alone).
 *
 * Only a SHA-256 of each session id is stored: a leaked database does not hold usable session ids.
 * Every session also ends at created_at + absoluteLifetimeMs, however often it slides.
 */

export interface StoredSession {
  id: string;
  userId: string;
  expiresAt: Date;
  attributes: Record<never, never>;
}

export interface StoredSessionUser {
  id: string;
  attributes: { email: string; name: string; delegation_id: string | null; workspace_role: 'secretariat' | 'archivist' | null };
}

export const hashSessionId = sha256Hex;

/** A session and its user: every request and every socket upgrade asks it, so it is compiled once. */
const sessionAndUser = reusableQuery(['hashed'], (db, { hashed }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.expires_at',
      'sessions.created_at',
      'users.id as user_id',
      'users.email',
      'users.name',
      'users.delegation_id',
      'users.workspace_role',
    ])
    .where('sessions.id', '=', hashed),
);

export class KyselySessionStore {
  constructor(
    private readonly db: Db,
    private readonly absoluteLifetimeMs: number,
  ) {}

  async getSessionAndUser(sessionId: string): Promise<[StoredSession | null, StoredSessionUser | null]> {
    const hashed = hashSessionId(sessionId);
    const [row] = await sessionAndUser(this.db, { hashed });
    if (!row) return [null, null];
    if (Date.parse(row.created_at) + this.absoluteLifetimeMs <= Date.now()) {
      await this.db.deleteFrom('sessions').where('id', '=', hashed).execute();
      return [null, null];
    }
    return [
      // The caller knows the session by its plain id; the hash never leaves this module.
      { id: sessionId, userId: row.user_id, expiresAt: new Date(row.expires_at), attributes: {} },
      {
        id: row.user_id,
        attributes: { email: row.email, name: row.name, delegation_id: row.delegation_id, workspace_role: row.workspace_role },
      },
    ];
  }

  async getUserSessions(userId: string): Promise<StoredSession[]> {
    // Stored ids are hashes, so sessions listed by user cannot be handed back as usable ids.
    const rows = await this.db.selectFrom('sessions').select(['id', 'expires_at']).where('user_id', '=', userId).execute();
    return rows.map((r) => ({ id: r.id, userId, expiresAt: new Date(r.expires_at), attributes: {} }));
  }

  async setSession(session: StoredSession): Promise<void> {
    const now = new Date();
    await this.db
      .insertInto('sessions')
      .values({
        id: hashSessionId(session.id),
        user_id: session.userId,
        expires_at: timestamp(this.clamp(session.expiresAt, now)),
        created_at: timestamp(now),
      })
      .execute();
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    const hashed = hashSessionId(sessionId);
    const row = await this.db.selectFrom('sessions').select(['created_at', 'expires_at']).where('id', '=', hashed).executeTakeFirst();
    if (!row) return;
    const limited = timestamp(this.clamp(expiresAt, new Date(row.created_at)));
    if (limited === row.expires_at) return; // pinned at the absolute limit: nothing to write
    await this.db.updateTable('sessions').set({ expires_at: limited }).where('id', '=', hashed).execute();
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', hashSessionId(sessionId)).execute();
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  /** Which of these session ids are still valid now, without sliding any of them forward. */
  async activeSessionIds(sessionIds: readonly string[]): Promise<Set<string>> {
    const byHash = new Map(sessionIds.map((id) => [hashSessionId(id), id]));
    const active = new Set<string>();
    const now = timestamp();
    const oldest = timestamp(new Date(Date.now() - this.absoluteLifetimeMs));
    const hashes = [...byHash.keys()];
    // In chunks: SQLite and PostgreSQL limit the parameters of one statement.
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = await this.db
        .selectFrom('sessions')
        .select('id')
        .where('id', 'in', hashes.slice(i, i + 500))
        .where('expires_at', '>', now)
        .where('created_at', '>', oldest)
        .execute();
      for (const r of rows) active.add(byHash.get(r.id)!);
    }
    return active;
  }

  async deleteExpiredSessions(): Promise<void> {
    const now = timestamp();
    const oldest = timestamp(new Date(Date.now() - this.absoluteLifetimeMs));
    await this.db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', now), eb('created_at', '<=', oldest)])).execute();
  }

  private clamp(expiresAt: Date, createdAt: Date): Date {
    const limit = createdAt.getTime() + this.absoluteLifetimeMs;
    return new Date(Math.min(expiresAt.getTime(), limit));
  }
}

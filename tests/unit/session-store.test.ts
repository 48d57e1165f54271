import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/index.js';
import { migrateToLatest } from '../../db/migrator.js';
import { memoryDatabase } from './memory-database.js';
import { hashSessionId, KyselySessionStore } from '../../db/session-store.js';
import { timestamp } from '../../db/time.js';
import { createSessions, SESSION_COOKIE } from '../../server/auth/sessions.js';
import { SESSION_ABSOLUTE_DAYS, SESSION_SLIDING_DAYS } from '../../shared/limits.js';

const DAY = 24 * 3600 * 1000;
const LIFETIME = 30 * DAY;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

let db: Db;

async function addUser(id: string, email: string, extra: { delegation?: string; role?: 'secretariat' | 'archivist' } = {}) {
  if (extra.delegation) {
    await db
      .insertInto('delegations')
      .values({ id: extra.delegation, code: 'MYS', name: 'Malaysia', color: '#1f6feb', created_at: timestamp() })
      .execute();
  }
  await db
    .insertInto('users')
    .values({
      id,
      email,
      name: 'Aminah Rahman',
      password_hash: '$argon2id$not-used-here',
      delegation_id: extra.delegation ?? null,
      workspace_role: extra.role ?? null,
      created_at: timestamp(),
    })
    .execute();
}

/** A session row written directly, as if made at `createdAt` and sliding to `expiresAt`. */
async function addSessionRow(plainId: string, userId: string, createdAt: Date, expiresAt: Date) {
  await db
    .insertInto('sessions')
    .values({ id: sha256(plainId), user_id: userId, created_at: timestamp(createdAt), expires_at: timestamp(expiresAt) })
    .execute();
}

async function sessionRows() {
  return db.selectFrom('sessions').selectAll().orderBy('created_at').execute();
}

beforeEach(async () => {
  db = await memoryDatabase();
  await addUser('u_aminah', 'aminah@mfa.gov.my', { delegation: 'd_mys' });
});

afterEach(async () => {
  await db.destroy();
});

describe('migrations', () => {
  it('migrateToLatest prepares a fresh in-memory database, in process', async () => {
    const fresh = openDatabase(':memory:');
    try {
      const files = readdirSync(new URL('../../db/migrations/', import.meta.url)).filter((f) => f.endsWith('.ts'));
      expect(await migrateToLatest(fresh)).toEqual(files.map((f) => f.replace(/\.ts$/, '')).sort());
      const tables = await fresh.introspection.getTables();
      expect(tables.map((t) => t.name)).toContain('sessions');
    } finally {
      await fresh.destroy();
    }
  });
});

describe('the session store', () => {
  it('stores only the SHA-256 of a session id, never the id itself', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    await store.setSession({ id: 'plain-session-id-1', userId: 'u_aminah', expiresAt: new Date(Date.now() + DAY), attributes: {} });
    const rows = await sessionRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(sha256('plain-session-id-1'));
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain('plain-session-id-1');
    expect(hashSessionId('plain-session-id-1')).toBe(sha256('plain-session-id-1'));
  });

  it('finds a session and its user by the plain id, and hands back the plain id', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + DAY);
    await store.setSession({ id: 'plain-session-id-2', userId: 'u_aminah', expiresAt, attributes: {} });
    const [session, user] = await store.getSessionAndUser('plain-session-id-2');
    expect(session).toEqual({ id: 'plain-session-id-2', userId: 'u_aminah', expiresAt, attributes: {} });
    expect(user).toEqual({
      id: 'u_aminah',
      attributes: { email: 'aminah@mfa.gov.my', name: 'Aminah Rahman', delegation_id: 'd_mys', workspace_role: null },
    });
  });

  it('a leaked hash from the database does not open the session', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    await store.setSession({ id: 'plain-session-id-3', userId: 'u_aminah', expiresAt: new Date(Date.now() + DAY), attributes: {} });
    expect(await store.getSessionAndUser(sha256('plain-session-id-3'))).toEqual([null, null]);
  });

  it('an unknown session id finds nothing', async () => {
    expect(await new KyselySessionStore(db, LIFETIME).getSessionAndUser('nobody')).toEqual([null, null]);
  });

  it('clamps a new session’s expiry to the absolute lifetime', async () => {
    const store = new KyselySessionStore(db, 2 * DAY);
    await store.setSession({ id: 's', userId: 'u_aminah', expiresAt: new Date(Date.now() + 10 * DAY), attributes: {} });
    const [row] = await sessionRows();
    expect(Date.parse(row!.expires_at) - Date.parse(row!.created_at)).toBe(2 * DAY);
  });

  it('keeps an expiry that is within the absolute lifetime as asked', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    const expiresAt = new Date(Date.now() + 7 * DAY);
    await store.setSession({ id: 's', userId: 'u_aminah', expiresAt, attributes: {} });
    const [row] = await sessionRows();
    expect(row!.expires_at).toBe(expiresAt.toISOString());
  });

  it('stores timestamps as fixed-width ISO-8601 UTC strings', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    await store.setSession({ id: 's', userId: 'u_aminah', expiresAt: new Date(Date.now() + DAY), attributes: {} });
    const [row] = await sessionRows();
    expect(row!.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(row!.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('sliding a session never takes it past created_at + the absolute lifetime', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    const created = new Date(Date.now() - 28 * DAY);
    await addSessionRow('old', 'u_aminah', created, new Date(Date.now() + DAY));
    await store.updateSessionExpiration('old', new Date(Date.now() + 7 * DAY));
    const [row] = await sessionRows();
    expect(row!.expires_at).toBe(new Date(created.getTime() + LIFETIME).toISOString());
  });

  it('sliding a young session moves its expiry to the time asked', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    await addSessionRow('young', 'u_aminah', new Date(Date.now() - DAY), new Date(Date.now() + DAY));
    const later = new Date(Date.now() + 7 * DAY);
    await store.updateSessionExpiration('young', later);
    const [row] = await sessionRows();
    expect(row!.expires_at).toBe(later.toISOString());
  });

  it('sliding an unknown session does nothing', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    await store.updateSessionExpiration('ghost', new Date(Date.now() + DAY));
    expect(await sessionRows()).toEqual([]);
  });

  it('refuses and deletes a session past its absolute lifetime even if expires_at is in the future', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    await addSessionRow('stale', 'u_aminah', new Date(Date.now() - LIFETIME - 1000), new Date(Date.now() + 5 * DAY));
    await addSessionRow('fresh', 'u_aminah', new Date(Date.now() - DAY), new Date(Date.now() + 5 * DAY));
    expect(await store.getSessionAndUser('stale')).toEqual([null, null]);
    const rows = await sessionRows();
    expect(rows.map((r) => r.id)).toEqual([sha256('fresh')]);
  });

  it('deleteExpiredSessions removes sessions past their expiry and past their absolute lifetime, and only those', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    const now = Date.now();
    await addSessionRow('slid-out', 'u_aminah', new Date(now - 10 * DAY), new Date(now - 1000));
    await addSessionRow('too-old', 'u_aminah', new Date(now - LIFETIME - 1000), new Date(now + DAY));
    await addSessionRow('live', 'u_aminah', new Date(now - DAY), new Date(now + DAY));
    await store.deleteExpiredSessions();
    expect((await sessionRows()).map((r) => r.id)).toEqual([sha256('live')]);
  });

  it('deletes one session, or all sessions of a user', async () => {
    await addUser('u_somchai', 'somchai@mfa.go.th');
    const store = new KyselySessionStore(db, LIFETIME);
    const in1Day = new Date(Date.now() + DAY);
    await store.setSession({ id: 'a1', userId: 'u_aminah', expiresAt: in1Day, attributes: {} });
    await store.setSession({ id: 'a2', userId: 'u_aminah', expiresAt: in1Day, attributes: {} });
    await store.setSession({ id: 's1', userId: 'u_somchai', expiresAt: in1Day, attributes: {} });
    await store.deleteSession('a1');
    expect((await sessionRows()).map((r) => r.id).sort()).toEqual([sha256('a2'), sha256('s1')].sort());
    await store.deleteUserSessions('u_aminah');
    expect((await sessionRows()).map((r) => r.id)).toEqual([sha256('s1')]);
  });

  it('lists a user’s sessions by their hashes only', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    await store.setSession({ id: 'listed', userId: 'u_aminah', expiresAt: new Date(Date.now() + DAY), attributes: {} });
    const sessions = await store.getUserSessions('u_aminah');
    expect(sessions.map((s) => [s.id, s.userId])).toEqual([[sha256('listed'), 'u_aminah']]);
  });

  it('a deleted user’s sessions go with them', async () => {
    const store = new KyselySessionStore(db, LIFETIME);
    await store.setSession({ id: 'gone', userId: 'u_aminah', expiresAt: new Date(Date.now() + DAY), attributes: {} });
    await db.deleteFrom('users').where('id', '=', 'u_aminah').execute();
    expect(await sessionRows()).toEqual([]);
  });
});

describe('sessions as the server uses them', () => {
  function cookieParts(cookie: string): { name: string; value: string; attributes: string[] } {
    const [pair, ...attributes] = cookie.split('; ');
    const eq = pair!.indexOf('=');
    return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attributes: attributes.sort() };
  }

  it('the session cookie is HttpOnly and SameSite=Lax, without Secure on plain HTTP', async () => {
    const sessions = createSessions(db, { secureCookies: false });
    const { id, cookie } = await sessions.create('u_aminah');
    const parts = cookieParts(cookie);
    expect(parts.name).toBe(SESSION_COOKIE);
    expect(SESSION_COOKIE).toBe('accord_session');
    expect(parts.value).toBe(id);
    expect(parts.attributes).toEqual(['HttpOnly', `Max-Age=${SESSION_SLIDING_DAYS * 24 * 3600}`, 'Path=/', 'SameSite=Lax']);
  });

  it('the session cookie is Secure when Accord is served over HTTPS', async () => {
    const sessions = createSessions(db, { secureCookies: true });
    const { cookie } = await sessions.create('u_aminah');
    expect(cookieParts(cookie).attributes).toEqual(['HttpOnly', 'Max-Age=604800', 'Path=/', 'SameSite=Lax', 'Secure']);
  });

  it('the blank cookie that signs out expires at once and keeps the same flags', async () => {
    expect(cookieParts(createSessions(db, { secureCookies: true }).blankCookie())).toEqual({
      name: 'accord_session',
      value: '',
      attributes: ['HttpOnly', 'Max-Age=0', 'Path=/', 'SameSite=Lax', 'Secure'],
    });
    expect(cookieParts(createSessions(db, { secureCookies: false }).blankCookie()).attributes).not.toContain('Secure');
  });

  it('a new session id is long and random, and only its hash is stored', async () => {
    const sessions = createSessions(db, { secureCookies: false });
    const a = await sessions.create('u_aminah');
    const b = await sessions.create('u_aminah');
    expect(a.id).toMatch(/^[a-z2-7]{40}$/);
    expect(a.id).not.toBe(b.id);
    expect((await sessionRows()).map((r) => r.id).sort()).toEqual([sha256(a.id), sha256(b.id)].sort());
  });

  it('validating a new session gives its user and no new cookie', async () => {
    const sessions = createSessions(db, { secureCookies: false });
    const { id } = await sessions.create('u_aminah');
    expect(await sessions.validate(id)).toEqual({
      user: { id: 'u_aminah', email: 'aminah@mfa.gov.my', name: 'Aminah Rahman', delegationId: 'd_mys', workspaceRole: null },
      sessionId: id,
      cookie: null,
    });
  });

  it('validating an unknown session id gives null', async () => {
    expect(await createSessions(db, { secureCookies: false }).validate('not-a-session')).toBeNull();
  });

  it('a session past half its sliding window slides forward and sends a fresh cookie', async () => {
    const sessions = createSessions(db, { secureCookies: false });
    await addSessionRow('sliding', 'u_aminah', new Date(Date.now() - 5 * DAY), new Date(Date.now() + DAY));
    const result = await sessions.validate('sliding');
    expect(result?.cookie).toMatch(/^accord_session=sliding; /);
    const [row] = await sessionRows();
    const slid = Date.parse(row!.expires_at) - Date.now();
    expect(slid).toBeGreaterThan(SESSION_SLIDING_DAYS * DAY - 60_000);
    expect(slid).toBeLessThanOrEqual(SESSION_SLIDING_DAYS * DAY);
  });

  it('a session whose sliding expiry has passed is refused and deleted', async () => {
    const sessions = createSessions(db, { secureCookies: false });
    await addSessionRow('lapsed', 'u_aminah', new Date(Date.now() - 10 * DAY), new Date(Date.now() - 1000));
    expect(await sessions.validate('lapsed')).toBeNull();
    expect(await sessionRows()).toEqual([]);
  });

  it(`a session older than ${SESSION_ABSOLUTE_DAYS} days is refused however recently it slid`, async () => {
    const sessions = createSessions(db, { secureCookies: false });
    await addSessionRow('ancient', 'u_aminah', new Date(Date.now() - SESSION_ABSOLUTE_DAYS * DAY - 1000), new Date(Date.now() + 6 * DAY));
    expect(await sessions.validate('ancient')).toBeNull();
    expect(await sessionRows()).toEqual([]);
  });

  it('signing out ends the session; signing out everywhere ends them all', async () => {
    const sessions = createSessions(db, { secureCookies: false });
    const one = await sessions.create('u_aminah');
    const two = await sessions.create('u_aminah');
    await sessions.invalidate(one.id);
    expect(await sessions.validate(one.id)).toBeNull();
    expect(await sessions.validate(two.id)).not.toBeNull();
    await sessions.invalidateUser('u_aminah');
    expect(await sessions.validate(two.id)).toBeNull();
  });

  it('reads the session id from a Cookie header among other cookies', () => {
    const sessions = createSessions(db, { secureCookies: false });
    expect(sessions.readCookie('theme=dark; accord_session=abc123; lang=en')).toBe('abc123');
    expect(sessions.readCookie('theme=dark')).toBeNull();
    expect(sessions.readCookie(undefined)).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { ApiClient, negotiation, type Negotiation } from '../helpers/api.js';
import { upgradeStatus } from '../helpers/collab.js';
import { openDatabase, type Db } from '../../db/index.js';
import { hashSessionId } from '../../db/session-store.js';
import { timestamp } from '../../db/time.js';
import { SESSION_SLIDING_DAYS } from '../../shared/limits.js';

/**
 * A socket upgrade reads the session and the document in one statement, and trusts the session as
 * read only while it needs nothing done. A session past its end, or due to slide, goes the long way
 * (the auth module deletes or extends it): the answer is the same as a request's would be.
 */

let server: TestServer;
let n: Negotiation;
let db: Db;
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  db = openDatabase(server.database.url);
});

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

async function freshSession(email: string): Promise<{ api: ApiClient; key: string }> {
  const api = new ApiClient(server.url);
  await api.signIn(email);
  return { api, key: hashSessionId(api.cookie.slice('accord_session='.length)) };
}

function open(api: ApiClient, documentId = n.documentId): Promise<number> {
  return upgradeStatus(`${server.wsUrl}/${documentId}`, { origin: server.origin, cookie: api.cookie });
}

async function stored(key: string): Promise<{ expires_at: string; created_at: string } | undefined> {
  return db.selectFrom('sessions').select(['expires_at', 'created_at']).where('id', '=', key).executeTakeFirst();
}

describe('opening a socket with a session read together with the document', () => {
  it('admits a current session without writing to it, and answers 404 and 403 as a request would', async () => {
    const { api, key } = await freshSession('aisyah@kln.example');
    const before = await stored(key);
    expect(await open(api)).toBe(101);
    expect(await stored(key)).toEqual(before);
    expect(await open(api, 'no-such-document')).toBe(404);
    const outsider = await freshSession('outsider@example.org');
    expect(await open(outsider.api)).toBe(403);
  });

  it('refuses a session past its sliding end, and deletes it', async () => {
    const { api, key } = await freshSession('aisyah@kln.example');
    await db.updateTable('sessions').set({ expires_at: timestamp(new Date(Date.now() - 1000)) }).where('id', '=', key).execute();
    expect(await open(api)).toBe(401);
    expect(await stored(key)).toBeUndefined();
  });

  it('refuses a session past its absolute end, however far it slid, and deletes it', async () => {
    const { api, key } = await freshSession('budi@kemlu.example');
    await db.updateTable('sessions').set({ created_at: timestamp(new Date(Date.now() - 31 * DAY)) }).where('id', '=', key).execute();
    expect(await open(api)).toBe(401);
    expect(await stored(key)).toBeUndefined();
  });

  it('admits a session due to slide, and slides it', async () => {
    const { api, key } = await freshSession('aisyah@kln.example');
    // Less than half its sliding lifetime left: the auth module extends it.
    const soon = new Date(Date.now() + DAY);
    await db.updateTable('sessions').set({ expires_at: timestamp(soon) }).where('id', '=', key).execute();
    expect(await open(api)).toBe(101);
    const slid = await stored(key);
    expect(Date.parse(slid!.expires_at)).toBeGreaterThan(Date.now() + (SESSION_SLIDING_DAYS - 1) * DAY);
  });

  it('refuses a signed-out session and a forged one', async () => {
    const { api } = await freshSession('budi@kemlu.example');
    const signedOut = new ApiClient(server.url);
    signedOut.cookie = api.cookie;
    expect(await open(signedOut)).toBe(101);
    expect((await api.request('POST', '/api/auth/sign-out')).status).toBe(200);
    expect(await open(signedOut)).toBe(401);
    const forged = new ApiClient(server.url);
    forged.cookie = 'accord_session=forged';
    expect(await open(forged)).toBe(401);
  });

  it('answers each of many sockets opened at once (read together) as it would answer it alone', async () => {
    const member = await freshSession('aisyah@kln.example');
    const other = await freshSession('aisyah@kln.example');
    const outsider = await freshSession('outsider@example.org');
    const forged = new ApiClient(server.url);
    forged.cookie = 'accord_session=not-a-session-anyone-was-given';
    const { document: second } = await n.secretariat.api.json<{ document: { id: string } }>('POST', '/api/documents', { title: 'Chairman’s Statement' }, 201);
    // The same pair twice, two sessions of one person, two documents, a stranger, a forgery, a 404.
    const asked: [ApiClient, string, number][] = [
      [member.api, n.documentId, 101],
      [member.api, n.documentId, 101],
      [other.api, n.documentId, 101],
      [member.api, second.id, 403],
      [outsider.api, n.documentId, 403],
      [forged, n.documentId, 401],
      [member.api, 'no-such-document', 404],
      [n.chair.api, n.documentId, 101],
      [n.secretariat.api, second.id, 101],
    ];
    const burst = [...asked, ...asked, ...asked];
    expect(await Promise.all(burst.map(([api, documentId]) => open(api, documentId)))).toEqual(burst.map(([, , status]) => status));
  });
});

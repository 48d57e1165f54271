import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { ApiClient, PASSWORD, negotiation, type Negotiation } from '../helpers/api.js';
import type { ApiError, DocumentDetail, DocumentSummary, Invitation, Me, User } from '../../shared/api/types.js';

let server: TestServer;
let n: Negotiation;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
});

afterAll(async () => {
  await server?.stop();
});

/** POSTs a 2 MiB body with node:http, which reads the early answer even if the server stops reading. */
function oversizedPostStatus(path: string, cookie: string): Promise<number> {
  const body = JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) });
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => reject(err));
    req.end(body);
  });
}

async function errorOf(res: Response): Promise<ApiError['error']> {
  const body = (await res.json()) as ApiError;
  expect(body.error.status).toBe(res.status);
  return body.error;
}

describe('accounts and sessions', () => {
  it('the first account to sign up became the secretariat; later sign-ups need an invitation', async () => {
    const me = await n.secretariat.api.json<Me>('GET', '/api/me');
    expect(me.workspaceRole).toBe('secretariat');
    expect(me.abilities).toEqual({ administer: true, manageDelegations: true, manageUsers: true, listUsers: true, invite: true, createDocument: true, searchWholeArchive: true });
    const status = await new ApiClient(server.url).json<{ firstRun: boolean }>('GET', '/api/auth/status');
    expect(status.firstRun).toBe(false);
    const res = await new ApiClient(server.url).request('POST', '/api/auth/sign-up', { email: 'new@example.org', name: 'New', password: PASSWORD });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toMatch(/invitation/);
  });

  it('an invitation lets one person sign up once, into the delegation it names', async () => {
    const delegations = await n.secretariat.api.json<{ delegations: { id: string; code: string }[] }>('GET', '/api/delegations');
    const tha = delegations.delegations.find((d) => d.code === 'MYS')!;
    const { invitation } = await n.secretariat.api.json<{ invitation: Invitation }>('POST', '/api/invitations', { email: 'invitee@kln.example', delegationId: tha.id }, 201);
    const invitee = new ApiClient(server.url);
    // The account takes the invited address, whatever address is posted (the page shows it fixed).
    const { user } = await invitee.json<{ user: User }>('POST', '/api/auth/sign-up', { email: 'other@kln.example', name: 'Invited Delegate', password: PASSWORD, invitation: invitation.token }, 201);
    expect(user.email).toBe('invitee@kln.example');
    expect(user.delegationId).toBe(tha.id);
    expect(user.workspaceRole).toBeNull();
    expect((await invitee.json<Me>('GET', '/api/me')).delegation?.code).toBe('MYS');
    const again = await new ApiClient(server.url).request('POST', '/api/auth/sign-up', { email: 'invitee@kln.example', name: 'Again', password: PASSWORD, invitation: invitation.token });
    expect(again.status).toBe(403);
  });

  it('session cookies are HttpOnly and SameSite=Lax, and only a hash of the session id is stored', async () => {
    const res = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'aisyah@kln.example', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('accord_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // served over plain HTTP here; Secure behind TLS (PUBLIC_URL https)
  });

  it('signing out ends the session', async () => {
    const api = new ApiClient(server.url);
    await api.signIn('budi@kemlu.example');
    const cookie = api.cookie;
    expect((await api.request('POST', '/api/auth/sign-out')).status).toBe(200);
    const stale = await fetch(`${server.url}/api/me`, { headers: { cookie } });
    expect(stale.status).toBe(401);
  });

  it('wrong passwords are throttled per account with 429 and Retry-After, and the right one still waits', async () => {
    const api = new ApiClient(server.url);
    for (let i = 0; i < 5; i++) {
      expect((await api.request('POST', '/api/auth/sign-in', { email: 'expert@unwomen.example', password: 'not-the-password' })).status).toBe(401);
    }
    const throttled = await api.request('POST', '/api/auth/sign-in', { email: 'expert@unwomen.example', password: PASSWORD });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(throttled)).message).toMatch(/too many/);
  });
});

describe('roles', () => {
  it('only the secretariat registers delegations, creates accounts and documents', async () => {
    for (const [path, body] of [
      ['/api/delegations', { code: 'THA', name: 'Thailand', color: '#2e7d32' }],
      ['/api/users', { email: 'x@example.org', name: 'X', password: PASSWORD }],
      ['/api/documents', { title: 'Chair draft' }],
    ] as const) {
      const res = await n.chair.api.request('POST', path, body);
      expect(res.status, path).toBe(403);
    }
    expect((await n.mys.api.request('GET', '/api/users')).status).toBe(403);
  });

  it('a new document is a skeleton: its title, one empty preambular and one empty operative paragraph', async () => {
    const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title: 'Chairman’s Statement of the 19th SOMTC', numbering: 'un' }, 201);
    const text = await (await n.secretariat.api.request('GET', `/api/documents/${document.id}/text`)).text();
    expect(text).toBe('Chairman’s Statement of the 19th SOMTC\nPP1\nOP1\n');
  });

  it('members see the document with their role and abilities; a non-member is refused; the archivist never sees a draft', async () => {
    const asObserver = await n.observer.api.json<{ document: DocumentDetail }>('GET', `/api/documents/${n.documentId}`);
    expect(asObserver.document.role).toBe('observer');
    expect(asObserver.document.abilities).toEqual({ read: true, edit: false, editDirectly: false, bracket: false, comment: false, editOwnComment: false, takePosition: false, withdrawAmendment: false, chair: false, manageMembers: false, appointChair: false, readAudit: false, configure: false, issueRevision: false, startSilence: false, breakSilence: false, withdrawSilence: false, adopt: false });
    const asChair = await n.chair.api.json<{ document: DocumentDetail }>('GET', `/api/documents/${n.documentId}`);
    expect(asChair.document.abilities).toEqual({ read: true, edit: true, editDirectly: true, bracket: true, comment: true, editOwnComment: true, takePosition: true, withdrawAmendment: true, chair: true, manageMembers: true, appointChair: false, readAudit: true, configure: true, issueRevision: true, startSilence: true, breakSilence: false, withdrawSilence: false, adopt: true });
    expect(asChair.document.members.map((m) => `${m.role}:${m.delegation?.code ?? '-'}`).sort()).toEqual(['chair:PHL', 'delegate:IDN', 'delegate:MYS', 'observer:-']);

    expect((await n.outsider.api.request('GET', `/api/documents/${n.documentId}`)).status).toBe(403);
    expect((await n.outsider.api.request('GET', `/api/documents/${n.documentId}/text`)).status).toBe(403);
    const outsiderList = await n.outsider.api.json<{ documents: DocumentSummary[] }>('GET', '/api/documents');
    expect(outsiderList.documents.map((d) => d.id)).not.toContain(n.documentId);
    expect((await new ApiClient(server.url).request('GET', `/api/documents/${n.documentId}`)).status).toBe(401);
    expect((await n.mys.api.request('GET', '/api/documents/doc_missing')).status).toBe(404);

    await n.secretariat.api.json('POST', '/api/users', { email: 'records@asean.example', name: 'Records', password: PASSWORD, workspaceRole: 'archivist' }, 201);
    const archivist = new ApiClient(server.url);
    await archivist.signIn('records@asean.example');
    expect((await archivist.json<Me>('GET', '/api/me')).abilities).toEqual({ administer: false, manageDelegations: false, manageUsers: false, listUsers: false, invite: false, createDocument: false, searchWholeArchive: true });
    expect((await n.mys.api.json<Me>('GET', '/api/me')).abilities.searchWholeArchive).toBe(false);
    expect((await archivist.request('GET', `/api/documents/${n.documentId}`)).status).toBe(403);
    expect((await archivist.json<{ documents: DocumentSummary[] }>('GET', '/api/documents')).documents).toEqual([]);
  });

  it('the chair adds delegates and observers but may not appoint a chair; delegates may not manage members', async () => {
    const { user } = await n.secretariat.api.json<{ user: User }>('POST', '/api/users', { email: 'somchai@mfa.example', name: 'Somchai', password: PASSWORD }, 201);
    const path = `/api/documents/${n.documentId}/members/${user.id}`;
    expect((await n.chair.api.request('PUT', path, { role: 'delegate' })).status).toBe(200);
    expect((await n.chair.api.request('PUT', path, { role: 'chair' })).status).toBe(403);
    expect((await n.mys.api.request('PUT', path, { role: 'observer' })).status).toBe(403);
    expect((await n.chair.api.request('PUT', `/api/documents/${n.documentId}/members/u_nobody`, { role: 'delegate' })).status).toBe(404);
    expect((await n.chair.api.request('DELETE', `/api/documents/${n.documentId}/members/${n.chair.user.id}`)).status).toBe(403);
    expect((await n.chair.api.request('DELETE', path)).status).toBe(200);
  });
});

describe('bad input gets a 4xx that says what is wrong, and writes nothing', () => {
  it('rejects bad bodies with 400 and the field at fault', async () => {
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/api/delegations', { code: 'x', name: '', color: 'red' }, /code: .*name: .*color: /],
      ['POST', '/api/delegations', { code: 'THA', name: 'Thailand', color: '#123456', extra: 1 }, /extra|unrecognized/i],
      ['POST', '/api/users', { email: 'not-an-email', name: 'X', password: 'short' }, /email: .*password: must be at least/],
      ['POST', '/api/documents', { title: '' }, /title: must not be empty/],
      ['POST', '/api/documents', { title: 'T', numbering: 'roman' }, /numbering/],
      ['POST', '/api/documents', { title: 'T', startsOn: '2017-12-07', endsOn: '2017-12-06' }, /endsOn: must not be before startsOn/],
      ['POST', '/api/documents', { title: 'T', startsOn: '7 December' }, /startsOn: must be a date/],
      ['PUT', `/api/documents/${n.documentId}/members/${n.mys.user.id}`, { role: 'president' }, /role/],
      ['POST', '/api/auth/sign-in', { email: 'a@b.c' }, /password/],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await n.secretariat.api.request(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      const error = await errorOf(res);
      expect(error.message, JSON.stringify(body)).toMatch(message);
      expect(error.issues?.length).toBeGreaterThan(0);
    }
    const list = await n.secretariat.api.json<{ delegations: { code: string }[] }>('GET', '/api/delegations');
    expect(list.delegations.map((d) => d.code)).not.toContain('THA');
  });

  it('rejects malformed JSON, oversized bodies, duplicate codes and emails, unknown delegations and unknown routes', async () => {
    const malformed = await n.secretariat.api.request('POST', '/api/documents', '{"title": ');
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).message).toMatch(/JSON/i);
    expect(await oversizedPostStatus('/api/documents', n.secretariat.api.cookie)).toBe(413);
    expect((await n.secretariat.api.request('POST', '/api/delegations', { code: 'MYS', name: 'Malaysia again', color: '#000000' })).status).toBe(409);
    expect((await n.secretariat.api.request('POST', '/api/users', { email: 'AISYAH@kln.example', name: 'Dup', password: PASSWORD })).status).toBe(409);
    const unknownDelegation = await n.secretariat.api.request('POST', '/api/users', { email: 'z@example.org', name: 'Z', password: PASSWORD, delegationId: 'd_nope' });
    expect(unknownDelegation.status).toBe(400);
    expect((await n.secretariat.api.request('GET', '/api/nothing-here')).status).toBe(404);
  });

  it('refuses a mutating request from another origin', async () => {
    const res = await n.secretariat.api.request('POST', '/api/delegations', { code: 'VNM', name: 'Viet Nam', color: '#aa0000' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const crossSite = await n.secretariat.api.request('POST', '/api/delegations', { code: 'VNM', name: 'Viet Nam', color: '#aa0000' }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await n.secretariat.api.request('POST', '/api/delegations', { code: 'VNM', name: 'Viet Nam', color: '#aa0000' }, { origin: server.origin });
    expect(sameOrigin.status).toBe(201);
  });
});

// Last: once this address is throttled, nobody signs in from it for a while.
describe('throttling by address', () => {
  it('sign-in attempts are throttled per address across accounts', async () => {
    const api = new ApiClient(server.url);
    let last = 0;
    for (let i = 0; i < 25; i++) {
      last = (await api.request('POST', '/api/auth/sign-in', { email: `nobody${i}@example.org`, password: 'whatever-it-is' })).status;
    }
    expect(last).toBe(429);
  });
});

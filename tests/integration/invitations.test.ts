import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { ApiClient, PASSWORD, negotiation, type Negotiation } from '../helpers/api.js';
import type { ApiError, Invitation, Member, User } from '../../shared/api/types.js';
import type { InvitationResponses } from '../../shared/api/invitations.js';

let server: TestServer;
let n: Negotiation;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
});

afterAll(async () => {
  await server?.stop();
});

async function refusal(res: Response, status: number): Promise<string> {
  const body = (await res.json()) as ApiError;
  expect(res.status).toBe(status);
  expect(body.error.status).toBe(status);
  return body.error.message;
}

const invite = async (email: string, extra: Record<string, unknown> = {}) =>
  (await n.secretariat.api.json<{ invitation: Invitation }>('POST', '/api/invitations', { email, ...extra }, 201)).invitation;
const listed = async () => (await n.secretariat.api.json<InvitationResponses['invitations']>('GET', '/api/invitations')).invitations;
const signUp = (body: Record<string, unknown>) => new ApiClient(server.url).request('POST', '/api/auth/sign-up', body);

describe('invitations: the secretariat follows and takes back what it sent', () => {
  it('lists each invitation as pending until accepted, with its delegation and dates', async () => {
    const mys = n.mys.delegation!;
    const invitation = await invite('farah@kln.example', { delegationId: mys.id });
    const before = (await listed()).find((i) => i.id === invitation.id)!;
    expect(before).toMatchObject({ email: 'farah@kln.example', state: 'pending', acceptedAt: null, revokedAt: null, delegation: { code: 'MYS' } });
    expect(Date.parse(before.createdAt)).toBeLessThanOrEqual(Date.now());
    expect(before.expiresAt > before.createdAt).toBe(true);

    const res = await signUp({ email: 'farah@kln.example', name: 'Farah Aziz', password: PASSWORD, invitation: invitation.token });
    expect(res.status).toBe(201);
    const after = (await listed()).find((i) => i.id === invitation.id)!;
    expect(after.state).toBe('accepted');
    expect(after.acceptedAt).not.toBeNull();
  });

  it('the link shows its holder the invited address; an unknown link is a 404 and a malformed one a 400', async () => {
    const invitation = await invite('lookup@kemlu.example', { delegationId: n.idn.delegation!.id });
    const anyone = new ApiClient(server.url);
    const { invitation: seen } = await anyone.json<InvitationResponses['invitationLookup']>('GET', `/api/auth/invitations/${invitation.token}`);
    expect(seen).toMatchObject({ email: 'lookup@kemlu.example', state: 'pending', delegation: { code: 'IDN', name: 'Indonesia' } });
    expect(await refusal(await anyone.request('GET', `/api/auth/invitations/${'x'.repeat(43)}`), 404)).toMatch(/unknown/);
    expect(await refusal(await anyone.request('GET', '/api/auth/invitations/short'), 400)).toMatch(/token/);
  });

  it('sign-up takes the invited address, whatever address is posted', async () => {
    const invitation = await invite('right@kemlu.example');
    const res = await signUp({ email: 'wrong@elsewhere.example', name: 'Right Person', password: PASSWORD, invitation: invitation.token });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { user: User }).user.email).toBe('right@kemlu.example');
    const wrong = new ApiClient(server.url).request('POST', '/api/auth/sign-in', { email: 'wrong@elsewhere.example', password: PASSWORD });
    expect((await wrong).status).toBe(401);
  });

  it('a revoked link is refused on sign-up with the reason; the list shows it revoked', async () => {
    const invitation = await invite('revoked@kln.example');
    const { invitation: revoked } = await n.secretariat.api.json<InvitationResponses['revokeInvitation']>('POST', `/api/invitations/${invitation.id}/revoke`);
    expect(revoked.state).toBe('revoked');
    expect(revoked.revokedAt).not.toBeNull();
    const message = await refusal(await signUp({ email: 'revoked@kln.example', name: 'Too Late', password: PASSWORD, invitation: invitation.token }), 403);
    expect(message).toMatch(/revoked/);
    const lookup = await new ApiClient(server.url).json<InvitationResponses['invitationLookup']>('GET', `/api/auth/invitations/${invitation.token}`);
    expect(lookup.invitation.state).toBe('revoked');
    expect((await listed()).find((i) => i.id === invitation.id)?.state).toBe('revoked');
    // Revoking twice, or an accepted invitation, is a conflict that says why.
    expect(await refusal(await n.secretariat.api.request('POST', `/api/invitations/${invitation.id}/revoke`), 409)).toMatch(/already revoked/);
  });

  it('an accepted invitation cannot be revoked, and its link then says to sign in', async () => {
    const invitation = await invite('accepted@kln.example');
    expect((await signUp({ email: 'accepted@kln.example', name: 'Accepted', password: PASSWORD, invitation: invitation.token })).status).toBe(201);
    expect(await refusal(await n.secretariat.api.request('POST', `/api/invitations/${invitation.id}/revoke`), 409)).toMatch(/accepted/);
    expect(await refusal(await signUp({ email: 'accepted@kln.example', name: 'Again', password: PASSWORD, invitation: invitation.token }), 403)).toMatch(/already used/);
    expect(await refusal(await n.secretariat.api.request('POST', '/api/invitations/i_nothing/revoke'), 404)).toMatch(/no invitation/);
  });

  it('only the secretariat lists and revokes invitations: the chair, a delegate, an observer are refused', async () => {
    const invitation = await invite('guarded@kln.example');
    for (const person of [n.chair, n.mys, n.observer]) {
      expect(await refusal(await person.api.request('GET', '/api/invitations'), 403)).toMatch(/secretariat/);
      expect(await refusal(await person.api.request('POST', `/api/invitations/${invitation.id}/revoke`), 403)).toMatch(/secretariat/);
    }
    expect((await new ApiClient(server.url).request('GET', '/api/invitations')).status).toBe(401);
    expect((await listed()).find((i) => i.id === invitation.id)?.state).toBe('pending');
  });
});

describe('the chair picks who takes part', () => {
  it('the chair lists the accounts that may join the document: not members, not archivists', async () => {
    await n.secretariat.api.json('POST', '/api/users', { email: 'files@asean.example', name: 'Records Office', password: PASSWORD, workspaceRole: 'archivist' }, 201);
    const { candidates } = await n.chair.api.json<InvitationResponses['memberCandidates']>('GET', `/api/users/candidates?document=${n.documentId}`);
    const ids = candidates.map((c) => c.userId);
    expect(ids).toContain(n.outsider.user.id);
    expect(candidates.find((c) => c.userId === n.outsider.user.id)?.delegation?.code).toBe('IDN');
    for (const member of [n.chair, n.mys, n.idn, n.observer]) expect(ids).not.toContain(member.user.id);
    expect(candidates.map((c) => c.email)).not.toContain('files@asean.example');
  });

  it('a delegate or an observer may not list candidates nor add anyone; a missing document is a 400', async () => {
    for (const person of [n.mys, n.observer]) {
      expect(await refusal(await person.api.request('GET', `/api/users/candidates?document=${n.documentId}`), 403)).toBeTruthy();
      expect((await person.api.request('PUT', `/api/documents/${n.documentId}/members/${n.outsider.user.id}`, { role: 'observer' })).status).toBe(403);
    }
    expect(await refusal(await n.chair.api.request('GET', '/api/users/candidates'), 400)).toMatch(/document/);
  });

  it('the chair adds an observer, who can then read the document, and removes them, who then cannot', async () => {
    const path = `/api/documents/${n.documentId}/members/${n.outsider.user.id}`;
    expect((await n.outsider.api.request('GET', `/api/documents/${n.documentId}`)).status).toBe(403);
    const { member } = await n.chair.api.json<{ member: Member }>('PUT', path, { role: 'observer' });
    expect(member.role).toBe('observer');
    expect((await n.outsider.api.request('GET', `/api/documents/${n.documentId}`)).status).toBe(200);
    await n.chair.api.json('DELETE', path);
    expect((await n.outsider.api.request('GET', `/api/documents/${n.documentId}`)).status).toBe(403);
  });
});

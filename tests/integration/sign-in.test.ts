import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { ApiClient, PASSWORD } from '../helpers/api.js';
import type { ApiError, Invitation, User } from '../../shared/api/types.js';

let server: TestServer;
let secretariat: ApiClient;

const OWNER = 'aminah@kln.example';
const STRANGER = '203.0.113.9';
const OWNER_ADDRESS = '198.51.100.20';

beforeAll(async () => {
  // Behind a reverse proxy, as in production, so each request can say where it comes from.
  server = await TestServer.start({ TRUST_PROXY: 'true' });
});

afterAll(async () => {
  await server?.stop();
});

async function errorOf(res: Response): Promise<ApiError['error']> {
  const body = (await res.json()) as ApiError;
  expect(body.error.status).toBe(res.status);
  return body.error;
}

/** Three weak passwords, each refused with a 400 that names the field and says why. */
const WEAK: [string, RegExp][] = [
  ['Negotiator1', /password: must be at least 12 characters/],
  [' '.repeat(12), /password: must not be blank/],
  ['password1234', /password: is too common/],
  ['Qwertyuiop123', /password: is too common/],
];

async function expectRefused(res: Response, reason: RegExp): Promise<void> {
  expect(res.status).toBe(400);
  const error = await errorOf(res);
  expect(error.message).toMatch(reason);
  expect(error.issues?.map((i) => i.path)).toEqual(['password']);
}

describe('setting a password', () => {
  it('first-run setup refuses a short, blank or common password, then takes a good one', async () => {
    for (const [password, reason] of WEAK) {
      const res = await new ApiClient(server.url).request('POST', '/api/auth/sign-up', { email: 'secretariat@asean.example', name: 'ASEAN Secretariat', password });
      await expectRefused(res, reason);
    }
    secretariat = new ApiClient(server.url);
    await secretariat.json('POST', '/api/auth/sign-up', { email: 'secretariat@asean.example', name: 'ASEAN Secretariat', password: PASSWORD }, 201);
  });

  it('the secretariat cannot give a new account a weak password', async () => {
    for (const [password, reason] of WEAK) {
      await expectRefused(await secretariat.request('POST', '/api/users', { email: OWNER, name: 'Aminah', password }), reason);
    }
    await secretariat.json<{ user: User }>('POST', '/api/users', { email: OWNER, name: 'Aminah Rahman', password: PASSWORD }, 201);
  });

  it('signing up by invitation refuses a weak password, and the invitation stays usable', async () => {
    const { invitation } = await secretariat.json<{ invitation: Invitation }>('POST', '/api/invitations', { email: 'budi@kemlu.example' }, 201);
    for (const [password, reason] of WEAK) {
      const res = await new ApiClient(server.url).request('POST', '/api/auth/sign-up', { email: 'budi@kemlu.example', name: 'Budi', password, invitation: invitation.token });
      await expectRefused(res, reason);
    }
    await new ApiClient(server.url).json('POST', '/api/auth/sign-up', { email: 'budi@kemlu.example', name: 'Budi Santoso', password: PASSWORD, invitation: invitation.token }, 201);
  });
});

describe('guessing a password', () => {
  it('200 guesses at once get at most 5 verifications; the rest wait with 429 and Retry-After', async () => {
    const guess = (i: number) =>
      new ApiClient(server.url).request('POST', '/api/auth/sign-in', { email: OWNER, password: `not-the-password-${i}` }, { 'x-forwarded-for': STRANGER });
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => guess(i)));
    const statuses = answers.map((r) => r.status);
    const verified = statuses.filter((s) => s === 401).length;
    expect(verified).toBeGreaterThan(0);
    expect(verified).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200 - verified);
    const throttled = answers.find((r) => r.status === 429)!;
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(throttled)).message).toMatch(/too many failed sign-in attempts; try again in \d+ seconds/);
    await Promise.all(answers.filter((r) => r !== throttled).map((r) => r.body?.cancel()));
  });

  it('the right password from the guessing address still waits', async () => {
    const res = await new ApiClient(server.url).request('POST', '/api/auth/sign-in', { email: OWNER, password: PASSWORD }, { 'x-forwarded-for': STRANGER });
    expect(res.status).toBe(429);
  });

  it('the owner, from their own address, still signs in', async () => {
    const owner = new ApiClient(server.url);
    const res = await owner.request('POST', '/api/auth/sign-in', { email: OWNER, password: PASSWORD }, { 'x-forwarded-for': OWNER_ADDRESS });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: User }).user.email).toBe(OWNER);
  });

  it('the owner’s own slips are forgiven once they sign in', async () => {
    const from = { 'x-forwarded-for': '192.0.2.44' };
    const api = new ApiClient(server.url);
    for (let i = 0; i < 4; i++) {
      expect((await api.request('POST', '/api/auth/sign-in', { email: 'budi@kemlu.example', password: 'budi-typo-password' }, from)).status).toBe(401);
    }
    expect((await api.request('POST', '/api/auth/sign-in', { email: 'budi@kemlu.example', password: PASSWORD }, from)).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      expect((await api.request('POST', '/api/auth/sign-in', { email: 'budi@kemlu.example', password: 'budi-typo-password' }, from)).status).toBe(401);
    }
    expect((await api.request('POST', '/api/auth/sign-in', { email: 'budi@kemlu.example', password: PASSWORD }, from)).status).toBe(200);
  });
});

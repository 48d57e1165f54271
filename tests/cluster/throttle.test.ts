import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers/cluster.js';
import { ApiClient, PASSWORD } from '../helpers/api.js';
import { SIGN_IN_MAX_FAILURES_PER_ACCOUNT } from '../../shared/limits.js';
import type { User } from '../../shared/api/types.js';

/**
 * Sign-in throttling with two instances behind a proxy: failures count in Redis, so wrong passwords
 * spread over both instances lock an account out at the same count as on one instance, and guesses
 * arriving at both at once get no more verifications between them than one instance would allow.
 */

let cluster: TestCluster;

beforeAll(async () => {
  // Behind a reverse proxy, as in production, so each test's requests come from an address of their own.
  cluster = await TestCluster.start(2, { TRUST_PROXY: 'true' });
  const secretariat = new ApiClient(cluster.instances[0]!.url);
  await secretariat.json('POST', '/api/auth/sign-up', { email: 'secretariat@asean.example', name: 'ASEAN Secretariat', password: PASSWORD }, 201);
  for (const [email, name] of [
    ['aminah@kln.example', 'Aminah Rahman'],
    ['somchai@mfa.go.th', 'Somchai Wongsa'],
  ]) {
    await secretariat.json<{ user: User }>('POST', '/api/users', { email, name, password: PASSWORD }, 201);
  }
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

function signIn(instance: number, email: string, password: string, address: string): Promise<Response> {
  return new ApiClient(cluster.instances[instance]!.url).request('POST', '/api/auth/sign-in', { email, password }, { 'x-forwarded-for': address });
}

describe('sign-in throttling across instances', () => {
  it('wrong passwords alternating between instances lock the account out at the same count as on one', async () => {
    const email = 'aminah@kln.example';
    const address = '198.51.100.20';
    for (let k = 0; k < SIGN_IN_MAX_FAILURES_PER_ACCOUNT; k++) {
      expect((await signIn(k % 2, email, 'not-the-password', address)).status, `failure ${k + 1}`).toBe(401);
    }
    // Locked out on both, even with the right password, for the whole window (15 minutes).
    for (const i of [0, 1]) {
      const refused = await signIn(i, email, PASSWORD, address);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    }
    // The owner from elsewhere is not locked out: the low limit is per account and address.
    expect((await signIn(1, email, PASSWORD, '198.51.100.77')).status).toBe(200);
  });

  it('guesses arriving at both instances at once get as many verifications between them as one instance allows', async () => {
    const email = 'somchai@mfa.go.th';
    const address = '203.0.113.9';
    const responses = await Promise.all(Array.from({ length: 16 }, (_, k) => signIn(k % 2, email, `guess-${k}-wrong`, address)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(SIGN_IN_MAX_FAILURES_PER_ACCOUNT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16 - SIGN_IN_MAX_FAILURES_PER_ACCOUNT);
  });

  it('a successful sign-in forgives the slips before it, on every instance', async () => {
    const email = 'somchai@mfa.go.th';
    const address = '192.0.2.44';
    for (let k = 0; k < SIGN_IN_MAX_FAILURES_PER_ACCOUNT - 1; k++) expect((await signIn(k % 2, email, 'wrong-again', address)).status).toBe(401);
    expect((await signIn(0, email, PASSWORD, address)).status).toBe(200);
    // Counted afresh: four more slips through the other instance, and the account still signs in.
    for (let k = 0; k < SIGN_IN_MAX_FAILURES_PER_ACCOUNT - 1; k++) expect((await signIn(1, email, 'wrong-again', address)).status).toBe(401);
    expect((await signIn(1, email, PASSWORD, address)).status).toBe(200);
  });
});

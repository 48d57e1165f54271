import { describe, expect, it } from 'vitest';
import { hashPassword, verifyNobody, verifyPassword } from '../../server/auth/passwords.js';
import { FailureThrottle } from '../../server/auth/throttle.js';

const PASSWORD = 'Bangkok-Declaration-2025';

describe('passwords', () => {
  it('are hashed with argon2id at 19 MiB, 2 passes, 1 lane (OWASP minimum)', async () => {
    const hash = await hashPassword(PASSWORD);
    expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    // 16-byte salt and 32-byte output, unpadded base64.
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(hash).not.toContain(PASSWORD);
  });

  it('the same password hashes differently each time (random salt)', async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a).not.toBe(b);
  });

  it('the right password verifies; a wrong one, or one differing in case, does not', async () => {
    const hash = await hashPassword(PASSWORD);
    expect(await verifyPassword(hash, PASSWORD)).toBe(true);
    expect(await verifyPassword(hash, 'Bangkok-Declaration-2024')).toBe(false);
    expect(await verifyPassword(hash, PASSWORD.toLowerCase())).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('a garbage stored hash signs nobody in, and does not throw', async () => {
    for (const stored of ['', 'not-a-hash', '$argon2id$v=19$m=19456,t=2,p=1$', '$2b$10$abcdefghijklmnopqrstuv']) {
      await expect(verifyPassword(stored, PASSWORD)).resolves.toBe(false);
    }
  });

  it('a truncated stored hash signs nobody in', async () => {
    const hash = await hashPassword(PASSWORD);
    await expect(verifyPassword(hash.slice(0, -10), PASSWORD)).resolves.toBe(false);
  });

  it('an unknown account is answered with false after a real verification’s work', async () => {
    await expect(verifyNobody(PASSWORD)).resolves.toBe(false);
    await expect(verifyNobody('accord-timing-equaliser')).resolves.toBe(false);
  });
});

describe('sign-in throttling', () => {
  const WINDOW = 15 * 60 * 1000;

  function clock(start = 1_750_000_000_000) {
    let now = start;
    return {
      now: () => now,
      advance(ms: number) {
        now += ms;
      },
    };
  }

  it('lets an account try freely until it reaches the limit', () => {
    const time = clock();
    const throttle = new FailureThrottle(WINDOW, time.now);
    expect(throttle.retryAfter('account:aminah@mfa.gov.my', 5)).toBe(0);
    for (let i = 0; i < 4; i++) throttle.recordFailure('account:aminah@mfa.gov.my');
    expect(throttle.retryAfter('account:aminah@mfa.gov.my', 5)).toBe(0);
  });

  it('after 5 failures asks to wait until the oldest one leaves the window, in whole seconds', () => {
    const time = clock();
    const throttle = new FailureThrottle(WINDOW, time.now);
    for (let i = 0; i < 5; i++) throttle.recordFailure('account:a');
    expect(throttle.retryAfter('account:a', 5)).toBe(900);
    time.advance(100_500);
    expect(throttle.retryAfter('account:a', 5)).toBe(800); // ceil(799.5)
  });

  it('counts from the failure that makes the limit, not the oldest on record', () => {
    const time = clock();
    const throttle = new FailureThrottle(60_000, time.now);
    for (let i = 0; i < 5; i++) {
      throttle.recordFailure('k');
      time.advance(1000);
    }
    // Failures at 0, 1, 2, 3, 4 s; now 5 s. With a limit of 3 the one at 2 s decides: 2 + 60 - 5.
    expect(throttle.retryAfter('k', 3)).toBe(57);
  });

  it('the window slides: old failures stop counting', () => {
    const time = clock();
    const throttle = new FailureThrottle(60_000, time.now);
    throttle.recordFailure('k'); // 0 s
    time.advance(10_000);
    throttle.recordFailure('k'); // 10 s
    time.advance(10_000);
    throttle.recordFailure('k'); // 20 s
    expect(throttle.retryAfter('k', 3)).toBe(40);
    time.advance(40_000); // 60 s: the first failure is exactly a window old
    expect(throttle.retryAfter('k', 3)).toBe(0);
    time.advance(1_000);
    throttle.recordFailure('k'); // 61 s: failures at 10, 20, 61 count
    expect(throttle.retryAfter('k', 3)).toBe(9);
  });

  it('never answers 0 seconds while throttled', () => {
    const time = clock();
    const throttle = new FailureThrottle(60_000, time.now);
    for (let i = 0; i < 3; i++) throttle.recordFailure('k');
    time.advance(59_999);
    expect(throttle.retryAfter('k', 3)).toBe(1);
  });

  it('a successful sign-in clears the account’s failures', () => {
    const time = clock();
    const throttle = new FailureThrottle(WINDOW, time.now);
    for (let i = 0; i < 5; i++) throttle.recordFailure('account:a');
    throttle.clear('account:a');
    expect(throttle.retryAfter('account:a', 5)).toBe(0);
    throttle.recordFailure('account:a');
    expect(throttle.retryAfter('account:a', 1)).toBe(900);
  });

  it('keys are counted apart: one account’s failures do not throttle another or an address', () => {
    const time = clock();
    const throttle = new FailureThrottle(WINDOW, time.now);
    for (let i = 0; i < 5; i++) throttle.recordFailure('account:a');
    throttle.recordFailure('address:10.0.0.1');
    expect(throttle.retryAfter('account:a', 5)).toBe(900);
    expect(throttle.retryAfter('account:b', 5)).toBe(0);
    expect(throttle.retryAfter('address:10.0.0.1', 20)).toBe(0);
    throttle.clear('account:b');
    expect(throttle.retryAfter('account:a', 5)).toBe(900);
  });
});

import { describe, expect, it } from 'vitest';
import { hashPassword, verifyNobody, verifyPassword } from '../../server/auth/passwords.js';
import { FailureThrottle, SIGN_IN_MAX_FAILURES_PER_ACCOUNT_CEILING, signInLimits, type Limit } from '../../server/auth/throttle.js';
import { isCommonPassword, newPassword } from '../../server/auth/password-policy.js';

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

describe('new passwords (OWASP ASVS 5.0)', () => {
  function problems(password: string): string[] {
    const result = newPassword.safeParse(password);
    return result.success ? [] : result.error.issues.map((i) => i.message);
  }

  it('accept 12 characters or more, counted as characters, kept as typed', () => {
    expect(problems('Bangkok-2025')).toEqual([]);
    expect(problems('ééééééééééé😀')).toEqual([]); // 12 characters, 13 UTF-16 units
    expect(newPassword.parse('  Bangkok-Declaration  ')).toBe('  Bangkok-Declaration  ');
  });

  it('refuse 11 characters, and 11 characters that take 12 UTF-16 units', () => {
    expect(problems('Bangkok-202')).toEqual(['must be at least 12 characters']);
    expect(problems('éééééééééé😀')).toEqual(['must be at least 12 characters']);
  });

  it('refuse blanks of any kind, however many', () => {
    expect(problems(' '.repeat(12))).toEqual(['must not be blank']);
    expect(problems('\t \u00a0\u3000\n'.repeat(4))).toEqual(['must not be blank']);
    expect(problems('\u200b'.repeat(12))).toEqual(['must not be blank']);
  });

  it('refuse common passwords from the list, whatever their case or surrounding blanks', () => {
    for (const common of ['password1234', 'Password1234', 'qwertyuiop123', '1qaz2wsx3edc', ' 123456789012 ']) {
      expect(problems(common), common).toEqual(['is too common']);
    }
    expect(isCommonPassword('password12')).toBe(true);
    expect(isCommonPassword('Bangkok-Declaration-2025')).toBe(false);
  });

  it('refuse more than 256 characters', () => {
    expect(problems('x'.repeat(257))).toEqual(['must be at most 256 characters']);
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

  /** A failed attempt under one key with no limit of its own. */
  function fail(throttle: FailureThrottle, key: string): void {
    expect(throttle.reserve([{ key, max: Number.MAX_SAFE_INTEGER }]).attempt).not.toBeNull();
  }

  it('lets an account try freely until it reaches the limit, then counts nothing more', () => {
    const throttle = new FailureThrottle(WINDOW, clock().now);
    const limit = { key: 'pair:aminah@mfa.gov.my|10.0.0.1', max: 5 };
    for (let i = 0; i < 5; i++) expect(throttle.reserve([limit]).retryAfter).toBe(0);
    expect(throttle.reserve([limit])).toEqual({ attempt: null, retryAfter: 900 });
    expect(throttle.retryAfter(limit.key, 6)).toBe(0); // the refused attempt was not counted
  });

  it('counts an attempt when it is reserved, so attempts arriving together get at most the limit', async () => {
    const throttle = new FailureThrottle(WINDOW, clock().now);
    const limits = signInLimits('aminah@mfa.gov.my', '10.0.0.1');
    let verified = 0;
    const attempt = async () => {
      const { attempt } = throttle.reserve([limits.pair, limits.account, limits.address]);
      if (!attempt) return 429;
      await new Promise((resolve) => setTimeout(resolve, 5)); // argon2 takes a while
      verified++;
      return 401;
    };
    const statuses = await Promise.all(Array.from({ length: 200 }, attempt));
    expect(verified).toBe(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(195);
  });

  it('a stranger’s wrong guesses do not lock the owner out from their own address', () => {
    const throttle = new FailureThrottle(WINDOW, clock().now);
    const all = (l: ReturnType<typeof signInLimits>): Limit[] => [l.pair, l.account, l.address];
    const stranger = signInLimits('aminah@mfa.gov.my', '203.0.113.9');
    for (let i = 0; i < 5; i++) expect(throttle.reserve(all(stranger)).attempt).not.toBeNull();
    expect(throttle.reserve(all(stranger)).retryAfter).toBe(900);
    const owner = throttle.reserve(all(signInLimits('aminah@mfa.gov.my', '192.0.2.1')));
    expect(owner.attempt).not.toBeNull();
  });

  it('an account’s ceiling across all addresses stops guessing from many addresses, owner included', () => {
    const throttle = new FailureThrottle(WINDOW, clock().now);
    for (let i = 0; i < SIGN_IN_MAX_FAILURES_PER_ACCOUNT_CEILING; i++) {
      const l = signInLimits('aminah@mfa.gov.my', `198.51.100.${i}`);
      expect(throttle.reserve([l.pair, l.account, l.address]).attempt).not.toBeNull();
    }
    const owner = signInLimits('aminah@mfa.gov.my', '192.0.2.1');
    expect(throttle.reserve([owner.pair, owner.account, owner.address]).retryAfter).toBe(900);
    const other = signInLimits('somchai@mfa.go.th', '192.0.2.1');
    expect(throttle.reserve([other.pair, other.account, other.address]).attempt).not.toBeNull();
  });

  it('one address trying many accounts is stopped by the address limit', () => {
    const throttle = new FailureThrottle(WINDOW, clock().now);
    const statuses = Array.from({ length: 25 }, (_, i) => {
      const l = signInLimits(`nobody${i}@example.org`, '203.0.113.9');
      return throttle.reserve([l.pair, l.account, l.address]).attempt ? 401 : 429;
    });
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
  });

  it('a successful attempt is refunded from every key it was counted under', () => {
    const throttle = new FailureThrottle(WINDOW, clock().now);
    const limits: Limit[] = [{ key: 'a', max: 2 }, { key: 'b', max: 2 }];
    fail(throttle, 'a');
    const { attempt } = throttle.reserve(limits);
    expect(throttle.retryAfter('a', 2)).toBe(900);
    throttle.refund(attempt!);
    expect(throttle.retryAfter('a', 2)).toBe(0);
    expect(throttle.retryAfter('a', 1)).toBe(900); // the earlier failure still counts
    expect(throttle.retryAfter('b', 1)).toBe(0);
  });

  it('after 5 failures asks to wait until the oldest one leaves the window, in whole seconds', () => {
    const time = clock();
    const throttle = new FailureThrottle(WINDOW, time.now);
    for (let i = 0; i < 5; i++) fail(throttle, 'account:a');
    expect(throttle.retryAfter('account:a', 5)).toBe(900);
    time.advance(100_500);
    expect(throttle.retryAfter('account:a', 5)).toBe(800); // ceil(799.5)
  });

  it('counts from the failure that makes the limit, not the oldest on record', () => {
    const time = clock();
    const throttle = new FailureThrottle(60_000, time.now);
    for (let i = 0; i < 5; i++) {
      fail(throttle, 'k');
      time.advance(1000);
    }
    // Failures at 0, 1, 2, 3, 4 s; now 5 s. With a limit of 3 the one at 2 s decides: 2 + 60 - 5.
    expect(throttle.retryAfter('k', 3)).toBe(57);
  });

  it('the window slides: old failures stop counting', () => {
    const time = clock();
    const throttle = new FailureThrottle(60_000, time.now);
    fail(throttle, 'k'); // 0 s
    time.advance(10_000);
    fail(throttle, 'k'); // 10 s
    time.advance(10_000);
    fail(throttle, 'k'); // 20 s
    expect(throttle.retryAfter('k', 3)).toBe(40);
    time.advance(40_000); // 60 s: the first failure is exactly a window old
    expect(throttle.retryAfter('k', 3)).toBe(0);
    time.advance(1_000);
    fail(throttle, 'k'); // 61 s: failures at 10, 20, 61 count
    expect(throttle.retryAfter('k', 3)).toBe(9);
  });

  it('never answers 0 seconds while throttled', () => {
    const time = clock();
    const throttle = new FailureThrottle(60_000, time.now);
    for (let i = 0; i < 3; i++) fail(throttle, 'k');
    time.advance(59_999);
    expect(throttle.retryAfter('k', 3)).toBe(1);
  });

  it('clearing a key forgets its failures', () => {
    const throttle = new FailureThrottle(WINDOW, clock().now);
    for (let i = 0; i < 5; i++) fail(throttle, 'pair:a|1');
    throttle.clear('pair:a|1');
    expect(throttle.retryAfter('pair:a|1', 5)).toBe(0);
    fail(throttle, 'pair:a|1');
    expect(throttle.retryAfter('pair:a|1', 1)).toBe(900);
  });

  it('keys are counted apart: one account’s failures do not throttle another or an address', () => {
    const throttle = new FailureThrottle(WINDOW, clock().now);
    for (let i = 0; i < 5; i++) fail(throttle, 'account:a');
    fail(throttle, 'address:10.0.0.1');
    expect(throttle.retryAfter('account:a', 5)).toBe(900);
    expect(throttle.retryAfter('account:b', 5)).toBe(0);
    expect(throttle.retryAfter('address:10.0.0.1', 20)).toBe(0);
    throttle.clear('account:b');
    expect(throttle.retryAfter('account:a', 5)).toBe(900);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FailureThrottle, MemorySignInThrottle, signInLimits, type Limit, type SignInThrottle } from '../../server/auth/throttle.js';
import { RedisSignInThrottle } from '../../server/scale/redis-throttle.js';
import { SharedRedis } from '../../server/scale/redis.js';
import { REDIS_URL } from '../helpers/cluster.js';

/**
 * The throttle's rules, checked the same on the in-memory throttle (one process) and on the Redis one
 * (the machine's Redis, under a prefix of this run), each on a clock the test moves.
 */
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

let redis: SharedRedis;
const prefix = `accord-test-throttle-${randomBytes(4).toString('hex')}:`;

beforeAll(async () => {
  redis = await SharedRedis.open(REDIS_URL, prefix);
});

afterAll(async () => {
  const keys = await redis.commands.keys(`${prefix}*`);
  if (keys.length) await redis.commands.del(...keys);
  await redis.close();
});

/** Each test gets keys of its own: the Redis throttles of one run share the prefix. */
let run = 0;

const kinds: [string, (now: () => number) => SignInThrottle][] = [
  ['in memory', (now) => new MemorySignInThrottle(new FailureThrottle(WINDOW, now))],
  [
    'in Redis',
    (now) => {
      const own = ++run;
      return new RedisSignInThrottle({ commands: redis.commands, key: (name) => redis.key(`${own}/${name}`) }, WINDOW, now);
    },
  ],
];

describe.each(kinds)('sign-in throttling %s', (_kind, make) => {
  const all = (l: ReturnType<typeof signInLimits>): Limit[] => [l.pair, l.account, l.address];

  it('lets an account try until it reaches the limit, then counts nothing more until the oldest try leaves the window', async () => {
    const time = clock();
    const throttle = make(time.now);
    const limit = { key: 'pair:aminah@mfa.gov.my|10.0.0.1', max: 5 };
    for (let i = 0; i < 5; i++) {
      expect((await throttle.reserve([limit])).retryAfter).toBe(0);
      time.advance(100_000);
    }
    // The oldest of the five was 500 s ago: 400 s to go, and the refused try is not counted.
    expect(await throttle.reserve([limit])).toEqual({ attempt: null, retryAfter: 400 });
    time.advance(399_500);
    expect((await throttle.reserve([limit])).retryAfter).toBe(1); // ceil(0.5)
    time.advance(500);
    expect((await throttle.reserve([limit])).attempt).not.toBeNull();
    expect((await throttle.reserve([limit])).retryAfter).toBe(100);
  });

  it('counts attempts arriving together atomically: at most the limit pass', async () => {
    const throttle = make(clock().now);
    const limits = signInLimits('aminah@mfa.gov.my', '10.0.0.1');
    const results = await Promise.all(Array.from({ length: 40 }, () => throttle.reserve(all(limits))));
    expect(results.filter((r) => r.attempt)).toHaveLength(5);
    expect(results.filter((r) => r.retryAfter === 900)).toHaveLength(35);
  });

  it('counts an attempt under every key or under none', async () => {
    const throttle = make(clock().now);
    const a = { key: 'a', max: 2 };
    const b = { key: 'b', max: 3 };
    expect((await throttle.reserve([a])).attempt).not.toBeNull();
    expect((await throttle.reserve([a, b])).attempt).not.toBeNull();
    // 'a' is full: nothing is counted under 'b' either, so 'b' still takes two more.
    expect((await throttle.reserve([a, b])).retryAfter).toBe(900);
    expect((await throttle.reserve([b])).attempt).not.toBeNull();
    expect((await throttle.reserve([b])).attempt).not.toBeNull();
    expect((await throttle.reserve([b])).retryAfter).toBe(900);
  });

  it('a successful attempt is refunded from every key it was counted under, and only it', async () => {
    const time = clock();
    const throttle = make(time.now);
    const a = { key: 'a', max: 2 };
    const b = { key: 'b', max: 1 };
    expect((await throttle.reserve([a])).attempt).not.toBeNull();
    const { attempt } = await throttle.reserve([a, b]); // the same millisecond as the first
    expect((await throttle.reserve([a])).retryAfter).toBe(900);
    await throttle.refund(attempt!);
    expect((await throttle.reserve([b])).attempt).not.toBeNull();
    expect((await throttle.reserve([a])).attempt).not.toBeNull();
    expect((await throttle.reserve([a])).retryAfter).toBe(900); // the earlier failure still counts
  });

  it('clearing a key forgets its attempts, and no other key’s', async () => {
    const throttle = make(clock().now);
    const owner = signInLimits('aminah@mfa.gov.my', '192.0.2.1');
    for (let i = 0; i < 5; i++) expect((await throttle.reserve(all(owner))).attempt).not.toBeNull();
    expect((await throttle.reserve(all(owner))).retryAfter).toBe(900);
    await throttle.clear(owner.pair.key);
    expect((await throttle.reserve(all(owner))).attempt).not.toBeNull();
    // The address kept its six: fourteen more of its twenty.
    const other = signInLimits('somchai@mfa.go.th', '192.0.2.1');
    for (let i = 0; i < 14; i++) await throttle.reserve([other.address]);
    expect((await throttle.reserve([other.address])).retryAfter).toBe(900);
  });
});

/** A free TCP port for a Redis of this test's own. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('sign-in throttling when Redis goes away', () => {
  let own: ChildProcess | null = null;
  let shared: SharedRedis | null = null;

  afterEach(async () => {
    own?.kill('SIGCONT');
    own?.kill('SIGKILL');
    shared?.commands.disconnect();
    shared?.listener.disconnect();
    own = shared = null;
  });

  /** A Redis that this test may stop and kill (the machine's is shared with everyone). */
  async function ownRedis(): Promise<{ process: ChildProcess; url: string }> {
    const port = await freePort();
    const process = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        shared = await SharedRedis.open(url, 'accord-test:');
        return { process, url };
      } catch (err) {
        if (i > 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  for (const [how, signal] of [
    ['stops answering', 'SIGSTOP'],
    ['dies', 'SIGKILL'],
  ] as const) {
    it(`a sign-in does not hang when Redis ${how}: this instance counts alone, with the same limits`, async () => {
      const { process } = await ownRedis();
      own = process;
      const throttle = new RedisSignInThrottle(shared!, WINDOW);
      const limit = { key: 'pair:aminah@mfa.gov.my|10.0.0.1', max: 5 };
      for (let i = 0; i < 2; i++) expect((await throttle.reserve([limit])).attempt).not.toBeNull();
      process.kill(signal);
      const started = Date.now();
      // Counted afresh in memory (Redis's two are out of reach): five pass, the sixth waits.
      for (let i = 0; i < 5; i++) expect((await throttle.reserve([limit])).attempt).not.toBeNull();
      expect((await throttle.reserve([limit])).retryAfter).toBeGreaterThan(0);
      // One wait for Redis (at most 1.5 s), then the outage is known and the rest answer from memory:
      // six waits would take 9 s.
      expect(Date.now() - started).toBeLessThan(6_000);
    });
  }

  it('counts in Redis again once Redis answers again', async () => {
    const { process } = await ownRedis();
    own = process;
    const throttle = new RedisSignInThrottle(shared!, WINDOW);
    const limit = { key: 'pair:aminah@mfa.gov.my|10.0.0.1', max: 5 };
    const inRedis = async (id: string) => (await shared!.commands.zscore(shared!.key(`sign-in:${limit.key}`), id)) !== null;
    const before = (await throttle.reserve([limit])).attempt!;
    expect(await inRedis(before.id)).toBe(true);
    process.kill('SIGSTOP');
    // Counted in memory (the script sent meanwhile may still run once Redis wakes: stricter, never looser).
    expect((await throttle.reserve([limit])).attempt).not.toBeNull();
    process.kill('SIGCONT');
    // Redis is asked again after the outage's pause (5 s).
    await new Promise((r) => setTimeout(r, 5_500));
    const after = (await throttle.reserve([limit])).attempt!;
    expect(await inRedis(after.id)).toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import { FailureThrottle, type Attempt, type Limit, type Reservation, type SignInThrottle } from '../auth/throttle.js';
import type { SharedRedis } from './redis.js';
import { log } from '../log.js';

/**
 * Reserves one attempt under every key, or none: the whole check-then-count runs inside Redis as one
 * script, so attempts arriving together at different instances cannot all pass the check. Each key is
 * a sorted set of attempt ids scored by time; the semantics are FailureThrottle's (server/auth/throttle.ts):
 * an attempt counts while it is less than `window` ms old; a key is full at `max`; the wait is until
 * the oldest attempt that keeps it full leaves the window, in whole seconds, at least 1.
 *
 * KEYS: the keys. ARGV: window ms, attempt id, now in ms ('' = Redis's own clock, which every instance
 * shares, so a skewed instance clock counts nothing differently), then each key's max.
 * Returns { seconds to wait (0: counted), the time it was counted at }.
 */
const RESERVE = `
local window = tonumber(ARGV[1])
local id = ARGV[2]
local now
if ARGV[3] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
else
  now = tonumber(ARGV[3])
end
local wait = 0
for i, key in ipairs(KEYS) do
  local max = tonumber(ARGV[3 + i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= max then
    local oldest = redis.call('ZRANGE', key, count - max, count - max, 'WITHSCORES')
    local seconds = math.max(1, math.ceil((tonumber(oldest[2]) + window - now) / 1000))
    if seconds > wait then wait = seconds end
  end
end
if wait > 0 then return { wait, now } end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, id)
  redis.call('PEXPIRE', key, window)
end
return { 0, now }
`;

/** Takes one attempt (by id) back from every key it was counted under. KEYS: the keys; ARGV[1]: the id. */
const REFUND = `
for _, key in ipairs(KEYS) do
  redis.call('ZREM', key, ARGV[1])
end
return 0
`;

/**
 * How long a sign-in waits for Redis before counting in this instance's memory instead. ioredis
 * fails a command after its reconnect attempts, but a Redis that accepts connections and does not
 * answer would hold the request forever.
 */
const REDIS_WAIT_MS = 1_500;

/** Once Redis has failed, sign-ins count in memory this long before asking it again, so an outage costs one wait, not one per sign-in. */
const OUTAGE_PAUSE_MS = 5_000;

class RedisTimeout extends Error {}

/**
 * Sign-in throttling shared by every instance: each key's attempts live in Redis (a sorted set,
 * expiring with the window), so failures spread across instances lock out at the same count as on one.
 *
 * When Redis cannot be reached, attempts are counted in this instance's memory instead (a
 * FailureThrottle, same limits), until Redis answers again. Failing closed (a 503) would lock every
 * delegate out of signing in for as long as Redis is down, which the rest of Accord survives (Redis
 * carries nothing that is not also in PostgreSQL); falling back keeps each instance's own limits, so
 * for the outage's length a guesser gets at most N times the attempts on N instances, never unlimited.
 */
export class RedisSignInThrottle implements SignInThrottle {
  private readonly fallback: FailureThrottle;
  /** Attempts counted in memory during an outage: refunded there, not in Redis. */
  private readonly local = new WeakSet<Attempt>();
  private degraded = false;
  /** Until when Redis is not asked (an outage was just seen); 0 when it answers. */
  private pausedUntil = 0;

  constructor(
    private readonly redis: Pick<SharedRedis, 'commands' | 'key'>,
    private readonly windowMs: number,
    /** The time attempts are counted at; Redis's clock unless given (tests move a clock of their own). */
    private readonly now?: () => number,
  ) {
    this.fallback = new FailureThrottle(windowMs, now);
  }

  async reserve(limits: readonly Limit[]): Promise<Reservation> {
    const keys = limits.map((l) => l.key);
    const id = randomBytes(9).toString('base64url');
    const args = [String(this.windowMs), id, this.now ? String(this.now()) : '', ...limits.map((l) => String(l.max))];
    let answer: unknown;
    try {
      if (Date.now() < this.pausedUntil) throw new RedisTimeout('redis failed a moment ago');
      answer = await this.bounded(this.redis.commands.eval(RESERVE, keys.length, ...keys.map((k) => this.keyOf(k)), ...args));
    } catch (err) {
      this.outage(err);
      const reservation = this.fallback.reserve(limits);
      if (reservation.attempt) this.local.add(reservation.attempt);
      return reservation;
    }
    this.recovered();
    const [wait, at] = answer as [number, number];
    if (wait > 0) return { attempt: null, retryAfter: wait };
    return { attempt: { keys, at, id }, retryAfter: 0 };
  }

  async refund(attempt: Attempt): Promise<void> {
    if (this.local.has(attempt)) return this.fallback.refund(attempt);
    // A refund that cannot reach Redis leaves a successful attempt counted until the window passes:
    // stricter than needed, never looser, and not worth failing a sign-in that succeeded.
    await this.bounded(this.redis.commands.eval(REFUND, attempt.keys.length, ...attempt.keys.map((k) => this.keyOf(k)), attempt.id)).catch((err: unknown) => this.outage(err));
  }

  async clear(key: string): Promise<void> {
    this.fallback.clear(key);
    // Left in Redis during an outage: a key cleared late is stricter, never looser.
    if (Date.now() < this.pausedUntil) return;
    await this.bounded(this.redis.commands.del(this.keyOf(key))).catch((err: unknown) => this.outage(err));
  }

  private keyOf(key: string): string {
    return this.redis.key(`sign-in:${key}`);
  }

  private bounded<T>(command: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RedisTimeout(`redis did not answer within ${REDIS_WAIT_MS} ms`)), REDIS_WAIT_MS);
    });
    // The command may still fail after the timeout won: that rejection is expected and handled here.
    command.catch(() => {});
    return Promise.race([command, timeout]).finally(() => clearTimeout(timer));
  }

  private outage(err: unknown): void {
    this.pausedUntil = Date.now() + OUTAGE_PAUSE_MS;
    if (this.degraded) return;
    this.degraded = true;
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'sign-in throttle: redis unreachable; counting attempts in this instance until it answers');
  }

  private recovered(): void {
    this.pausedUntil = 0;
    if (!this.degraded) return;
    this.degraded = false;
    log.info('sign-in throttle: redis answers again; attempts count across instances');
  }
}

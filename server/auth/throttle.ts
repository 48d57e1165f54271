import { SIGN_IN_MAX_FAILURES_PER_ACCOUNT, SIGN_IN_MAX_FAILURES_PER_ADDRESS } from '../../shared/limits.js';
import type { SharedRedis } from '../scale/redis.js';
import { RedisSignInThrottle } from '../scale/redis-throttle.js';

/** A key ("pair:x@y|1.2.3.4") and how many attempts it may have in a window. */
export interface Limit {
  key: string;
  max: number;
}

/** One attempt, counted under some keys; refunded if it turns out to be a successful sign-in. */
export interface Attempt {
  readonly keys: readonly string[];
  readonly at: number;
  /** Tells this attempt from another counted in the same millisecond (a refund takes back exactly one). */
  readonly id: string;
}

export type Reservation = { attempt: Attempt; retryAfter: 0 } | { attempt: null; retryAfter: number };

/**
 * Sign-in throttling as the routes see it: per process in memory, or shared by every instance in
 * Redis (server/scale/redis-throttle.ts). Asynchronous because the shared one is a round trip; each
 * reserve is still one atomic step wherever it is counted.
 */
export interface SignInThrottle {
  /** Counts one attempt under every key if none is full; otherwise counts nothing and says how many seconds to wait. */
  reserve(limits: readonly Limit[]): Promise<Reservation>;
  /** Takes back an attempt that succeeded, from every key it was counted under. */
  refund(attempt: Attempt): Promise<void>;
  /** Forgets every attempt counted under `key`. */
  clear(key: string): Promise<void>;
}

/** Forgotten keys are swept once per this many reservations, so guessing at many accounts cannot grow the map forever. */
const SWEEP_EVERY = 1000;

/**
 * Sign-in throttling: attempts counted in a sliding window, per key. An attempt is counted as a
 * failure when it is reserved, synchronously and before any password is verified, so requests
 * arriving together cannot all pass the check while argon2 runs; a successful sign-in refunds it.
 * Kept in memory, per process: with several instances, RedisSignInThrottle counts for all of them.
 */
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();
  private reservations = 0;
  private attempts = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts one attempt under every limit's key if none of them is full; otherwise counts nothing
   * and says how many seconds to wait. Synchronous on purpose: this is the atomic step.
   */
  reserve(limits: readonly Limit[]): Reservation {
    if (++this.reservations % SWEEP_EVERY === 0) this.sweep();
    const retryAfter = Math.max(0, ...limits.map((l) => this.retryAfter(l.key, l.max)));
    if (retryAfter > 0) return { attempt: null, retryAfter };
    const at = this.now();
    for (const { key } of limits) this.failures.set(key, [...this.recent(key), at]);
    return { attempt: { keys: limits.map((l) => l.key), at, id: String(++this.attempts) }, retryAfter: 0 };
  }

  /** Takes back an attempt that succeeded, from every key it was counted under. */
  refund(attempt: Attempt): void {
    for (const key of attempt.keys) {
      const list = this.failures.get(key);
      const i = list?.lastIndexOf(attempt.at) ?? -1;
      if (i < 0) continue;
      list!.splice(i, 1);
      if (!list!.length) this.failures.delete(key);
    }
  }

  /** Seconds until `key` may try again, or 0 if it may try now. */
  retryAfter(key: string, max: number): number {
    const recent = this.recent(key);
    if (recent.length < max) return 0;
    const oldestThatCounts = recent[recent.length - max]!;
    return Math.max(1, Math.ceil((oldestThatCounts + this.windowMs - this.now()) / 1000));
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  private sweep(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
  }
}

/**
 * Above this many failures in a window for one account, from all addresses together, it waits
 * wherever it signs in from: the ceiling on guessing from many addresses at once.
 */
export const SIGN_IN_MAX_FAILURES_PER_ACCOUNT_CEILING = 100;

/**
 * What one sign-in attempt counts against. The low limit is per account *and address*, so that a
 * stranger's wrong guesses never lock the owner out from their own address; the account's ceiling
 * bounds guessing from many addresses; the address limit bounds one address trying many accounts.
 */
export function signInLimits(email: string, address: string): { pair: Limit; account: Limit; address: Limit } {
  return {
    pair: { key: `pair:${email}|${address}`, max: SIGN_IN_MAX_FAILURES_PER_ACCOUNT },
    account: { key: `account:${email}`, max: SIGN_IN_MAX_FAILURES_PER_ACCOUNT_CEILING },
    address: { key: `address:${address}`, max: SIGN_IN_MAX_FAILURES_PER_ADDRESS },
  };
}

/** A FailureThrottle as a SignInThrottle: each reserve still runs in one synchronous step. */
export class MemorySignInThrottle implements SignInThrottle {
  constructor(readonly counts: FailureThrottle) {}

  reserve(limits: readonly Limit[]): Promise<Reservation> {
    return Promise.resolve(this.counts.reserve(limits));
  }

  refund(attempt: Attempt): Promise<void> {
    this.counts.refund(attempt);
    return Promise.resolve();
  }

  clear(key: string): Promise<void> {
    this.counts.clear(key);
    return Promise.resolve();
  }
}

/**
 * The sign-in throttle of this deployment: in Redis when instances share one (attempts count across
 * all of them, so N instances do not allow N times the guesses), in memory for one process.
 */
export function createSignInThrottle(windowMs: number, redis: SharedRedis | null): SignInThrottle {
  if (redis) return new RedisSignInThrottle(redis, windowMs);
  return new MemorySignInThrottle(new FailureThrottle(windowMs));
}

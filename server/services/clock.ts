/**
 * Time as the services see it: what time it is, and how to run something again and again. The
 * server uses the system's; tests pass their own, so that a deadline passes when the test says so.
 */
export interface Clock {
  now(): Date;
  /** Runs `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    // A timer of its own must never keep the process alive.
    timer.unref();
    return () => clearInterval(timer);
  },
};

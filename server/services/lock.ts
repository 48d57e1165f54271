import type { Db } from '../../db/index.js';
import type { SharedRedis } from '../scale/redis.js';

/**
 * Runs tasks one at a time per key, in the order asked: the procedure of one document (issuing a
 * revision, starting, breaking or withdrawing silence, adopting) never interleaves with itself, while
 * other documents go on. A task's failure does not block the ones after it. Per process: Accord runs
 * each document on one instance.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/** The lock of every document's procedure in this process. */
export const procedureLock = new KeyedLock();

/**
 * The procedure lock of this deployment. With several instances (`redis` set, on PostgreSQL), steps of
 * one document must be serialized across all of them: TODO(issue 14); for now, per process.
 */
export function createProcedureLock(_db: Db, _redis: SharedRedis | null): KeyedLock {
  return procedureLock;
}

import { AdvisoryProcedureLock } from '../scale/advisory-lock.js';

/**
 * Runs the procedure steps of each document (issuing a revision, starting, breaking or withdrawing
 * silence, adopting) one at a time, in the order asked, while other documents go on. A task's failure
 * does not block the ones after it.
 */
export interface ProcedureLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** A ProcedureLock of one process: enough when one process serves every document (SQLite). */
export class KeyedLock implements ProcedureLock {
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

/**
 * The procedure lock of this deployment. On PostgreSQL, a PostgreSQL advisory lock per document, so
 * steps are serialized across every instance sharing the database (with or without Redis: two
 * processes on one database must not interleave either). On SQLite, one process serves everything:
 * a lock in memory, as always.
 */
export function createProcedureLock(config: { databaseUrl: string }): ProcedureLock {
  if (/^postgres(ql)?:\/\//.test(config.databaseUrl)) return new AdvisoryProcedureLock(config.databaseUrl);
  return new KeyedLock();
}

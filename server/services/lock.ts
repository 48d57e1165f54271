import { AdvisoryProcedureLock } from '../scale/advisory-lock.js';

/**
 * Runs the procedure steps of each document (issuing a revision, starting, breaking or withdrawing
 * silence, adopting) one at a time, in the order asked, while other documents go on. A task's failure
 * does not block the ones after it.
 */
export interface ProcedureLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /**
   * Runs `task` now if no step of `key` is running or waiting (here, or on any instance the lock
   * spans); otherwise runs nothing. For work that may as well wait for its next turn, such as the
   * silence clock's: it leaves a document another instance is adopting to that instance.
   */
  tryRun<T>(key: string, task: () => Promise<T>): Promise<Tried<T>>;
  /** Lets go of what the lock holds (its database connections, if any) when the process stops. */
  close?(): Promise<void>;
}

export type Tried<T> = { ran: true; value: T } | { ran: false };

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

  async tryRun<T>(key: string, task: () => Promise<T>): Promise<Tried<T>> {
    if (this.busy(key)) return { ran: false };
    return { ran: true, value: await this.run(key, task) };
  }

  /** Whether a step of `key` is running or waiting in this process. */
  busy(key: string): boolean {
    return this.tails.has(key);
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

import pg from 'pg';
import { KeyedLock, type ProcedureLock, type Tried } from '../services/lock.js';
import { log } from '../log.js';

/**
 * The first half of every Accord advisory lock key (pg_advisory_lock(int, int)): "Ac" + 1, so our
 * locks never meet another application's single-bigint locks in the same database.
 */
const PROCEDURE_LOCK_SPACE = 0x41630001;

/**
 * How many documents' steps one instance holds or waits for at once. Each takes a connection of a
 * pool of its own (not the queries' pool: a step holding the queries' connections while waiting for
 * more of them could starve itself), so more steps than this on different documents wait their turn.
 */
const LOCK_CONNECTIONS = 4;

/**
 * The procedure lock of several instances sharing one PostgreSQL database: a step of a document runs
 * while this instance holds that document's session-level advisory lock, so it never interleaves with
 * a step of the same document on another instance.
 *
 * Inside one instance, steps of a document queue first on a KeyedLock (in the order asked, one
 * connection per document at most); the one in front then takes the advisory lock on a dedicated
 * connection and gives it back when the step ends. An instance that dies (kill -9, a lost machine)
 * takes its connections with it, and PostgreSQL releases their locks at once: nothing stays locked
 * after a crash. The same holds if only the lock's connection breaks while the step runs: the lock is
 * gone, and another instance may start a step of that document before this one ends. That is why the
 * steps' writes stay conditional (a status moved only from the one the step started from, a silence
 * ended only if still open, a revision number unique): the lock keeps steps from racing, and the
 * database still refuses the loser if one ever does.
 */
export class AdvisoryProcedureLock implements ProcedureLock {
  private readonly local = new KeyedLock();
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: LOCK_CONNECTIONS,
      // Idle lock connections close, and never keep a process alive that has nothing else to do.
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
      application_name: 'accord-procedure-lock',
    });
    // An idle client's error (the server restarted) must not crash the process; the pool drops it.
    this.pool.on('error', (err) => log.warn({ err: err.message }, 'procedure lock: an idle connection failed'));
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const tried = await this.local.run(key, () => this.holding(key, task, true));
    // Waiting for the lock always ends holding it (or throwing).
    if (!tried.ran) throw new Error(`procedure lock: ${key} was not taken`);
    return tried.value;
  }

  tryRun<T>(key: string, task: () => Promise<T>): Promise<Tried<T>> {
    if (this.local.busy(key)) return Promise.resolve({ ran: false });
    return this.local.run(key, () => this.holding(key, task, false));
  }

  /** Takes the document's advisory lock (waiting for it, or only if free), runs the task, gives it back. */
  private async holding<T>(key: string, task: () => Promise<T>, wait: boolean): Promise<Tried<T>> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A connection that fails while held releases the lock on the server: it must never go back to
    // the pool as if it still held it (nor with a lock we could not give back).
    const onError = (err: Error) => {
      broken = err;
      log.error({ key, err: err.message }, 'procedure lock: the connection holding a lock failed; the lock is released');
    };
    client.on('error', onError);
    try {
      if (wait) await client.query('select pg_advisory_lock($1, hashtext($2))', [PROCEDURE_LOCK_SPACE, key]);
      else {
        const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as locked', [PROCEDURE_LOCK_SPACE, key]);
        if (!rows[0]?.locked) {
          client.off('error', onError);
          client.release();
          return { ran: false };
        }
      }
    } catch (err) {
      client.off('error', onError);
      client.release(err instanceof Error ? err : true);
      throw err;
    }
    try {
      return { ran: true, value: await task() };
    } finally {
      try {
        if (!broken) await client.query('select pg_advisory_unlock($1, hashtext($2))', [PROCEDURE_LOCK_SPACE, key]);
      } catch (err) {
        broken = err instanceof Error ? err : new Error(String(err));
      }
      client.off('error', onError);
      // Destroyed rather than pooled when in doubt: closing the connection is what surely unlocks.
      client.release(broken ?? undefined);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

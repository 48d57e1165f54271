import { Redis } from 'ioredis';
import { log } from '../log.js';

/**
 * The Redis that instances share when Accord runs as several (REDIS_URL). Two connections: one for
 * commands and publishing, one that only listens (a subscribed Redis connection can do nothing else).
 * Every key and channel starts with the prefix, so several Accords (or test runs) can share one Redis.
 *
 * Redis carries nothing that is not also in PostgreSQL: updates, events and carets travel through it,
 * but a message lost while it restarts is found again in the database (see server/scale/).
 */
export class SharedRedis {
  readonly commands: Redis;
  readonly listener: Redis;

  private constructor(
    url: string,
    readonly prefix: string,
  ) {
    const options = {
      // A command waits for a reconnect at most this long, then fails: a caller never hangs on Redis.
      maxRetriesPerRequest: 2,
      connectTimeout: 2_000,
      retryStrategy: (attempt: number) => Math.min(50 * attempt, 1_000),
    };
    this.commands = new Redis(url, { ...options, connectionName: 'accord' });
    this.listener = new Redis(url, { ...options, connectionName: 'accord-listener' });
    for (const [name, connection] of [['commands', this.commands], ['listener', this.listener]] as const) {
      connection.on('error', (err: Error) => log.warn({ connection: name, err: err.message }, 'redis connection error'));
    }
  }

  static async open(url: string, prefix: string): Promise<SharedRedis> {
    const redis = new SharedRedis(url, prefix);
    await Promise.all([redis.commands.ping(), redis.listener.ping()]);
    return redis;
  }

  /** A key or channel of this Accord's. */
  key(name: string): string {
    return this.prefix + name;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.commands.quit(), this.listener.quit()]);
  }
}

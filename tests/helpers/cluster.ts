import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { freshDatabase, type TestDatabase } from './database.js';
import { TestServer } from './server.js';

/** The PostgreSQL and Redis every machine runs (and CI): scale-out is tested against the real ones. */
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Several Accord instances, each in its own process, sharing one fresh PostgreSQL database and one
 * Redis (under a prefix of their own, so nothing of another run is heard). `instances[i].crash()`
 * kills one with SIGKILL; `restart(i)` starts it again on the same port.
 */
export class TestCluster {
  private constructor(
    readonly database: TestDatabase,
    readonly redisPrefix: string,
    readonly instances: TestServer[],
    private readonly env: Record<string, string>,
  ) {}

  static async start(count: number, env: Record<string, string> = {}): Promise<TestCluster> {
    const database = await freshDatabase(POSTGRES_URL);
    const redisPrefix = `accord-test-${randomBytes(4).toString('hex')}:`;
    const shared = { REDIS_URL, REDIS_PREFIX: redisPrefix, ...env };
    // The first instance alone migrates the fresh database; the others start on a migrated one. If one
    // cannot start, those that did are stopped: no process outlives a failed start.
    const started: TestServer[] = [];
    const launch = async () => {
      const instance = await TestServer.startOn(database, shared);
      started.push(instance);
      return instance;
    };
    try {
      await launch();
      await Promise.all(Array.from({ length: count - 1 }, launch));
    } catch (err) {
      await Promise.allSettled(started.map((i) => i.stop()));
      await database.drop();
      throw err;
    }
    return new TestCluster(database, redisPrefix, started, shared);
  }

  /** A Redis connection of the test's own (to watch channels, or to drop the instances' connections). */
  redis(): Redis {
    return new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.stop()));
    await this.database.drop();
    const redis = this.redis();
    try {
      const keys = await redis.keys(`${this.redisPrefix}*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }
}

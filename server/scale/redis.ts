import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { log } from '../log.js';

export type ChannelHandler = (message: Buffer) => void;

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
  /** This process among the instances: messages it published itself are recognised by it. */
  readonly instanceId = randomBytes(6).toString('hex');
  private readonly handlers = new Map<string, ChannelHandler>();
  private readonly reconnectHandlers = new Set<() => void>();

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
    // Named after the prefix too, so an operator (or a test) tells whose connections these are.
    const label = prefix.replace(/[^\w:.-]/g, '_');
    this.commands = new Redis(url, { ...options, connectionName: `accord@${label}` });
    this.listener = new Redis(url, { ...options, connectionName: `accord-listener@${label}` });
    for (const [name, connection] of [['commands', this.commands], ['listener', this.listener]] as const) {
      connection.on('error', (err: Error) => log.warn({ connection: name, err: err.message }, 'redis connection error'));
    }
    this.listener.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const handler = this.handlers.get(channel.toString());
      if (!handler) return;
      try {
        handler(message);
      } catch (err) {
        log.error({ channel: channel.toString(), err }, 'a Redis message could not be handled');
      }
    });
    // Messages published while the listener was away are lost (pub/sub keeps nothing): whoever relies
    // on them catches up from the database when it is back. ioredis subscribes its channels again itself.
    let connectedOnce = false;
    this.listener.on('ready', () => {
      if (!connectedOnce) {
        connectedOnce = true;
        return;
      }
      log.warn({}, 'the Redis listener reconnected; catching up from the database');
      for (const handler of this.reconnectHandlers) handler();
    });
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

  /** Listens on a channel (one handler per channel); resolves once Redis confirmed the subscription. */
  async listen(channel: string, handler: ChannelHandler): Promise<void> {
    this.handlers.set(channel, handler);
    await this.listener.subscribe(channel);
  }

  /**
   * Stops listening, if `handler` is still the channel's: someone who listened again since (a document
   * unloaded and opened again at once) keeps the channel.
   */
  async stopListening(channel: string, handler: ChannelHandler): Promise<void> {
    if (this.handlers.get(channel) !== handler) return;
    this.handlers.delete(channel);
    await this.listener.unsubscribe(channel);
  }

  /** Called each time the listener comes back after losing Redis (not at the first connection). */
  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.commands.quit(), this.listener.quit()]);
  }
}

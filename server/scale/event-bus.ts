import type { DomainEvent } from '../events/domain.js';
import { runHandlers, type DomainEventHandler, type EventBus } from '../events/bus.js';
import type { SharedRedis } from './redis.js';
import { log } from '../log.js';

/**
 * How long a publisher waits for the other instances to have handled an event. An instance that does
 * not answer in time is dead or cut off from Redis: the publisher goes on, and that instance's rooms
 * still cannot store what the guard forbids (they check it in PostgreSQL when they commit).
 */
const ACK_TIMEOUT_MS = 2_000;

interface Envelope {
  id: string;
  from: string;
  event: DomainEvent;
}

interface Waiting {
  acked: number;
  expected: number | null;
  done: () => void;
}

/**
 * The event bus of several instances. Publishing runs this instance's handlers, then sends the event
 * through Redis to every other instance, which runs its own and answers; publish resolves once all
 * that heard it have answered. So when a writer answers the chair that a clause is agreed, the rooms of
 * that document on every instance enforce the lock, as they do in one process.
 */
export class ClusterEventBus implements EventBus {
  private readonly handlers: { handler: DomainEventHandler; relayed: boolean }[] = [];
  private readonly waiting = new Map<string, Waiting>();
  private sent = 0;
  /** Resolves once this instance hears the other instances' events and answers. */
  readonly ready: Promise<void>;

  constructor(private readonly redis: SharedRedis) {
    this.ready = Promise.all([
      redis.listen(redis.key('events'), (raw) => this.heard(raw)),
      redis.listen(this.ackChannel(redis.instanceId), (raw) => this.acked(raw.toString())),
    ]).then(() => undefined);
  }

  subscribe(handler: DomainEventHandler, options: { relayed?: boolean } = {}): () => void {
    const entry = { handler, relayed: options.relayed ?? true };
    this.handlers.push(entry);
    return () => {
      const at = this.handlers.indexOf(entry);
      if (at >= 0) this.handlers.splice(at, 1);
    };
  }

  async publish(event: DomainEvent): Promise<void> {
    let failure: { error: unknown } | null = null;
    try {
      await runHandlers(this.handlers.map((h) => h.handler), event);
    } catch (error) {
      failure = { error };
    }
    await this.forward(event);
    if (failure) throw failure.error;
  }

  /** Sends an event to the other instances and waits until each that heard it has handled it. */
  private async forward(event: DomainEvent): Promise<void> {
    const id = `${this.redis.instanceId}:${++this.sent}`;
    let done!: () => void;
    const handled = new Promise<void>((resolve) => (done = resolve));
    const waiting: Waiting = { acked: 0, expected: null, done };
    this.waiting.set(id, waiting);
    let heardBy: number;
    try {
      const envelope: Envelope = { id, from: this.redis.instanceId, event };
      heardBy = await this.redis.commands.publish(this.redis.key('events'), JSON.stringify(envelope));
    } catch (err) {
      this.waiting.delete(id);
      log.warn({ event: event.type, err: (err as Error).message }, 'could not tell the other instances of an event');
      return;
    }
    // This instance hears its own events too (and ignores them): the others are one fewer.
    waiting.expected = heardBy - 1;
    if (waiting.acked >= waiting.expected) this.settle(id);
    const timer = setTimeout(() => {
      if (!this.waiting.has(id)) return;
      log.warn({ event: event.type, expected: waiting.expected, answered: waiting.acked }, 'not every instance answered an event in time');
      this.settle(id);
    }, ACK_TIMEOUT_MS);
    timer.unref();
    await handled;
    clearTimeout(timer);
  }

  private heard(raw: Buffer): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw.toString()) as Envelope;
    } catch {
      log.warn({}, 'an event from another instance could not be read');
      return;
    }
    if (envelope.from === this.redis.instanceId) return;
    const handlers = this.handlers.filter((h) => h.relayed).map((h) => h.handler);
    void runHandlers(handlers, envelope.event)
      .catch((err: unknown) => log.error({ event: envelope.event.type, err }, 'a subscriber failed on an event from another instance'))
      .finally(() => {
        this.redis.commands.publish(this.ackChannel(envelope.from), envelope.id).catch((err: unknown) => {
          log.warn({ err: (err as Error).message }, 'could not answer an event from another instance');
        });
      });
  }

  private acked(id: string): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    waiting.acked++;
    if (waiting.expected !== null && waiting.acked >= waiting.expected) this.settle(id);
  }

  private settle(id: string): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    waiting?.done();
  }

  private ackChannel(instanceId: string): string {
    return this.redis.key(`ack:${instanceId}`);
  }
}

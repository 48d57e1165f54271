import type { DomainEvent } from './domain.js';

export type DomainEventHandler = (event: DomainEvent) => void | Promise<void>;

/**
 * The one way writers announce what happened. Publishing resolves once every subscriber on this
 * instance has handled the event, so a writer that locks a clause answers the chair only after the
 * room enforces the lock. A cross-instance bus (Redis, later) implements the same interface: it
 * handles locally as this one does, then forwards to the other instances.
 */
export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  /**
   * Returns the way to unsubscribe. `relayed: false`: the handler hears only what was published on
   * this instance (the audit log of a refused change is written once, where it happened).
   */
  subscribe(handler: DomainEventHandler, options?: { relayed?: boolean }): () => void;
}

/**
 * Runs every handler even if one before it failed (the live stream still hears what the room could
 * not apply); the first failure is then the publisher's to handle (e.g. a room that cannot load).
 */
export async function runHandlers(handlers: readonly DomainEventHandler[], event: DomainEvent): Promise<void> {
  let failure: { error: unknown } | null = null;
  for (const handler of handlers) {
    try {
      await handler(event);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}

/** The bus of a single instance: handlers run in the order they subscribed, one after the other. */
export class InProcessEventBus implements EventBus {
  private readonly handlers: DomainEventHandler[] = [];

  subscribe(handler: DomainEventHandler): () => void {
    this.handlers.push(handler);
    return () => {
      const at = this.handlers.indexOf(handler);
      if (at >= 0) this.handlers.splice(at, 1);
    };
  }

  publish(event: DomainEvent): Promise<void> {
    return runHandlers([...this.handlers], event);
  }
}

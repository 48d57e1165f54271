import type { Db } from '../db/index.js';
import type { Config } from './config.js';
import type { Sessions } from './auth/sessions.js';
import type { SignInThrottle } from './auth/throttle.js';
import type { ProcedureLock } from './services/lock.js';
import type { Actor } from './policies/actor.js';
import type { RoomRegistry } from './collab/registry.js';
import type { EventHub } from './events/hub.js';
import type { EventBus } from './events/bus.js';
import type { SharedRedis } from './scale/redis.js';

/** What the routes and the socket share: built once in app.ts. */
export interface AppDeps {
  db: Db;
  config: Config;
  sessions: Sessions;
  throttle: SignInThrottle;
  /** Serializes the procedure steps of each document (revisions, silence, adoption). */
  procedures: ProcedureLock;
  rooms: RoomRegistry;
  /** The live event streams open on this instance (the /events route subscribes them). */
  events: EventHub;
  /** Where writers publish what happened; the room, the audit log and the streams subscribe. */
  bus: EventBus;
  /** The Redis that instances share (REDIS_URL), or null when Accord runs as one process. */
  redis: SharedRedis | null;
}

export type AppEnv = {
  Variables: {
    actor: Actor | null;
    /** The session the request came with (to end its streams at sign-out). */
    sessionId: string | null;
  };
};

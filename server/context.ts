import type { Db } from '../db/index.js';
import type { Config } from './config.js';
import type { Sessions } from './auth/sessions.js';
import type { FailureThrottle } from './auth/throttle.js';
import type { Actor } from './policies/actor.js';
import type { RoomRegistry } from './collab/registry.js';

/** What the routes and the socket share: built once in app.ts. */
export interface AppDeps {
  db: Db;
  config: Config;
  sessions: Sessions;
  throttle: FailureThrottle;
  rooms: RoomRegistry;
}

export type AppEnv = {
  Variables: {
    actor: Actor | null;
  };
};

import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import type { Actor } from '../policies/actor.js';
import { unauthorized } from '../http/errors.js';

/** Reads the session cookie into c.var.actor, renewing the cookie when the session slid forward. */
export function sessionMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('actor', null);
    c.set('sessionId', null);
    const sessionId = deps.sessions.readCookie(c.req.header('cookie'));
    if (sessionId) {
      const result = await deps.sessions.validate(sessionId);
      if (result) {
        c.set('actor', result.user);
        c.set('sessionId', result.sessionId);
        if (result.cookie) c.header('Set-Cookie', result.cookie, { append: true });
      } else {
        c.header('Set-Cookie', deps.sessions.blankCookie(), { append: true });
      }
    }
    await next();
  };
}

export function requireActor(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw unauthorized();
  return actor;
}

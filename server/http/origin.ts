import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import { forbidden } from './errors.js';

/** The origin this request was addressed to, as the browser saw it. */
export function ownOrigin(c: Context, config: Config): string {
  if (config.publicOrigin) return config.publicOrigin;
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  const forwardedProto = config.trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const proto = forwardedProto ?? new URL(c.req.url).protocol.replace(':', '');
  return `${proto}://${host}`;
}

/**
 * Refuses a browser request made from another site. A browser always sends Origin on a mutating
 * request (and Sec-Fetch-Site); a script without a browser (curl, an integration) sends neither and
 * is let through: it has to hold the session cookie itself, which a cross-site page cannot.
 */
export function sameOriginWrites(config: Config): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    if (origin !== undefined && origin !== ownOrigin(c, config)) throw forbidden(`cross-origin request refused (Origin ${origin})`);
    if (origin === undefined && site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw forbidden(`cross-site request refused (Sec-Fetch-Site ${site})`);
    }
    return next();
  };
}

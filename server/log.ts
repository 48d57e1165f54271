import { pino, type Logger } from 'pino';
import type { MiddlewareHandler } from 'hono';
import type { Config } from './config.js';

/**
 * The server's one structured logger: a JSON line per event, on stdout, at the level LOG_LEVEL names.
 * One module-wide logger rather than one passed through every constructor: the level is set once at
 * start (server/index.ts), before anything logs, and sockets and services log without a deps argument.
 */
export const log: Logger = pino({ level: 'info', base: undefined });

/** LOG_LEVEL's five values are pino's own names, `silent` included. */
export function setLogLevel(level: Config['logLevel']): void {
  log.level = level;
}

/** One line per HTTP request, once the response is known (errors included: onError has run by then). */
export const requestLog: MiddlewareHandler = async (c, next) => {
  const start = performance.now();
  await next();
  log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - start) }, 'request');
};

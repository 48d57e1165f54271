import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { authorizeDocument } from '../http/authorize.js';

const HEARTBEAT_MS = 15_000;

/** The live event stream of a document. */
export function eventRoutes(deps: AppDeps) {
  const { db, events } = deps;
  return new Hono<AppEnv>()
    /**
     * Server-Sent Events: one stream per open copy of the document, authorised like the document.
     * It ends when access ends (member removed, signed out); EventSource reconnects otherwise.
     */
    .get('/:id/events', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      const sessionId = c.get('sessionId') ?? '';
      return streamSSE(c, async (stream) => {
        let unsubscribe = () => {};
        const ended = new Promise<void>((resolve) => {
          unsubscribe = events.subscribe(document.id, {
            userId: actor.id,
            sessionId,
            send: (event) => void stream.writeSSE({ event: event.type, data: JSON.stringify(event) }).catch(() => resolve()),
            close: () => resolve(),
          });
          stream.onAbort(() => resolve());
        });
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ documentId: document.id }) });
        const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => {}), HEARTBEAT_MS);
        try {
          await ended;
        } finally {
          clearInterval(heartbeat);
          unsubscribe();
        }
      });
    });
}

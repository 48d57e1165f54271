import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { listAudit } from '../../db/repos/audit.js';
import { presentAudit } from '../services/desk.js';
import { documentSettingsBody } from '../../shared/api/discussion.js';
import { findDocument } from '../../db/repos/documents.js';
import { presentDocument } from '../present.js';
import { timestamp } from '../../db/time.js';
import { audit } from '../services/discussion.js';

const HEARTBEAT_MS = 15_000;

/** The audit log, document settings, and the live event stream of a document. */
export function documentActivityRoutes(deps: AppDeps) {
  const { db, events } = deps;
  return new Hono<AppEnv>()
    .get('/:id/audit', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'readAudit');
      return c.json({ events: await presentAudit(db, await listAudit(db, document.id)) }, 200);
    })

    .patch('/:id/settings', validate('json', documentSettingsBody), async (c) => {
      const actor = requireActor(c);
      const { document, role } = await authorizeDocument(db, actor, c.req.param('id'), 'configure');
      const body = c.req.valid('json');
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('documents')
          .set({
            ...(body.observersMayComment !== undefined ? { observers_may_comment: body.observersMayComment ? 1 : 0 } : {}),
            ...(body.editingPhase !== undefined ? { editing_phase: body.editingPhase } : {}),
            ...(body.venue !== undefined ? { venue: body.venue || null } : {}),
            ...(body.timeZone !== undefined ? { time_zone: body.timeZone } : {}),
            ...(body.language !== undefined ? { language: body.language } : {}),
            ...(body.organisation !== undefined ? { organisation: body.organisation } : {}),
            updated_at: timestamp(),
          })
          .where('id', '=', document.id)
          .execute();
        await audit(trx, actor, document.id, 'document.settings', { type: 'document', id: document.id }, body);
      });
      const changed = (await findDocument(db, document.id))!;
      // The collaboration server enforces the phase from now on.
      if (body.editingPhase !== undefined) await deps.rooms.setEditingPhase(document.id, changed.editing_phase);
      events.publish(document.id, {
        type: 'settings',
        observersMayComment: changed.observers_may_comment === 1,
        editingPhase: changed.editing_phase,
        venue: changed.venue,
        timeZone: changed.time_zone,
        language: changed.language,
        organisation: changed.organisation,
      });
      const updated = (await findDocument(db, document.id))!;
      return c.json({ document: presentDocument(updated, actor, role) }, 200);
    })

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

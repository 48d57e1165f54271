import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { authorizeDocument } from '../http/authorize.js';
import { auditLog } from '../services/audit.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** The audit log of a document, for the chair and the secretariat. */
export function auditRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>().get('/:id/audit', async (c) => {
    const actor = requireActor(c);
    const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'readAudit');
    return c.json({ events: await auditLog(db, document.id) } satisfies ApiResponses['audit'], 200);
  });
}

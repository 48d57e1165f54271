import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { archiveQuery } from '../../shared/api/record.js';
import { recordDetail, searchRecords } from '../services/archive.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** The archive of adopted texts: search, and the record of one text. */
export function archiveRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', validate('query', archiveQuery), async (c) => {
      const actor = requireActor(c);
      return c.json({ results: await searchRecords(deps, actor, c.req.valid('query')) } satisfies ApiResponses['archiveSearch'], 200);
    })

    .get('/:documentId', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('documentId'), 'read');
      return c.json({ record: await recordDetail(deps, document) } satisfies ApiResponses['archiveRecord'], 200);
    });
}

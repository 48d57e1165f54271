import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { exportQuery } from '../../shared/api/record.js';
import { exportRendition } from '../export/index.js';
import { renditionFor } from '../services/rendition.js';

/** Every way a text leaves Accord: the current draft, any revision, or the adopted text, in seven formats. */
export function exportRoutes(deps: AppDeps) {
  const { db } = deps;

  return new Hono<AppEnv>().get('/:id/export', validate('query', exportQuery), async (c) => {
    const actor = requireActor(c);
    const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
    const { format, revision } = c.req.valid('query');
    const rendition = await renditionFor(deps, document, revision);
    const file = await exportRendition(rendition, format);
    const ascii = file.filename.replace(/[^A-Za-z0-9._-]/g, '_');
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      ...(rendition.adoption ? { 'x-accord-text-sha256': rendition.adoption.hash } : {}),
    });
  });
}

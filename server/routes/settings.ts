import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { documentSettingsBody } from '../../shared/api/discussion.js';
import { presentDocument } from '../presenters/documents.js';
import { changeSettings } from '../services/settings.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** A document's settings: who may comment, the editing phase, venue, time zone, language, organisation. */
export function settingsRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>().patch('/:id/settings', validate('json', documentSettingsBody), async (c) => {
    const actor = requireActor(c);
    const { document, role } = await authorizeDocument(db, actor, c.req.param('id'), 'configure');
    const updated = await changeSettings(deps, actor, document, c.req.valid('json'));
    return c.json({ document: presentDocument(updated, actor, role) } satisfies ApiResponses['settings'], 200);
  });
}

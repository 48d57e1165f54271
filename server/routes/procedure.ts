import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { adoptBody, breakSilenceBody, startSilenceBody, withdrawSilenceBody } from '../../shared/api/record.js';
import { adoptDocument, breakSilence, readinessNow, silenceOf, startSilence, withdrawSilence } from '../services/procedure.js';
import { recordOf } from '../services/archive.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** The silence procedure and adoption. */
export function procedureRoutes(deps: AppDeps) {
  const { db } = deps;

  return new Hono<AppEnv>()
    .get('/:id/silence', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      return c.json(await silenceOf(deps, document.id) satisfies ApiResponses['silenceState'], 200);
    })

    /**
     * What stands in the way of silence and adoption, paragraph by paragraph, and which paragraphs are
     * still open: what the chair's dialogs list before asking, decided by the same check the steps run.
     */
    .get('/:id/readiness', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      return c.json({ readiness: await readinessNow(deps, document) } satisfies ApiResponses['readiness'], 200);
    })

    .post('/:id/silence', validate('json', startSilenceBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'startSilence');
      const silence = await startSilence(deps, actor, document, new Date(c.req.valid('json').deadline));
      return c.json({ silence } satisfies ApiResponses['silence'], 201);
    })

    .post('/:id/silence/break', validate('json', breakSilenceBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'breakSilence');
      const silence = await breakSilence(deps, actor, document, c.req.valid('json').statement);
      return c.json({ silence } satisfies ApiResponses['silence'], 200);
    })

    .post('/:id/silence/withdraw', validate('json', withdrawSilenceBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'withdrawSilence');
      const silence = await withdrawSilence(deps, actor, document, c.req.valid('json').note || null);
      return c.json({ silence } satisfies ApiResponses['silence'], 200);
    })

    .post('/:id/adopt', validate('json', adoptBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'adopt');
      const body = c.req.valid('json');
      await adoptDocument(deps, document.id, { actor, via: 'chair', adoptedAt: body.adoptedAt ? new Date(body.adoptedAt) : undefined, venue: body.venue, body: body.body, finalSymbol: body.finalSymbol });
      return c.json({ record: await recordOf(deps, document.id) } satisfies ApiResponses['adopted'], 200);
    });
}

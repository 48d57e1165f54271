import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { documentBody, memberBody } from '../../shared/api/schemas.js';
import { validate } from '../http/validate.js';
import { forbidden } from '../http/errors.js';
import { canInWorkspace } from '../policies/workspace.js';
import { authorizeDocument } from '../http/authorize.js';
import { createDocument } from '../services/documents.js';
import { membersOf, plainTextOf, removeMember, setMember, visibleDocuments } from '../services/members.js';
import { presentDocument } from '../presenters/documents.js';
import type { Actor } from '../policies/actor.js';
import type { DocumentAction } from '../policies/document.js';
import type { DocumentDetail } from '../../shared/api/types.js';
import type { ApiResponses } from '../../shared/api/responses.js';

export function documentRoutes(deps: AppDeps) {
  const { db } = deps;
  const authorize = (actor: Actor, id: string, action: DocumentAction) => authorizeDocument(db, actor, id, action);

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const actor = requireActor(c);
      return c.json({ documents: await visibleDocuments(deps, actor) } satisfies ApiResponses['documents'], 200);
    })

    .post('/', validate('json', documentBody), async (c) => {
      const actor = requireActor(c);
      if (!canInWorkspace(actor, 'createDocument')) throw forbidden('only the secretariat creates documents');
      const row = await createDocument(db, { ...c.req.valid('json'), createdBy: actor.id });
      return c.json({ document: presentDocument(row, actor, null) } satisfies ApiResponses['createDocument'], 201);
    })

    .get('/:id', async (c) => {
      const actor = requireActor(c);
      const { document, role } = await authorize(actor, c.req.param('id'), 'read');
      const detail: DocumentDetail = { ...presentDocument(document, actor, role), members: await membersOf(deps, document.id) };
      return c.json({ document: detail } satisfies ApiResponses['document'], 200);
    })

    .get('/:id/members', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorize(actor, c.req.param('id'), 'read');
      return c.json({ members: await membersOf(deps, document.id) } satisfies ApiResponses['members'], 200);
    })

    .put('/:id/members/:userId', validate('json', memberBody), async (c) => {
      const actor = requireActor(c);
      const { document, role } = await authorize(actor, c.req.param('id'), 'manageMembers');
      const member = await setMember(deps, actor, role, document, c.req.param('userId'), c.req.valid('json').role);
      return c.json({ member } satisfies ApiResponses['setMember'], 200);
    })

    .delete('/:id/members/:userId', async (c) => {
      const actor = requireActor(c);
      const { document, role } = await authorize(actor, c.req.param('id'), 'manageMembers');
      await removeMember(deps, actor, role, document, c.req.param('userId'));
      return c.json({ ok: true } satisfies ApiResponses['removeMember'], 200);
    })

    .get('/:id/text', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorize(actor, c.req.param('id'), 'read');
      return c.text(await plainTextOf(deps, document), 200, { 'content-type': 'text/plain; charset=utf-8' });
    });
}

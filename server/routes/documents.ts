import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { documentBody, memberBody } from '../../shared/api/schemas.js';
import { validate } from '../http/validate.js';
import { apiError, badRequest, forbidden, notFound } from '../http/errors.js';
import { canInWorkspace } from '../policies/workspace.js';
import { canOnDocument, subjectOf } from '../policies/document.js';
import { isArchivist, isSecretariat } from '../policies/actor.js';
import { authorizeDocument } from '../http/authorize.js';
import { createDocument } from '../services/documents.js';
import {
  deleteMember,
  findMembership,
  listAllDocuments,
  listDocumentsOfMember,
  listMembers,
  upsertMember,
} from '../../db/repos/documents.js';
import { findUser } from '../../db/repos/users.js';
import { presentDocument } from '../presenters/documents.js';
import { timestamp } from '../../db/time.js';
import type { Actor } from '../policies/actor.js';
import type { DocumentAction } from '../policies/document.js';
import type { DocumentDetail, Member } from '../../shared/api/types.js';
import { declarationPlainText } from '../../shared/editor/content.js';
import { declarationFromYDoc } from '../../shared/editor/yjs.js';
import { DocumentLoadError } from '../services/errors.js';
import { NEUTRAL_COLOR } from '../../shared/colors.js';

export function documentRoutes(deps: AppDeps) {
  const { db } = deps;

  const authorize = (actor: Actor, id: string, action: DocumentAction) => authorizeDocument(db, actor, id, action);

  async function members(documentId: string): Promise<Member[]> {
    return (await listMembers(db, documentId)).map((m) => ({
      userId: m.user_id,
      name: m.name,
      email: m.email,
      role: m.role,
      delegation: m.delegation_id
        ? { id: m.delegation_id, code: m.delegation_code ?? '', name: m.delegation_name ?? '', color: m.delegation_color ?? NEUTRAL_COLOR }
        : null,
    }));
  }

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const actor = requireActor(c);
      const own = await listDocumentsOfMember(db, actor.id);
      const roles = new Map(own.map((d) => [d.id, d.role] as const));
      let rows = own;
      if (isSecretariat(actor) || isArchivist(actor)) {
        const all = (await listAllDocuments(db)).map((d) => ({ ...d, role: roles.get(d.id) ?? null }));
        rows = all.filter((d) => canOnDocument(actor, 'read', subjectOf(d, d.role))) as typeof own;
      }
      return c.json({ documents: rows.map((d) => presentDocument(d, actor, roles.get(d.id) ?? null)) }, 200);
    })

    .post('/', validate('json', documentBody), async (c) => {
      const actor = requireActor(c);
      if (!canInWorkspace(actor, 'createDocument')) throw forbidden('only the secretariat creates documents');
      const body = c.req.valid('json');
      const row = await createDocument(db, { ...body, createdBy: actor.id });
      return c.json({ document: presentDocument(row, actor, null) }, 201);
    })

    .get('/:id', async (c) => {
      const actor = requireActor(c);
      const { document, role } = await authorize(actor, c.req.param('id'), 'read');
      const detail: DocumentDetail = { ...presentDocument(document, actor, role), members: await members(document.id) };
      return c.json({ document: detail }, 200);
    })

    .get('/:id/members', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorize(actor, c.req.param('id'), 'read');
      return c.json({ members: await members(document.id) }, 200);
    })

    .put('/:id/members/:userId', validate('json', memberBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorize(actor, c.req.param('id'), 'manageMembers');
      const { role } = c.req.valid('json');
      const userId = c.req.param('userId');
      const user = await findUser(db, userId);
      if (!user) throw notFound(`no account ${userId}`);
      if (user.workspace_role === 'archivist') throw badRequest('an archivist reads adopted texts; they do not take part in drafting');
      const current = await findMembership(db, document.id, userId);
      const subject = subjectOf(document, (await findMembership(db, document.id, actor.id))?.role ?? null);
      if ((role === 'chair' || current?.role === 'chair') && !canOnDocument(actor, 'appointChair', subject)) {
        throw forbidden('only the secretariat appoints or replaces a chair');
      }
      await upsertMember(db, { document_id: document.id, user_id: userId, role, added_at: current?.added_at ?? timestamp() });
      // Open sockets of this person carry the old role (read-only or not): make them reconnect.
      if (current && current.role !== role) await deps.bus.publish({ type: 'member.roleChanged', documentId: document.id, userId });
      const member = (await members(document.id)).find((m) => m.userId === userId);
      return c.json({ member }, 200);
    })

    .delete('/:id/members/:userId', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorize(actor, c.req.param('id'), 'manageMembers');
      const userId = c.req.param('userId');
      const current = await findMembership(db, document.id, userId);
      if (!current) throw notFound('this person is not a member of the document');
      const subject = subjectOf(document, (await findMembership(db, document.id, actor.id))?.role ?? null);
      if (current.role === 'chair' && !canOnDocument(actor, 'appointChair', subject)) {
        throw forbidden('only the secretariat removes a chair');
      }
      await deleteMember(db, document.id, userId);
      await deps.bus.publish({ type: 'member.removed', documentId: document.id, userId });
      return c.json({ ok: true }, 200);
    })

    .get('/:id/text', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorize(actor, c.req.param('id'), 'read');
      const text = await deps.rooms
        .readDocument(document.id, (doc) => declarationPlainText(declarationFromYDoc(doc), document.numbering))
        .catch((err: unknown) => {
          if (err instanceof DocumentLoadError) throw apiError(503, 'the stored text of this document cannot be read; an operator must look at it');
          throw err;
        });
      return c.text(text, 200, { 'content-type': 'text/plain; charset=utf-8' });
    });
}

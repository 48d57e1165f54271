import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { conflict, notFound } from '../http/errors.js';
import { clauseStatusBody, type ClauseState, type ClauseStatus } from '../../shared/api/discussion.js';
import { listClauseStatuses, upsertClauseStatus } from '../../db/repos/clause-statuses.js';
import { authorsByIds } from '../../db/repos/authors.js';
import { clauseIndex, declarationFromYDoc } from '../../shared/editor/yjs.js';
import { readinessOf, type UnsettledReason } from '../../shared/editor/settled.js';
import type { NumberingStyle } from '../../shared/labels.js';
import type { Node as PMNode } from '@tiptap/pm/model';

/** What in a clause stands in the way of agreeing it: everything that blocks adoption but the status itself. */
const NOT_AGREED: Partial<Record<UnsettledReason, string>> = {
  brackets: 'square brackets',
  literalBrackets: 'a literal "[" or "]"',
  alternatives: 'alternative paragraphs',
  proposals: 'pending amendments',
};

function unsettledIn(declaration: PMNode, clauseId: string, numbering: NumberingStyle): string[] {
  const found = readinessOf(declaration, new Map(), numbering).unsettled.find((p) => p.clauseId === clauseId);
  return (found?.reasons ?? []).flatMap((r) => NOT_AGREED[r] ?? []);
}
import { audit, presentAuthor } from '../services/discussion.js';
import { timestamp } from '../../db/time.js';
import { buildDesk } from '../services/desk.js';

/** Clause status (open, agreed ad referendum, agreed), set by the chair; and the chair's desk. */
export function clauseRoutes(deps: AppDeps) {
  const { db, rooms, events } = deps;

  async function clauseStates(documentId: string): Promise<ClauseState[]> {
    const rows = await listClauseStatuses(db, documentId);
    const authors = await authorsByIds(db, rows.map((r) => r.updated_by));
    return rows.map((r) => ({ clauseId: r.clause_id, status: r.status, updatedBy: presentAuthor(r.updated_by, authors), updatedAt: r.updated_at }));
  }

  return new Hono<AppEnv>()
    .get('/:id/clauses', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      return c.json({ clauses: await clauseStates(document.id) }, 200);
    })

    .put('/:id/clauses/:clauseId/status', validate('json', clauseStatusBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      const clauseId = c.req.param('clauseId');
      const found = await rooms.readDocument(document.id, (doc) => {
        const clause = clauseIndex(doc, document.numbering).find((cl) => cl.id === clauseId);
        return clause ? { label: clause.label, unsettled: unsettledIn(declarationFromYDoc(doc), clauseId, document.numbering) } : null;
      });
      if (!found) throw notFound(`no clause ${clauseId} in this document`);
      const { status } = c.req.valid('json');
      // Bracketed text, alternative wordings and pending amendments are, by definition, not agreed.
      if (status === 'agreed' && found.unsettled.length) {
        throw conflict(`${found.label} cannot be agreed while it still has ${found.unsettled.join(', ')}`);
      }
      const previous: ClauseStatus = (await listClauseStatuses(db, document.id)).find((r) => r.clause_id === clauseId)?.status ?? 'open';
      await db.transaction().execute(async (trx) => {
        await upsertClauseStatus(trx, { document_id: document.id, clause_id: clauseId, status, updated_by: actor.id, updated_at: timestamp() });
        await audit(trx, actor, document.id, 'clause.status', { type: 'clause', id: clauseId }, { from: previous, to: status });
      });
      // From now on the collaboration server reverts anyone else's change to an agreed clause.
      await rooms.setClauseLocked(document.id, clauseId, status === 'agreed');
      const clause = (await clauseStates(document.id)).find((s) => s.clauseId === clauseId)!;
      events.publish(document.id, { type: 'clauseStatus', clause });
      return c.json({ clause }, 200);
    })

    .get('/:id/desk', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      return c.json(await buildDesk(deps, document), 200);
    });
}

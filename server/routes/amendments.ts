import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import type { Actor } from '../policies/actor.js';
import type { DocumentRow } from '../../db/schema.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { badRequest, forbidden, notFound } from '../http/errors.js';
import { amendmentQuery, decideBody, positionBody, type AmendmentView } from '../../shared/api/amendments.js';
import { decideAmendments, describeAmendment, listAmendments, type Amendment } from '../../shared/editor/proposals.js';
import { clauseIndex, declarationFromYDoc } from '../../shared/editor/yjs.js';
import { editDeclaration } from '../collab/edit.js';
import { listDecisions, listPositions, recordDecision, setPosition } from '../../db/repos/amendments.js';
import { authorsByIds } from '../../db/repos/authors.js';
import { findDelegation } from '../../db/repos/delegations.js';
import { audit, presentAuthor } from '../services/discussion.js';
import { timestamp } from '../../db/time.js';

/** "Proposed by MYS, supported by IDN, PHL; opposed by THA" */
export function compilation(proposer: string | null, supportedBy: string[], opposedBy: string[]): string {
  let line = `Proposed by ${proposer ?? 'the chair'}`;
  if (supportedBy.length) line += `, supported by ${supportedBy.join(', ')}`;
  if (opposedBy.length) line += `; opposed by ${opposedBy.join(', ')}`;
  return line;
}

/** Amendments: proposals attributed to delegations, supported or opposed, and decided by the chair. */
export function amendmentRoutes(deps: AppDeps) {
  const { db, rooms } = deps;

  async function standing(document: DocumentRow): Promise<{ amendments: Amendment[]; labels: Map<string, string> }> {
    return rooms.readDocument(document.id, (doc) => ({
      amendments: listAmendments(declarationFromYDoc(doc)),
      labels: new Map(clauseIndex(doc, document.numbering).map((c) => [c.id, c.label])),
    }));
  }

  async function views(document: DocumentRow): Promise<AmendmentView[]> {
    const { amendments, labels } = await standing(document);
    const positions = await listPositions(db, document.id);
    const decisions = await listDecisions(db, document.id);
    const authors = await authorsByIds(db, [...amendments.map((a) => a.authorId), ...decisions.flatMap((d) => [d.decided_by, ...(d.author_id ? [d.author_id] : [])])]);
    const stance = (id: string, p: 'support' | 'oppose') => positions.filter((x) => x.amendment_id === id && x.position === p).map((x) => x.code);
    const pending: AmendmentView[] = amendments.map((a) => {
      const label = a.clauseId ? labels.get(a.clauseId) ?? null : null;
      const supportedBy = stance(a.id, 'support');
      const opposedBy = stance(a.id, 'oppose');
      return {
        id: a.id,
        clauseId: a.clauseId ?? '',
        label,
        delegationCode: a.delegationCode,
        // As the proposal's marks name its author: an imported Word change names the Word author and the
        // delegation the secretariat gave it, though the secretariat's account entered it.
        author: { ...presentAuthor(a.authorId, authors), ...(a.authorName ? { name: a.authorName } : {}), ...(a.delegationCode ? { delegation: { code: a.delegationCode, color: a.color } } : {}) },
        at: a.at || null,
        kind: a.kind,
        paragraph: a.paragraph,
        inserted: a.inserted,
        deleted: a.deleted,
        summary: describeAmendment(a, label),
        supportedBy,
        opposedBy,
        compilation: compilation(a.delegationCode, supportedBy, opposedBy),
        status: 'pending',
        decision: null,
      };
    });
    const decided: AmendmentView[] = decisions.map((d) => {
      const supportedBy = stance(d.amendment_id, 'support');
      const opposedBy = stance(d.amendment_id, 'oppose');
      const kind = d.inserted && d.deleted ? 'replace' : d.inserted ? 'insert' : 'delete';
      return {
        id: d.amendment_id,
        clauseId: d.clause_id,
        label: labels.get(d.clause_id) ?? null,
        delegationCode: d.delegation_code,
        author: presentAuthor(d.author_id ?? '', authors),
        at: null,
        kind,
        paragraph: null,
        inserted: d.inserted,
        deleted: d.deleted,
        summary: d.summary,
        supportedBy,
        opposedBy,
        compilation: compilation(d.delegation_code, supportedBy, opposedBy),
        status: d.decision,
        decision: { by: presentAuthor(d.decided_by, authors), at: d.decided_at },
      };
    });
    return [...pending, ...decided];
  }

  /** Decides amendments in one step of the room's queue; returns those decided (none: nothing matched). */
  async function decide(actor: Actor, document: DocumentRow, match: (a: Amendment) => boolean, decision: 'accept' | 'reject', recordAs: 'accepted' | 'rejected' | 'withdrawn') {
    const decided = await rooms.change(document.id, (doc) => {
      const found = listAmendments(declarationFromYDoc(doc)).filter(match);
      if (found.length) editDeclaration(doc, (state) => decideAmendments(state, found.map((a) => a.id), decision));
      const labels = new Map(clauseIndex(doc, document.numbering).map((c) => [c.id, c.label]));
      return found.map((a) => ({ amendment: a, summary: describeAmendment(a, a.clauseId ? labels.get(a.clauseId) : null) }));
    });
    const now = timestamp();
    for (const { amendment, summary } of decided) {
      await db.transaction().execute(async (trx) => {
        await recordDecision(trx, {
          document_id: document.id,
          amendment_id: amendment.id,
          clause_id: amendment.clauseId ?? '',
          delegation_code: amendment.delegationCode,
          author_id: amendment.authorId || null,
          summary,
          inserted: amendment.inserted,
          deleted: amendment.deleted,
          decision: recordAs,
          decided_by: actor.id,
          decided_at: now,
        });
        await audit(trx, actor, document.id, `amendment.${recordAs}`, { type: 'clause', id: amendment.clauseId ?? '' }, { amendmentId: amendment.id, summary });
      });
    }
    if (decided.length) await deps.bus.publish({ type: 'amendments.changed', documentId: document.id, clauseIds: [...new Set(decided.map((d) => d.amendment.clauseId ?? ''))] });
    return decided;
  }

  return new Hono<AppEnv>()
    .get('/:id/amendments', validate('query', amendmentQuery), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      const { clauseId, status } = c.req.valid('query');
      const all = await views(document);
      return c.json({ amendments: all.filter((a) => (!clauseId || a.clauseId === clauseId) && (!status || a.status === status)) }, 200);
    })

    .put('/:id/amendments/:amendmentId/position', validate('json', positionBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'comment');
      if (!actor.delegationId) throw forbidden('positions on amendments are taken by delegations; you have none');
      const amendmentId = c.req.param('amendmentId');
      const amendment = (await standing(document)).amendments.find((a) => a.id === amendmentId);
      if (!amendment) throw notFound(`no pending amendment ${amendmentId} in this document`);
      const delegation = await findDelegation(db, actor.delegationId);
      if (delegation && delegation.code === amendment.delegationCode) throw badRequest('a delegation does not support or oppose its own amendment');
      const { position } = c.req.valid('json');
      await db.transaction().execute(async (trx) => {
        await setPosition(trx, { document_id: document.id, amendment_id: amendmentId, delegation_id: actor.delegationId!, position, user_id: actor.id, updated_at: timestamp() });
        await audit(trx, actor, document.id, 'amendment.position', { type: 'clause', id: amendment.clauseId ?? '' }, { amendmentId, position });
      });
      await deps.bus.publish({ type: 'amendments.changed', documentId: document.id, clauseIds: [amendment.clauseId ?? ''] });
      return c.json({ amendment: (await views(document)).find((a) => a.id === amendmentId)! }, 200);
    })

    .post('/:id/amendments/decide', validate('json', decideBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      const { decision, delegationCode, clauseId } = c.req.valid('json');
      const decided = await decide(
        actor,
        document,
        (a) => (delegationCode === undefined || a.delegationCode === delegationCode) && (clauseId === undefined || a.clauseId === clauseId),
        decision,
        decision === 'accept' ? 'accepted' : 'rejected',
      );
      return c.json({ decided: decided.map((d) => d.amendment.id) }, 200);
    })

    .post('/:id/amendments/:amendmentId/:action{accept|reject|withdraw}', async (c) => {
      const actor = requireActor(c);
      const action = c.req.param('action') as 'accept' | 'reject' | 'withdraw';
      const amendmentId = c.req.param('amendmentId');
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), action === 'withdraw' ? 'comment' : 'chair');
      if (action === 'withdraw') {
        const amendment = (await standing(document)).amendments.find((a) => a.id === amendmentId);
        if (amendment && amendment.authorId !== actor.id) throw forbidden('only its proposer withdraws an amendment');
      }
      const decided = await decide(actor, document, (a) => a.id === amendmentId && (action !== 'withdraw' || a.authorId === actor.id), action === 'accept' ? 'accept' : 'reject', action === 'accept' ? 'accepted' : action === 'reject' ? 'rejected' : 'withdrawn');
      if (!decided.length) throw notFound(`no pending amendment ${amendmentId} in this document`);
      return c.json({ amendment: (await views(document)).find((a) => a.id === amendmentId)! }, 200);
    });
}

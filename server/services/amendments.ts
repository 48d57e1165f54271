import type { AppDeps } from '../context.js';
import type { Actor } from '../policies/actor.js';
import type { DocumentRow } from '../../db/schema.js';
import type { AmendmentView } from '../../shared/api/amendments.js';
import { decideAmendments, describeAmendment, listAmendments, type Amendment } from '../../shared/editor/proposals.js';
import { clauseIndex, declarationFromYDoc } from '../../shared/editor/yjs.js';
import { editDeclaration } from '../collab/edit.js';
import { recordDecision, setPosition } from '../../db/repos/amendments.js';
import { findDelegation } from '../../db/repos/delegations.js';
import { timestamp } from '../../db/time.js';
import { audit } from './discussion.js';
import { Forbidden, Invalid, NotFound } from './errors.js';
import { presentAmendments, type StandingAmendments } from '../presenters/amendments.js';
import { canOnItem, documentAbilities, subjectOf } from '../policies/document.js';
import type { DocumentAccess } from './access.js';

/**
 * Amendments: proposals are marks in the text (read from the room), positions and decisions are rows.
 * The chair's decisions change the text on the server, in one step of the room's queue, and go on record.
 */

export function standingAmendments(deps: AppDeps, document: DocumentRow): Promise<StandingAmendments> {
  return deps.rooms.readDocument(document.id, (doc) => ({
    amendments: listAmendments(declarationFromYDoc(doc)),
    labels: new Map(clauseIndex(doc, document.numbering).map((c) => [c.id, c.label])),
  }));
}

/** Every amendment of a document as the API shows it. */
export async function amendmentViews(deps: AppDeps, document: DocumentRow): Promise<AmendmentView[]> {
  return presentAmendments(deps.db, document, await standingAmendments(deps, document));
}

async function amendmentView(deps: AppDeps, document: DocumentRow, amendmentId: string): Promise<AmendmentView> {
  const found = (await amendmentViews(deps, document)).find((a) => a.id === amendmentId);
  if (!found) throw new NotFound(`no amendment ${amendmentId} in this document`);
  return found;
}

/** Decides amendments in one step of the room's queue; returns those decided (none: nothing matched). */
export async function decide(deps: AppDeps, actor: Actor, document: DocumentRow, match: (a: Amendment) => boolean, decision: 'accept' | 'reject', recordAs: 'accepted' | 'rejected' | 'withdrawn') {
  const { db } = deps;
  const decided = await deps.rooms.change(document.id, (doc) => {
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

/** A delegation supports or opposes another delegation's pending amendment (or takes its position back). */
export async function takePosition(deps: AppDeps, actor: Actor, access: DocumentAccess, amendmentId: string, position: 'support' | 'oppose' | null): Promise<AmendmentView> {
  const { db } = deps;
  const { document } = access;
  const abilities = documentAbilities(actor, subjectOf(document, access.role));
  const delegationId = actor.delegationId;
  if (!abilities.takePosition || !delegationId) throw new Forbidden('positions on amendments are taken by delegations; you have none');
  const amendment = (await standingAmendments(deps, document)).amendments.find((a) => a.id === amendmentId);
  if (!amendment) throw new NotFound(`no pending amendment ${amendmentId} in this document`);
  const delegation = await findDelegation(db, delegationId);
  // The policy's item rule: a delegation takes positions on the amendments of others only.
  if (!canOnItem(abilities, { id: actor.id, delegationCode: delegation?.code ?? null }, 'takePosition', { authorId: amendment.authorId, delegationCode: amendment.delegationCode })) {
    throw new Invalid('a delegation does not support or oppose its own amendment');
  }
  await db.transaction().execute(async (trx) => {
    await setPosition(trx, { document_id: document.id, amendment_id: amendmentId, delegation_id: delegationId, position, user_id: actor.id, updated_at: timestamp() });
    await audit(trx, actor, document.id, 'amendment.position', { type: 'clause', id: amendment.clauseId ?? '' }, { amendmentId, position });
  });
  await deps.bus.publish({ type: 'amendments.changed', documentId: document.id, clauseIds: [amendment.clauseId ?? ''] });
  return amendmentView(deps, document, amendmentId);
}

/** The chair accepts or rejects one amendment, or its proposer withdraws it. */
export async function decideOne(deps: AppDeps, actor: Actor, access: DocumentAccess, amendmentId: string, action: 'accept' | 'reject' | 'withdraw'): Promise<AmendmentView> {
  const { document } = access;
  if (action === 'withdraw') {
    const amendment = (await standingAmendments(deps, document)).amendments.find((a) => a.id === amendmentId);
    const abilities = documentAbilities(actor, subjectOf(document, access.role));
    // The policy's item rule: only its proposer withdraws an amendment.
    if (amendment && !canOnItem(abilities, { id: actor.id, delegationCode: null }, 'withdrawAmendment', { authorId: amendment.authorId, delegationCode: amendment.delegationCode })) {
      throw new Forbidden('only its proposer withdraws an amendment');
    }
  }
  const decided = await decide(
    deps,
    actor,
    document,
    (a) => a.id === amendmentId && (action !== 'withdraw' || a.authorId === actor.id),
    action === 'accept' ? 'accept' : 'reject',
    action === 'accept' ? 'accepted' : action === 'reject' ? 'rejected' : 'withdrawn',
  );
  if (!decided.length) throw new NotFound(`no pending amendment ${amendmentId} in this document`);
  return amendmentView(deps, document, amendmentId);
}

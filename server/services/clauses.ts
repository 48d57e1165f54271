import type { Node as PMNode } from '@tiptap/pm/model';
import type { AppDeps } from '../context.js';
import type { Db } from '../../db/index.js';
import type { DocumentRow } from '../../db/schema.js';
import { listClauseStatuses, upsertClauseStatus } from '../../db/repos/clause-statuses.js';
import { authorsByIds } from '../../db/repos/authors.js';
import { timestamp } from '../../db/time.js';
import { clauseIndex, declarationFromYDoc } from '../../shared/editor/yjs.js';
import { readinessOf, type UnsettledReason } from '../../shared/editor/settled.js';
import type { NumberingStyle } from '../../shared/labels.js';
import type { ClauseState, ClauseStatus } from '../../shared/api/discussion.js';
import type { Actor } from '../policies/actor.js';
import { audit } from './discussion.js';
import { presentAuthor } from '../presenters/discussion.js';
import { Conflict, NotFound } from './errors.js';

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

/** The status the chair set on each clause (clauses never set are open, and not listed). */
export async function clauseStates(db: Db, documentId: string): Promise<ClauseState[]> {
  const rows = await listClauseStatuses(db, documentId);
  const authors = await authorsByIds(db, rows.map((r) => r.updated_by));
  return rows.map((r) => ({ clauseId: r.clause_id, status: r.status, updatedBy: presentAuthor(r.updated_by, authors), updatedAt: r.updated_at }));
}

/**
 * The chair sets a clause's status, on record. Once it returns, an agreed clause is locked in the room:
 * anyone else's change to it is refused from the next update on.
 */
export async function setClauseStatus(deps: AppDeps, actor: Actor, document: DocumentRow, clauseId: string, status: ClauseStatus): Promise<ClauseState> {
  const { db, rooms } = deps;
  const found = await rooms.readDocument(document.id, (doc) => {
    const clause = clauseIndex(doc, document.numbering).find((cl) => cl.id === clauseId);
    return clause ? { label: clause.label, unsettled: unsettledIn(declarationFromYDoc(doc), clauseId, document.numbering) } : null;
  });
  if (!found) throw new NotFound(`no clause ${clauseId} in this document`);
  // Bracketed text, alternative wordings and pending amendments are, by definition, not agreed.
  if (status === 'agreed' && found.unsettled.length) {
    throw new Conflict(`${found.label} cannot be agreed while it still has ${found.unsettled.join(', ')}`);
  }
  const previous: ClauseStatus = (await listClauseStatuses(db, document.id)).find((r) => r.clause_id === clauseId)?.status ?? 'open';
  await db.transaction().execute(async (trx) => {
    await upsertClauseStatus(trx, { document_id: document.id, clause_id: clauseId, status, updated_by: actor.id, updated_at: timestamp() });
    await audit(trx, actor, document.id, 'clause.status', { type: 'clause', id: clauseId }, { from: previous, to: status });
  });
  const clause = (await clauseStates(db, document.id)).find((s) => s.clauseId === clauseId)!;
  await deps.bus.publish({ type: 'clause.statusChanged', documentId: document.id, clause });
  return clause;
}

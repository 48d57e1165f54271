import type { Db } from '../../db/index.js';
import type { DocumentRow } from '../../db/schema.js';
import { listDecisions, listPositions } from '../../db/repos/amendments.js';
import { authorsByIds } from '../../db/repos/authors.js';
import type { AmendmentView } from '../../shared/api/amendments.js';
import { describeAmendment, type Amendment } from '../../shared/editor/proposals.js';
import { presentAuthor } from './discussion.js';
import { compilationLine } from '../../shared/editor/amendments.js';

/** The pending amendments as the text holds them, and the labels of its paragraphs now. */
export interface StandingAmendments {
  amendments: Amendment[];
  labels: Map<string, string>;
}


/** Pending amendments from the text's marks, decided ones from the record, with who stands where. */
export async function presentAmendments(db: Db, document: Pick<DocumentRow, 'id'>, { amendments, labels }: StandingAmendments): Promise<AmendmentView[]> {
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
      compilation: compilationLine(a.delegationCode, supportedBy, opposedBy),
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
      compilation: compilationLine(d.delegation_code, supportedBy, opposedBy),
      status: d.decision,
      decision: { by: presentAuthor(d.decided_by, authors), at: d.decided_at },
    };
  });
  return [...pending, ...decided];
}


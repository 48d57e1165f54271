import type { AppDeps } from '../context.js';
import type { RevisionRow, SilenceProcedureRow } from '../../db/schema.js';
import type { listRevisions } from '../../db/repos/revisions.js';
import { authorsByIds } from '../../db/repos/authors.js';
import type { LabelChange } from '../../shared/editor/renumber.js';
import type { RevisionSummary, SilenceView } from '../../shared/api/record.js';
import { presentAuthor } from './discussion.js';

/** The record of a negotiation as the API shows it: revisions and silence procedures. */

export function revisionName(number: number): string {
  return number === 0 ? 'Zero draft' : `Rev.${number}`;
}

type RevisionListRow = Awaited<ReturnType<typeof listRevisions>>[number];

export async function presentRevisions(deps: AppDeps, rows: readonly (RevisionListRow | RevisionRow)[]): Promise<RevisionSummary[]> {
  const authors = await authorsByIds(deps.db, rows.map((r) => r.issued_by));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    name: revisionName(r.number),
    symbol: r.symbol,
    note: r.note,
    issuedBy: presentAuthor(r.issued_by, authors),
    issuedAt: r.issued_at,
    renumbered: r.renumbered === 1,
    labelMap: JSON.parse(r.label_map) as LabelChange[],
  }));
}

export async function presentSilence(deps: AppDeps, row: SilenceProcedureRow): Promise<SilenceView> {
  const authors = await authorsByIds(deps.db, [row.started_by, ...(row.broken_by ? [row.broken_by] : [])]);
  return {
    id: row.id,
    startedBy: presentAuthor(row.started_by, authors),
    startedAt: row.started_at,
    deadline: row.deadline,
    endedAt: row.ended_at,
    outcome: row.outcome,
    brokenBy: row.broken_by ? presentAuthor(row.broken_by, authors) : null,
    statement: row.statement,
  };
}

import type { AppDeps } from '../context.js';
import type { Actor } from '../policies/actor.js';
import { canInWorkspace } from '../policies/workspace.js';
import type { DocumentRow } from '../../db/schema.js';
import { findArchiveRecord, searchArchive } from '../../db/repos/archive.js';
import { listDocumentsOfMember } from '../../db/repos/documents.js';
import { listRevisions } from '../../db/repos/revisions.js';
import { listSilences } from '../../db/repos/silence.js';
import type { ArchiveRecord, ArchiveRecordDetail, ArchiveResult } from '../../shared/api/record.js';
import type { archiveQuery } from '../../shared/api/record.js';
import type { z } from 'zod';
import { declarationSchema } from '../../shared/editor/index.js';
import { renditionOf, runsText } from '../export/rendition.js';
import { markSnippet, presentRecord, statistics } from '../presenters/archive.js';
import { presentRevisions, presentSilence } from '../presenters/record.js';
import { identityOf } from './rendition.js';
import { NotFound } from './errors.js';

/** The archive of adopted texts: search, and the record of one text. */

export async function searchRecords(deps: AppDeps, actor: Actor, query: z.infer<typeof archiveQuery>): Promise<ArchiveResult[]> {
  const { db } = deps;
  // Who searches every adopted text is the policy's to say; anyone else, the records of their own documents.
  const everything = canInWorkspace(actor, 'searchWholeArchive');
  const documentIds = everything ? undefined : (await listDocumentsOfMember(db, actor.id)).map((d) => d.id);
  const hits = await searchArchive(db, { ...query, documentIds });
  return hits.map((h) => ({ documentId: h.document_id, title: h.title, symbol: h.symbol, venue: h.venue, adoptedAt: h.adopted_at, timeZone: h.time_zone, snippet: markSnippet(h.snippet) }));
}

/** The record of an adopted text (its summary, as adoption answers it). */
export async function recordOf(deps: AppDeps, documentId: string): Promise<ArchiveRecord> {
  const row = await findArchiveRecord(deps.db, documentId);
  if (!row) throw new NotFound('this document has not been adopted: it has no archive record yet');
  return presentRecord(deps, row);
}

/** The whole record: the final text by paragraph, revisions, silence history and statistics. */
export async function recordDetail(deps: AppDeps, document: DocumentRow): Promise<ArchiveRecordDetail> {
  const { db } = deps;
  const row = await findArchiveRecord(db, document.id);
  if (!row) throw new NotFound('this document has not been adopted: it has no archive record yet');
  const final = renditionOf(declarationSchema.nodeFromJSON(JSON.parse(row.content)), {
    ...identityOf(document),
    symbol: row.symbol,
    numbering: row.numbering,
    timeZone: row.time_zone,
    stage: 'adopted',
    clean: true,
    revisionNumber: null,
    date: row.adopted_at,
    venue: row.venue,
    lifecycle: [],
    adoption: null,
  });
  const revisions = await presentRevisions(deps, await listRevisions(db, document.id));
  const detail: ArchiveRecordDetail = {
    ...(await presentRecord(deps, row)),
    formula: final.formula,
    paragraphs: final.clauses.map((clause) => {
      const leadRuns = [];
      for (const run of clause.runs) {
        if (!run.italic) break;
        leadRuns.push(run);
      }
      const lead = runsText(leadRuns);
      return {
        kind: clause.kind,
        number: clause.marker,
        lead: lead.trim(),
        text: runsText(clause.runs).slice(lead.length).trim(),
        subparagraphs: clause.subclauses.map((s) => ({ letter: s.letter, text: runsText(s.runs).trim() })),
      };
    }),
    revisions,
    silence: await Promise.all((await listSilences(db, document.id)).map((s) => presentSilence(deps, s))),
    statistics: await statistics(deps, document.id, revisions.length),
  };
  return detail;
}

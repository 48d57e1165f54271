import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { notFound } from '../http/errors.js';
import { isArchivist, isSecretariat } from '../policies/actor.js';
import type { ArchiveRecordRow } from '../../db/schema.js';
import { findArchiveRecord, listArchiveDelegations, MARK_END, MARK_START, searchArchive } from '../../db/repos/archive.js';
import { listDocumentsOfMember } from '../../db/repos/documents.js';
import { listRevisions } from '../../db/repos/revisions.js';
import { listSilences } from '../../db/repos/silence.js';
import { listDecisions } from '../../db/repos/amendments.js';
import { authorsByIds } from '../../db/repos/authors.js';
import { archiveQuery, type ArchiveRecord, type ArchiveRecordDetail, type ArchiveResult, type ArchiveStatistics } from '../../shared/api/record.js';
import { declarationSchema } from '../../shared/editor/index.js';
import { presentAuthor } from '../services/discussion.js';
import { presentRevisions } from '../services/revisions.js';
import { presentSilence } from '../services/procedure.js';
import { renditionOf, runsText } from '../export/rendition.js';
import { identityOf } from '../services/rendition.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A snippet made safe for the page: the text escaped, the matches wrapped in <mark>. */
export function markSnippet(snippet: string): string {
  return escapeHtml(snippet).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

export async function presentRecord(deps: AppDeps, row: ArchiveRecordRow): Promise<ArchiveRecord> {
  const authors = await authorsByIds(deps.db, row.adopted_by ? [row.adopted_by] : []);
  return {
    documentId: row.document_id,
    title: row.title,
    symbol: row.symbol,
    draftSymbol: row.draft_symbol,
    timeZone: row.time_zone,
    language: row.language,
    venue: row.venue,
    body: row.body,
    adoptedAt: row.adopted_at,
    adoptedBy: row.adopted_by ? presentAuthor(row.adopted_by, authors) : null,
    via: row.via,
    numbering: row.numbering,
    delegations: await listArchiveDelegations(deps.db, row.document_id),
    hash: row.text_hash,
    text: row.final_text,
  };
}

async function statistics(deps: AppDeps, documentId: string, revisions: number): Promise<ArchiveStatistics> {
  const threads = await deps.db
    .selectFrom('threads')
    .select(['status'])
    .where('document_id', '=', documentId)
    .execute();
  const perDelegation = new Map<string, { delegation: string; accepted: number; rejected: number; withdrawn: number }>();
  for (const d of await listDecisions(deps.db, documentId)) {
    const code = d.delegation_code ?? 'Secretariat';
    const entry = perDelegation.get(code) ?? { delegation: code, accepted: 0, rejected: 0, withdrawn: 0 };
    entry[d.decision]++;
    perDelegation.set(code, entry);
  }
  return {
    threads: { total: threads.length, resolved: threads.filter((t) => t.status === 'resolved').length },
    amendments: [...perDelegation.values()].sort((a, b) => a.delegation.localeCompare(b.delegation)),
    revisions,
  };
}

/** The archive of adopted texts: search, and the record of one text. */
export function archiveRoutes(deps: AppDeps) {
  const { db } = deps;

  return new Hono<AppEnv>()
    .get('/', validate('query', archiveQuery), async (c) => {
      const actor = requireActor(c);
      // Archivists and the secretariat search every adopted text; anyone else, the records of their own documents.
      const everything = isArchivist(actor) || isSecretariat(actor);
      const documentIds = everything ? undefined : (await listDocumentsOfMember(db, actor.id)).map((d) => d.id);
      const hits = await searchArchive(db, { ...c.req.valid('query'), documentIds });
      const results: ArchiveResult[] = hits.map((h) => ({ documentId: h.document_id, title: h.title, symbol: h.symbol, venue: h.venue, adoptedAt: h.adopted_at, timeZone: h.time_zone, snippet: markSnippet(h.snippet) }));
      return c.json({ results }, 200);
    })

    .get('/:documentId', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('documentId'), 'read');
      const row = await findArchiveRecord(db, document.id);
      if (!row) throw notFound('this document has not been adopted: it has no archive record yet');
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
      return c.json({ record: detail }, 200);
    });
}

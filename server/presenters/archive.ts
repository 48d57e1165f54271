import type { AppDeps } from '../context.js';
import type { ArchiveRecordRow } from '../../db/schema.js';
import { listArchiveDelegations, MARK_END, MARK_START } from '../../db/repos/archive.js';
import { listDecisions } from '../../db/repos/amendments.js';
import { authorsByIds } from '../../db/repos/authors.js';
import { listThreadStatuses } from '../../db/repos/threads.js';
import type { ArchiveRecord, ArchiveStatistics } from '../../shared/api/record.js';
import { presentAuthor } from './discussion.js';

/** Archive records as the API shows them. */

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

export async function statistics(deps: AppDeps, documentId: string, revisions: number): Promise<ArchiveStatistics> {
  const threads = await listThreadStatuses(deps.db, documentId);
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

import { z } from 'zod';
import type { Author } from './discussion.js';
import type { DocumentStatus } from './types.js';
import type { ClauseComparison, ComparisonCounts, PendingProposals } from '../compare.js';
import { COMPARE_VIEWS, DEFAULT_COMPARE_VIEW, type CompareView } from '../compare-views.js';
import { text } from './text.js';
import { EXPORT_FORMAT_NAMES } from '../formats.js';

export { EXPORT_FORMAT_NAMES };

/** Revisions, comparison, the silence procedure, adoption and the archive: the API's shapes. */

export const MAX_NOTE_LENGTH = 2000;
export const MAX_STATEMENT_LENGTH = 5000;

export const issueRevisionBody = z.strictObject({
  note: text().trim().max(MAX_NOTE_LENGTH).optional(),
  /** Renumber the labels cleanly as the revision is issued (OP4bis becomes OP5). */
  renumber: z.boolean().optional(),
});

/** "live", a revision number ("2"), "Rev.2", "zero" (the zero draft), or a revision id. */
export const versionRef = text().trim().min(1).max(64);
/** view: how pending proposals are read (see CompareView); clean unless asked. */
export const compareQuery = z.object({ from: versionRef, to: versionRef.default('live'), view: z.enum(COMPARE_VIEWS).default(DEFAULT_COMPARE_VIEW) });

export const startSilenceBody = z.strictObject({
  /** When silence ends: an ISO 8601 date-time with a time zone, in the future. */
  deadline: z.iso.datetime({ offset: true }),
});
export const breakSilenceBody = z.strictObject({ statement: text().trim().min(1, 'say why silence is broken').max(MAX_STATEMENT_LENGTH) });

export const withdrawSilenceBody = z.strictObject({ note: text().trim().max(MAX_STATEMENT_LENGTH).optional() });

export const adoptBody = z.strictObject({
  adoptedAt: z.iso.datetime({ offset: true }).optional(),
  venue: text().trim().min(1).max(200).optional(),
  /** The adopting body: "the 19th ASEAN Ministerial Meeting on Transnational Crime". */
  body: text().trim().min(1).max(300).optional(),
  /** The symbol the adopted text bears ("SOMTC/2019/1"); the draft symbols stay in its history. */
  finalSymbol: text().trim().min(1).max(100).regex(/^\S/, 'must not start with a space').optional(),
});

export const archiveQuery = z.object({
  q: text().trim().max(200).optional(),
  year: z.coerce.number().int().min(1900).max(9999).optional(),
  venue: text().trim().max(200).optional(),
  delegation: text().trim().toUpperCase().max(12).optional(),
});

export interface LabelChange {
  clauseId: string;
  from: string;
  to: string;
}

export interface RevisionSummary {
  id: string;
  /** 0 for the zero draft, N for Rev.N. */
  number: number;
  /** "Zero draft", "Rev.1". */
  name: string;
  symbol: string;
  note: string | null;
  issuedBy: Author;
  issuedAt: string;
  renumbered: boolean;
  labelMap: LabelChange[];
}

export interface RevisionDetail extends RevisionSummary {
  /** The text as ProseMirror JSON of the shared schema (read-only). */
  content: unknown;
  /** The text as a compilation text: one paragraph a line, labels, brackets and proposals shown. */
  text: string;
}

export interface Restoration {
  revisionNumber: number;
  by: Author;
  at: string;
}

export interface VersionInfo {
  /** "live" or the revision number. */
  ref: string;
  name: string;
  symbol: string | null;
  date: string | null;
}

export interface ComparisonResponse {
  from: VersionInfo;
  to: VersionInfo;
  view: CompareView;
  summary: string;
  counts: ComparisonCounts;
  clauses: ClauseComparison[];
  pending: PendingProposals;
}

export interface SilenceView {
  id: string;
  startedBy: Author;
  startedAt: string;
  deadline: string;
  endedAt: string | null;
  outcome: 'broken' | 'adopted' | 'withdrawn' | null;
  brokenBy: Author | null;
  statement: string | null;
}

export interface ArchiveDelegation {
  code: string;
  name: string;
}

export interface ArchiveRecord {
  documentId: string;
  title: string;
  /** The symbol the adopted text bears: the final symbol the chair gave, else the draft's. */
  symbol: string;
  /** The draft symbol it was negotiated under, when the final one differs; null otherwise. */
  draftSymbol: string | null;
  /** The venue's IANA time zone: the record's dates are shown in it. */
  timeZone: string;
  language: string;
  venue: string | null;
  body: string | null;
  adoptedAt: string;
  adoptedBy: Author | null;
  via: 'chair' | 'silence';
  numbering: 'un' | 'all';
  delegations: ArchiveDelegation[];
  /** SHA-256 (hex) of `text`, the canonical final text (the plain-text export). */
  hash: string;
  text: string;
}

export interface ArchiveStatistics {
  threads: { total: number; resolved: number };
  amendments: { delegation: string; accepted: number; rejected: number; withdrawn: number }[];
  revisions: number;
}

export interface ArchiveRecordDetail extends ArchiveRecord {
  /** The final text, paragraph by paragraph, with the numbers it was adopted with. */
  paragraphs: { kind: 'preambular' | 'operative'; number: string; text: string; lead: string; subparagraphs: { letter: string; text: string }[] }[];
  formula: string;
  revisions: RevisionSummary[];
  silence: SilenceView[];
  statistics: ArchiveStatistics;
}

export interface ArchiveResult {
  documentId: string;
  title: string;
  symbol: string;
  venue: string | null;
  adoptedAt: string;
  /** The venue's time zone, in which adoptedAt is shown (UTC when the server does not say). */
  timeZone?: string;
  /** HTML-safe: the text is escaped, and the matched words are wrapped in <mark>. */
  snippet: string;
}

export interface StatusEvent {
  type: 'status';
  status: DocumentStatus;
  silence: SilenceView | null;
  by: Author | null;
}

/**
 * A silence expired unbroken, but the text could not be adopted (storage trouble, an unreadable
 * text). The procedure stays open and the clock tries again at `retryAt`; meanwhile the chair may
 * withdraw the text from silence or adopt it.
 */
export interface AdoptionFailedEvent {
  type: 'adoptionFailed';
  silence: SilenceView;
  reason: string;
  retryAt: string;
}

export const exportQuery = z.object({
  format: z.enum(EXPORT_FORMAT_NAMES, { message: `format must be one of ${EXPORT_FORMAT_NAMES.join(', ')}` }),
  /** A revision ("2", "Rev.2", "zero"); without it, the current text (the adopted text once adopted). */
  revision: versionRef.optional(),
});

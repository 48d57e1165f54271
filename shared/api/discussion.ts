import type { AdoptionFailedEvent, RevisionSummary, StatusEvent } from './record.js';
import { z } from 'zod';
import type { Delegation } from './types.js';
import type { ExcerptRun } from '../compare.js';
import { MAX_COMMENT_LENGTH, MAX_NAME_LENGTH, MAX_QUOTE_LENGTH, MAX_RESOLUTION_NOTE_LENGTH } from '../limits.js';
import { text } from './text.js';
import { languageField, organisationField, timeZoneField } from './schemas.js';

/** Discussion threads, comments, clause status, the chair's desk and the audit log. */

export { MAX_COMMENT_LENGTH, MAX_QUOTE_LENGTH };

export const CLAUSE_STATUSES = ['open', 'adRef', 'agreed'] as const;
export type ClauseStatus = (typeof CLAUSE_STATUSES)[number];

export const THREAD_STATUSES = ['open', 'resolved'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

const body = text()
  .max(MAX_COMMENT_LENGTH, `must be at most ${MAX_COMMENT_LENGTH} characters`)
  .refine((s) => s.trim().length > 0, 'must not be empty');

/**
 * A quoted passage: the words as they were when quoted, and where they stand, as two Yjs relative
 * positions (Y.encodeRelativePosition, base64) in the clause's text, so the quote follows its words.
 */
export const quoteBody = z.strictObject({
  text: text().min(1, 'must not be empty').max(MAX_QUOTE_LENGTH),
  anchor: z.strictObject({
    start: text().min(1).max(400).regex(/^[A-Za-z0-9+/=]+$/, 'must be base64'),
    end: text().min(1).max(400).regex(/^[A-Za-z0-9+/=]+$/, 'must be base64'),
  }),
});

export const threadBody = z.strictObject({
  clauseId: text().min(1).max(64),
  body,
  quote: quoteBody.optional(),
});

export const commentBody = z.strictObject({ body });
export const resolveBody = z.strictObject({ note: text().trim().max(MAX_RESOLUTION_NOTE_LENGTH).optional() });
export const clauseStatusBody = z.strictObject({ status: z.enum(CLAUSE_STATUSES) });
export const documentSettingsBody = z
  .strictObject({
    observersMayComment: z.boolean().optional(),
    editingPhase: z.enum(['direct', 'amendments']).optional(),
    /** Where the meeting is, and its time zone: dates and deadlines are entered and shown in it. */
    venue: text().trim().max(MAX_NAME_LENGTH).nullable().optional(),
    timeZone: timeZoneField.optional(),
    language: languageField.optional(),
    organisation: organisationField.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'name a setting to change', path: ['observersMayComment'] });

export const threadQuery = z.object({
  status: z.enum(THREAD_STATUSES).optional(),
  clauseId: text().min(1).max(64).optional(),
});

export type QuoteBody = z.input<typeof quoteBody>;
export type ThreadBody = z.input<typeof threadBody>;

export interface Author {
  userId: string;
  name: string;
  delegation: Pick<Delegation, 'code' | 'color'> | null;
}

export interface Comment {
  id: string;
  threadId: string;
  author: Author;
  /** Plain text; empty once deleted. Never HTML. */
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export interface Quote {
  /** The words as they were quoted. */
  text: string;
  anchor: { start: string; end: string };
  /** The words between the anchors now; null when they have been deleted. */
  current: string | null;
}

export interface Thread {
  id: string;
  clauseId: string;
  quote: Quote | null;
  status: ThreadStatus;
  resolution: { note: string | null; by: Author; at: string } | null;
  createdBy: Author;
  createdAt: string;
  /** When the last comment was written. */
  lastActivityAt: string;
  comments: Comment[];
}

export interface ClauseState {
  clauseId: string;
  status: ClauseStatus;
  updatedBy: Author | null;
  updatedAt: string | null;
}

// The audit log's entries are a union by action (shared/api/audit.ts).
export type { AuditAction, AuditDetails, AuditEvent } from './audit.js';
import type { AuditEvent } from './audit.js';

/** The chair's desk: where the negotiation stands. */
export interface Desk {
  clauses: {
    clauseId: string;
    label: string;
    kind: 'preambular' | 'operative';
    excerpt: string;
    /** The excerpt with its pending proposals and brackets told apart from plain words. */
    excerptRuns: ExcerptRun[];
    status: ClauseStatus;
    openThreads: number;
    /** Bracketed choices still in the clause. */
    brackets: number;
    /** Amendments in the clause waiting for the chair. */
    pendingAmendments: number;
  }[];
  counts: Record<ClauseStatus, number>;
  total: number;
  /** Open threads in all (those on a deleted paragraph too), and how many wait for the chair's answer. */
  openThreads: number;
  unanswered: number;
  /** Open threads whose last word is not the chair's, oldest first (the first ten). */
  oldestUnanswered: { threadId: string; clauseId: string; label: string; excerpt: string; excerptRuns: ExcerptRun[]; since: string; by: Author }[];
  recentActivity: AuditEvent[];
}

/** Events on GET /api/documents/:id/events (Server-Sent Events; `event:` is the type, `data:` JSON). */
export interface SettingsEvent {
  type: 'settings';
  observersMayComment: boolean;
  editingPhase: 'direct' | 'amendments';
  venue: string | null;
  timeZone: string;
  language: string;
  organisation: string;
}

export type DocumentEvent =
  | { type: 'thread'; thread: Thread }
  | { type: 'clauseStatus'; clause: ClauseState }
  | SettingsEvent
  | { type: 'amendments'; clauseIds: string[] }
  | { type: 'bracket'; group: string; clauseId: string | null; action: 'picked' | 'cleared'; by: Author }
  | { type: 'reverted'; clauseIds: string[]; by: Author; reason: 'agreed clause' | 'amendments only' | 'proposals' }
  | { type: 'revision'; revision: RevisionSummary; restored: boolean }
  | StatusEvent
  | AdoptionFailedEvent

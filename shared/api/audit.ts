import type { Author, ClauseStatus } from './discussion.js';
import type { EditingPhase } from './amendments.js';

/**
 * The audit log, one entry per action, each with the detail that action records: a discriminated
 * union by `action`, so the writers (server/services) are checked against it and the desk renders
 * each entry without guessing.
 */
export interface AuditDetails {
  'thread.opened': { clauseId: string; quote: string | null };
  'comment.added': { threadId: string; clauseId: string };
  'comment.edited': { threadId: string };
  'comment.deleted': { threadId: string };
  'thread.resolved': { clauseId: string; note: string | null };
  'thread.reopened': { clauseId: string };
  'clause.status': { from: ClauseStatus; to: ClauseStatus };
  /** The room refused someone's change: to agreed text, directly in "amendments only", or to another's proposal. */
  'change.reverted': { reason: 'agreed clause' | 'amendments only' | 'proposals' };
  /** The settings as changed; those not named stayed as they were. */
  'document.settings': {
    observersMayComment?: boolean | undefined;
    editingPhase?: EditingPhase | undefined;
    venue?: string | null | undefined;
    timeZone?: string | undefined;
    language?: string | undefined;
    organisation?: string | undefined;
  };
  'amendment.accepted': { amendmentId: string; summary: string };
  'amendment.rejected': { amendmentId: string; summary: string };
  'amendment.withdrawn': { amendmentId: string; summary: string };
  'amendment.position': { amendmentId: string; position: 'support' | 'oppose' | null };
  'bracket.picked': { group: string; picked: string; options: string[] };
  'bracket.cleared': { group: string; options: string[] };
  /** Labels: the one kept, and all of the choice. */
  'alternative.kept': { kept: string; options: string[] };
  'revision.issued': { number: number; symbol: string; renumbered: boolean; labels: number };
  'revision.restored': { number: number; symbol: string };
  'silence.started': { deadline: string };
  'silence.broken': { statement: string; delegation: string | null; afterFailedAdoption?: true };
  'silence.withdrawn': { note: string | null; afterFailedAdoption?: true };
  /** The clock could not adopt a text whose silence expired; it tries again at `retryAt`. */
  'silence.adoptionFailed': { silence: string; reason: string; retryAt: string };
  'document.adopted': { via: 'chair' | 'silence'; hash: string; venue: string | null; body: string | null; symbol: string };
}

export type AuditAction = keyof AuditDetails;

export type AuditTargetType = 'thread' | 'comment' | 'clause' | 'document';

/** One entry of the audit log, as GET /audit and the desk's recent activity list it. */
export type AuditEvent = {
  [A in AuditAction]: {
    id: number;
    action: A;
    actor: Author | null;
    targetType: AuditTargetType;
    targetId: string;
    detail: AuditDetails[A];
    createdAt: string;
  };
}[AuditAction];

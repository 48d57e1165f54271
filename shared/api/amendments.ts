import { z } from 'zod';
import type { Author } from './discussion.js';
import { text } from './text.js';

/** Amendments (proposals attributed to delegations), editing phases and bracket decisions. */

export const EDITING_PHASES = ['direct', 'amendments'] as const;
export type EditingPhase = (typeof EDITING_PHASES)[number];

export const AMENDMENT_STATUSES = ['pending', 'accepted', 'rejected', 'withdrawn'] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

export const positionBody = z.strictObject({ position: z.enum(['support', 'oppose']).nullable() });
export const decideBody = z
  .strictObject({
    decision: z.enum(['accept', 'reject']),
    delegationCode: text().min(1).max(12).optional(),
    clauseId: text().min(1).max(64).optional(),
  })
  .refine((b) => b.delegationCode !== undefined || b.clauseId !== undefined, {
    message: 'name the amendments to decide: delegationCode, clauseId, or both',
    path: ['delegationCode'],
  });
export const pickBody = z.strictObject({ option: z.number().int().min(0).max(50) });
export const keepBody = z.strictObject({ keep: text().min(1).max(64) });
export const amendmentQuery = z.object({
  clauseId: text().min(1).max(64).optional(),
  status: z.enum(AMENDMENT_STATUSES).optional(),
});

export interface AmendmentView {
  id: string;
  clauseId: string;
  /** The clause's label now, or null if the clause is gone. */
  label: string | null;
  delegationCode: string | null;
  author: Author;
  at: string | null;
  kind: 'insert' | 'delete' | 'replace';
  /** A whole-paragraph proposal: a proposed new paragraph, or deleting the paragraph; null for a change of words. */
  paragraph: 'new' | 'delete' | null;
  inserted: string;
  deleted: string;
  /** "MYS proposes to replace 'encourages' with 'urges' in OP3" */
  summary: string;
  /** Delegation codes. */
  supportedBy: string[];
  opposedBy: string[];
  /** "Proposed by MYS, supported by IDN, PHL; opposed by THA" */
  compilation: string;
  status: AmendmentStatus;
  decision: { by: Author; at: string } | null;
}

/** A square-bracket choice as GET /brackets lists it: "[shall][should]" in a clause. */
export interface BracketChoice {
  group: string;
  clauseId: string | null;
  options: { option: number; text: string }[];
}

/** A choice between a paragraph and its alternatives ("OP4", "OP4 alt"), as GET /brackets lists it. */
export interface AlternativeChoiceView {
  /** The paragraph the alternatives stand for. */
  clauseId: string;
  label: string | null;
  /** The original first, then its alternatives in text order. */
  options: { clauseId: string; label: string | null; excerpt: string }[];
}

/** GET /brackets: the square brackets and the alternative paragraphs still in the text. */
export interface BracketsView {
  brackets: BracketChoice[];
  alternatives: AlternativeChoiceView[];
}

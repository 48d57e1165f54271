import type { DelegationRow, DocumentRow, UserRow } from '../db/schema.js';
import type { Delegation, DocumentSummary, User } from '../shared/api/types.js';
import type { DocumentRole } from '../shared/api/schemas.js';
import type { Actor } from './policies/actor.js';
import { documentAbilities, subjectOf } from './policies/document.js';

/** Rows as the API shows them: camelCase, no password hashes, abilities computed by the policy. */

export function presentDelegation(row: DelegationRow): Delegation {
  return { id: row.id, code: row.code, name: row.name, color: row.color };
}

export function presentUser(row: Pick<UserRow, 'id' | 'email' | 'name' | 'delegation_id' | 'workspace_role'>): User {
  return { id: row.id, email: row.email, name: row.name, delegationId: row.delegation_id, workspaceRole: row.workspace_role };
}

export function presentDocument(row: DocumentRow, actor: Actor, role: DocumentRole | null): DocumentSummary {
  return {
    id: row.id,
    title: row.title,
    symbol: row.symbol,
    venue: row.venue,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    numbering: row.numbering,
    timeZone: row.time_zone,
    language: row.language,
    organisation: row.organisation,
    finalSymbol: row.final_symbol,
    status: row.status,
    createdAt: row.created_at,
    observersMayComment: row.observers_may_comment === 1,
    editingPhase: row.editing_phase,
    role,
    abilities: documentAbilities(actor, subjectOf(row, role)),
  };
}

import type { DocumentRow } from '../../db/schema.js';
import type { DocumentSummary, Member } from '../../shared/api/types.js';
import type { listMembers } from '../../db/repos/documents.js';
import { NEUTRAL_COLOR } from '../../shared/colors.js';

type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];
import type { DocumentRole } from '../../shared/api/schemas.js';
import type { Actor } from '../policies/actor.js';
import { documentAbilities, subjectOf } from '../policies/document.js';

/** A document as the API shows it: camelCase, with the abilities the policy gives this actor. */
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

/** A member of a document, with their delegation (a delegation row without colour gets the neutral one). */
export function presentMember(m: MemberRow): Member {
  return {
    userId: m.user_id,
    name: m.name,
    email: m.email,
    role: m.role,
    delegation: m.delegation_id
      ? { id: m.delegation_id, code: m.delegation_code ?? '', name: m.delegation_name ?? '', color: m.delegation_color ?? NEUTRAL_COLOR }
      : null,
  };
}

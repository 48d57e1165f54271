import type { AppDeps } from '../context.js';
import type { Actor } from '../policies/actor.js';
import { isArchivist, isSecretariat } from '../policies/actor.js';
import { canOnDocument, subjectOf } from '../policies/document.js';
import type { DocumentRow } from '../../db/schema.js';
import { deleteMember, findMembership, listAllDocuments, listDocumentsOfMember, listMembers, upsertMember } from '../../db/repos/documents.js';
import { findUser, listUsers } from '../../db/repos/users.js';
import { listDelegations } from '../../db/repos/delegations.js';
import { presentDelegation } from '../presenters/people.js';
import type { MemberCandidate } from '../../shared/api/invitations.js';
import { timestamp } from '../../db/time.js';
import type { DocumentRole } from '../../shared/api/roles.js';
import type { DocumentSummary, Member } from '../../shared/api/types.js';
import { declarationPlainText } from '../../shared/editor/content.js';
import { declarationFromYDoc } from '../../shared/editor/yjs.js';
import { presentDocument, presentMember } from '../presenters/documents.js';
import { Forbidden, Invalid, NotFound } from './errors.js';

/** Documents as their readers see them, and who takes part in each. */

/** The documents this person may open: their own; every one the policy lets the secretariat or an archivist read. */
export async function visibleDocuments(deps: AppDeps, actor: Actor): Promise<DocumentSummary[]> {
  const own = await listDocumentsOfMember(deps.db, actor.id);
  const roles = new Map(own.map((d) => [d.id, d.role] as const));
  let rows = own;
  if (isSecretariat(actor) || isArchivist(actor)) {
    const all = (await listAllDocuments(deps.db)).map((d) => ({ ...d, role: roles.get(d.id) ?? null }));
    rows = all.filter((d) => canOnDocument(actor, 'read', subjectOf(d, d.role))) as typeof own;
  }
  return rows.map((d) => presentDocument(d, actor, roles.get(d.id) ?? null));
}

export async function membersOf(deps: AppDeps, documentId: string): Promise<Member[]> {
  return (await listMembers(deps.db, documentId)).map(presentMember);
}

/** The accounts that may join a document: not in it yet, and not archivists (who never take part in drafting). */
export async function memberCandidates(deps: AppDeps, documentId: string): Promise<MemberCandidate[]> {
  const [users, members, delegations] = await Promise.all([listUsers(deps.db), listMembers(deps.db, documentId), listDelegations(deps.db)]);
  const inside = new Set(members.map((m) => m.user_id));
  const delegationById = new Map(delegations.map((d) => [d.id, presentDelegation(d)]));
  return users
    .filter((u) => !inside.has(u.id) && u.workspace_role !== 'archivist')
    .map((u) => ({ userId: u.id, name: u.name, email: u.email, delegation: (u.delegation_id && delegationById.get(u.delegation_id)) || null }));
}

/**
 * Adds a person to a document or changes their role (`actorRole`: the asker's own role in it). Only
 * the secretariat appoints or replaces a chair; an archivist never takes part in drafting.
 */
export async function setMember(deps: AppDeps, actor: Actor, actorRole: DocumentRole | null, document: DocumentRow, userId: string, role: DocumentRole): Promise<Member> {
  const { db } = deps;
  const user = await findUser(db, userId);
  if (!user) throw new NotFound(`no account ${userId}`);
  if (user.workspace_role === 'archivist') throw new Invalid('an archivist reads adopted texts; they do not take part in drafting');
  const current = await findMembership(db, document.id, userId);
  if ((role === 'chair' || current?.role === 'chair') && !canOnDocument(actor, 'appointChair', subjectOf(document, actorRole))) {
    throw new Forbidden('only the secretariat appoints or replaces a chair');
  }
  await upsertMember(db, { document_id: document.id, user_id: userId, role, added_at: current?.added_at ?? timestamp() });
  // Open sockets of this person carry the old role (read-only or not): they reconnect.
  if (current && current.role !== role) await deps.bus.publish({ type: 'member.roleChanged', documentId: document.id, userId });
  const member = (await membersOf(deps, document.id)).find((m) => m.userId === userId);
  // Removed again in the meantime (a racing DELETE).
  if (!member) throw new NotFound('this person is no longer a member of the document');
  return member;
}

/** Removes a person from a document: their sockets and event streams on it end. */
export async function removeMember(deps: AppDeps, actor: Actor, actorRole: DocumentRole | null, document: DocumentRow, userId: string): Promise<void> {
  const current = await findMembership(deps.db, document.id, userId);
  if (!current) throw new NotFound('this person is not a member of the document');
  if (current.role === 'chair' && !canOnDocument(actor, 'appointChair', subjectOf(document, actorRole))) {
    throw new Forbidden('only the secretariat removes a chair');
  }
  await deleteMember(deps.db, document.id, userId);
  await deps.bus.publish({ type: 'member.removed', documentId: document.id, userId });
}

/** The current text as plain text (a DocumentLoadError, answered 503, if it cannot be read). */
export function plainTextOf(deps: AppDeps, document: DocumentRow): Promise<string> {
  return deps.rooms.readDocument(document.id, (doc) => declarationPlainText(declarationFromYDoc(doc), document.numbering));
}

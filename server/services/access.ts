import { reusableQuery, type Db } from '../../db/index.js';
import type { DocumentRow } from '../../db/schema.js';
import { findDocument, findMembership } from '../../db/repos/documents.js';
import type { DocumentRole } from '../../shared/api/schemas.js';
import type { Actor } from '../policies/actor.js';
import { canOnDocument, subjectOf, type DocumentAction } from '../policies/document.js';

export interface DocumentAccess {
  document: DocumentRow;
  role: DocumentRole | null;
}

export type AccessDenied = { status: 404 | 403; message: string };

/**
 * Loads a document and the actor's role in it, and checks `action` against the policy.
 * Used by the HTTP routes and by the collaboration socket's upgrade alike.
 */
export async function accessDocument(
  db: Db,
  actor: Actor,
  documentId: string,
  action: DocumentAction,
): Promise<DocumentAccess | AccessDenied> {
  const document = await findDocument(db, documentId);
  if (!document) return { status: 404, message: `no document ${documentId}` };
  const membership = await findMembership(db, documentId, actor.id);
  return decide(actor, document, membership?.role ?? null, action);
}

/** The policy's answer once the document and the actor's role in it are known. */
function decide(actor: Actor, document: DocumentRow, role: DocumentRole | null, action: DocumentAction): DocumentAccess | AccessDenied {
  const subject = subjectOf(document, role);
  if (!canOnDocument(actor, 'read', subject)) return { status: 403, message: 'you are not a member of this document' };
  if (action !== 'read' && !canOnDocument(actor, action, subject)) {
    return { status: 403, message: `your role (${role ?? actor.workspaceRole ?? 'none'}) may not ${action} this document` };
  }
  return { document, role };
}

/** What a collaboration socket shows of the actor's delegation beside their caret. */
export interface SocketDelegation {
  code: string;
  color: string;
}

/** The document, the actor's membership and delegation, compiled once (every socket upgrade asks it). */
const documentForSocket = reusableQuery(['documentId', 'userId', 'delegationId'], (db, args) =>
  db
    .selectFrom('documents')
    .leftJoin('document_members', (join) => join.onRef('document_members.document_id', '=', 'documents.id').on('document_members.user_id', '=', args.userId))
    // No delegation has the empty id: an actor without one joins nothing.
    .leftJoin('delegations', (join) => join.on('delegations.id', '=', args.delegationId))
    .selectAll('documents')
    .select(['document_members.role as member_role', 'delegations.code as delegation_code', 'delegations.color as delegation_color'])
    .where('documents.id', '=', args.documentId),
);

/**
 * accessDocument(…, 'read') for a socket upgrade, with the actor's delegation, in one query instead of
 * three (document, membership, delegation): opening many sockets at once (a room reconnecting after a
 * restart) pays one statement each. The delegation is read afresh, never cached: its colour can change.
 */
export async function accessDocumentForSocket(
  db: Db,
  actor: Actor,
  documentId: string,
): Promise<(DocumentAccess & { delegation: SocketDelegation | null }) | AccessDenied> {
  const [row] = await documentForSocket(db, { documentId, userId: actor.id, delegationId: actor.delegationId ?? '' });
  if (!row) return { status: 404, message: `no document ${documentId}` };
  const { member_role, delegation_code, delegation_color, ...document } = row;
  const access = decide(actor, document, member_role, 'read');
  if (isDenied(access)) return access;
  const delegation = delegation_code !== null && delegation_color !== null ? { code: delegation_code, color: delegation_color } : null;
  return { ...access, delegation };
}

export function isDenied(result: DocumentAccess | AccessDenied): result is AccessDenied {
  return 'status' in result;
}

import type { Db } from '../../db/index.js';
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
  const role = membership?.role ?? null;
  const subject = subjectOf(document, role);
  if (!canOnDocument(actor, 'read', subject)) return { status: 403, message: 'you are not a member of this document' };
  if (action !== 'read' && !canOnDocument(actor, action, subject)) {
    return { status: 403, message: `your role (${role ?? actor.workspaceRole ?? 'none'}) may not ${action} this document` };
  }
  return { document, role };
}

export function isDenied(result: DocumentAccess | AccessDenied): result is AccessDenied {
  return 'status' in result;
}

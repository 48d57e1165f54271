import type { Db } from '../../db/index.js';
import type { Actor } from '../policies/actor.js';
import type { DocumentAction } from '../policies/document.js';
import { accessDocument, isDenied, type DocumentAccess } from '../services/access.js';
import { apiError } from './errors.js';

/** The document, if the actor may do `action` with it; else the 404 or 403 that says why. */
export async function authorizeDocument(db: Db, actor: Actor, documentId: string, action: DocumentAction): Promise<DocumentAccess> {
  const result = await accessDocument(db, actor, documentId, action);
  if (isDenied(result)) throw apiError(result.status, result.message);
  return result;
}

import type { DocumentAbilities, DocumentStatus } from '../../shared/api/types.js';
import type { DocumentRole } from '../../shared/api/schemas.js';
import { isArchivist, isSecretariat, type Actor } from './actor.js';

/** A document as the policy needs to see it: its status and the actor's role in it. */
export interface DocumentSubject {
  status: DocumentStatus;
  role: DocumentRole | null;
}

export type DocumentAction = 'read' | 'edit' | 'manageMembers' | 'appointChair';

/**
 * Who may do what with one document. The same function decides the HTTP routes, whether a
 * collaboration socket is read-only, and the abilities sent to the page.
 *
 * - members read; the secretariat reads every document it organises; the archivist reads only
 *   adopted texts, never drafts in progress;
 * - the chair and delegates edit a draft; so does the secretariat, which prepares the zero draft;
 *   observers never edit; nobody edits an adopted text;
 * - the secretariat and the chair manage members, but only the secretariat appoints a chair.
 */
export function canOnDocument(actor: Actor, action: DocumentAction, doc: DocumentSubject): boolean {
  switch (action) {
    case 'read':
      return doc.role !== null || isSecretariat(actor) || (isArchivist(actor) && doc.status === 'adopted');
    case 'edit':
      return doc.status === 'draft' && (doc.role === 'chair' || doc.role === 'delegate' || (doc.role === null && isSecretariat(actor)));
    case 'manageMembers':
      return isSecretariat(actor) || doc.role === 'chair';
    case 'appointChair':
      return isSecretariat(actor);
  }
}

export function documentAbilities(actor: Actor, doc: DocumentSubject): DocumentAbilities {
  return {
    read: canOnDocument(actor, 'read', doc),
    edit: canOnDocument(actor, 'edit', doc),
    manageMembers: canOnDocument(actor, 'manageMembers', doc),
  };
}

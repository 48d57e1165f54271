import type { DocumentAbilities, DocumentStatus } from '../../shared/api/types.js';
import type { DocumentRole } from '../../shared/api/roles.js';
import { isArchivist, isSecretariat, type Actor } from './actor.js';

/** A document as the policy needs to see it: its status, its settings, and the actor's role in it. */
export interface DocumentSubject {
  status: DocumentStatus;
  role: DocumentRole | null;
  observersMayComment?: boolean;
}

export type DocumentAction =
  | 'read'
  | 'edit'
  | 'comment'
  | 'chair'
  | 'manageMembers'
  | 'appointChair'
  | 'readAudit'
  | 'configure'
  | 'issueRevision'
  | 'startSilence'
  | 'breakSilence'
  | 'withdrawSilence'
  | 'adopt';

/**
 * Who may do what with one document. The same function decides the HTTP routes, whether a
 * collaboration socket is read-only (and whether it may touch agreed text), and the abilities sent
 * to the page.
 *
 * - members read; the secretariat reads every document it organises; the archivist reads only
 *   adopted texts, never drafts in progress;
 * - the chair and delegates edit a draft; so does the secretariat, which prepares the zero draft;
 *   observers never edit; nobody edits an adopted text;
 * - the chair, delegates and the secretariat comment; observers only where the document allows it;
 * - the chair's own powers (resolve and reopen threads, set clause status, change agreed text) are
 *   the chair's alone, not even the secretariat's;
 * - the secretariat and the chair manage members and settings and read the audit log, but only the
 *   secretariat appoints a chair;
 * - the chair issues revisions and puts a draft under silence; while silence runs nobody edits (the
 *   discussion goes on), any delegation may break it, and the chair may withdraw it or adopt;
 * - an adopted text is frozen for good: no edit, comment, setting or membership change, ever.
 */
export function canOnDocument(actor: Actor, action: DocumentAction, doc: DocumentSubject): boolean {
  const draft = doc.status === 'draft';
  const adopted = doc.status === 'adopted';
  switch (action) {
    case 'read':
      return doc.role !== null || isSecretariat(actor) || (isArchivist(actor) && doc.status === 'adopted');
    case 'edit':
      return draft && (doc.role === 'chair' || doc.role === 'delegate' || (doc.role === null && isSecretariat(actor)));
    case 'comment':
      return (
        (draft || doc.status === 'silence') &&
        (doc.role === 'chair' || doc.role === 'delegate' || (doc.role === 'observer' && doc.observersMayComment === true) || (doc.role === null && isSecretariat(actor)))
      );
    case 'chair':
      return draft && doc.role === 'chair';
    case 'manageMembers':
    case 'configure':
      return !adopted && (isSecretariat(actor) || doc.role === 'chair');
    case 'readAudit':
      return isSecretariat(actor) || doc.role === 'chair';
    case 'appointChair':
      return !adopted && isSecretariat(actor);
    case 'issueRevision':
    case 'startSilence':
      return draft && doc.role === 'chair';
    case 'breakSilence':
      return doc.status === 'silence' && doc.role === 'delegate' && actor.delegationId !== null;
    case 'withdrawSilence':
      return doc.status === 'silence' && doc.role === 'chair';
    case 'adopt':
      return (draft || doc.status === 'silence') && doc.role === 'chair';
  }
}

export function documentAbilities(actor: Actor, doc: DocumentSubject): DocumentAbilities {
  return {
    read: canOnDocument(actor, 'read', doc),
    edit: canOnDocument(actor, 'edit', doc),
    manageMembers: canOnDocument(actor, 'manageMembers', doc),
    comment: canOnDocument(actor, 'comment', doc),
    chair: canOnDocument(actor, 'chair', doc),
    readAudit: canOnDocument(actor, 'readAudit', doc),
    configure: canOnDocument(actor, 'configure', doc),
    issueRevision: canOnDocument(actor, 'issueRevision', doc),
    startSilence: canOnDocument(actor, 'startSilence', doc),
    breakSilence: canOnDocument(actor, 'breakSilence', doc),
    withdrawSilence: canOnDocument(actor, 'withdrawSilence', doc),
    adopt: canOnDocument(actor, 'adopt', doc),
  };
}

/** The policy's view of a document row. */
export function subjectOf(document: { status: DocumentStatus; observers_may_comment: number }, role: DocumentRole | null): DocumentSubject {
  return { status: document.status, role, observersMayComment: document.observers_may_comment === 1 };
}

import type { DocumentRole } from '../api/roles.js';
import type { DocumentStatus } from '../api/types.js';
import type { EditingPhase } from '../api/amendments.js';
import { abilitiesOf } from './abilities.js';
import { isArchivist, isSecretariat, type PolicyActor } from './actor.js';

/**
 * Who may do what with one document: the one place these rules are written. The server runs it for
 * the HTTP routes, for the collaboration socket (read-only, may it touch agreed text) and for the
 * abilities it sends with each document; the page runs the same code only to follow a live settings
 * change (the editing phase) before the document is loaded again.
 */

/** A document as the policy needs to see it: its status, its settings, and the actor's role in it. */
export interface DocumentSubject {
  status: DocumentStatus;
  role: DocumentRole | null;
  observersMayComment?: boolean;
  /** "amendments": only the chair changes the text directly; everyone else proposes. */
  editingPhase?: EditingPhase;
}

/** Every action on a document. `DocumentAbilities` is this list mapped, never a second list. */
export const DOCUMENT_ACTIONS = [
  'read',
  /** Change the text: directly, or only as proposals (see `editDirectly`). */
  'edit',
  /** Change the text other than as one's own proposals; without it, an editor's changes are proposals. */
  'editDirectly',
  /** Put text in square brackets. */
  'bracket',
  /** Open threads and reply (observers only where the document allows it). */
  'comment',
  /** Change or delete a comment, one's own only (`canOnItem`). */
  'editOwnComment',
  /** Support or oppose an amendment, as a delegation, not one's own delegation's (`canOnItem`). */
  'takePosition',
  /** Withdraw an amendment one proposed (`canOnItem`). */
  'withdrawAmendment',
  /** The chair's powers: resolve and reopen threads, set clause status, edit agreed text, decide amendments and brackets. */
  'chair',
  'manageMembers',
  'appointChair',
  /** Read the audit log (chair and secretariat). */
  'readAudit',
  /** Change document settings (secretariat and chair). */
  'configure',
  /** Issue a revision and restore one (the chair, on a draft). */
  'issueRevision',
  /** Put the text under silence (the chair, on a draft). */
  'startSilence',
  /** Break a running silence with a statement (a delegation). */
  'breakSilence',
  /** Withdraw the text from silence (the chair). */
  'withdrawSilence',
  /** Adopt the text (the chair, on a draft or under silence). */
  'adopt',
] as const;

export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

/** What the person asking may do with a document, as the policy decides it. */
export type DocumentAbilities = Record<DocumentAction, boolean>;

/**
 * - members read; the secretariat reads every document it organises; the archivist reads only
 *   adopted texts, never drafts in progress;
 * - the chair and delegates edit a draft; so does the secretariat, which prepares the zero draft;
 *   observers never edit; nobody edits an adopted text;
 * - in "amendments only", everyone but the chair edits only by proposing, and only the chair brackets;
 * - the chair, delegates and the secretariat comment; observers only where the document allows it;
 *   whoever comments may change their own comments and withdraw their own amendments, and a
 *   delegation may support or oppose the amendments of others;
 * - the chair's own powers (resolve and reopen threads, set clause status, change agreed text) are
 *   the chair's alone, not even the secretariat's;
 * - the secretariat and the chair manage members and settings and read the audit log, but only the
 *   secretariat appoints a chair;
 * - the chair issues revisions and puts a draft under silence; while silence runs nobody edits (the
 *   discussion goes on), any delegation may break it, and the chair may withdraw it or adopt;
 * - an adopted text is frozen for good: no edit, comment, setting or membership change, ever.
 */
export function canOnDocument(actor: PolicyActor, action: DocumentAction, doc: DocumentSubject): boolean {
  const draft = doc.status === 'draft';
  const adopted = doc.status === 'adopted';
  switch (action) {
    case 'read':
      return doc.role !== null || isSecretariat(actor) || (isArchivist(actor) && doc.status === 'adopted');
    case 'edit':
      return draft && (doc.role === 'chair' || doc.role === 'delegate' || (doc.role === null && isSecretariat(actor)));
    case 'editDirectly':
    case 'bracket':
      return canOnDocument(actor, 'edit', doc) && (doc.editingPhase !== 'amendments' || doc.role === 'chair');
    case 'comment':
    case 'editOwnComment':
    case 'withdrawAmendment':
      return (
        (draft || doc.status === 'silence') &&
        (doc.role === 'chair' || doc.role === 'delegate' || (doc.role === 'observer' && doc.observersMayComment === true) || (doc.role === null && isSecretariat(actor)))
      );
    case 'takePosition':
      return canOnDocument(actor, 'comment', doc) && actor.delegationId !== null;
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

export function documentAbilities(actor: PolicyActor, doc: DocumentSubject): DocumentAbilities {
  return abilitiesOf(DOCUMENT_ACTIONS, (action) => canOnDocument(actor, action, doc));
}

/** The policy's view of a document as the API sends it (the page's copy). */
export function subjectOfDocument(d: { status: DocumentStatus; role: DocumentRole | null; observersMayComment: boolean; editingPhase: EditingPhase }): DocumentSubject {
  return { status: d.status, role: d.role, observersMayComment: d.observersMayComment, editingPhase: d.editingPhase };
}

/** The actions that depend on whose comment or amendment it is. */
export type ItemAction = 'editOwnComment' | 'withdrawAmendment' | 'takePosition';

/** A comment or an amendment as the policy needs to see it: who wrote it, for which delegation. */
export interface AuthoredItem {
  authorId: string;
  delegationCode: string | null;
}

/** The person asking, with the code of their delegation (items name delegations by code). */
export interface ItemAsker {
  id: string;
  delegationCode: string | null;
}

/**
 * Whether `asker` may do `action` with one comment or amendment, given what they may do with its
 * document: only the author changes a comment or withdraws an amendment; a delegation takes a
 * position only on other delegations' amendments.
 */
export function canOnItem(abilities: Pick<DocumentAbilities, ItemAction>, asker: ItemAsker, action: ItemAction, item: AuthoredItem): boolean {
  if (!abilities[action]) return false;
  switch (action) {
    case 'editOwnComment':
    case 'withdrawAmendment':
      return item.authorId === asker.id;
    case 'takePosition':
      return asker.delegationCode !== null && item.delegationCode !== asker.delegationCode;
  }
}

/** Whether one's changes to the text are kept only as one's own proposals (the amendments-only phase). */
export function mustPropose(abilities: Pick<DocumentAbilities, 'edit' | 'editDirectly'>): boolean {
  return abilities.edit && !abilities.editDirectly;
}

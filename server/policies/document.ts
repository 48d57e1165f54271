import type { DocumentStatus, EditingPhase } from '../../shared/api/index.js';
import type { DocumentRole } from '../../shared/api/roles.js';
import type { DocumentSubject } from '../../shared/policy/document.js';

/**
 * The document policy is written once, in shared/policy, so that the page runs the same rules when a
 * live settings change arrives; the server's routes, socket and presenters import it from here.
 */
export {
  canOnDocument,
  canOnItem,
  documentAbilities,
  DOCUMENT_ACTIONS,
  type AuthoredItem,
  type DocumentAction,
  type DocumentSubject,
  type ItemAction,
  type ItemAsker,
} from '../../shared/policy/document.js';

/** The policy's view of a document row. */
export function subjectOf(
  document: { status: DocumentStatus; observers_may_comment: number; editing_phase: EditingPhase },
  role: DocumentRole | null,
): DocumentSubject {
  return { status: document.status, role, observersMayComment: document.observers_may_comment === 1, editingPhase: document.editing_phase };
}

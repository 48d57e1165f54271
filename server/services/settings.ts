import type { AppDeps } from '../context.js';
import type { DocumentRow } from '../../db/schema.js';
import { findDocument, updateDocumentSettings, type DocumentSettingsChange } from '../../db/repos/documents.js';
import { timestamp } from '../../db/time.js';
import type { Actor } from '../policies/actor.js';
import { audit } from './discussion.js';
import { NotFound } from './errors.js';

/**
 * Changes a document's settings, on record; once it returns, the room judges updates under the new
 * editing phase and every member has heard of it.
 */
export async function changeSettings(deps: AppDeps, actor: Actor, document: DocumentRow, change: DocumentSettingsChange): Promise<DocumentRow> {
  await deps.db.transaction().execute(async (trx) => {
    await updateDocumentSettings(trx, document.id, change, timestamp());
    await audit(trx, actor, document.id, 'document.settings', { type: 'document', id: document.id }, { ...change });
  });
  const changed = await findDocument(deps.db, document.id);
  if (!changed) throw new NotFound(`no document ${document.id}`);
  await deps.bus.publish({
    type: 'document.settingsChanged',
    documentId: document.id,
    settings: {
      observersMayComment: changed.observers_may_comment === 1,
      editingPhase: changed.editing_phase,
      venue: changed.venue,
      timeZone: changed.time_zone,
      language: changed.language,
      organisation: changed.organisation,
    },
  });
  return changed;
}

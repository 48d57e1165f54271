import type { DocumentEvent, EditingPhase } from '../../shared/api/index.js';
import { useDocumentEvents } from '../discussion/events.js';
import type { PushToast } from '../panels/Toasts.js';
import type { ProcedureRelay } from '../record/events.js';
import { liveChange, type LiveContext } from './liveChange.js';

/**
 * The document's live event stream on the page: each event goes where liveChange says, and what was
 * missed while the stream was down is loaded again when it resumes.
 */
export function useLiveEvents(
  documentId: string,
  enabled: boolean,
  context: LiveContext,
  parts: {
    procedure: ProcedureRelay;
    discussion: { apply: (event: DocumentEvent) => void; load: () => Promise<void> };
    reloadAmendments: () => void;
    setPhase: (phase: EditingPhase) => void;
    reloadDocument: () => void;
    pushToast: PushToast;
  },
): void {
  useDocumentEvents(
    documentId,
    {
      onEvent: (event) => {
        const change = liveChange(event, context);
        if (change.procedure) parts.procedure.event(change.procedure);
        if (change.discussion) parts.discussion.apply(event);
        if (change.phase) parts.setPhase(change.phase);
        if (change.reloadDocument) parts.reloadDocument();
        if (change.reloadAmendments) parts.reloadAmendments();
        if (change.notice) parts.pushToast(change.notice.message, { key: change.notice.key, tone: change.notice.tone, ms: change.notice.ms });
      },
      onResumed: () => {
        void parts.discussion.load();
        parts.reloadAmendments();
        parts.procedure.resumed();
      },
      onAccessEnded: parts.reloadDocument,
    },
    enabled,
  );
}

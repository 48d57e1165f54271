import { useEffect, useState } from 'react';
import type { DocumentSummary, EditingPhase } from '../../shared/api/index.js';
import { api } from '../api.js';
import { useAction } from '../discussion/ThreadView.js';
import { Link } from '../router.js';

export type DocumentView = 'text' | 'discussion' | 'amendments' | 'revisions' | 'desk';

/** The views of a document: its text, its discussion, its amendments, its revisions, and the chair's desk. */
export function DocumentNav({ documentId, current, openThreads, pendingAmendments }: {
  documentId: string;
  current: DocumentView;
  openThreads?: number;
  pendingAmendments?: number;
}) {
  const base = `/documents/${encodeURIComponent(documentId)}`;
  const here = (view: DocumentView) => (view === current ? 'page' : undefined);
  return (
    <nav className="doc-nav" aria-label="Views of this document">
      <Link to={base} aria-current={here('text')}>
        Text
      </Link>
      <Link to={`${base}/discussion`} aria-current={here('discussion')} data-testid="discussion-link">
        Discussion
        {openThreads ? <span className="doc-nav__count" aria-label={`${openThreads} open`}>{openThreads}</span> : null}
      </Link>
      <Link to={`${base}/amendments`} aria-current={here('amendments')} data-testid="amendments-link">
        Amendments
        {pendingAmendments ? <span className="doc-nav__count" aria-label={`${pendingAmendments} pending`}>{pendingAmendments}</span> : null}
      </Link>
      <Link to={`${base}/revisions`} aria-current={here('revisions')} data-testid="revisions-link">
        Revisions
      </Link>
      <Link to={`${base}/desk`} aria-current={here('desk')} data-testid="desk-link">
        Chair’s desk
      </Link>
    </nav>
  );
}

/** The document setting the secretariat and the chair may change: whether observers may comment. */
export function ObserversMayComment({ document: d, onChanged }: { document: DocumentSummary; onChanged: () => void }) {
  const [pending, setPending] = useState<boolean | null>(null);
  const [busy, error, run] = useAction();
  const value = pending ?? d.observersMayComment;
  // Once the document as reloaded says so, the switch follows it again.
  useEffect(() => setPending(null), [d.observersMayComment]);
  return (
    <div className="setting">
      <label className="toggle" title="Observers may open threads and reply in this document">
        <input
          type="checkbox"
          role="switch"
          data-testid="observers-may-comment"
          checked={value}
          disabled={busy}
          onChange={(e) => {
            const next = e.target.checked;
            setPending(next);
            void run(async () => {
              await api.setSettings(d.id, { observersMayComment: next });
              onChanged();
            }).then((ok) => {
              if (!ok) setPending(null);
            });
          }}
        />
        <span className="toggle__track" aria-hidden="true" />
        <span>Observers may comment</span>
      </label>
      {error ? <p className="field__error">{error}</p> : null}
    </div>
  );
}

export const PHASE_LABEL: Record<EditingPhase, string> = { direct: 'Direct editing', amendments: 'Amendments only' };

/** The editing phase, for everyone: a tag in the document's header. */
export function EditingPhaseTag({ phase }: { phase: EditingPhase }) {
  return (
    <span
      className={`phase-tag phase-tag--${phase}`}
      data-testid="editing-phase-tag"
      title={
        phase === 'amendments'
          ? 'Delegations’ changes are proposals (amendments) for the chair to decide; only the chair edits the text directly'
          : 'Everyone who may edit changes the text directly; a delegate may still choose to propose changes'
      }
    >
      {PHASE_LABEL[phase]}
    </span>
  );
}

/** The chair's (and the secretariat's) switch of the editing phase: "Editing: Direct / Amendments only". */
export function EditingPhaseControl({ document: d, phase, onChanged }: { document: DocumentSummary; phase: EditingPhase; onChanged: (phase: EditingPhase) => void }) {
  const [busy, error, run] = useAction();
  const choose = (next: EditingPhase) => {
    if (next === phase || busy) return;
    void run(async () => {
      const { document } = await api.setSettings(d.id, { editingPhase: next });
      onChanged(document.editingPhase);
    });
  };
  return (
    <div className="setting">
      <div className="phase-control" role="group" aria-label="Editing phase" data-testid="editing-phase">
        <span className="phase-control__label">Editing:</span>
        <div className="segmented">
          {(['direct', 'amendments'] as const).map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={p === phase}
              className={p === phase ? 'is-active' : ''}
              disabled={busy}
              title={
                p === 'amendments'
                  ? 'Delegates’ changes become proposals for you to accept or reject; only the chair edits directly'
                  : 'Everyone who may edit changes the text directly'
              }
              onClick={() => choose(p)}
            >
              {p === 'direct' ? 'Direct' : 'Amendments only'}
            </button>
          ))}
        </div>
      </div>
      {error ? <p className="field__error">{error}</p> : null}
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { DocumentDetail } from '../../shared/api/index.js';
import type { PushToast } from '../panels/Toasts.js';
import { recordApi } from './api.js';
import { useProcedureEvents, type ProcedureRelay } from './events.js';
import { IssueRevisionDialog } from './ProcedureDialogs.js';
import './styles/zero-draft-offer.css';

/**
 * The chair's first look at a text nobody has circulated yet (no revision, a draft in negotiation):
 * an offer to issue it as the zero draft, so that what delegations later compare with is the text as
 * it was circulated, not whatever happened to be issued first after days of edits. "Not now" is
 * remembered for that document on this browser; the procedure bar's "Issue revision" remains.
 */

const dismissedKey = (documentId: string) => `accord:zero-draft-offer:dismissed:${documentId}`;

function wasDismissed(documentId: string): boolean {
  try {
    return localStorage.getItem(dismissedKey(documentId)) !== null;
  } catch {
    // Storage refused (a private window, a policy): the offer simply comes back next time.
    return false;
  }
}

function rememberDismissed(documentId: string): void {
  try {
    localStorage.setItem(dismissedKey(documentId), new Date().toISOString());
  } catch {
    // As above: nothing to remember with.
  }
}

export function ZeroDraftOffer({ document: d, events, onNotice }: {
  document: DocumentDetail;
  /** The page's procedure events: a revision issued by anyone ends the offer. */
  events: ProcedureRelay;
  onNotice: PushToast;
}) {
  // The server refuses anyone else (the policy's issueRevision: the chair, on a draft); the page mirrors it.
  const mayIssue = d.abilities.issueRevision && d.status === 'draft';
  const [dismissed, setDismissed] = useState(() => wasDismissed(d.id));
  // Unknown until the revisions are read: the offer never flashes up for a text already circulated.
  const [unissued, setUnissued] = useState(false);
  const [dialog, setDialog] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setUnissued(false);
    if (!mayIssue || dismissed) return;
    let live = true;
    recordApi.revisions(d.id).then(
      ({ revisions }) => live && setUnissued(revisions.length === 0),
      // Not knowing, say nothing: "Issue revision" in the procedure bar is still there.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [d.id, mayIssue, dismissed]);

  useProcedureEvents(events, {
    onEvent: (event) => {
      if (event.type === 'revision') setUnissued(false);
    },
  });

  if (!mayIssue || dismissed || !unissued) return null;

  const notNow = () => {
    rememberDismissed(d.id);
    setDismissed(true);
    // Focus goes where the same step stays available, rather than falling to the page.
    globalThis.document.querySelector<HTMLElement>('[data-testid="issue-revision"]')?.focus();
  };

  return (
    <section className="zero-draft-offer" aria-labelledby="zero-draft-offer-title" data-testid="zero-draft-offer">
      <p className="zero-draft-offer__text">
        <strong id="zero-draft-offer-title">This text has not been circulated yet.</strong>{' '}
        <span>
          Issue it as the zero draft{d.symbol ? <> (<span className="symbol">{d.symbol}</span>)</> : null}? Delegations compare later revisions with it.
        </span>
      </p>
      <div className="zero-draft-offer__actions">
        <button ref={opener} type="button" className="button button--primary button--small" onClick={() => setDialog(true)} data-testid="zero-draft-issue">
          Issue the zero draft…
        </button>
        <button type="button" className="button button--ghost button--small" onClick={notNow} data-testid="zero-draft-not-now">
          Not now
        </button>
      </div>
      {dialog ? (
        <IssueRevisionDialog
          document={d}
          latest={null}
          firstIssue
          onClose={() => {
            setDialog(false);
            opener.current?.focus();
          }}
          onIssued={(revision) => {
            setDialog(false);
            setUnissued(false);
            onNotice(`${revision.name} issued (${revision.symbol})`, { key: 'revision', ms: 8_000 });
            globalThis.document.querySelector<HTMLElement>('[data-testid="latest-revision"], [data-testid="issue-revision"]')?.focus();
          }}
        />
      ) : null}
    </section>
  );
}

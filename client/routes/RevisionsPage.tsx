import { useMemo, useState } from 'react';
import type { DocumentDetail, Restoration, RevisionSummary } from '../../shared/api/index.js';
import { AuthorName, PlainText } from '../discussion/ui.js';
import { useAction } from '../discussion/ThreadView.js';
import { Toasts, useToasts, type PushToast } from '../panels/Toasts.js';
import { recordApi, recordPaths } from '../record/api.js';
import { useDocumentEvents } from '../discussion/events.js';
import { RevisionText } from '../record/RevisionText.js';
import { ExportMenu, formatDateTime } from '../record/ui.js';
import { LIVE, VersionSelect } from '../record/VersionSelect.js';
import { Link, navigate } from '../router.js';
import { useLoad, type Loadable } from '../useLoad.js';
import { DocumentFrame } from './DocumentFrame.js';

type RevisionList = { revisions: RevisionSummary[]; restorations: Restoration[] };

/**
 * The revisions of a document: the zero draft, Rev.1, Rev.2 ... as issued, newest first, with the
 * restorations among them; each one to read (?view=N), compare, export, or (the chair) restore.
 */
export function RevisionsPage({ documentId, view }: { documentId: string; view: string | null }) {
  return (
    <DocumentFrame documentId={documentId} view="revisions">
      {(d, reloadDocument) => <Revisions document={d} view={view} reloadDocument={reloadDocument} />}
    </DocumentFrame>
  );
}

function Revisions({ document: d, view, reloadDocument }: { document: DocumentDetail; view: string | null; reloadDocument: () => void }) {
  const [list, reload] = useLoad(() => recordApi.revisions(d.id), d.id);
  const [toasts, pushToast, dismissToast] = useToasts();

  useDocumentEvents(d.id, {
    onEvent: (event) => {
      if (event.type === 'revision') {
        reload();
        if (event.restored) pushToast(`${event.revision.name} was restored as the current draft`, { key: 'revision' });
        else pushToast(`${event.revision.name} issued (${event.revision.symbol})`, { key: 'revision' });
      } else if (event.type === 'status') {
        // Silence and adoption change who may restore: the document says.
        reloadDocument();
      }
    },
    onResumed: reload,
  });

  return (
    <>
      {view !== null ? (
        <RevisionReader key={view} document={d} reference={view} list={list} onRestored={reload} onNotice={pushToast} />
      ) : (
        <RevisionTimeline document={d} list={list} reload={reload} onNotice={pushToast} />
      )}
      <Toasts toasts={toasts} onDismiss={dismissToast} />
    </>
  );
}

type Entry = { kind: 'revision'; at: string; revision: RevisionSummary } | { kind: 'restoration'; at: string; restoration: Restoration };

function RevisionTimeline({ document: d, list, reload, onNotice }: {
  document: DocumentDetail;
  list: Loadable<RevisionList>;
  reload: () => void;
  onNotice: PushToast;
}) {
  const entries = useMemo<Entry[]>(() => {
    if (list.state !== 'ready') return [];
    const all: Entry[] = [
      ...list.value.revisions.map((revision) => ({ kind: 'revision' as const, at: revision.issuedAt, revision })),
      ...list.value.restorations.map((restoration) => ({ kind: 'restoration' as const, at: restoration.at, restoration })),
    ];
    return all.sort((a, b) => b.at.localeCompare(a.at) || (a.kind === 'restoration' ? -1 : 1));
  }, [list]);
  const revisions = list.state === 'ready' ? list.value.revisions : [];
  const latest = revisions.reduce<number>((n, r) => Math.max(n, r.number), -1);
  const byNumber = new Map(revisions.map((r) => [r.number, r]));

  return (
    <section className="view revisions-view" data-testid="revisions-view" aria-labelledby="revisions-title">
      <div className="view__header">
        <h2 id="revisions-title">Revisions</h2>
        <p className="muted">
          {list.state === 'ready'
            ? revisions.length
              ? `${revisions.length} issued · each is kept exactly as it was circulated`
              : 'None issued yet'
            : ''}
        </p>
      </div>

      <div className="revisions-view__grid">
        <div className="revisions-view__main">
          {list.state === 'loading' ? (
            <p className="muted">Loading the revisions…</p>
          ) : list.state === 'failed' ? (
            <div>
              <p className="form-error">{list.message}</p>
              <button type="button" className="button button--small" onClick={reload}>
                Try again
              </button>
            </div>
          ) : entries.length === 0 ? (
            <div className="empty-state">
              <h2>No revision issued yet</h2>
              <p>
                {d.abilities.issueRevision
                  ? 'Issue the zero draft from the document’s text (Issue revision, next to its status). Each revision is kept here unchanged, with its symbol and date.'
                  : 'When the chair issues the zero draft and its revisions, they are listed here unchanged, with their symbol and date.'}
              </p>
            </div>
          ) : (
            <ol className="timeline" aria-label="Revisions, newest first">
              {entries.map((entry) =>
                entry.kind === 'revision' ? (
                  <RevisionItem
                    key={entry.revision.id}
                    document={d}
                    revision={entry.revision}
                    latest={entry.revision.number === latest}
                    previous={byNumber.get(entry.revision.number - 1) ?? null}
                    onRestored={reload}
                    onNotice={onNotice}
                  />
                ) : (
                  <RestorationItem timeZone={d.timeZone} key={`restored-${entry.at}-${entry.restoration.revisionNumber}`} restoration={entry.restoration} revision={byNumber.get(entry.restoration.revisionNumber) ?? null} />
                ),
              )}
            </ol>
          )}
        </div>
        <aside className="revisions-view__side">
          <ComparePicker document={d} revisions={revisions} />
        </aside>
      </div>
    </section>
  );
}

function RevisionItem({ document: d, revision: r, latest, previous, onRestored, onNotice }: {
  document: DocumentDetail;
  revision: RevisionSummary;
  latest: boolean;
  previous: RevisionSummary | null;
  onRestored: () => void;
  onNotice: PushToast;
}) {
  const [restoring, setRestoring] = useState(false);
  const mayRestore = d.abilities.issueRevision;
  return (
    <li className={`timeline__entry revision${latest ? ' revision--latest' : ''}`} data-testid="revision-item" data-number={r.number}>
      <span className="timeline__dot" aria-hidden="true" />
      <article className="revision__card">
        <header className="revision__head">
          <h3 className="revision__name">
            <Link to={recordPaths.revision(d.id, r.number)}>{r.name}</Link>
          </h3>
          <span className="symbol" data-testid="revision-symbol">
            {r.symbol}
          </span>
          {latest ? <span className="badge revision__latest">Latest</span> : null}
          <time className="revision__date" dateTime={r.issuedAt}>
            {formatDateTime(r.issuedAt, d.timeZone)}
          </time>
        </header>
        <p className="revision__by">
          Issued by <AuthorName author={r.issuedBy} />
        </p>
        {r.note ? <PlainText className="revision__note" text={r.note} /> : null}
        {r.renumbered ? <LabelChanges revision={r} /> : null}
        <div className="revision__actions">
          <Link className="button button--small" to={recordPaths.revision(d.id, r.number)} data-testid="revision-view">
            View
          </Link>
          <Link className="button button--small" to={recordPaths.compare(d.id, String(r.number), LIVE)} data-testid="revision-compare">
            Compare with current text
          </Link>
          {previous ? (
            <Link className="button button--small button--ghost" to={recordPaths.compare(d.id, String(previous.number), String(r.number))} data-testid="revision-compare-previous">
              Changes since {previous.name}
            </Link>
          ) : null}
          <ExportMenu documentId={d.id} revision={r.number} align="left" />
          {mayRestore && !restoring ? <RestoreButton onClick={() => setRestoring(true)} /> : null}
        </div>
        {mayRestore && restoring ? (
          <RestoreConfirmation document={d} revision={r} onCancel={() => setRestoring(false)} onRestored={onRestored} onNotice={onNotice} />
        ) : null}
      </article>
    </li>
  );
}

function RestorationItem({ restoration, revision, timeZone }: { restoration: Restoration; revision: RevisionSummary | null; timeZone: string }) {
  const name = revision?.name ?? (restoration.revisionNumber === 0 ? 'Zero draft' : `Rev.${restoration.revisionNumber}`);
  return (
    <li className="timeline__entry timeline__entry--restoration" data-testid="restoration-item" data-number={restoration.revisionNumber}>
      <span className="timeline__dot" aria-hidden="true" />
      <p className="restoration">
        <svg viewBox="0 0 16 16" aria-hidden="true" className="restoration__icon">
          <path d="M3 8a5 5 0 1 0 1.5-3.6M3 2.5v2.5h2.5" />
        </svg>
        <span>
          <strong>{name} restored</strong> as the current draft by <AuthorName author={restoration.by} />
        </span>
        <time className="revision__date" dateTime={restoration.at}>
          {formatDateTime(restoration.at, timeZone)}
        </time>
      </p>
    </li>
  );
}

/** "Labels renumbered": OP4bis → OP5, folded by default. */
function LabelChanges({ revision: r }: { revision: RevisionSummary }) {
  if (!r.labelMap.length) return <p className="revision__labels-none muted">Renumbered cleanly: no label changed.</p>;
  return (
    <details className="revision__labels" data-testid="revision-labels">
      <summary>
        Labels renumbered <span className="muted">({r.labelMap.length})</span>
      </summary>
      <ul className="label-map">
        {r.labelMap.map((change) => (
          <li key={change.clauseId}>
            <span className="label-map__from">{change.from}</span>
            <span className="label-map__arrow" aria-label="became">
              →
            </span>
            <span className="clause-label">{change.to}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The chair's "Restore as current draft": a button, then a confirmation, as the current text is replaced. */
function RestoreButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="link-button link-button--danger revision__restore" data-testid="restore-revision" onClick={onClick}>
      Restore as current draft
    </button>
  );
}

function RestoreConfirmation({ document: d, revision: r, onCancel, onRestored, onNotice }: {
  document: DocumentDetail;
  revision: RevisionSummary;
  onCancel: () => void;
  onRestored: () => void;
  onNotice: PushToast;
}) {
  const [busy, error, run] = useAction();
  return (
    <div className="revision__confirm" role="group" aria-label={`Restore ${r.name}`} data-testid="restore-confirmation">
      <p>
        <strong>Restore {r.name} as the current draft?</strong> The text everyone is editing is replaced by the text of {r.name}. Changes made
        since then leave the current text; issue a revision first to keep a copy of them. The restoration is recorded.
      </p>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--small button--danger-solid"
          data-testid="restore-confirm"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              await recordApi.restore(d.id, String(r.number));
              onCancel();
              onNotice(`${r.name} restored as the current draft`, { key: 'revision' });
              onRestored();
            })
          }
        >
          {busy ? 'Restoring…' : `Restore ${r.name}`}
        </button>
      </div>
    </div>
  );
}

function ComparePicker({ document: d, revisions }: { document: DocumentDetail; revisions: readonly RevisionSummary[] }) {
  const newest = revisions.reduce<RevisionSummary | null>((a, r) => (!a || r.number > a.number ? r : a), null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string>(LIVE);
  const fromValue = from ?? (newest ? String(newest.number) : LIVE);
  const live = d.status === 'adopted' ? 'Adopted text' : 'Current text';
  return (
    <section className="panel compare-picker" aria-labelledby="compare-picker-title">
      <h3 id="compare-picker-title">Compare two versions</h3>
      <p className="muted compare-picker__lead">Paragraph by paragraph, word by word; paragraphs are followed through moves and renumbering.</p>
      <form
        className="compare-picker__form"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(recordPaths.compare(d.id, fromValue, to));
        }}
      >
        <VersionSelect label="From (older)" testId="compare-from" value={fromValue} revisions={revisions} liveLabel={live} timeZone={d.timeZone} onChange={setFrom} />
        <VersionSelect label="To (newer)" testId="compare-to" value={to} revisions={revisions} liveLabel={live} timeZone={d.timeZone} onChange={setTo} />
        <button type="submit" className="button button--primary" data-testid="compare-button" disabled={!revisions.length}>
          Compare
        </button>
        {!revisions.length ? <p className="field__hint">There is nothing to compare until a revision is issued.</p> : null}
      </form>
    </section>
  );
}

/** One revision's text as issued, read-only, with what it is and what can be done with it. */
function RevisionReader({ document: d, reference, list, onRestored, onNotice }: {
  document: DocumentDetail;
  reference: string;
  list: Loadable<RevisionList>;
  onRestored: () => void;
  onNotice: PushToast;
}) {
  const [detail, reload] = useLoad(() => recordApi.revision(d.id, reference).then((r) => r.revision), `${d.id}:${reference}`);
  const [restoring, setRestoring] = useState(false);
  const revisions = list.state === 'ready' ? [...list.value.revisions].sort((a, b) => a.number - b.number) : [];
  const back = (
    <Link className="revision-reader__back" to={recordPaths.revisions(d.id)}>
      ← All revisions
    </Link>
  );

  if (detail.state === 'loading') {
    return (
      <section className="view revision-reader">
        {back}
        <p className="muted">Opening the revision…</p>
      </section>
    );
  }
  if (detail.state === 'failed') {
    return (
      <section className="view revision-reader">
        {back}
        <p className="form-error">{detail.status === 404 ? `There is no revision “${reference}” of this document.` : detail.message}</p>
        {detail.status !== 404 ? (
          <button type="button" className="button button--small" onClick={reload}>
            Try again
          </button>
        ) : null}
      </section>
    );
  }

  const r = detail.value;
  const index = revisions.findIndex((x) => x.number === r.number);
  const older = index > 0 ? revisions[index - 1] : undefined;
  const newer = index >= 0 ? revisions[index + 1] : undefined;

  return (
    <section className="view revision-reader" data-testid="revision-reader" data-number={r.number} aria-labelledby="revision-reader-title">
      <div className="revision-reader__nav">
        {back}
        <span className="revision-reader__steps">
          {older ? (
            <Link to={recordPaths.revision(d.id, older.number)} data-testid="revision-older">
              ← {older.name}
            </Link>
          ) : null}
          {newer ? (
            <Link to={recordPaths.revision(d.id, newer.number)} data-testid="revision-newer">
              {newer.name} →
            </Link>
          ) : null}
        </span>
      </div>
      <div className="revision-reader__grid">
        <div className="paper-column">
          <p className="notice notice--read-only revision-reader__notice" role="note">
            Read only — {r.name} as issued on {formatDateTime(r.issuedAt, d.timeZone)}, not the current text.
          </p>
          <RevisionText content={r.content} numbering={d.numbering} label={`Text of ${r.name}`} />
        </div>
        <aside className="revision-reader__side">
          <section className="panel revision-facts">
            <h2 id="revision-reader-title">{r.name}</h2>
            <p className="symbol revision-facts__symbol">{r.symbol}</p>
            <dl className="revision-facts__list">
              <dt>Issued</dt>
              <dd>{formatDateTime(r.issuedAt, d.timeZone)}</dd>
              <dt>By</dt>
              <dd>
                <AuthorName author={r.issuedBy} />
              </dd>
              {r.note ? (
                <>
                  <dt>Note</dt>
                  <dd>
                    <PlainText text={r.note} />
                  </dd>
                </>
              ) : null}
            </dl>
            {r.renumbered ? <LabelChanges revision={r} /> : null}
            <div className="revision-facts__actions">
              <Link className="button button--small" to={recordPaths.compare(d.id, String(r.number), LIVE)} data-testid="revision-compare">
                Compare with current text
              </Link>
              {older ? (
                <Link className="button button--small" to={recordPaths.compare(d.id, String(older.number), String(r.number))} data-testid="revision-compare-previous">
                  Changes since {older.name}
                </Link>
              ) : null}
              <ExportMenu documentId={d.id} revision={r.number} label={`Export ${r.name}`} align="left" />
            </div>
            {d.abilities.issueRevision ? (
              restoring ? (
                <RestoreConfirmation document={d} revision={r} onCancel={() => setRestoring(false)} onRestored={onRestored} onNotice={onNotice} />
              ) : (
                <RestoreButton onClick={() => setRestoring(true)} />
              )
            ) : null}
          </section>
        </aside>
      </div>
    </section>
  );
}

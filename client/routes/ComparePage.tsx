import { useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import type { ComparisonResponse, DocumentDetail, RevisionSummary, VersionInfo } from '../../shared/api/index.js';
import { isProposedParagraph, type ClauseChange, type ClauseComparison, type PendingProposals } from '../../shared/compare.js';
import { COMPARE_VIEWS, DEFAULT_COMPARE_VIEW, type CompareView } from '../../shared/compare-views.js';
import { recordApi, recordPaths } from '../record/api.js';
import { useDocumentEvents } from '../discussion/events.js';
import { formatDateTime } from '../record/ui.js';
import { LIVE, VersionSelect } from '../record/VersionSelect.js';
import { WordDiff } from '../record/WordDiff.js';
import { Link, navigate, useLocation } from '../router.js';
import { useLoad } from '../useLoad.js';
import { DocumentFrame } from './DocumentFrame.js';

type Mode = 'inline' | 'side';
const MODE_KEY = 'accord-compare-mode';

const CHANGE_LABEL: Record<ClauseChange, string> = {
  changed: 'Changed',
  added: 'Added',
  removed: 'Deleted',
  moved: 'Moved',
  unchanged: 'Unchanged',
};

const VIEW_LABEL: Record<CompareView, string> = { clean: 'Clean text', proposals: 'With proposals' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The view in the address (?view=proposals), so a comparison is shared as it is seen; clean otherwise. */
function viewOf(search: URLSearchParams): CompareView {
  const asked = search.get('view');
  return COMPARE_VIEWS.find((v) => v === asked) ?? DEFAULT_COMPARE_VIEW;
}

const SECTION: Partial<Record<ClauseComparison['kind'], string>> = { preambular: 'Preambular paragraphs', operative: 'Operative paragraphs' };

/**
 * Two versions of the text side by side or in one: paragraph by paragraph (followed through moves
 * and renumbering by their ids), word by word within a paragraph, as the server compared them.
 */
export function ComparePage({ documentId, from, to }: { documentId: string; from: string | null; to: string | null }) {
  return (
    <DocumentFrame documentId={documentId} view="revisions">
      {(d) => <Comparison document={d} from={from} to={to} />}
    </DocumentFrame>
  );
}

function Comparison({ document: d, from, to }: { document: DocumentDetail; from: string | null; to: string | null }) {
  const [list, reloadList] = useLoad(() => recordApi.revisions(d.id), d.id);
  const revisions = useMemo(() => (list.state === 'ready' ? list.value.revisions : []), [list]);
  const newest = revisions.reduce<RevisionSummary | null>((a, r) => (!a || r.number > a.number ? r : a), null);
  // Without ?from, the latest revision against the current text: "what changed since we circulated it".
  const fromRef = from ?? (newest ? String(newest.number) : null);
  const toRef = to ?? LIVE;
  const ready = fromRef !== null;
  const view = viewOf(useLocation().search);
  const [result, reload] = useLoad<ComparisonResponse | null>(
    () => (fromRef !== null ? recordApi.compare(d.id, fromRef, toRef, view) : Promise.resolve(null)),
    `${d.id}|${fromRef ?? ''}|${toRef}|${view}`,
  );

  const [mode, setMode] = useState<Mode>(() => (readMode() === 'side' ? 'side' : 'inline'));
  useEffect(() => {
    try {
      localStorage.setItem(MODE_KEY, mode);
    } catch {
      // Storage disabled: the choice lasts for this page.
    }
  }, [mode]);
  const [showUnchanged, setShowUnchanged] = useState(false);

  useDocumentEvents(d.id, {
    onEvent: (event) => {
      if (event.type === 'revision') reloadList();
    },
    onResumed: reloadList,
  });

  const go = (nextFrom: string, nextTo: string, nextView: CompareView = view) => navigate(recordPaths.compare(d.id, nextFrom, nextTo, nextView), { replace: true });
  const pending = result.state === 'ready' ? (result.value?.pending ?? null) : null;
  // Pending proposals live in the current text; two issued revisions offer the choice only if they hold some.
  const offerViews = toRef === LIVE || fromRef === LIVE || (pending?.count ?? 0) > 0 || view !== DEFAULT_COMPARE_VIEW;
  const liveLabel = d.status === 'adopted' ? 'Adopted text' : 'Current text';

  if (list.state === 'ready' && !revisions.length && from === null) {
    return (
      <section className="view compare" data-testid="compare-view">
        <div className="empty-state">
          <h2>Nothing to compare yet</h2>
          <p>A comparison needs an issued revision. When the chair issues the zero draft, its text can be compared with the current text here.</p>
        </div>
      </section>
    );
  }

  return (
    <section className="view compare" data-testid="compare-view" data-mode={mode} aria-labelledby="compare-title">
      <div className="compare__top">
        <Link className="revision-reader__back" to={recordPaths.revisions(d.id)}>
          ← All revisions
        </Link>
        <h2 id="compare-title" className="visually-hidden">
          Comparison
        </h2>
        <div className="compare__versions">
          <VersionCard timeZone={d.timeZone} role="from" info={result.state === 'ready' ? (result.value?.from ?? null) : null} fallback={fromRef} />
          <span className="compare__arrow" aria-hidden="true">
            →
          </span>
          <VersionCard timeZone={d.timeZone} role="to" info={result.state === 'ready' ? (result.value?.to ?? null) : null} fallback={toRef} />
        </div>
      </div>

      <div className="compare__controls">
        <VersionSelect label="From (older)" testId="compare-from" value={fromRef ?? LIVE} revisions={revisions} liveLabel={liveLabel} timeZone={d.timeZone} onChange={(ref) => go(ref, toRef)} />
        <button
          type="button"
          className="button button--small button--ghost compare__swap"
          title="Swap the two versions"
          aria-label="Swap the two versions"
          data-testid="compare-swap"
          disabled={!ready}
          onClick={() => fromRef !== null && go(toRef, fromRef)}
        >
          ⇄
        </button>
        <VersionSelect label="To (newer)" testId="compare-to" value={toRef} revisions={revisions} liveLabel={liveLabel} timeZone={d.timeZone} onChange={(ref) => go(fromRef ?? LIVE, ref)} />
        <div className="compare__view-options">
          {offerViews ? <ViewSwitch view={view} onChange={(next) => go(fromRef ?? LIVE, toRef, next)} /> : null}
          <div className="segmented" role="group" aria-label="Show the changes">
            <button type="button" className={mode === 'inline' ? 'is-active' : ''} aria-pressed={mode === 'inline'} data-testid="compare-mode-inline" onClick={() => setMode('inline')}>
              Inline
            </button>
            <button type="button" className={mode === 'side' ? 'is-active' : ''} aria-pressed={mode === 'side'} data-testid="compare-mode-side" onClick={() => setMode('side')}>
              Side by side
            </button>
          </div>
          <label className="toggle">
            <input type="checkbox" role="switch" data-testid="compare-show-unchanged" checked={showUnchanged} onChange={(e) => setShowUnchanged(e.target.checked)} />
            <span className="toggle__track" aria-hidden="true" />
            <span>Show unchanged paragraphs</span>
          </label>
        </div>
      </div>

      {result.state === 'loading' || (!ready && list.state === 'loading') ? (
        <p className="muted">Comparing…</p>
      ) : result.state === 'failed' ? (
        <div className="compare__error">
          <p className="form-error">{result.message}</p>
          {result.status !== 404 ? (
            <button type="button" className="button button--small" onClick={reload}>
              Try again
            </button>
          ) : null}
        </div>
      ) : result.value ? (
        <>
          <PendingNotice view={result.value.view} pending={result.value.pending} onShowProposals={() => go(fromRef ?? LIVE, toRef, 'proposals')} />
          <ComparisonBody comparison={result.value} mode={mode} showUnchanged={showUnchanged} onShowUnchanged={() => setShowUnchanged(true)} />
        </>
      ) : null}
    </section>
  );
}

/** Clean text or with proposals: a pressed-button pair, its choice kept in the address. */
function ViewSwitch({ view, onChange }: { view: CompareView; onChange: (view: CompareView) => void }) {
  return (
    <div className="compare__view-switch" role="group" aria-label="Pending proposals">
      <span className="compare__view-switch-label" aria-hidden="true">
        Pending proposals
      </span>
      <div className="segmented">
        {COMPARE_VIEWS.map((v) => (
          <button key={v} type="button" className={view === v ? 'is-active' : ''} aria-pressed={view === v} data-testid={`compare-view-${v}`} onClick={() => onChange(v)}>
            {VIEW_LABEL[v]}
          </button>
        ))}
      </div>
    </div>
  );
}

const byDelegation = (pending: PendingProposals) => pending.delegations.map((d) => `${d.delegationCode ?? 'unattributed'} ${d.count}`).join(', ');

/** What the view leaves out or shows, in words: the clean view must say that proposals are hidden. */
function PendingNotice({ view, pending, onShowProposals }: { view: CompareView; pending: PendingProposals; onShowProposals: () => void }) {
  if (!pending.count) return null;
  if (view === 'clean') {
    return (
      <div className="compare__notice" role="status" data-testid="compare-pending-notice">
        <p>
          <strong>{plural(pending.count, 'pending proposal')} left out</strong> ({byDelegation(pending)}): the texts read as they stand if none is accepted. Words proposed
          for insertion are not shown; words proposed for deletion are kept.
        </p>
        <button type="button" className="button button--small" onClick={onShowProposals} data-testid="compare-show-proposals">
          Show with proposals
        </button>
      </div>
    );
  }
  return (
    <div className="compare__notice compare__notice--proposals" role="status" data-testid="compare-pending-notice">
      <p>
        <strong>{plural(pending.count, 'pending proposal')} shown</strong>, each in its delegation's colour and marked with its code. None of them is accepted.
      </p>
      <ul className="compare__proposers" aria-label="Proposals by delegation">
        {pending.delegations.map((d) => (
          <li key={d.delegationCode ?? ''} className="compare__proposer" style={{ '--delegation-color': d.color } as CSSProperties}>
            <span className="compare__proposer-swatch" aria-hidden="true" />
            {`${d.delegationCode ?? 'Unattributed'} proposes (${d.count})`}
          </li>
        ))}
      </ul>
    </div>
  );
}

function readMode(): string | null {
  try {
    return localStorage.getItem(MODE_KEY);
  } catch {
    return null;
  }
}

function VersionCard({ role, info, fallback, timeZone }: { role: 'from' | 'to'; info: VersionInfo | null; fallback: string | null; timeZone: string }) {
  const name = info?.name ?? (fallback === LIVE ? 'Current text' : fallback !== null ? `Rev.${fallback}` : '…');
  return (
    <div className={`version-card version-card--${role}`} data-testid={`compare-${role}-version`}>
      <span className="version-card__role">{role === 'from' ? 'Older' : 'Newer'}</span>
      <strong className="version-card__name">{name}</strong>
      <span className="version-card__meta">
        {info?.symbol ? <span className="symbol">{info.symbol}</span> : null}
        {info?.date ? <span>{formatDateTime(info.date, timeZone)}</span> : info?.ref === LIVE ? <span>as it stands now</span> : null}
      </span>
    </div>
  );
}

function ComparisonBody({ comparison: c, mode, showUnchanged, onShowUnchanged }: {
  comparison: ComparisonResponse;
  mode: Mode;
  showUnchanged: boolean;
  onShowUnchanged: () => void;
}) {
  const rows: ReactNode[] = [];
  let hidden: ClauseComparison[] = [];
  let section: string | null = null;
  const flush = () => {
    if (!hidden.length) return;
    const first = hidden[0]!.label;
    const last = hidden[hidden.length - 1]!.label;
    const renumbered = hidden.filter((x) => x.fromLabel !== null && x.toLabel !== null && x.fromLabel !== x.toLabel).length;
    rows.push(
      <li key={`gap-${first}`} className="compare__gap">
        <button type="button" className="compare__gap-button" onClick={onShowUnchanged}>
          {hidden.length === 1 ? `${first} unchanged` : `${hidden.length} unchanged paragraphs (${first}–${last})`}
          {renumbered ? ` · ${renumbered} renumbered` : ''}
        </button>
      </li>,
    );
    hidden = [];
  };
  for (const clause of c.clauses) {
    const heading = SECTION[clause.kind] ?? null;
    if (heading && heading !== section) {
      flush();
      section = heading;
      rows.push(
        <li key={`section-${heading}`} className="compare__section" aria-hidden="true">
          {heading}
        </li>,
      );
    }
    if (clause.change === 'unchanged' && !showUnchanged) {
      hidden.push(clause);
      continue;
    }
    flush();
    rows.push(<ClauseRow key={clause.clauseId} clause={clause} mode={mode} from={c.from} to={c.to} />);
  }
  flush();

  const nothing = c.clauses.every((x) => x.change === 'unchanged');
  return (
    <>
      <div className="compare__summary-bar">
        <p className="compare__summary" data-testid="compare-summary">
          {c.summary}
        </p>
        <p className="compare__legend" aria-label="How changes are shown">
          <ins>inserted words</ins>
          <del>deleted words</del>
          <span>
            <span className="compare-bracket">[</span>not agreed<span className="compare-bracket">]</span>
          </span>
        </p>
      </div>
      {mode === 'side' ? (
        <div className="compare__columns" aria-hidden="true">
          <span />
          <span>{c.from.name}</span>
          <span>{c.to.name}</span>
        </div>
      ) : null}
      {nothing && !showUnchanged ? (
        <p className="compare__same muted">The two versions are the same, paragraph by paragraph.</p>
      ) : null}
      <ol className={`compare__clauses compare__clauses--${mode}`}>{rows}</ol>
    </>
  );
}

function ClauseRow({ clause: c, mode, from, to }: { clause: ClauseComparison; mode: Mode; from: VersionInfo; to: VersionInfo }) {
  const relabelled = c.fromLabel !== null && c.toLabel !== null && c.fromLabel !== c.toLabel;
  const proposed = isProposedParagraph(c);
  return (
    <li
      className={`compare-clause compare-clause--${c.change}${c.moved ? ' compare-clause--moved' : ''}`}
      data-testid="compare-clause"
      data-change={proposed ? 'proposed' : c.change}
      data-label={c.label}
      data-clause-id={c.clauseId}
    >
      <div className="compare-clause__margin">
        <span className="compare-clause__label">
          {relabelled ? (
            <>
              <span className="compare-clause__old-label">{c.fromLabel}</span>
              <span aria-label="became"> → </span>
              <span className="clause-label">{c.toLabel}</span>
            </>
          ) : (
            <span className="clause-label">{c.label}</span>
          )}
        </span>
        {proposed ? (
          <span className="change-badge change-badge--proposed" data-testid="change-badge" title="A new paragraph proposed, not accepted">
            Proposed
          </span>
        ) : c.change !== 'unchanged' ? (
          <span className={`change-badge change-badge--${c.change}`} data-testid="change-badge">
            {CHANGE_LABEL[c.change]}
          </span>
        ) : null}
        {c.moved && c.change === 'changed' ? (
          <span className="change-badge change-badge--moved change-badge--marker" title="This paragraph also changed place">
            moved
          </span>
        ) : null}
      </div>
      {mode === 'inline' ? (
        <div className={`compare-clause__text compare-clause__text--${c.kind}`}>
          <WordDiff words={c.words} show="both" />
        </div>
      ) : (
        <div className="compare-clause__sides">
          <div className={`compare-clause__text compare-clause__text--from compare-clause__text--${c.kind}`} aria-label={from.name}>
            {c.fromText === null ? <span className="compare-clause__absent">Not in {from.name}</span> : <WordDiff words={c.words} show="from" />}
          </div>
          <div className={`compare-clause__text compare-clause__text--to compare-clause__text--${c.kind}`} aria-label={to.name}>
            {c.toText === null ? <span className="compare-clause__absent">Deleted in {to.name}</span> : <WordDiff words={c.words} show="to" />}
          </div>
        </div>
      )}
    </li>
  );
}

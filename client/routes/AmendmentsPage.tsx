import { useMemo, useState } from 'react';
import type { AmendmentView, Desk, DocumentDetail } from '../../shared/api/index.js';
import { api, type AlternativeChoiceView } from '../api.js';
import { AmendmentItem, BulkDecisions, type AmendmentViewer } from '../amendments/AmendmentItem.js';
import { useServerAmendments } from '../amendments/server.js';
import { useDocumentEvents } from '../discussion/events.js';
import { useSoon } from '../discussion/useSoon.js';
import { AlternativeChoiceItem, BracketChoiceItem } from '../panels/AmendmentsPanel.js';
import { FilterBar, NO_DELEGATION, useDelegationCodes } from '../panels/FilterBar.js';
import { Toasts, useToasts } from '../panels/Toasts.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';
import { clauseHref, DocumentFrame } from './DocumentFrame.js';

type StatusFilter = 'pending' | 'decided' | 'all';
const AMENDMENT_STATUSES = [
  ['pending', 'Pending'],
  ['decided', 'Decided'],
  ['all', 'All'],
] as const;
const NO_ALTERNATIVES: AlternativeChoiceView[] = [];

/**
 * Every amendment of the document, as a compilation text: pending ones with their support and
 * opposition, decided ones with who decided and when; and the square brackets and alternative
 * paragraphs ("OP4 alt") still in the text.
 * Live through the document's events; new proposals (which are text, not events) by a light poll.
 */
export function AmendmentsPage({ documentId }: { documentId: string }) {
  const [list, reload, upsert] = useServerAmendments(documentId);
  const [brackets, reloadBrackets] = useLoad(() => api.brackets(documentId), documentId);
  const [desk, reloadDesk] = useLoad(() => api.desk(documentId), documentId);
  const reloadDeskSoon = useSoon(reloadDesk);
  const reloadBracketsSoon = useSoon(reloadBrackets);
  const [generation, setGeneration] = useState(0);
  const [toasts, pushToast, dismissToast] = useToasts();

  const reloadAll = () => {
    reload();
    reloadBracketsSoon();
  };
  useDocumentEvents(documentId, {
    onEvent: (event) => {
      // Also announced when someone types a proposal or a bracket (the server watches the text).
      if (event.type === 'amendments') reloadAll();
      if (event.type === 'bracket') reloadBracketsSoon();
      if (event.type === 'clauseStatus') reloadDeskSoon();
    },
    onResumed: () => {
      reloadAll();
      reloadDesk();
    },
    onAccessEnded: () => setGeneration((g) => g + 1),
  });

  const pending = list.amendments.filter((a) => a.status === 'pending').length;
  return (
    <DocumentFrame key={generation} documentId={documentId} view="amendments" {...(list.loaded ? { pendingAmendments: pending } : {})}>
      {(d) => (
        <>
          <AmendmentsView
            document={d}
            amendments={list.amendments}
            loaded={list.loaded}
            error={list.error}
            desk={desk.state === 'ready' ? desk.value : null}
            brackets={brackets.state === 'ready' ? brackets.value.brackets : []}
            alternatives={brackets.state === 'ready' ? (brackets.value.alternatives ?? NO_ALTERNATIVES) : NO_ALTERNATIVES}
            onChanged={upsert}
            onNotice={(message) => pushToast(message, { key: 'amendments' })}
            onRetry={reloadAll}
          />
          <Toasts toasts={toasts} onDismiss={dismissToast} />
        </>
      )}
    </DocumentFrame>
  );
}

function AmendmentsView({ document: d, amendments, loaded, error, desk, brackets, alternatives, onChanged, onNotice, onRetry }: {
  document: DocumentDetail;
  amendments: readonly AmendmentView[];
  loaded: boolean;
  error: string | null;
  desk: Desk | null;
  brackets: readonly { group: string; clauseId: string | null; options: { option: number; text: string }[] }[];
  alternatives: readonly AlternativeChoiceView[];
  onChanged: (a: AmendmentView) => void;
  onNotice: (message: string) => void;
  onRetry: () => void;
}) {
  const { me } = useSession();
  const [status, setStatus] = useState<StatusFilter>('pending');
  const [clauseId, setClauseId] = useState('');
  const [delegation, setDelegation] = useState('');

  const clauses = useMemo(() => desk?.clauses ?? [], [desk]);
  const labels = useMemo(() => new Map(clauses.map((c) => [c.clauseId, c.label])), [clauses]);
  const order = useMemo(() => new Map(clauses.map((c, i) => [c.clauseId, i])), [clauses]);
  const delegations = useDelegationCodes(amendments, (a) => a.delegationCode);

  const viewer: AmendmentViewer = { asker: { id: me.user.id, delegationCode: me.delegation?.code ?? null }, abilities: d.abilities };

  const shown = useMemo(
    () =>
      amendments
        .filter((a) => status === 'all' || (status === 'pending' ? a.status === 'pending' : a.status !== 'pending'))
        .filter((a) => !clauseId || a.clauseId === clauseId)
        .filter((a) => !delegation || (a.delegationCode ?? NO_DELEGATION) === delegation)
        // In the order of the text; decided ones after, latest decision first.
        .sort(
          (a, b) =>
            Number(a.status !== 'pending') - Number(b.status !== 'pending') ||
            (a.status === 'pending'
              ? (order.get(a.clauseId) ?? 1e9) - (order.get(b.clauseId) ?? 1e9)
              : (b.decision?.at ?? '').localeCompare(a.decision?.at ?? '')),
        ),
    [amendments, status, clauseId, delegation, order],
  );
  const counts = {
    pending: amendments.filter((a) => a.status === 'pending').length,
    decided: amendments.filter((a) => a.status !== 'pending').length,
  };
  const shownBrackets = brackets.filter((g) => !clauseId || g.clauseId === clauseId);
  const shownAlternatives = alternatives.filter((c) => !clauseId || c.options.some((o) => o.clauseId === clauseId));
  const jump = (id: string) => navigate(clauseHref(d.id, id));

  return (
    <section className="view amendments-view" data-testid="amendments-view" aria-labelledby="amendments-view-title">
      <div className="view__header">
        <h2 id="amendments-view-title">Amendments</h2>
        <p className="muted">
          {counts.pending} pending, {counts.decided} decided · {brackets.length} square bracket{brackets.length === 1 ? '' : 's'} in the text
          {alternatives.length ? ` · ${alternatives.length} paragraph${alternatives.length === 1 ? '' : 's'} with alternatives` : ''}
        </p>
      </div>

      <FilterBar
        label="Filter amendments"
        statuses={AMENDMENT_STATUSES}
        status={status}
        onStatus={setStatus}
        clauses={clauses}
        clauseId={clauseId}
        onClause={setClauseId}
        delegations={delegations}
        delegation={delegation}
        onDelegation={setDelegation}
      />

      <div className="amendments-view__grid">
        <div>
          {error && !loaded ? (
            <div className="empty-state">
              <p className="form-error">{error}</p>
              <button className="button" onClick={onRetry}>
                Try again
              </button>
            </div>
          ) : !loaded ? (
            <p className="muted">Loading the amendments…</p>
          ) : shown.length === 0 ? (
            <div className="empty-state">
              <h2>No amendments</h2>
              <p>
                {amendments.length
                  ? 'No amendment matches these filters.'
                  : 'Nobody has proposed an amendment yet. In the text, switch on “Propose changes” to propose one.'}
              </p>
            </div>
          ) : (
            <ul className="amendments amendments--wide">
              {shown.map((a) => (
                <AmendmentItem
                  key={a.id}
                  documentId={d.id}
                  amendment={a.label ? a : { ...a, label: labels.get(a.clauseId) ?? null }}
                  viewer={viewer}
                  showLabel
                  onJump={jump}
                  onChanged={onChanged}
                />
              ))}
            </ul>
          )}
        </div>
        <aside className="amendments-view__side">
          {viewer.abilities.chair ? (
            <div className="panel">
              <BulkDecisions
                documentId={d.id}
                amendments={amendments}
                clause={clauseId ? { id: clauseId, label: labels.get(clauseId) ?? 'this paragraph' } : null}
                onDecided={onNotice}
              />
              {!counts.pending ? <p className="muted">Nothing pending.</p> : null}
            </div>
          ) : null}
          <div className="panel">
            <h3>Square brackets</h3>
            {shownBrackets.length === 0 ? (
              <p className="muted">No square brackets{clauseId ? ' in this paragraph' : ' in the text'}.</p>
            ) : (
              <ul className="bracket-choices">
                {shownBrackets.map((g) => (
                  <BracketChoiceItem
                    key={g.group}
                    documentId={d.id}
                    group={g}
                    chair={viewer.abilities.chair}
                    label={g.clauseId ? (labels.get(g.clauseId) ?? null) : null}
                    onNotice={onNotice}
                  />
                ))}
              </ul>
            )}
          </div>
          <div className="panel" data-testid="alternatives-list">
            <h3>Alternative paragraphs</h3>
            {shownAlternatives.length === 0 ? (
              <p className="muted">No alternative paragraphs{clauseId ? ' for this paragraph' : ' in the text'}.</p>
            ) : (
              <ul className="bracket-choices">
                {shownAlternatives.map((c) => (
                  <AlternativeChoiceItem key={c.clauseId} documentId={d.id} choice={c} chair={viewer.abilities.chair} onNotice={onNotice} />
                ))}
              </ul>
            )}
          </div>
        </aside>
      </div>
    </section>
  );
}

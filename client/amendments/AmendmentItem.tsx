import { useEffect, useRef, type CSSProperties } from 'react';
import type { AmendmentStatus, AmendmentView } from '../../shared/api/index.js';
import { api } from '../api.js';
import { useAction } from '../discussion/ThreadView.js';
import { AuthorName, DelegationChip, RelativeTime } from '../discussion/ui.js';
import { NEUTRAL_COLOR } from '../format.js';
import { canOnItem, type DocumentAbilities, type ItemAction, type ItemAsker } from '../../shared/policy/document.js';

/** One amendment as the panels and the amendments view show it, with what this person may do about it. */

export const AMENDMENT_STATUS_LABEL: Record<AmendmentStatus, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

/** Who is looking, and what the document lets them do. */
export interface AmendmentViewer {
  /** Their id, and their delegation's code: positions are taken by delegations. */
  asker: ItemAsker;
  /** As the policy decides them for the document; whose amendment it is, `canOnItem` adds. */
  abilities: Pick<DocumentAbilities, ItemAction | 'chair'>;
}

/** An amendment as the policy sees it: who proposed it, for which delegation. */
const itemOf = (a: AmendmentView) => ({ authorId: a.author.userId, delegationCode: a.delegationCode });

export interface AmendmentItemProps {
  documentId: string;
  amendment: AmendmentView;
  viewer: AmendmentViewer;
  selected?: boolean;
  /** Show the clause label (document-wide lists). */
  showLabel?: boolean;
  onSelect?: (amendmentId: string) => void;
  onJump?: (clauseId: string) => void;
  /** The server's answer to a position or a decision. */
  onChanged: (amendment: AmendmentView) => void;
}

export function AmendmentItem({ documentId, amendment: a, viewer, selected = false, showLabel = false, onSelect, onJump, onChanged }: AmendmentItemProps) {
  const [busy, error, run] = useAction();
  const pending = a.status === 'pending';
  const color = a.author.delegation?.color ?? NEUTRAL_COLOR;
  const delegationCode = viewer.asker.delegationCode;
  const mayPosition = pending && canOnItem(viewer.abilities, viewer.asker, 'takePosition', itemOf(a));
  const position = delegationCode
    ? a.supportedBy.includes(delegationCode)
      ? 'support'
      : a.opposedBy.includes(delegationCode)
        ? 'oppose'
        : null
    : null;
  const mayWithdraw = pending && canOnItem(viewer.abilities, viewer.asker, 'withdrawAmendment', itemOf(a));
  const ref = useRef<HTMLLIElement>(null);
  // Selected from the text (a click on its marks): bring it into view in the panel.
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selected]);

  const setPosition = (next: 'support' | 'oppose') =>
    void run(async () => {
      const { amendment } = await api.setPosition(documentId, a.id, position === next ? null : next);
      onChanged(amendment);
    });
  const decide = (action: 'accept' | 'reject' | 'withdraw') =>
    void run(async () => {
      const { amendment } = await api.decideAmendment(documentId, a.id, action);
      if (amendment) onChanged(amendment);
    });

  return (
    <li
      ref={ref}
      className={`amendment amendment--${a.status}${selected ? ' is-selected' : ''}`}
      style={{ '--delegation-color': color } as CSSProperties}
      data-testid="amendment"
      data-amendment-id={a.id}
      data-status={a.status}
      data-clause-id={a.clauseId}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('button, a')) return;
        onSelect?.(a.id);
      }}
    >
      {showLabel ? (
        <div className="amendment__head">
          {onJump && a.label ? (
            <button type="button" className="link-button clause-label" title="Show it in the text" onClick={() => onJump(a.clauseId)}>
              {a.label}
            </button>
          ) : (
            <span className="clause-label">{a.label ?? 'Deleted'}</span>
          )}
          <span className={`amendment-state amendment-state--${a.status}`}>{AMENDMENT_STATUS_LABEL[a.status]}</span>
        </div>
      ) : null}
      <p className="amendment__summary" data-testid="amendment-summary">
        {a.summary}
      </p>
      {a.kind !== 'insert' || a.inserted ? (
        <p className="amendment__diff" aria-hidden="true">
          {a.deleted ? <del>{a.deleted}</del> : null}
          {a.deleted && a.inserted ? ' ' : null}
          {a.inserted ? <ins>{a.inserted}</ins> : null}
        </p>
      ) : null}
      <p className="amendment__compilation" data-testid="amendment-compilation">
        {a.compilation}
      </p>
      <p className="amendment__meta">
        <AuthorName author={a.author} />
        {!a.author.delegation && a.delegationCode ? <DelegationChip delegation={{ code: a.delegationCode, color }} /> : null}
        {a.at ? <RelativeTime iso={a.at} /> : null}
        {showLabel ? null : <span className={`amendment-state amendment-state--${a.status}`}>{AMENDMENT_STATUS_LABEL[a.status]}</span>}
      </p>
      {a.decision ? (
        <p className="amendment__decision" data-testid="amendment-decision">
          {AMENDMENT_STATUS_LABEL[a.status]} by {a.decision.by.name}
          {a.decision.by.delegation ? ` (${a.decision.by.delegation.code})` : ''}, <RelativeTime iso={a.decision.at} />
        </p>
      ) : null}
      {pending && (mayPosition || mayWithdraw || viewer.abilities.chair) ? (
        <div className="amendment__actions">
          {mayPosition ? (
            <div className="amendment__positions" role="group" aria-label={`Your delegation’s position (${delegationCode})`}>
              <button
                type="button"
                className={`position-button position-button--support${position === 'support' ? ' is-active' : ''}`}
                aria-pressed={position === 'support'}
                disabled={busy}
                title={position === 'support' ? `${delegationCode} supports this; click to take it back` : `${delegationCode} supports this amendment`}
                onClick={() => setPosition('support')}
              >
                Support
              </button>
              <button
                type="button"
                className={`position-button position-button--oppose${position === 'oppose' ? ' is-active' : ''}`}
                aria-pressed={position === 'oppose'}
                disabled={busy}
                title={position === 'oppose' ? `${delegationCode} opposes this; click to take it back` : `${delegationCode} opposes this amendment`}
                onClick={() => setPosition('oppose')}
              >
                Oppose
              </button>
            </div>
          ) : null}
          {mayWithdraw ? (
            <button type="button" className="button button--ghost button--small" disabled={busy} title="Take back your proposal: its marks leave the text" onClick={() => decide('withdraw')}>
              Withdraw
            </button>
          ) : null}
          {viewer.abilities.chair ? (
            <div className="amendment__decide">
              <button type="button" className="button button--small button--accept" disabled={busy} title="Apply it to the text for everyone" onClick={() => decide('accept')}>
                Accept
              </button>
              <button type="button" className="button button--small button--reject" disabled={busy} title="Remove the proposal; the text stays as it was" onClick={() => decide('reject')}>
                Reject
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      {error ? <p className="field__error">{error}</p> : null}
    </li>
  );
}

/**
 * The chair's decisions on several amendments at once: all in one clause, all of one delegation's
 * (in the whole document). `amendments` are the document's; with a clause, the delegations offered
 * are those with amendments in it.
 */
export function BulkDecisions({ documentId, amendments, clause, onDecided }: {
  documentId: string;
  amendments: readonly AmendmentView[];
  clause: { id: string; label: string } | null;
  onDecided: (message: string) => void;
}) {
  const [busy, error, run] = useAction();
  const pending = amendments.filter((a) => a.status === 'pending');
  const inClause = clause ? pending.filter((a) => a.clauseId === clause.id) : pending;
  if (!inClause.length) return null;
  const codes = [...new Set(inClause.flatMap((a) => (a.delegationCode ? [a.delegationCode] : [])))].sort();
  const count = (n: number) => `${n} amendment${n === 1 ? '' : 's'}`;
  const ofDelegation = (code: string) => pending.filter((a) => a.delegationCode === code).length;

  const decide = (decision: 'accept' | 'reject', scope: { delegationCode?: string; clauseId?: string }, what: string) =>
    void run(async () => {
      const { decided } = await api.decideAmendments(documentId, { decision, ...scope });
      onDecided(`${decision === 'accept' ? 'Accepted' : 'Rejected'} ${count(decided.length)} ${what}`);
    });

  return (
    <div className="bulk" data-testid="bulk-decisions">
      <h3 className="discussion__subheading">Decide together</h3>
      {clause ? (
        <div className="bulk__row">
          <span className="bulk__what">{count(inClause.length)} in {clause.label}</span>
          <button type="button" className="button button--small button--ghost" disabled={busy} onClick={() => decide('accept', { clauseId: clause.id }, `in ${clause.label}`)}>
            Accept all in {clause.label}
          </button>
          <button type="button" className="button button--small button--ghost" disabled={busy} onClick={() => decide('reject', { clauseId: clause.id }, `in ${clause.label}`)}>
            Reject all in {clause.label}
          </button>
        </div>
      ) : null}
      {codes.map((code) => (
        <div key={code} className="bulk__row">
          <span className="bulk__what">
            {count(ofDelegation(code))} of {code}
            {clause ? ' in the text' : ''}
          </span>
          <button type="button" className="button button--small button--ghost" disabled={busy} onClick={() => decide('accept', { delegationCode: code }, `of ${code}`)}>
            Accept all of {code}
          </button>
          <button type="button" className="button button--small button--ghost" disabled={busy} onClick={() => decide('reject', { delegationCode: code }, `of ${code}`)}>
            Reject all of {code}
          </button>
        </div>
      ))}
      {error ? <p className="field__error">{error}</p> : null}
    </div>
  );
}

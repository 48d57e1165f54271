import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import type { ExcerptRun } from '../../shared/compare.js';
import type { AmendmentView, AuditEvent, ClauseStatus, Desk, Thread } from '../../shared/api/index.js';
import { api, type AlternativeChoiceView, type BracketChoice } from '../api.js';
import { activityClause, describeAudit } from '../desk/audit-wording.js';
import { deskHeadline, deskTally, plural } from '../desk/desk-wording.js';
import { useDocumentEvents } from '../discussion/events.js';
import { useDiscussionStore } from '../discussion/store.js';
import { AuthorName, RelativeTime, StatusTag } from '../discussion/ui.js';
import { useSoon } from '../discussion/useSoon.js';
import { CLAUSE_STATUS_LABEL } from '../format.js';
import { navigate } from '../router.js';
import { useLoad } from '../useLoad.js';
import { clauseHref, DocumentFrame } from './DocumentFrame.js';

const ORDER: ClauseStatus[] = ['agreed', 'adRef', 'open'];


/** The chair's desk: where the negotiation stands, clause by clause; readable by every member. */
export function DeskPage({ documentId }: { documentId: string }) {
  const [desk, reloadDesk] = useLoad(() => api.desk(documentId), documentId);
  const [store, snapshot] = useDiscussionStore(documentId);
  const [auditGeneration, setAuditGeneration] = useState(0);
  const reloadSoon = useSoon(() => {
    reloadDesk();
    setAuditGeneration((g) => g + 1);
  });
  const [generation, setGeneration] = useState(0);
  // Brackets and pending amendments per clause: text, not rows, so asked of the server again on
  // their events, and now and then for new proposals (which no event announces).
  const [marks, reloadMarks] = useLoad(
    () => Promise.all([api.amendments(documentId, { status: 'pending' }), api.brackets(documentId)]).then(([a, b]) => tallyMarks(a.amendments, b.brackets, b.alternatives ?? [])),
    documentId,
  );
  const reloadMarksSoon = useSoon(reloadMarks);

  useDocumentEvents(documentId, {
    onEvent: (event) => {
      store.apply(event);
      reloadSoon();
      if (event.type === 'amendments' || event.type === 'bracket') reloadMarksSoon();
    },
    onResumed: () => {
      void store.load();
      reloadSoon();
      reloadMarksSoon();
    },
    onAccessEnded: () => setGeneration((g) => g + 1),
  });

  return (
    <DocumentFrame key={generation} documentId={documentId} view="desk" openThreads={snapshot.threads.filter((t) => t.status === 'open').length}>
      {(d) =>
        desk.state === 'loading' ? (
          <p className="muted view">Loading the desk…</p>
        ) : desk.state === 'failed' ? (
          <div className="view">
            <p className="form-error">{desk.message}</p>
            <button className="button" onClick={reloadDesk}>
              Try again
            </button>
          </div>
        ) : (
          <>
            <DeskView documentId={d.id} desk={desk.value} threads={snapshot.threads} marks={marks.state === 'ready' ? marks.value : null} />
            {d.abilities.readAudit ? <AuditLog documentId={d.id} desk={desk.value} threads={snapshot.threads} generation={auditGeneration} /> : null}
          </>
        )
      }
    </DocumentFrame>
  );
}

/** Per clause: its square-bracket choices, its alternative paragraphs and its pending amendments. */
export interface ClauseMarks {
  brackets: Record<string, number>;
  /** For a paragraph with alternatives ("OP4 alt"): how many. */
  alternatives: Record<string, number>;
  totalAlternatives: number;
  amendments: Record<string, number>;
  totalBrackets: number;
  totalAmendments: number;
}

function tallyMarks(amendments: readonly AmendmentView[], brackets: readonly BracketChoice[], alternatives: readonly AlternativeChoiceView[]): ClauseMarks {
  const out: ClauseMarks = { brackets: {}, alternatives: {}, amendments: {}, totalBrackets: brackets.length, totalAlternatives: alternatives.length, totalAmendments: 0 };
  for (const c of alternatives) out.alternatives[c.clauseId] = c.options.length - 1;
  for (const a of amendments) {
    if (a.status !== 'pending') continue;
    out.amendments[a.clauseId] = (out.amendments[a.clauseId] ?? 0) + 1;
    out.totalAmendments++;
  }
  for (const b of brackets) if (b.clauseId) out.brackets[b.clauseId] = (out.brackets[b.clauseId] ?? 0) + 1;
  return out;
}

function DeskView({ documentId, desk, threads, marks }: { documentId: string; desk: Desk; threads: readonly Thread[]; marks: ClauseMarks | null }) {
  const labels = useMemo(() => new Map(desk.clauses.map((c) => [c.clauseId, c.label])), [desk.clauses]);
  const threadClause = useMemo(() => new Map(threads.map((t) => [t.id, t.clauseId])), [threads]);
  const go = (clauseId: string, threadId?: string) => navigate(clauseHref(documentId, clauseId, threadId));

  return (
    <section className="view desk" data-testid="desk" aria-labelledby="desk-title">
      <div className="desk__summary">
        <h2 id="desk-title" className="desk__headline" data-testid="desk-headline">
          {deskHeadline(desk)}
        </h2>
        <p className="muted desk__tally" data-testid="desk-tally">
          {deskTally(desk, marks)}
        </p>
        <StatusBar desk={desk} />
      </div>

      <div className="desk__grid">
        <div className="panel desk__clauses">
          <h3>Paragraphs</h3>
          <table className="table desk-table">
            <thead>
              <tr>
                <th scope="col">Paragraph</th>
                <th scope="col">Text</th>
                <th scope="col">Status</th>
                <th scope="col" className="desk-table__num">
                  Open threads
                </th>
                <th scope="col" className="desk-table__num">
                  Brackets
                </th>
                <th scope="col" className="desk-table__num">
                  Amendments pending
                </th>
              </tr>
            </thead>
            <tbody>
              {desk.clauses.map((c) => (
                <tr
                  key={c.clauseId}
                  className="desk-row"
                  data-testid="desk-clause"
                  data-clause-id={c.clauseId}
                  data-status={c.status}
                  tabIndex={0}
                  onClick={() => go(c.clauseId)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') go(c.clauseId);
                  }}
                >
                  <th scope="row" className="clause-label">
                    {c.label}
                  </th>
                  <td className="desk-table__excerpt">{c.excerptRuns.length ? <Excerpt runs={c.excerptRuns} /> : <span className="muted">(empty)</span>}</td>
                  <td>
                    <StatusTag status={c.status} showOpen />
                  </td>
                  <td className="desk-table__num">{c.openThreads ? <span className="count-pill">{c.openThreads}</span> : <span className="muted">–</span>}</td>
                  <td className="desk-table__num" data-testid="desk-brackets">
                    {marks?.brackets[c.clauseId] ? (
                      <span className="count-pill count-pill--brackets" title={`${plural(marks.brackets[c.clauseId] ?? 0, 'square-bracket choice')} still open`}>
                        [{marks.brackets[c.clauseId]}]
                      </span>
                    ) : null}
                    {marks?.alternatives[c.clauseId] ? (
                      <span
                        className="count-pill count-pill--brackets"
                        data-testid="desk-alternatives"
                        title={`${plural(marks.alternatives[c.clauseId] ?? 0, 'alternative paragraph')} for the chair to choose from`}
                      >
                        alt{(marks.alternatives[c.clauseId] ?? 0) > 1 ? ` ×${marks.alternatives[c.clauseId]}` : ''}
                      </span>
                    ) : null}
                    {!marks?.brackets[c.clauseId] && !marks?.alternatives[c.clauseId] ? <span className="muted">–</span> : null}
                  </td>
                  <td className="desk-table__num" data-testid="desk-amendments">
                    {marks?.amendments[c.clauseId] ? (
                      <span className="count-pill count-pill--amendments">{marks.amendments[c.clauseId]}</span>
                    ) : (
                      <span className="muted">–</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <div className="desk__side">
          <div className="panel">
            <h3>Waiting for an answer</h3>
            {desk.oldestUnanswered.length === 0 ? (
              <p className="muted">Every open thread has the chair’s word last.</p>
            ) : (
              <ul className="desk-list" data-testid="desk-unanswered">
                {desk.oldestUnanswered.map((u) => (
                  <li key={u.threadId}>
                    <button type="button" className="desk-list__row" onClick={() => go(u.clauseId, u.threadId)}>
                      <span className="desk-list__top">
                        <span className="clause-label">{u.label}</span>
                        <RelativeTime iso={u.since} prefix="since" />
                      </span>
                      {u.excerptRuns.length ? (
                        <span className="desk-list__excerpt">
                          <Excerpt runs={u.excerptRuns} />
                        </span>
                      ) : null}
                      <span className="desk-list__by">
                        <AuthorName author={u.by} />
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>

          <div className="panel">
            <h3>Recent activity</h3>
            {desk.recentActivity.length === 0 ? (
              <p className="muted">Nothing yet.</p>
            ) : (
              <ul className="desk-list" data-testid="desk-activity">
                {desk.recentActivity.map((event) => {
                  const clauseId = activityClause(event, threadClause);
                  const label = clauseId ? (labels.get(clauseId) ?? 'a deleted paragraph') : null;
                  const content = (
                    <>
                      <span className="desk-list__top">
                        {event.actor ? <AuthorName author={event.actor} /> : <span className="author__name">Accord</span>}
                        <RelativeTime iso={event.createdAt} />
                      </span>
                      <span className="desk-list__action">{describeAudit(event, label)}</span>
                    </>
                  );
                  return (
                    <li key={event.id}>
                      {clauseId && labels.has(clauseId) ? (
                        <button
                          type="button"
                          className="desk-list__row"
                          onClick={() => go(clauseId, event.targetType === 'thread' ? event.targetId : undefined)}
                        >
                          {content}
                        </button>
                      ) : (
                        <div className="desk-list__row">{content}</div>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}

/**
 * A paragraph's first words with its pending proposals marked as the text marks them (inserted words
 * underlined, deleted ones struck, in the delegation's colour), each apart from its neighbours.
 */
function Excerpt({ runs }: { runs: readonly ExcerptRun[] }) {
  return (
    <>
      {runs.map((run, i) => {
        if (run.bracket) return <span key={i} className="desk-excerpt__bracket">{run.text}</span>;
        if (!run.proposal) return <span key={i}>{run.text}</span>;
        const who = run.proposal.delegationCode ?? 'A participant';
        const Tag = run.proposal.kind === 'insertion' ? 'ins' : 'del';
        return (
          <Tag
            key={i}
            className={`desk-excerpt__proposal desk-excerpt__proposal--${run.proposal.kind}`}
            style={{ '--delegation-color': run.proposal.color } as CSSProperties}
            title={`${who} proposes ${run.proposal.kind === 'insertion' ? 'inserting' : 'deleting'} these words`}
            data-testid={`desk-excerpt-${run.proposal.kind}`}
          >
            {run.text}
          </Tag>
        );
      })}
    </>
  );
}

/** The whole audit log, for the chair and the secretariat: every action, reverted changes included. */
function AuditLog({ documentId, desk, threads, generation }: { documentId: string; desk: Desk; threads: readonly Thread[]; generation: number }) {
  const [log] = useLoad(() => api.audit(documentId), `${documentId}:${generation}`);
  const [open, setOpen] = useState(false);
  const labels = useMemo(() => new Map(desk.clauses.map((c) => [c.clauseId, c.label])), [desk.clauses]);
  const threadClause = useMemo(() => new Map(threads.map((t) => [t.id, t.clauseId])), [threads]);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  // Keep the last log shown while the next one loads.
  useEffect(() => {
    if (log.state === 'ready') setEvents(log.value.events);
  }, [log]);
  const shown = events ?? [];
  return (
    <section className="panel audit" data-testid="audit-log" aria-labelledby="audit-title">
      <div className="audit__header">
        <h3 id="audit-title">Audit log</h3>
        <span className="muted">Visible to the chair and the secretariat</span>
        <button type="button" className="button button--small button--ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : `Show ${shown.length} entr${shown.length === 1 ? 'y' : 'ies'}`}
        </button>
      </div>
      {log.state === 'failed' && !events ? <p className="form-error">{log.message}</p> : null}
      {open ? (
        <table className="table audit__table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((event) => {
              const clauseId = activityClause(event, threadClause);
              const label = clauseId ? (labels.get(clauseId) ?? 'a deleted paragraph') : null;
              return (
                <tr key={event.id} data-action={event.action}>
                  <td className="audit__when">
                    <RelativeTime iso={event.createdAt} />
                  </td>
                  <td>{event.actor ? <AuthorName author={event.actor} /> : <span className="muted">—</span>}</td>
                  <td>{describeAudit(event, label)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function StatusBar({ desk }: { desk: Desk }) {
  const total = desk.total || 1;
  return (
    <div className="status-bar-wrap">
      <div className="status-bar" role="img" aria-label={ORDER.map((s) => `${desk.counts[s]} ${CLAUSE_STATUS_LABEL[s].toLowerCase()}`).join(', ')}>
        {ORDER.map((s) =>
          desk.counts[s] ? (
            <span
              key={s}
              className={`status-bar__part status-bar__part--${s}`}
              style={{ width: `${(desk.counts[s] / total) * 100}%` }}
              title={`${CLAUSE_STATUS_LABEL[s]}: ${desk.counts[s]}`}
            />
          ) : null,
        )}
      </div>
      <ul className="status-legend">
        {ORDER.map((s) => (
          <li key={s}>
            <span className={`status-legend__swatch status-bar__part--${s}`} aria-hidden="true" />
            {CLAUSE_STATUS_LABEL[s]} <strong>{desk.counts[s]}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { DocumentDetail, DocumentStatus, RevisionSummary, SilenceView } from '../../shared/api/index.js';
import { useNow } from '../discussion/ui.js';
import type { PushToast } from '../panels/Toasts.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { documentAbilities, subjectOfDocument } from '../../shared/policy/document.js';
import { recordApi, recordPaths } from './api.js';
import { useProcedureEvents, type ProcedureRelay } from './events.js';
import { AdoptDialog, BreakSilenceDialog, IssueRevisionDialog, StartSilenceDialog, WithdrawSilenceDialog } from './ProcedureDialogs.js';
import { ExportMenu, formatDateTime, formatLongDay, timeLeft } from './ui.js';

/**
 * Where the text stands in its procedure, and the steps that move it on: the chair issues
 * revisions, puts the text under silence and adopts it; a delegation breaks silence; everyone
 * exports. Kept live for every member by the document's `status` and `revision` events.
 */

type DialogName = 'revision' | 'silence' | 'adopt' | 'break' | 'withdraw';

interface SilenceState {
  /** The procedure running now. */
  current: SilenceView | null;
  /** The last one that ended, for "Silence broken by MYS: ...". */
  last: SilenceView | null;
}

const who = (author: { name: string; delegation: { code: string } | null } | null) =>
  author ? (author.delegation ? author.delegation.code : author.name) : 'A delegation';

export function ProcedureBar({ document: d, events, onChanged, onNotice }: {
  document: DocumentDetail;
  /** The page's `revision` and `status` events, relayed from its event stream. */
  events: ProcedureRelay;
  /** The document's status or abilities changed: reload it. */
  onChanged: () => void;
  onNotice: PushToast;
}) {
  const { me } = useSession();
  const [status, setStatus] = useState<DocumentStatus>(d.status);
  useEffect(() => setStatus(d.status), [d.status]);
  const [silence, setSilence] = useState<SilenceState>({ current: null, last: null });
  const [latest, setLatest] = useState<RevisionSummary | null | undefined>(undefined);
  const [adoptedAt, setAdoptedAt] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const now = useNow();

  useEffect(() => {
    let live = true;
    recordApi.silence(d.id).then(
      ({ silence: current, history }) => {
        const ended = history.filter((s) => s.endedAt).sort((a, b) => (b.endedAt ?? '').localeCompare(a.endedAt ?? ''));
        if (live) setSilence({ current, last: ended[0] ?? null });
      },
      // The bar still says where the text stands (from the document); the details come with the next event.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [d.id, status, generation]);

  useEffect(() => {
    let live = true;
    recordApi.revisions(d.id).then(
      ({ revisions }) => live && setLatest(revisions.reduce<RevisionSummary | null>((a, r) => (!a || r.number > a.number ? r : a), null)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [d.id, generation]);

  useEffect(() => {
    if (status !== 'adopted') return;
    let live = true;
    recordApi.record(d.id).then(
      ({ record }) => live && setAdoptedAt(record.adoptedAt),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [d.id, status]);

  // What this person just did is announced by the dialog; the events announce what others did.
  const mine = useRef(new Set<string>());

  useProcedureEvents(
    events,
    {
      onEvent: (event) => {
        if (event.type === 'revision') {
          const r = event.revision;
          if (!event.restored) setLatest((l) => (!l || r.number >= l.number ? r : l));
          if (event.restored) onNotice(`${r.name} (${r.symbol}) was restored as the current draft`, { key: 'revision', ms: 8_000 });
          else if (!mine.current.has(`revision:${r.number}`)) {
            onNotice(`${r.name} issued (${r.symbol}) by ${r.issuedBy.name}${r.renumbered ? ' — paragraphs renumbered' : ''}`, { key: 'revision', ms: 8_000 });
          }
          return;
        }
        setStatus(event.status);
        if (event.status === 'silence') setSilence((s) => ({ ...s, current: event.silence }));
        else setSilence((s) => ({ current: null, last: event.silence?.endedAt ? event.silence : s.last }));
        const byMe = event.by?.userId === me.user.id;
        if (!byMe) {
          if (event.status === 'silence' && event.silence) {
            onNotice(`The chair put the text under silence until ${formatDateTime(event.silence.deadline, d.timeZone)}`, { key: 'status', ms: 8_000 });
          } else if (event.status === 'draft' && event.silence?.outcome === 'withdrawn') {
            const note = event.silence.statement ? `: “${event.silence.statement}”` : '';
            onNotice(`The chair withdrew the text from silence${note}. Editing reopens`, { key: 'status', ms: 10_000 });
          } else if (event.status === 'draft' && event.silence?.outcome === 'broken') {
            onNotice(`Silence broken by ${who(event.silence.brokenBy ?? event.by)}: editing reopens`, { key: 'status', tone: 'warn', ms: 10_000 });
          } else if (event.status === 'adopted') {
            onNotice(event.by ? 'The text has been adopted' : 'Silence ended without objection: the text is adopted', { key: 'status', ms: 10_000 });
          }
        }
        onChanged();
      },
      onResumed: () => {
        setGeneration((g) => g + 1);
        onChanged();
      },
    },
  );

  // The abilities follow the document as reloaded; until it is, the policy run at the live status
  // hides what no longer applies (both must allow it).
  const atLiveStatus = status === d.status ? d.abilities : documentAbilities(me.user, { ...subjectOfDocument(d), status });
  const may = (action: 'issueRevision' | 'startSilence' | 'adopt' | 'breakSilence' | 'withdrawSilence') => d.abilities[action] && atLiveStatus[action];
  const canIssue = may('issueRevision');
  const canSilence = may('startSilence');
  const canAdopt = may('adopt');
  const canBreak = may('breakSilence');
  const canWithdraw = may('withdrawSilence');
  // A broken silence is news until dismissed, or until the chair issues the next revision.
  const last = silence.last;
  const superseded = !!(last?.endedAt && latest && latest.issuedAt > last.endedAt);
  const broken = status === 'draft' && last?.outcome === 'broken' && last.id !== dismissed && !superseded ? last : null;
  const running = status === 'silence' ? silence.current : null;
  const left = running ? timeLeft(running.deadline, now) : null;

  return (
    <section className={`procedure procedure--${status}`} aria-label="Procedure">
      <p className="visually-hidden" role="status">
        {announcement(status, running, adoptedAt, d)}
      </p>
      <div className="procedure__status" data-testid="document-status" data-status={status}>
        <p className="procedure__line">
          <span className="procedure__dot" aria-hidden="true" />
          {status === 'draft' ? (
            <span>
              <strong>Draft</strong>
              <span className="procedure__detail">
                {latest === undefined ? null : latest ? (
                  <>
                    {' '}
                    · Latest revision{' '}
                    <Link to={recordPaths.revision(d.id, latest.number)} data-testid="latest-revision">
                      {latest.name}
                    </Link>{' '}
                    <span className="symbol">{latest.symbol}</span>, {formatDateTime(latest.issuedAt, d.timeZone)}
                  </>
                ) : (
                  ' · No revision issued yet'
                )}
              </span>
            </span>
          ) : status === 'silence' ? (
            <span>
              {running ? (
                <>
                  <strong>Under silence</strong> until {formatDateTime(running.deadline, d.timeZone)} — any delegation may break silence
                  <span className="procedure__detail">
                    {left ? ` · ${left}` : ' · the deadline has passed; adoption is being recorded'}
                  </span>
                </>
              ) : (
                <>
                  <strong>Under silence</strong> — any delegation may break silence
                </>
              )}
            </span>
          ) : (
            <span>
              <strong>Adopted</strong>
              {adoptedAt ? ` on ${formatLongDay(adoptedAt, d.timeZone)}` : ''} —{' '}
              <Link to={recordPaths.archive(d.id)} data-testid="record-link">
                view the record
              </Link>
            </span>
          )}
        </p>
        {broken ? (
          <div className="procedure__broken" data-testid="silence-broken">
            <p className="procedure__broken-line">
              <strong>Silence broken by {who(broken.brokenBy)}{broken.statement ? ':' : ''}</strong>
              {broken.statement ? (
                <>
                  {' '}
                  <q className="procedure__statement">{broken.statement}</q>
                </>
              ) : null}
            </p>
            <p className="procedure__broken-meta">
              {broken.brokenBy ? `${broken.brokenBy.name}, ` : ''}
              {broken.endedAt ? formatDateTime(broken.endedAt, d.timeZone) : ''} · the text is open for negotiation again
            </p>
            <button type="button" className="procedure__dismiss" aria-label="Dismiss" onClick={() => setDismissed(broken.id)}>
              ×
            </button>
          </div>
        ) : null}
      </div>

      <div className="procedure__actions">
        {canIssue ? (
          <button type="button" className="button button--small" data-testid="issue-revision" onClick={() => setDialog('revision')}>
            Issue revision
          </button>
        ) : null}
        {canSilence ? (
          <button type="button" className="button button--small" data-testid="start-silence" onClick={() => setDialog('silence')}>
            Start silence
          </button>
        ) : null}
        {canWithdraw ? (
          <button type="button" className="button button--small" data-testid="withdraw-silence" onClick={() => setDialog('withdraw')}>
            Withdraw from silence
          </button>
        ) : null}
        {canAdopt ? (
          <button type="button" className="button button--small button--adopt" data-testid="adopt" onClick={() => setDialog('adopt')}>
            Adopt
          </button>
        ) : null}
        {canBreak ? (
          <button type="button" className="button button--small button--break" data-testid="break-silence" onClick={() => setDialog('break')}>
            Break silence
          </button>
        ) : null}
        <ExportMenu documentId={d.id} label={status === 'adopted' ? 'Export adopted text' : 'Export'} />
      </div>

      {dialog === 'revision' ? (
        <IssueRevisionDialog
          document={d}
          latest={latest ?? null}
          onClose={() => setDialog(null)}
          onIssued={(revision) => {
            mine.current.add(`revision:${revision.number}`);
            setLatest(revision);
            setDialog(null);
            onNotice(`${revision.name} issued (${revision.symbol})`, { key: 'revision', ms: 8_000 });
          }}
        />
      ) : dialog === 'silence' ? (
        <StartSilenceDialog
          document={d}
          onClose={() => setDialog(null)}
          onStarted={(view) => {
            setStatus('silence');
            setSilence((s) => ({ ...s, current: view }));
            setDialog(null);
            onNotice(`The text is under silence until ${formatDateTime(view.deadline, d.timeZone)}`, { key: 'status', ms: 8_000 });
            onChanged();
          }}
        />
      ) : dialog === 'adopt' ? (
        <AdoptDialog document={d} onClose={() => setDialog(null)} />
      ) : dialog === 'withdraw' ? (
        <WithdrawSilenceDialog
          document={d}
          onClose={() => setDialog(null)}
          onWithdrawn={(view) => {
            setStatus('draft');
            setSilence({ current: null, last: view });
            setDialog(null);
            onNotice('You withdrew the text from silence: it is open for negotiation again', { key: 'status', ms: 8_000 });
            onChanged();
          }}
        />
      ) : dialog === 'break' ? (
        <BreakSilenceDialog
          document={d}
          delegation={me.delegation?.code ?? null}
          onClose={() => setDialog(null)}
          onBroken={(view) => {
            setStatus('draft');
            setSilence({ current: null, last: view });
            setDialog(null);
            onNotice(`You broke silence${me.delegation ? ` for ${me.delegation.code}` : ''}: the text is open for negotiation again`, { key: 'status', ms: 8_000 });
            onChanged();
          }}
        />
      ) : null}
    </section>
  );
}

/** What a screen reader hears when the status changes (not the countdown, which would chatter). */
function announcement(status: DocumentStatus, running: SilenceView | null, adoptedAt: string | null, d: { timeZone: string }): string {
  if (status === 'silence') return running ? `Under silence until ${formatDateTime(running.deadline, d.timeZone)}` : 'Under silence';
  if (status === 'adopted') return adoptedAt ? `Adopted on ${formatLongDay(adoptedAt, d.timeZone)}` : 'Adopted';
  return 'Draft';
}

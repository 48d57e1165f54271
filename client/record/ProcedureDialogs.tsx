import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { fromLocalDateTime, localDateTimeInput, localDay } from '../../shared/time.js';
import { reasonWords, type Readiness } from '../../shared/editor/settled.js';
import type { DocumentDetail, RevisionSummary, SilenceView } from '../../shared/api/index.js';
import { ApiRequestError } from '../api.js';
import { Field, FormError, useSubmission } from '../forms.js';
import { Link, navigate } from '../router.js';
import { recordApi, recordPaths } from './api.js';
import { Dialog, formatDateTime } from './ui.js';

/** The chair's and the delegations' steps of the procedure, each a small form in a dialog. */

/**
 * What stands in the way of silence or adoption, asked of the server when the dialog opens (and again
 * after a refusal): the same check the step runs, so the chair reads the server's own list. Blocking
 * paragraphs are listed with what each still holds; paragraphs not marked agreed are listed for a
 * last confirmation. `confirmed` is whether the step may be asked for.
 */
function useReadiness(documentId: string) {
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [confirmedOpen, setConfirmedOpen] = useState(false);
  const load = useCallback(() => {
    recordApi
      .readiness(documentId)
      .then(({ readiness: r }) => {
        setReadiness(r);
        setFailed(null);
      })
      .catch((e: unknown) => setFailed(e instanceof Error ? e.message : 'the text could not be checked'));
  }, [documentId]);
  useEffect(load, [load]);
  const blocked = !readiness || readiness.unsettled.length > 0;
  const confirmed = !blocked && (readiness.open.length === 0 || confirmedOpen);
  return { readiness, failed, reload: load, confirmedOpen, setConfirmedOpen, blocked, confirmed };
}

function ReadinessList({ documentId, state, step }: { documentId: string; state: ReturnType<typeof useReadiness>; step: 'silence' | 'adoption' }) {
  const { readiness, failed, confirmedOpen, setConfirmedOpen } = state;
  if (failed) return <FormError message={`The text could not be checked: ${failed}`} />;
  if (!readiness) return <p className="field__hint" data-testid="readiness-loading">Checking the text…</p>;
  if (readiness.unsettled.length) {
    return (
      <div className="record-dialog__refusal" data-testid="readiness-unsettled" role="alert">
        <p>
          <strong>{step === 'silence' ? 'The text cannot go under silence yet.' : 'The text cannot be adopted yet.'}</strong> Settle these first:
        </p>
        <ul className="readiness-list">
          {readiness.unsettled.map((p) => (
            <li key={`${p.clauseId ?? p.label}`}>
              <strong>{p.label}</strong> {p.reasons.map(reasonWords).join(', ')}
            </li>
          ))}
        </ul>
        <p className="field__hint">
          Proposals, brackets and alternatives are settled on the <Link to={`/documents/${encodeURIComponent(documentId)}/amendments`}>Amendments</Link>{' '}
          view; an ad referendum paragraph is marked agreed once the capital confirms.
        </p>
      </div>
    );
  }
  if (!readiness.open.length) return <p className="field__hint" data-testid="readiness-ok">Every paragraph is agreed.</p>;
  return (
    <label className="record-dialog__check" data-testid="readiness-open">
      <input type="checkbox" data-testid="readiness-confirm" checked={confirmedOpen} onChange={(e) => setConfirmedOpen(e.target.checked)} />
      <span>
        <strong>
          {readiness.open.length === 1 ? 'One paragraph is' : `${readiness.open.length} paragraphs are`} not marked agreed:{' '}
          {readiness.open.map((p) => p.label).join(', ')}.
        </strong>
        <span className="field__hint">
          {step === 'silence' ? 'They go under silence as they stand.' : 'They are adopted as they stand.'} Tick to confirm.
        </span>
      </span>
    </label>
  );
}

/** "12 June 2019, 00:30 UTC+08:00 at the venue", and the reader's own time when it differs. */
function venueTime(iso: string, timeZone: string): string {
  const venue = formatDateTime(iso, timeZone);
  const own = formatDateTime(iso);
  return venue === own ? venue : `${venue} (venue time); ${own} your time`;
}

/** The server's refusal of a step (409: the text changed since the dialog checked it). */
function Unsettled({ documentId, error, status }: { documentId: string; error: string | null; status: number | null }) {
  if (!error) return null;
  return (
    <div className="record-dialog__refusal">
      <FormError message={error} />
      {status === 409 ? (
        <p className="field__hint">
          The text changed meanwhile: see what is listed above, settle it on the{' '}
          <Link to={`/documents/${encodeURIComponent(documentId)}/amendments`}>Amendments</Link> view, then try again.
        </p>
      ) : null}
    </div>
  );
}

/** Runs a submission, remembering the status of a refusal (409 gets a hint next to the message). */
function useRefusalStatus(): [number | null, <T>(action: () => Promise<T>) => Promise<T>] {
  const [status, setStatus] = useState<number | null>(null);
  const track = async <T,>(action: () => Promise<T>): Promise<T> => {
    setStatus(null);
    try {
      return await action();
    } catch (error) {
      setStatus(error instanceof ApiRequestError ? error.status : null);
      throw error;
    }
  };
  return [status, track];
}

export function IssueRevisionDialog({ document: d, latest, firstIssue = false, onClose, onIssued }: {
  document: DocumentDetail;
  latest: RevisionSummary | null;
  /** Known to have no revision yet (the zero-draft offer): this one is the zero draft, under the bare symbol. */
  firstIssue?: boolean;
  onClose: () => void;
  onIssued: (revision: RevisionSummary) => void;
}) {
  const [note, setNote] = useState('');
  const [renumber, setRenumber] = useState(false);
  const form = useSubmission(['note', 'renumber']);
  const next = latest ? `Rev.${latest.number + 1}` : firstIssue ? 'the zero draft' : null;
  const nextSymbol = d.symbol && next ? (latest ? `${d.symbol}/${next}` : d.symbol) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const { revision } = await recordApi.issueRevision(d.id, { note, renumber });
      onIssued(revision);
    });
  };

  return (
    <Dialog title={next ? `Issue ${next}` : 'Issue a revision'} onClose={onClose} testId="issue-revision-dialog">
      <form className="form record-dialog__form" onSubmit={submit} noValidate>
        <p className="record-dialog__lead">
          The current text is copied as {next ?? 'the next revision'}
          {nextSymbol ? (
            <>
              {' '}
              under the symbol <span className="symbol">{nextSymbol}</span>
            </>
          ) : null}
          , circulated to every member and kept unchanged. Negotiation continues on the current text.
        </p>
        <Field label="Note to delegations (optional)" error={form.fieldErrors.note} hint={firstIssue ? 'What the chair asks of delegations with the text.' : 'What changed since the last revision, or what the chair asks of delegations.'}>
          {(props) => (
            <textarea
              {...props}
              data-testid="revision-note"
              rows={4}
              value={note}
              placeholder="e.g. Incorporates the agreed language on OP3 and the proposals of 14 November."
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
        <label className="record-dialog__check">
          <input type="checkbox" data-testid="revision-renumber" checked={renumber} onChange={(e) => setRenumber(e.target.checked)} />
          <span>
            <strong>Renumber paragraphs cleanly</strong>
            <span className="field__hint">OP4bis becomes OP5 and so on; the old and new labels are listed with the revision.</span>
          </span>
        </label>
        <FormError message={form.error} />
        <DialogActions onClose={onClose} busy={form.busy} testId="revision-submit" busyLabel="Issuing…">
          {next ? `Issue ${next}` : 'Issue revision'}
        </DialogActions>
      </form>
    </Dialog>
  );
}

export function StartSilenceDialog({ document: d, onClose, onStarted }: {
  document: DocumentDetail;
  onClose: () => void;
  onStarted: (silence: SilenceView) => void;
}) {
  // Entered in the venue's time zone: "silence ends at 18:00" means 18:00 where the meeting is.
  const [deadline, setDeadline] = useState(() => localDateTimeInput(new Date(Date.now() + 72 * 3_600_000), d.timeZone));
  const form = useSubmission(['deadline']);
  const [refusal, track] = useRefusalStatus();
  const [missing, setMissing] = useState(false);
  const readiness = useReadiness(d.id);
  const when = deadline ? fromLocalDateTime(deadline, d.timeZone) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!when);
    if (!when || !readiness.confirmed) return;
    void form.run(async () => {
      try {
        const { silence } = await track(() => recordApi.startSilence(d.id, when.toISOString()));
        onStarted(silence);
      } catch (error) {
        readiness.reload();
        throw error;
      }
    });
  };

  return (
    <Dialog title="Start the silence procedure" onClose={onClose} testId="start-silence-dialog">
      <form className="form record-dialog__form" onSubmit={submit} noValidate>
        <p className="record-dialog__lead">
          The text is circulated under silence and becomes read-only for everyone. Any delegation may break silence with a statement
          before the deadline, which reopens the negotiation. If none does, the text is adopted when the deadline passes.
        </p>
        <ReadinessList documentId={d.id} state={readiness} step="silence" />
        <Field
          label={`Silence ends (${d.timeZone === 'UTC' ? 'UTC' : `${d.timeZone.replace(/_/g, ' ')} time`})`}
          error={missing ? 'Choose when silence ends' : form.fieldErrors.deadline}
          hint={when ? `${venueTime(when.toISOString(), d.timeZone)}. Usually 72 hours.` : 'Usually 72 hours.'}
        >
          {(props) => <input {...props} type="datetime-local" data-testid="silence-deadline" value={deadline} onChange={(e) => setDeadline(e.target.value)} />}
        </Field>
        <Unsettled documentId={d.id} error={form.error} status={refusal} />
        <DialogActions onClose={onClose} busy={form.busy} disabled={!readiness.confirmed} testId="silence-submit" busyLabel="Starting…">
          {'Start silence'}
        </DialogActions>
      </form>
    </Dialog>
  );
}

export function BreakSilenceDialog({ document: d, delegation, onClose, onBroken }: {
  document: DocumentDetail;
  delegation: string | null;
  onClose: () => void;
  onBroken: (silence: SilenceView) => void;
}) {
  const [statement, setStatement] = useState('');
  const [missing, setMissing] = useState(false);
  const form = useSubmission(['statement']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!statement.trim());
    if (!statement.trim()) return;
    void form.run(async () => {
      const { silence } = await recordApi.breakSilence(d.id, statement.trim());
      onBroken(silence);
    });
  };

  return (
    <Dialog title={delegation ? `Break silence for ${delegation}` : 'Break silence'} onClose={onClose} testId="break-silence-dialog" tone="danger">
      <form className="form record-dialog__form" onSubmit={submit} noValidate>
        <p className="record-dialog__lead">
          Breaking silence ends the procedure: the text is not adopted and goes back to negotiation. Your statement is shown to every
          member with your delegation’s name.
        </p>
        <Field label="Statement" error={missing ? 'Say why your delegation breaks silence' : form.fieldErrors.statement}>
          {(props) => (
            <textarea
              {...props}
              data-testid="silence-statement"
              rows={5}
              value={statement}
              placeholder="e.g. Our delegation cannot join consensus on OP4 as drafted and requests that it be reopened."
              onChange={(e) => {
                setStatement(e.target.value);
                setMissing(false);
              }}
            />
          )}
        </Field>
        <FormError message={form.error} />
        <DialogActions onClose={onClose} busy={form.busy} testId="break-submit" busyLabel="Breaking silence…" danger>
          {'Break silence'}
        </DialogActions>
      </form>
    </Dialog>
  );
}

export function WithdrawSilenceDialog({ document: d, onClose, onWithdrawn }: {
  document: DocumentDetail;
  onClose: () => void;
  onWithdrawn: (silence: SilenceView) => void;
}) {
  const [note, setNote] = useState('');
  const form = useSubmission(['note']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const { silence } = await recordApi.withdrawSilence(d.id, note.trim());
      onWithdrawn(silence);
    });
  };

  return (
    <Dialog title="Withdraw the text from silence" onClose={onClose} testId="withdraw-silence-dialog">
      <form className="form record-dialog__form" onSubmit={submit} noValidate>
        <p className="record-dialog__lead">
          The procedure ends without adoption and the text goes back to negotiation. Every member is told at once, with your note.
        </p>
        <Field label="Note to the delegations (optional)" error={form.fieldErrors.note}>
          {(props) => (
            <textarea
              {...props}
              data-testid="withdraw-note"
              rows={3}
              value={note}
              placeholder="e.g. The deadline was set a week too early; the text will be recirculated."
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
        <FormError message={form.error} />
        <DialogActions onClose={onClose} busy={form.busy} testId="withdraw-submit" busyLabel="Withdrawing…">
          {'Withdraw from silence'}
        </DialogActions>
      </form>
    </Dialog>
  );
}

export function AdoptDialog({ document: d, onClose }: { document: DocumentDetail; onClose: () => void }) {
  // The day of adoption is the venue's day: 00:30 on 12 June in Ulaanbaatar is 12 June.
  const today = localDay(new Date(), d.timeZone);
  const [venue, setVenue] = useState(d.venue ?? '');
  const [body, setBody] = useState('');
  const [date, setDate] = useState(today);
  const [finalSymbol, setFinalSymbol] = useState(d.finalSymbol ?? '');
  const form = useSubmission(['venue', 'body', 'adoptedAt', 'finalSymbol']);
  const [refusal, track] = useRefusalStatus();
  const readiness = useReadiness(d.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!readiness.confirmed) return;
    // Today: the moment of adoption; another day: noon of that day at the venue.
    const adoptedAt = date && date !== today ? fromLocalDateTime(`${date}T12:00`, d.timeZone)?.toISOString() : undefined;
    void form.run(async () => {
      try {
        await track(() =>
          recordApi.adopt(d.id, {
            ...(adoptedAt ? { adoptedAt } : {}),
            ...(venue.trim() ? { venue: venue.trim() } : {}),
            ...(body.trim() ? { body: body.trim() } : {}),
            ...(finalSymbol.trim() ? { finalSymbol: finalSymbol.trim() } : {}),
          }),
        );
      } catch (error) {
        readiness.reload();
        throw error;
      }
      navigate(recordPaths.archive(d.id));
    });
  };

  return (
    <Dialog title="Adopt the text" onClose={onClose} testId="adopt-dialog">
      <form className="form record-dialog__form" onSubmit={submit} noValidate>
        <p className="record-dialog__final" role="note">
          <strong>Adoption is final.</strong> The text is frozen as it stands now: nobody can edit it again, and it is filed in the
          archive with its record — date, venue, participating delegations and history.
        </p>
        <ReadinessList documentId={d.id} state={readiness} step="adoption" />
        <Field
          label="Symbol of the adopted text (optional)"
          error={form.fieldErrors.finalSymbol}
          hint={`The draft symbol${d.symbol ? ` ${d.symbol}` : ''} and its revisions stay in the history; the record is found by either.`}
        >
          {(props) => <input {...props} data-testid="adopt-symbol" value={finalSymbol} placeholder="e.g. SOMTC/2019/1" onChange={(e) => setFinalSymbol(e.target.value)} />}
        </Field>
        <Field label="Venue" error={form.fieldErrors.venue}>
          {(props) => <input {...props} data-testid="adopt-venue" value={venue} placeholder="e.g. Manila, Philippines" onChange={(e) => setVenue(e.target.value)} />}
        </Field>
        <Field label="Adopting body (optional)" error={form.fieldErrors.body}>
          {(props) => (
            <input
              {...props}
              data-testid="adopt-body"
              value={body}
              placeholder="e.g. the 19th ASEAN Senior Officials Meeting on Transnational Crime"
              onChange={(e) => setBody(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Date of adoption"
          error={form.fieldErrors.adoptedAt}
          hint={d.timeZone === 'UTC' ? 'The day in UTC.' : `The day at the venue (${d.timeZone.replace(/_/g, ' ')}).`}
        >
          {(props) => <input {...props} type="date" data-testid="adopt-date" value={date} max={today} onChange={(e) => setDate(e.target.value)} />}
        </Field>
        <Unsettled documentId={d.id} error={form.error} status={refusal} />
        <DialogActions onClose={onClose} busy={form.busy} disabled={!readiness.confirmed} testId="adopt-submit" busyLabel="Adopting…">
          {'Adopt the text'}
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Cancel, and the dialog's one action (a busy label while the server answers). */
function DialogActions({ onClose, busy, disabled = false, testId, busyLabel, danger = false, children }: {
  onClose: () => void;
  busy: boolean;
  /** Not yet possible (the text is not settled, or the chair has not confirmed). */
  disabled?: boolean;
  testId: string;
  busyLabel: string;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="form-actions">
      <button type="button" className="button" onClick={onClose}>
        Cancel
      </button>
      <button type="submit" className={`button button--primary${danger ? ' button--danger-solid' : ''}`} data-testid={testId} disabled={busy || disabled}>
        {busy ? busyLabel : children}
      </button>
    </div>
  );
}

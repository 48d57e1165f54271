import { useState, type FormEvent, type ReactNode } from 'react';
import type { DocumentDetail, RevisionSummary, SilenceView } from '../../shared/api/index.js';
import { ApiRequestError } from '../api.js';
import { Field, FormError, useSubmission } from '../forms.js';
import { Link, navigate } from '../router.js';
import { recordApi, recordPaths } from './api.js';
import { Dialog, formatDateTime } from './ui.js';

/** The chair's and the delegations' steps of the procedure, each a small form in a dialog. */

const pad = (n: number) => String(n).padStart(2, '0');

/** A datetime-local value ("2026-11-25T14:00") for a moment, in the reader's time zone. */
function localDateTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "2026-11-25T14:00" (the reader's time) as ISO 8601 with the reader's offset then: "2026-11-25T14:00:00+07:00". */
function withOffset(local: string): string | null {
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const seconds = /T\d\d:\d\d$/.test(local) ? `${local}:00` : local;
  return `${seconds}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "UTC+7", "UTC−3:30", "UTC" for the reader's zone at a given moment. */
function zoneName(date: Date): string {
  const offset = -date.getTimezoneOffset();
  if (!offset) return 'UTC';
  const abs = Math.abs(offset);
  return `UTC${offset > 0 ? '+' : '−'}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
}

/** What the text still holds when the server refuses silence or adoption (409): where to settle it. */
function Unsettled({ documentId, error, status }: { documentId: string; error: string | null; status: number | null }) {
  if (!error) return null;
  return (
    <div className="record-dialog__refusal">
      <FormError message={error} />
      {status === 409 ? (
        <p className="field__hint">
          Settle the square brackets, alternative paragraphs and pending amendments on the{' '}
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

export function IssueRevisionDialog({ document: d, latest, onClose, onIssued }: {
  document: DocumentDetail;
  latest: RevisionSummary | null;
  onClose: () => void;
  onIssued: (revision: RevisionSummary) => void;
}) {
  const [note, setNote] = useState('');
  const [renumber, setRenumber] = useState(false);
  const form = useSubmission(['note', 'renumber']);
  const next = latest ? `Rev.${latest.number + 1}` : null;

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
          {d.symbol && next ? (
            <>
              {' '}
              under the symbol <span className="symbol">{`${d.symbol}/${next}`}</span>
            </>
          ) : null}
          , circulated to every member and kept unchanged. Negotiation continues on the current text.
        </p>
        <Field label="Note to delegations (optional)" error={form.fieldErrors.note} hint="What changed since the last revision, or what the chair asks of delegations.">
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
  const [deadline, setDeadline] = useState(() => localDateTime(new Date(Date.now() + 72 * 3_600_000)));
  const form = useSubmission(['deadline']);
  const [refusal, track] = useRefusalStatus();
  const [missing, setMissing] = useState(false);
  const when = deadline ? new Date(deadline) : null;
  const valid = when && !Number.isNaN(when.getTime());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const iso = deadline ? withOffset(deadline) : null;
    setMissing(!iso);
    if (!iso) return;
    void form.run(async () => {
      const { silence } = await track(() => recordApi.startSilence(d.id, iso));
      onStarted(silence);
    });
  };

  return (
    <Dialog title="Start the silence procedure" onClose={onClose} testId="start-silence-dialog">
      <form className="form record-dialog__form" onSubmit={submit} noValidate>
        <p className="record-dialog__lead">
          The text is circulated under silence and becomes read-only for everyone. Any delegation may break silence with a statement
          before the deadline, which reopens the negotiation. If none does, the text is adopted when the deadline passes.
        </p>
        <Field
          label="Silence ends"
          error={missing ? 'Choose when silence ends' : form.fieldErrors.deadline}
          hint={valid && when ? `${formatDateTime(when.toISOString())}, your time (${zoneName(when)}). Usually 72 hours.` : 'Usually 72 hours.'}
        >
          {(props) => <input {...props} type="datetime-local" data-testid="silence-deadline" value={deadline} onChange={(e) => setDeadline(e.target.value)} />}
        </Field>
        <Unsettled documentId={d.id} error={form.error} status={refusal} />
        <DialogActions onClose={onClose} busy={form.busy} testId="silence-submit" busyLabel="Starting…">
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
  const today = localDay(new Date());
  const [venue, setVenue] = useState(d.venue ?? '');
  const [body, setBody] = useState('');
  const [date, setDate] = useState(today);
  const form = useSubmission(['venue', 'body', 'adoptedAt']);
  const [refusal, track] = useRefusalStatus();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Today: the moment of adoption; another day: noon of that day, in the reader's time zone.
    const adoptedAt = date && date !== today ? withOffset(`${date}T12:00`) : null;
    void form.run(async () => {
      await track(() =>
        recordApi.adopt(d.id, {
          ...(adoptedAt ? { adoptedAt } : {}),
          ...(venue.trim() ? { venue: venue.trim() } : {}),
          ...(body.trim() ? { body: body.trim() } : {}),
        }),
      );
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
        <Field label="Date of adoption" error={form.fieldErrors.adoptedAt}>
          {(props) => <input {...props} type="date" data-testid="adopt-date" value={date} max={today} onChange={(e) => setDate(e.target.value)} />}
        </Field>
        <Unsettled documentId={d.id} error={form.error} status={refusal} />
        <DialogActions onClose={onClose} busy={form.busy} testId="adopt-submit" busyLabel="Adopting…">
          {'Adopt the text'}
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Cancel, and the dialog's one action (a busy label while the server answers). */
function DialogActions({ onClose, busy, testId, busyLabel, danger = false, children }: {
  onClose: () => void;
  busy: boolean;
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
      <button type="submit" className={`button button--primary${danger ? ' button--danger-solid' : ''}`} data-testid={testId} disabled={busy}>
        {busy ? busyLabel : children}
      </button>
    </div>
  );
}

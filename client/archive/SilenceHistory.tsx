import type { SilenceView } from '../../shared/api/index.js';
import { isoOf, recordDateTime } from './dates.js';
import { authorName } from './RevisionTimeline.js';
import './archive.css';

/**
 * Every silence procedure the chair ran on the text, in order: who broke silence and with what
 * statement, or that it expired without objection and the text was adopted.
 */
export function SilenceHistory({ silences, via, timeZone }: { silences: SilenceView[]; via: 'chair' | 'silence'; timeZone: string }) {
  const ordered = [...silences].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return (
    <section className="record-section" aria-labelledby="record-silence-title" data-testid="record-silence">
      <h2 id="record-silence-title" className="record-section__title">
        Silence procedure
      </h2>
      {ordered.length ? (
        <ol className="record-silences">
          {ordered.map((silence) => (
            <SilenceItem timeZone={timeZone} key={silence.id} silence={silence} />
          ))}
        </ol>
      ) : (
        <p className="muted">
          {via === 'chair' ? 'No silence procedure was run: the chair adopted the text at the meeting.' : 'No silence procedure is on record.'}
        </p>
      )}
    </section>
  );
}

function SilenceItem({ silence: s, timeZone }: { silence: SilenceView; timeZone: string }) {
  return (
    <li className={`record-silence record-silence--${s.outcome ?? 'running'}`} data-testid="record-silence-item">
      <p className="record-silence__outcome">
        <span className={`record-silence__tag record-silence__tag--${s.outcome ?? 'running'}`}>{outcomeLabel(s.outcome)}</span>
        {outcomeLine(s, timeZone)}
      </p>
      <p className="record-silence__when">
        Circulated by {authorName(s.startedBy)} on <time dateTime={isoOf(s.startedAt)}>{recordDateTime(s.startedAt, timeZone)}</time>, with silence
        until <time dateTime={isoOf(s.deadline)}>{recordDateTime(s.deadline, timeZone)}</time>.
      </p>
      {(s.outcome === 'broken' || s.outcome === 'withdrawn') && s.statement ? (
        <blockquote className="record-silence__statement">
          <p>{s.statement}</p>
          {s.outcome === 'broken' && s.brokenBy ? <footer>Statement of {authorName(s.brokenBy)}</footer> : <footer>Note of the chair</footer>}
        </blockquote>
      ) : null}
    </li>
  );
}

function outcomeLabel(outcome: SilenceView['outcome']): string {
  switch (outcome) {
    case 'broken':
      return 'Broken';
    case 'adopted':
      return 'Expired';
    case 'withdrawn':
      return 'Withdrawn';
    case null:
      return 'Running';
  }
}

function outcomeLine(s: SilenceView, timeZone: string): string {
  const ended = s.endedAt ? recordDateTime(s.endedAt, timeZone) : null;
  switch (s.outcome) {
    case 'broken':
      return `Silence was broken${s.brokenBy ? ` by ${authorName(s.brokenBy)}` : ''}${ended ? ` on ${ended}` : ''}.`;
    case 'adopted':
      return `No delegation broke silence: the text was adopted${ended ? ` on ${ended}` : ''}.`;
    case 'withdrawn':
      return `The chair withdrew the text from silence${ended ? ` on ${ended}` : ''}.`;
    case null:
      return 'Silence was still running when the text was adopted.';
  }
}

import type { ArchiveRecordDetail } from '../../shared/api/index.js';
import { isoOf, recordDate, recordDateTime } from './dates.js';
import { offsetName } from '../../shared/time.js';
import { authorName } from './RevisionTimeline.js';
import './archive.css';

/** "Adopted on 23 October 2025 at Kuala Lumpur by the 19th ASEAN Ministerial Meeting", as the exports word it. */
export function adoptionSentence(record: ArchiveRecordDetail): string {
  let sentence = `Adopted on ${recordDate(record.adoptedAt, record.timeZone)}`;
  if (record.venue) sentence += ` at ${record.venue}`;
  if (record.venue || record.timeZone !== 'UTC') sentence += ` (${offsetName(new Date(record.adoptedAt), record.timeZone)})`;
  if (record.body) sentence += ` by ${record.body}`;
  return `${sentence}.`;
}

function procedure(record: ArchiveRecordDetail): string {
  if (record.via === 'silence') return 'Under the silence procedure: no delegation broke silence by the deadline.';
  return record.adoptedBy ? `Declared adopted by the chair, ${authorName(record.adoptedBy)}.` : 'Declared adopted by the chair.';
}

/** "Title, SYMBOL, adopted at Venue on 23 October 2025." A line an archivist can cite as is. */
function citation(record: ArchiveRecordDetail): string {
  const where = record.venue ? ` at ${record.venue}` : '';
  return `${record.title}, ${record.symbol}, adopted${where} on ${recordDate(record.adoptedAt, record.timeZone)}.`;
}

/** The head of the record: what the text is, and when, where, by whom and how it was adopted. */
export function RecordHeader({ record }: { record: ArchiveRecordDetail }) {
  return (
    <header className="record-header" data-testid="record-header">
      <p className="record-header__kicker">
        <span className="badge badge--adopted">Adopted</span>
        <span>Archive record</span>
      </p>
      <h1 className="record-header__title" data-testid="record-title">
        {record.title}
      </h1>
      <p className="record-header__symbol" data-testid="record-symbol">
        <span className="symbol">{record.symbol}</span>
        {record.draftSymbol ? <span className="muted" data-testid="record-draft-symbol"> · negotiated as <span className="symbol">{record.draftSymbol}</span></span> : null}
      </p>
      <p className="record-header__adoption" data-testid="record-adoption">
        {adoptionSentence(record)}
      </p>
      <dl className="record-facts">
        <div>
          <dt>Date of adoption</dt>
          <dd>
            <time dateTime={isoOf(record.adoptedAt)}>{recordDateTime(record.adoptedAt, record.timeZone)}</time>
          </dd>
        </div>
        {record.venue ? (
          <div>
            <dt>Venue</dt>
            <dd>{record.venue}</dd>
          </div>
        ) : null}
        {record.body ? (
          <div>
            <dt>Adopting body</dt>
            <dd>{record.body}</dd>
          </div>
        ) : null}
        <div>
          <dt>Procedure</dt>
          <dd data-testid="record-via">{procedure(record)}</dd>
        </div>
        <div className="record-facts__wide">
          <dt>Cite as</dt>
          <dd className="record-facts__citation">{citation(record)}</dd>
        </div>
      </dl>
    </header>
  );
}

/** The delegations that took part, by code and name. */
export function RecordDelegations({ delegations }: { delegations: ArchiveRecordDetail['delegations'] }) {
  const sorted = [...delegations].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section className="panel record-panel" aria-labelledby="record-delegations-title" data-testid="record-delegations">
      <h2 id="record-delegations-title">
        Participating delegations <span className="record-panel__count">{delegations.length}</span>
      </h2>
      {sorted.length ? (
        <ul className="record-delegations">
          {sorted.map((d) => (
            <li key={d.code}>
              <span className="record-delegations__code">{d.code}</span>
              <span>{d.name}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No delegation is on record.</p>
      )}
    </section>
  );
}

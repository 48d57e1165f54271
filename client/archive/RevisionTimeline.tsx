import type { Author, RevisionSummary } from '../../shared/api/index.js';
import { Link } from '../router.js';
import { exportUrl } from './api.js';
import { isoOf, recordDate } from './dates.js';
import './archive.css';

/** "Siti Rahman (MYS)", or the name alone for the secretariat. */
export function authorName(author: Author): string {
  return author.delegation ? `${author.name} (${author.delegation.code})` : author.name;
}

/**
 * The way the text came: the zero draft, each revision with its symbol, date and note, and the
 * adoption that closed it. Each revision opens in the revisions view, or compared with its neighbours.
 */
export function RevisionTimeline({ documentId, revisions, adoptedAt, timeZone, symbol }: {
  documentId: string;
  revisions: RevisionSummary[];
  adoptedAt: string;
  /** The venue's time zone: dates as they were at the meeting. */
  timeZone: string;
  /** The symbol the adopted text bears. */
  symbol: string;
}) {
  const id = encodeURIComponent(documentId);
  const ordered = [...revisions].sort((a, b) => a.number - b.number);
  return (
    <section className="record-section" aria-labelledby="record-revisions-title">
      <h2 id="record-revisions-title" className="record-section__title">
        Revisions
      </h2>
      {ordered.length ? (
        <ol className="record-timeline">
          {ordered.map((revision, index) => {
            const previous = index > 0 ? ordered[index - 1] : undefined;
            return (
              <li className="record-timeline__item" key={revision.id} data-testid="record-revision">
                <div className="record-timeline__head">
                  <span className="record-timeline__name">{revision.name}</span>
                  <span className="symbol">{revision.symbol}</span>
                  <time className="record-timeline__date" dateTime={isoOf(revision.issuedAt)}>
                    {recordDate(revision.issuedAt, timeZone)}
                  </time>
                </div>
                <p className="record-timeline__by">Issued by {authorName(revision.issuedBy)}</p>
                {revision.note ? <p className="record-timeline__note">{revision.note}</p> : null}
                {revision.renumbered ? <Renumbering revision={revision} /> : null}
                <p className="record-timeline__actions">
                  <Link to={`/documents/${id}/revisions?view=${revision.number}`} data-testid="record-revision-view">
                    View
                  </Link>
                  {previous ? (
                    <Link
                      to={`/documents/${id}/compare?from=${previous.number}&to=${revision.number}`}
                      title={`What changed from ${previous.name} to ${revision.name}`}
                      data-testid="record-revision-compare-previous"
                    >
                      Compare with previous
                    </Link>
                  ) : null}
                  <Link to={`/documents/${id}/compare?from=${revision.number}&to=live`} data-testid="record-revision-compare-adopted">
                    Compare with adopted text
                  </Link>
                  <a href={exportUrl(documentId, 'pdf', revision.number)} download>
                    PDF
                  </a>
                </p>
              </li>
            );
          })}
          <li className="record-timeline__item record-timeline__item--adopted">
            <div className="record-timeline__head">
              <span className="record-timeline__name">Adopted text</span>
              <span className="symbol" data-testid="record-timeline-final-symbol">{symbol}</span>
              <time className="record-timeline__date" dateTime={isoOf(adoptedAt)}>
                {recordDate(adoptedAt, timeZone)}
              </time>
            </div>
          </li>
        </ol>
      ) : (
        <p className="muted">No revision was issued: the text was adopted as first drafted.</p>
      )}
    </section>
  );
}

function Renumbering({ revision }: { revision: RevisionSummary }) {
  const changes = revision.labelMap.filter((c) => c.from !== c.to);
  if (!changes.length) return <p className="record-timeline__renumbered">Paragraph labels renumbered cleanly.</p>;
  return (
    <details className="record-timeline__renumbered">
      <summary>
        Paragraphs renumbered ({changes.length} {changes.length === 1 ? 'label' : 'labels'} changed)
      </summary>
      <ul className="record-timeline__labels">
        {changes.map((c) => (
          <li key={c.clauseId}>
            {c.from} → {c.to}
          </li>
        ))}
      </ul>
    </details>
  );
}

import type { ReactNode } from 'react';
import type { DocumentDetail, EditingPhase } from '../../shared/api/index.js';
import { formatDates, STATUS_LABEL } from '../format.js';
import { EditingPhaseTag } from '../panels/DocumentNav.js';
import { Link } from '../router.js';

/** The titles in a document's header: the way back, its title, and what it is (symbol, venue, dates, status, phase), then `children`. */
export function DocumentTitles({ document: d, phase, children }: { document: DocumentDetail; phase: EditingPhase; children?: ReactNode }) {
  const dates = formatDates(d.startsOn, d.endsOn);
  return (
    <div className="doc-header__titles">
      <Link className="doc-header__back" to="/">
        ← Documents
      </Link>
      <h1 className="doc-header__title">{d.title}</h1>
      <p className="doc-header__meta">
        {d.symbol ? <span className="symbol">{d.symbol}</span> : null}
        {d.venue ? <span>{d.venue}</span> : null}
        {dates ? <span>{dates}</span> : null}
        <span className={`badge badge--${d.status}`}>{STATUS_LABEL[d.status]}</span>
        {d.status !== 'adopted' ? <EditingPhaseTag phase={phase} /> : null}
        {children}
      </p>
    </div>
  );
}

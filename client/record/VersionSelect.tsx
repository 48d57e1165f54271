import type { RevisionSummary } from '../../shared/api/index.js';
import { formatDateTime } from './ui.js';

/** "live" for the current text, or a revision number. */
export type VersionRef = string;

export const LIVE = 'live';

/** A version of the text to compare: the current text, then the revisions, newest first. */
export function VersionSelect({ label, testId, value, revisions, liveLabel, timeZone, onChange }: {
  label: string;
  /** The venue's time zone, in which revisions' dates are shown. */
  timeZone: string;
  testId: string;
  value: VersionRef;
  revisions: readonly RevisionSummary[];
  liveLabel: string;
  onChange: (ref: VersionRef) => void;
}) {
  const newestFirst = [...revisions].sort((a, b) => b.number - a.number);
  const known = value === LIVE || revisions.some((r) => String(r.number) === value);
  return (
    <label className="filter version-select">
      {label}
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value={LIVE}>{liveLabel}</option>
        {newestFirst.map((r) => (
          <option key={r.id} value={String(r.number)}>
            {r.name} · {formatDateTime(r.issuedAt, timeZone)}
          </option>
        ))}
        {known ? null : <option value={value}>{value}</option>}
      </select>
    </label>
  );
}

import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Delegation } from '../../shared/api/index.js';
import type { ArchiveQuery } from './api.js';
import './archive.css';

interface Props {
  /** The search the page shows (from the address bar). */
  query: ArchiveQuery;
  delegations: Delegation[];
  busy: boolean;
  onSearch: (query: ArchiveQuery) => void;
}

const EMPTY: ArchiveQuery = { q: '', year: '', venue: '', delegation: '' };

/** The archive's search: words and "quoted phrases", narrowed by year, venue and delegation. */
export function ArchiveSearchForm({ query, delegations, busy, onSearch }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<ArchiveQuery>(query);
  const { q, year, venue, delegation } = query;

  // The address bar leads: back and forward (or a bookmark) put their search in the form.
  useEffect(() => setDraft({ q, year, venue, delegation }), [q, year, venue, delegation]);

  const set = (key: keyof ArchiveQuery) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const filtered = Boolean(q || year || venue || delegation);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(draft);
  };

  return (
    <form className="archive-search" role="search" onSubmit={submit} aria-label="Search the archive">
      <div className="archive-search__main">
        <label className="visually-hidden" htmlFor={`${id}-q`}>
          Words or phrases
        </label>
        <span className="archive-search__icon" aria-hidden="true">
          <svg viewBox="0 0 20 20">
            <circle cx="8.5" cy="8.5" r="5.5" />
            <path d="m13 13 4.5 4.5" />
          </svg>
        </span>
        <input
          id={`${id}-q`}
          className="archive-search__query"
          type="search"
          value={draft.q}
          onChange={(e) => set('q')(e.target.value)}
          placeholder='Words or "a quoted phrase", e.g. "trafficking in persons"'
          maxLength={200}
          data-testid="archive-query"
        />
        <button className="button button--primary" type="submit" disabled={busy} data-testid="archive-search">
          Search
        </button>
      </div>
      <div className="archive-search__filters">
        <div className="archive-search__filter">
          <label htmlFor={`${id}-year`}>Year adopted</label>
          <input
            id={`${id}-year`}
            type="number"
            inputMode="numeric"
            min={1900}
            max={9999}
            step={1}
            value={draft.year}
            onChange={(e) => set('year')(e.target.value)}
            placeholder="Any year"
            data-testid="archive-year"
          />
        </div>
        <div className="archive-search__filter archive-search__filter--grow">
          <label htmlFor={`${id}-venue`}>Venue</label>
          <input
            id={`${id}-venue`}
            type="text"
            value={draft.venue}
            onChange={(e) => set('venue')(e.target.value)}
            placeholder="Any venue, e.g. Kuala Lumpur"
            maxLength={200}
            data-testid="archive-venue"
          />
        </div>
        <div className="archive-search__filter archive-search__filter--grow">
          <label htmlFor={`${id}-delegation`}>Delegation taking part</label>
          <select
            id={`${id}-delegation`}
            value={draft.delegation}
            onChange={(e) => set('delegation')(e.target.value)}
            data-testid="archive-delegation"
          >
            <option value="">Any delegation</option>
            {delegations.map((d) => (
              <option key={d.id} value={d.code}>
                {d.code} · {d.name}
              </option>
            ))}
            {/* A bookmarked code the list does not hold (yet): keep it selectable rather than silently dropped. */}
            {draft.delegation && !delegations.some((d) => d.code === draft.delegation) ? (
              <option value={draft.delegation}>{draft.delegation}</option>
            ) : null}
          </select>
        </div>
        {filtered ? (
          <button type="button" className="button button--ghost archive-search__clear" onClick={() => onSearch(EMPTY)}>
            Clear search
          </button>
        ) : null}
      </div>
    </form>
  );
}

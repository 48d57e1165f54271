import type { ArchiveResult } from '../../shared/api/index.js';
import { navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';
import { archiveApi, archiveQueryFrom, archiveQueryString, type ArchiveQuery } from '../archive/api.js';
import { ArchiveSearchForm } from '../archive/ArchiveSearchForm.js';
import { ArchiveResults } from '../archive/ArchiveResults.js';
import '../archive/archive.css';

/**
 * The archive: adopted texts with their record. The search lives in the address bar (?q=…&year=…),
 * so a search can be bookmarked, shared, and gone back to.
 */
export function ArchivePage() {
  const { me } = useSession();
  const { search } = useLocation();
  const query = archiveQueryFrom(search);
  const key = archiveQueryString(query);
  // Each answer carries the search it answers, so the page can tell a new search is still on its way.
  const [results, reload] = useLoad(() => archiveApi.search(query).then((r) => ({ key, results: r.results })), key);
  const [delegations] = useLoad(() => archiveApi.delegations().then((r) => r.delegations), 'delegations');

  const searching = results.state === 'loading' || (results.state === 'ready' && results.value.key !== key);
  const filtered = key !== '';

  const onSearch = (next: ArchiveQuery) => {
    const qs = archiveQueryString(next);
    navigate(qs ? `/archive?${qs}` : '/archive');
  };

  return (
    <div className="page archive-page">
      <header className="page__header">
        <div>
          <h1>Archive</h1>
          <p className="page__lead">
            {me.abilities.searchWholeArchive
              ? 'Every adopted text, with its record: when, where and by whom it was adopted, its revisions and its integrity hash.'
              : 'The adopted texts of the negotiations you took part in, with their record.'}
          </p>
        </div>
      </header>

      <ArchiveSearchForm
        query={query}
        delegations={delegations.state === 'ready' ? delegations.value : []}
        busy={searching}
        onSearch={onSearch}
      />

      <section className="archive-page__results" aria-live="polite" aria-busy={searching}>
        {results.state === 'failed' ? (
          <div className="archive-failure">
            <p className="form-error" role="alert">
              {results.message}
            </p>
            <button type="button" className="button" onClick={reload}>
              Try again
            </button>
          </div>
        ) : results.state === 'loading' ? (
          <p className="muted">Searching the archive…</p>
        ) : (
          <Results results={results.value.results} query={query} filtered={filtered} stale={searching} everything={me.abilities.searchWholeArchive} />
        )}
      </section>
    </div>
  );
}

function Results({
  results,
  query,
  filtered,
  stale,
  everything,
}: {
  results: ArchiveResult[];
  query: ArchiveQuery;
  filtered: boolean;
  stale: boolean;
  everything: boolean;
}) {
  if (!results.length && !stale) {
    return filtered ? (
      <div className="empty-state archive-empty" data-testid="archive-empty">
        <h2>No adopted text matches this search</h2>
        <p>
          Try fewer words, or other forms of them. Put a phrase in quotes (“trafficking in persons”) to find exactly those words
          together. {everything ? '' : 'Only the texts of negotiations you took part in are searched.'}
        </p>
      </div>
    ) : (
      <div className="empty-state archive-empty" data-testid="archive-empty">
        <h2>Nothing has been adopted yet</h2>
        <p>
          When a text is adopted, by the chair or at the end of a silence procedure, it is archived here with its record: the date,
          venue and adopting body, the delegations that took part, every revision, the silence procedure, and a SHA-256 hash to prove a
          copy is the adopted text.
          {everything ? '' : ' You see the texts of the negotiations you took part in.'}
        </p>
      </div>
    );
  }
  return (
    <div className={stale ? 'archive-page__stale' : undefined}>
      <h2 className={`archive-page__count${filtered ? ' archive-page__count--search' : ''}`} data-testid="archive-count">
        {filtered ? matchesLine(results.length, query) : 'Latest adopted texts'}
        {stale ? <span className="muted"> · searching…</span> : null}
      </h2>
      <ArchiveResults results={results} />
    </div>
  );
}

/** "3 adopted texts match “piracy”, adopted in 2019, at Manila, with MYS taking part". */
function matchesLine(count: number, query: ArchiveQuery): string {
  const q = query.q.trim();
  const narrowed: string[] = [];
  if (query.year.trim()) narrowed.push(`adopted in ${query.year.trim()}`);
  if (query.venue.trim()) narrowed.push(`at ${query.venue.trim()}`);
  if (query.delegation.trim()) narrowed.push(`with ${query.delegation.trim().toUpperCase()} taking part`);
  const texts = `${count} adopted ${count === 1 ? 'text' : 'texts'}`;
  // A quoted phrase keeps its own quotes; plain words get typographic ones.
  const shown = q.includes('"') ? q : `“${q}”`;
  const matching = q ? ` ${count === 1 ? 'matches' : 'match'} ${shown}` : '';
  return `${texts}${matching}${narrowed.length ? `, ${narrowed.join(', ')}` : ''}`;
}

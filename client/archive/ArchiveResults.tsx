import type { ArchiveResult } from '../../shared/api/index.js';
import { Link } from '../router.js';
import { isoOf, recordDate } from './dates.js';
import './archive.css';

export function ArchiveResults({ results }: { results: ArchiveResult[] }) {
  return (
    <ol className="archive-results" data-testid="archive-results">
      {results.map((result) => (
        <ArchiveResultItem key={result.documentId} result={result} />
      ))}
    </ol>
  );
}

/** The text as the server escapes it (server/routes/archive.ts), to recognise the title in a snippet. */
const escaped = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The snippet as shown: without the title it opens with when nothing was searched (the title stands
 * just above it), and with an ellipsis where the server cut the text short.
 */
function snippetOf(result: ArchiveResult): string {
  let html = result.snippet.trim();
  const title = escaped(result.title);
  if (html.startsWith(title)) html = html.slice(title.length).trimStart();
  if (html && !/[.;:,)…]$/.test(html)) html += '…';
  return html;
}

function ArchiveResultItem({ result }: { result: ArchiveResult }) {
  const snippet = snippetOf(result);
  return (
    <li className="archive-result" data-testid="archive-result">
      <div className="archive-result__head">
        <Link className="archive-result__title" to={`/archive/${encodeURIComponent(result.documentId)}`} data-testid="archive-result-link">
          {result.title}
        </Link>
        <span className="archive-result__adopted">
          Adopted <time dateTime={isoOf(result.adoptedAt)}>{recordDate(result.adoptedAt, result.timeZone ?? 'UTC')}</time>
        </span>
      </div>
      <div className="archive-result__meta">
        <span className="symbol">{result.symbol}</span>
        {result.venue ? <span>{result.venue}</span> : null}
      </div>
      {snippet ? (
        <p
          className="archive-result__snippet"
          // Safe: the server escapes the whole snippet (& < > " ') and only then adds its own <mark> tags
          // around the matched words (server/routes/archive.ts, markSnippet), so no markup from the text gets
          // through; here it is only cut at its start or given an ellipsis, never unescaped.
          dangerouslySetInnerHTML={{ __html: snippet }}
        />
      ) : null}
    </li>
  );
}

import { useEffect, useState, type ReactNode } from 'react';
import type { Author, ClauseStatus } from '../../shared/api/index.js';
import { CLAUSE_STATUS_LABEL, formatAbsolute, formatRelative, textOn } from '../format.js';

/** Small pieces the discussion panel, the discussion view and the desk share. */

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/gi;
const PUNCTUATION = '.,;:!?\'"]}';

const count = (s: string, c: string) => s.split(c).length - 1;

/** Sentence punctuation after a link stays outside it; a closing bracket the link opened stays in. */
function trimLink(href: string): string {
  let end = href.length;
  for (;;) {
    const c = href[end - 1] ?? '';
    if (PUNCTUATION.includes(c) && c) end--;
    else if (c === ')' && count(href.slice(0, end), '(') < count(href.slice(0, end), ')')) end--;
    else break;
  }
  return href.slice(0, end);
}

/** Splits plain text into strings and http(s) links. Nothing is ever parsed as HTML. */
export function linkify(text: string): (string | { href: string })[] {
  const out: (string | { href: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const href = trimLink(match[0]);
    if (!/^https?:\/\/[^/?#\s]+/i.test(href)) continue;
    if (start > last) out.push(text.slice(last, start));
    out.push({ href });
    last = start + href.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** A comment's body: plain text, its line breaks kept (white-space: pre-wrap), links clickable. */
export function PlainText({ text, className }: { text: string; className?: string }) {
  return (
    <p className={`plain-text${className ? ` ${className}` : ''}`}>
      {linkify(text).map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <a key={i} href={part.href} rel="noopener noreferrer" target="_blank">
            {part.href}
          </a>
        ),
      )}
    </p>
  );
}

let nowListeners = new Set<(now: number) => void>();
let nowTimer: ReturnType<typeof setInterval> | null = null;

/** The time, refreshed every 30 seconds for all relative times on the page at once. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    nowListeners.add(setNow);
    nowTimer ??= setInterval(() => {
      const t = Date.now();
      for (const listener of nowListeners) listener(t);
    }, 30_000);
    return () => {
      nowListeners.delete(setNow);
      if (!nowListeners.size && nowTimer) {
        clearInterval(nowTimer);
        nowTimer = null;
        nowListeners = new Set();
      }
    };
  }, []);
  return now;
}

/** "4 min ago", with the full date and time on hover. */
export function RelativeTime({ iso, prefix }: { iso: string; prefix?: string }) {
  const now = useNow();
  return (
    <time className="relative-time" dateTime={iso} title={formatAbsolute(iso)}>
      {prefix ? `${prefix} ` : ''}
      {formatRelative(iso, now)}
    </time>
  );
}

/** A delegation's code in its colour: "MYS". */
export function DelegationChip({ delegation }: { delegation: Author['delegation'] }) {
  if (!delegation) return null;
  return (
    <span className="code-chip" style={{ background: delegation.color, color: textOn(delegation.color) }}>
      {delegation.code}
    </span>
  );
}

/** "Siti Rahman MYS" */
export function AuthorName({ author }: { author: Author }) {
  return (
    <span className="author">
      <span className="author__name">{author.name}</span>
      <DelegationChip delegation={author.delegation} />
    </span>
  );
}

const LOCK = (
  <svg className="status-tag__lock" viewBox="0 0 16 16" aria-hidden="true">
    <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1Zm2 0h4V5a2 2 0 1 0-4 0v2Z" />
  </svg>
);

/** A clause's status as a tag: nothing for open unless asked, amber for ad ref, green and locked for agreed. */
export function StatusTag({ status, showOpen = false }: { status: ClauseStatus; showOpen?: boolean }): ReactNode {
  if (status === 'open' && !showOpen) return null;
  return (
    <span className={`status-tag status-tag--${status}`} data-status={status}>
      {status === 'agreed' ? LOCK : null}
      {status === 'adRef' ? 'ad ref' : CLAUSE_STATUS_LABEL[status].toLowerCase()}
    </span>
  );
}

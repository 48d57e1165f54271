import type { ClauseStatus, DocumentRole, DocumentStatus } from '../shared/api/index.js';

const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function parseDay(iso: string): Date | null {
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "6–7 December 2017", "30 November – 2 December 2017", "7 December 2017", or "" without dates. */
export function formatDates(startsOn: string | null, endsOn: string | null): string {
  const start = startsOn ? parseDay(startsOn) : null;
  const end = endsOn ? parseDay(endsOn) : null;
  if (!start && !end) return '';
  if (!start || !end || startsOn === endsOn) return dayMonthYear.format((start ?? end) as Date);
  const sameYear = start.getUTCFullYear() === end.getUTCFullYear();
  const sameMonth = sameYear && start.getUTCMonth() === end.getUTCMonth();
  if (sameMonth) return `${start.getUTCDate()}–${dayMonthYear.format(end)}`;
  if (sameYear) {
    const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
    return `${dayMonth.format(start)} – ${dayMonthYear.format(end)}`;
  }
  return `${dayMonthYear.format(start)} – ${dayMonthYear.format(end)}`;
}

/** The document roles, highest first (from shared/api/roles.ts, which keeps zod out of the bundle). */
export { DOCUMENT_ROLES } from '../shared/api/roles.js';

export const ROLE_LABEL: Record<DocumentRole | 'secretariat' | 'archivist', string> = {
  chair: 'Chair',
  delegate: 'Delegate',
  observer: 'Observer',
  secretariat: 'Secretariat',
  archivist: 'Archivist',
};

export const STATUS_LABEL: Record<DocumentStatus, string> = { draft: 'Draft', silence: 'Under silence', adopted: 'Adopted' };

/** Initials for an avatar: "Siti Rahman" → "SR". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** Black or white, whichever reads better on the given #rrggbb background. */
export function textOn(color: string): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!match) return '#fff';
  const [r, g, b] = [match[1], match[2], match[3]].map((h) => parseInt(h ?? '0', 16) / 255) as [number, number, number];
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return luminance > 0.45 ? '#1a1d21' : '#fff';
}

/** The colour of a person without a delegation (the secretariat's staff). */
export { NEUTRAL_COLOR } from '../shared/colors.js';

/** How negotiators say a clause's status. */
export const CLAUSE_STATUS_LABEL: Record<ClauseStatus, string> = { open: 'Open', adRef: 'Ad ref', agreed: 'Agreed' };

const absolute = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short' });
const shortDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const shortDayYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "Tuesday, 5 December 2017 at 14:32", in the reader's time zone. */
export function formatAbsolute(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : absolute.format(date);
}

/** "just now", "4 min ago", "2 h ago", "yesterday 14:32", "5 Dec", "5 Dec 2016". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const date = new Date(iso);
  const time = date.getTime();
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 12) return `${hours} h ago`;
  const today = new Date(now);
  const startOfToday = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  if (time >= startOfToday) return `today ${clock.format(date)}`;
  if (time >= startOfToday - 86_400_000) return `yesterday ${clock.format(date)}`;
  return date.getFullYear() === today.getFullYear() ? shortDay.format(date) : shortDayYear.format(date);
}

export { MAX_COMMENT_LENGTH, MAX_QUOTE_LENGTH } from '../shared/limits.js';

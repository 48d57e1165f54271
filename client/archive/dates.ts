import { longDate, longDateTime } from '../../shared/time.js';

// Dates in the archive are printed in the time zone of the venue, as the exports print them: a text
// adopted at 00:30 on 12 June in Ulaanbaatar reads "12 June" wherever and whenever it is read, and
// matches the PDF or Word file it is cited next to.

function parsed(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "23 October 2025", the day at the venue. */
export function recordDate(iso: string, timeZone: string): string {
  const date = parsed(iso);
  return date ? longDate(date, timeZone) : iso;
}

/** "23 October 2025, 14:00 (UTC+08:00)", the time at the venue. */
export function recordDateTime(iso: string, timeZone: string): string {
  const date = parsed(iso);
  return date ? longDateTime(date, timeZone) : iso;
}

/** The machine-readable form for a <time> element. */
export function isoOf(iso: string): string {
  return parsed(iso)?.toISOString() ?? iso;
}

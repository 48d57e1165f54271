// Dates in the archive are printed in UTC, as the exports print them: a record reads the same day
// wherever and whenever it is read, and matches the PDF or Word file it is cited next to.

const longDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

function parsed(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "23 October 2025". */
export function recordDate(iso: string): string {
  const date = parsed(iso);
  return date ? longDay.format(date) : iso;
}

/** "23 October 2025, 14:00 UTC". */
export function recordDateTime(iso: string): string {
  const date = parsed(iso);
  return date ? `${longDay.format(date)}, ${clock.format(date)} UTC` : iso;
}

/** The machine-readable form for a <time> element. */
export function isoOf(iso: string): string {
  return parsed(iso)?.toISOString() ?? iso;
}

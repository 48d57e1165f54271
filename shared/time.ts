/**
 * Dates in the venue's time zone. A negotiation happens somewhere: a text adopted at 00:30 on 12 June
 * in Ulaanbaatar was adopted on 12 June, whatever the server's clock says. Every date and deadline is
 * entered and shown in the document's IANA time zone (DocumentSummary.timeZone), with the zone named
 * where it matters; timestamps are stored in UTC.
 */

export const DEFAULT_TIME_ZONE = 'UTC';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Whether the runtime knows `name` as an IANA time zone ("Asia/Ulaanbaatar", "UTC"). */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a time zone. */
export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

function parsed(iso: string | Date): Date | null {
  const d = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The zone's offset from UTC at an instant, in minutes (Ulaanbaatar: +480). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** "UTC+08:00", "UTC-04:30", "UTC". */
export function offsetName(instant: Date, timeZone: string): string {
  const m = offsetMinutes(instant, timeZone);
  if (m === 0) return 'UTC';
  const abs = Math.abs(m);
  return `UTC${m < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "12 June 2019" in the zone; the input itself if it is no date. */
export function longDate(iso: string | Date, timeZone: string): string {
  const d = parsed(iso);
  if (!d) return String(iso);
  const w = wallClock(d, timeZone);
  return `${w.day} ${MONTHS[w.month - 1]} ${w.year}`;
}

/** "12 June 2019, 00:30 (UTC+08:00)". */
export function longDateTime(iso: string | Date, timeZone: string): string {
  const d = parsed(iso);
  if (!d) return String(iso);
  const w = wallClock(d, timeZone);
  return `${longDate(d, timeZone)}, ${pad(w.hour)}:${pad(w.minute)} (${offsetName(d, timeZone)})`;
}

/** "2019-06-12": the day in the zone, as xsd:date wants it. Falls back to the Unix epoch for no date. */
export function localDay(iso: string | Date, timeZone: string): string {
  const d = parsed(iso) ?? new Date(0);
  const w = wallClock(d, timeZone);
  return `${String(w.year).padStart(4, '0')}-${pad(w.month)}-${pad(w.day)}`;
}

/** "2019-06-12T00:30": the value of an <input type="datetime-local"> showing the instant in the zone. */
export function localDateTimeInput(iso: string | Date, timeZone: string): string {
  const d = parsed(iso) ?? new Date(0);
  const w = wallClock(d, timeZone);
  return `${localDay(d, timeZone)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** The year in the zone. */
export function localYear(iso: string | Date, timeZone: string): number {
  return wallClock(parsed(iso) ?? new Date(0), timeZone).year;
}

/**
 * The instant a wall-clock time ("2019-06-12T00:30", as a datetime-local input gives it) names in a
 * zone; null if it is no such time. A time that happens twice (clocks going back) is the first of
 * the two; a time skipped by clocks going forward is read with the offset before the change, so
 * 02:30 on a night that jumps from 02:00 to 03:00 is 03:30.
 */
export function fromLocalDateTime(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(naive) || new Date(naive).getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const before = offsetMinutes(new Date(naive - 86_400_000), timeZone);
  const after = offsetMinutes(new Date(naive + 86_400_000), timeZone);
  const wanted = local.length === 16 ? local : local.slice(0, 16);
  const fits = [before, after]
    .map((off) => naive - off * 60_000)
    .filter((t) => localDateTimeInput(new Date(t), timeZone) === wanted)
    .sort((a, b) => a - b);
  return new Date(fits[0] ?? naive - before * 60_000);
}

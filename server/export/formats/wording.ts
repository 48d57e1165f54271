import type { Attribution, Rendition } from '../rendition.js';
import { localDay, longDate as zonedLongDate, offsetName } from '../../../shared/time.js';

// The words every format uses around the text: attributions, dates, the stage, the adoption record.

/** Who proposed: the delegation's code, or the secretariat when the proposal has none. */
export function proposerOf(a: Attribution): string {
  return a.delegation ?? 'Secretariat';
}

/** "MYS — Delegate of Malaysia": the author of a proposal as a tracked change names it. */
export function authorOf(a: Attribution): string {
  return a.author ? `${proposerOf(a)} — ${a.author}` : proposerOf(a);
}

/** "MYS — Delegate of Malaysia, 4 March 2025" (the date in the document's time zone). */
export function attributionText(a: Attribution, timeZone: string): string {
  return a.at ? `${authorOf(a)}, ${longDate(a.at, timeZone)}` : authorOf(a);
}

/** "Supported by IDN, THA. Opposed by SGP.", or "" when nobody has taken a position. */
export function positionsText(a: Attribution): string {
  const parts: string[] = [];
  if (a.supporters.length) parts.push(`Supported by ${a.supporters.join(', ')}.`);
  if (a.opponents.length) parts.push(`Opposed by ${a.opponents.join(', ')}.`);
  return parts.join(' ');
}

/** "Agreed", "Agreed ad referendum", "" for an open paragraph or a clean text. */
export function statusText(status: Rendition['clauses'][number]['status']): string {
  if (status === 'agreed') return 'Agreed';
  if (status === 'adRef') return 'Agreed ad referendum';
  return '';
}

function parsed(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "12 June 2019": the day in the document's time zone, or the input if it is no date. */
export function longDate(iso: string, timeZone: string): string {
  return zonedLongDate(iso, timeZone);
}

/** "2019-06-12", the day in the document's time zone, as xsd:date wants it (the Unix epoch for no date). */
export function isoDay(iso: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return localDay(iso, timeZone);
}

/** An ISO timestamp without milliseconds ("2025-03-04T09:00:00Z"), the form Word writes in w:date. */
export function isoSecond(iso: string): string {
  return (parsed(iso) ?? new Date(0)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "Live draft", "Zero draft", "Rev.2", "Adopted text". */
export function stageName(rendition: Rendition): string {
  if (rendition.stage === 'adopted') return 'Adopted text';
  if (rendition.stage === 'revision') {
    const n = rendition.revisionNumber;
    return n === null || n === 0 ? 'Zero draft' : `Rev.${n}`;
  }
  return 'Live draft';
}

/** "Live draft, 4 March 2025", "Rev.2, 6 August 2019", "Adopted text, 6 August 2019". */
export function stageLine(rendition: Rendition): string {
  return `${stageName(rendition)}, ${longDate(rendition.date, rendition.timeZone)}`;
}

/** How a draft shows what is not agreed, in the words of each format's convention for proposals. */
export function draftLegend(proposals: 'marked' | 'tracked' | 'critic'): string {
  const brackets = 'Square brackets: text not agreed.';
  if (proposals === 'tracked') return `${brackets} Proposals are tracked changes, each by the proposing delegation.`;
  if (proposals === 'critic') return `${brackets} Proposals in CriticMarkup: {++insertion++} and {--deletion--}, each followed by the proposing delegation as a {>>comment<<}.`;
  return `${brackets} Underlined: proposed insertion. Struck through: proposed deletion. The proposing delegation follows in parentheses.`;
}

/**
 * The record of an adoption in words, one line each: when, where and by whom; the delegations; the
 * integrity hash. Empty for a text that is not adopted.
 */
export function adoptionLines(rendition: Rendition): string[] {
  const adoption = rendition.adoption;
  if (!adoption) return [];
  let first = `Adopted on ${longDate(adoption.adoptedAt, rendition.timeZone)}`;
  const venue = adoption.venue ?? rendition.venue;
  if (venue) first += ` at ${venue}`;
  if (rendition.timeZone !== 'UTC' || venue) first += ` (${offsetName(new Date(adoption.adoptedAt), rendition.timeZone)})`;
  if (adoption.body) first += ` by ${adoption.body}`;
  const lines = [`${first}.`];
  if (adoption.delegations.length) lines.push(`Delegations: ${adoption.delegations.map((d) => `${d.name} (${d.code})`).join(', ')}.`);
  lines.push(`SHA-256 of the canonical text: ${adoption.hash}`);
  return lines;
}

/** A symbol as a file or URI name: "SOMTC/2019/L.1/Rev.2" -> "SOMTC-2019-L.1-Rev.2"; safe characters only. */
export function symbolStem(symbol: string): string {
  const stem = symbol
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return stem.slice(0, 120) || 'declaration';
}

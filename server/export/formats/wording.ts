import type { Attribution, Rendition, RenditionClause, RenditionComment, RenditionThread } from '../rendition.js';
import type { ProposalSummary } from './spans.js';
import { localDateTimeInput, localDay, longDate as zonedLongDate, offsetName } from '../../../shared/time.js';

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

/**
 * "MYS; supported by IDN, THA; opposed by SGP": a proposal's attribution as a compilation text
 * prints it inline, in parentheses after the proposed words (the amendments panel's own order).
 */
export function inlineAttribution(a: Attribution): string {
  return `${proposerOf(a)}${positionsSuffix(a)}`;
}

/** "; supported by IDN, THA; opposed by SGP", or "" when nobody has taken a position. */
export function positionsSuffix(a: Attribution): string {
  let out = '';
  if (a.supporters.length) out += `; supported by ${a.supporters.join(', ')}`;
  if (a.opponents.length) out += `; opposed by ${a.opponents.join(', ')}`;
  return out;
}

/** "Agreed", "Agreed ad referendum", "" for an open paragraph or a clean text. */
export function statusText(status: Rendition['clauses'][number]['status']): string {
  if (status === 'agreed') return 'Agreed';
  if (status === 'adRef') return 'Agreed ad referendum';
  return '';
}

/** “words”, on one line: how the notes of a compilation text quote the words they are about. */
export function quoted(text: string): string {
  return `\u201c${oneLine(text)}\u201d`;
}

/** Text with its runs of whitespace as single spaces, trimmed (kept as it is if nothing else is left). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim() || text;
}

/** "(Delegate of Viet Nam, 5 August 2019)", "(5 August 2019)", or "" when neither is known. */
function byline(a: Attribution, timeZone: string): string {
  const parts = [a.author, a.at ? longDate(a.at, timeZone) : null].filter((p): p is string => !!p);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** A sentence with its full stop, unless the words already end one ("Kept as drafted." stays as it is). */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * A whole-paragraph proposal as negotiators say it: "VNM proposes a new paragraph OP4bis (Delegate of
 * Viet Nam, 5 August 2019). Supported by IDN. Opposed by SGP." or "SGP proposes deleting PP9 (...)."
 */
export function paragraphProposalText(clause: Pick<RenditionClause, 'label' | 'proposal'>, timeZone: string): string {
  const p = clause.proposal;
  if (!p) return '';
  const what = p.kind === 'insertion' ? `proposes a new paragraph ${clause.label}` : `proposes deleting ${clause.label}`;
  return [sentence(`${proposerOf(p.by)} ${what}${byline(p.by, timeZone)}`), positionsText(p.by)].filter(Boolean).join(' ');
}

/**
 * A proposal inside a paragraph in words, with who supports and opposes it: "MYS proposes to replace
 * “Encourages” with “Urges” (Delegate of Malaysia, 5 August 2019). Supported by IDN. Opposed by SGP."
 * Words proposed in several places are joined by " … ".
 */
export function proposalText(p: ProposalSummary, timeZone: string): string {
  const inserted = quoted(p.inserted.join(' … '));
  const deleted = quoted(p.deleted.join(' … '));
  let what: string;
  if (p.inserted.length && p.deleted.length) what = `proposes to replace ${deleted} with ${inserted}`;
  else if (p.inserted.length) what = `proposes to insert ${inserted}`;
  else what = `proposes to delete ${deleted}`;
  return [sentence(`${proposerOf(p.by)} ${what}${byline(p.by, timeZone)}`), positionsText(p.by)].filter(Boolean).join(' ');
}

/** "Open thread on “annually”", "Open thread on OP4" (a thread on the whole paragraph or on words now gone). */
export function threadHeading(thread: RenditionThread, label: string): string {
  const on = thread.quote ? quoted(thread.quote.text) : label;
  return `${thread.status === 'open' ? 'Open' : 'Resolved'} thread on ${on}`;
}

/**
 * A resolved thread in one line, which is all a negotiator needs of it: what it was about and how it
 * ended. "Resolved thread on “annually”: merged with OP5." ("..., 3 comments." without a note.)
 */
export function resolvedThreadText(thread: RenditionThread, label: string): string {
  const head = threadHeading(thread, label);
  if (thread.resolutionNote?.trim()) return `${head}: ${sentence(thread.resolutionNote.trim().replace(/\s+/g, ' '))}`;
  const n = thread.comments.length;
  return `${head} (${n} comment${n === 1 ? '' : 's'}).`;
}

/** "IDN — Budi Santoso, 5 August 2019, 10:15": who wrote a comment and when, in the venue's time. */
export function commentByline(c: RenditionComment, timeZone: string): string {
  const who = [c.delegation, c.author ?? 'former member'].filter((p): p is string => !!p).join(' — ');
  return `${who}, ${dayAndTime(c.at, timeZone)}`;
}

/** "5 August 2019, 10:15" in the document's time zone (named once, by timeZoneNote). */
export function dayAndTime(iso: string, timeZone: string): string {
  if (!parsed(iso)) return iso;
  return `${longDate(iso, timeZone)}, ${localDateTimeInput(iso, timeZone).slice(11, 16)}`;
}

/** "Times are in Asia/Jakarta time (UTC+07:00)." for a compilation text that shows comments. */
export function timeZoneNote(rendition: Rendition): string {
  const zone = rendition.timeZone === 'UTC' ? 'UTC' : `${rendition.timeZone} time (${offsetName(new Date(rendition.date), rendition.timeZone)})`;
  return `Times are in ${zone}.`;
}

/** Whether a draft carries any discussion, so that its legend names the time zone of comments. */
export function hasThreads(rendition: Rendition): boolean {
  return rendition.clauses.some((c) => c.threads.length > 0);
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
 * What a compilation text shows besides proposals, for its legend: where the status stands (`where`:
 * "beside" a label on a page, "after" it in a line of text), where the notes are, and the time zone
 * of their times when there are any.
 */
export function compilationLegend(rendition: Rendition, where: 'beside' | 'after'): string {
  const parts = [`A paragraph agreed, or agreed ad referendum, says so ${where} its label; notes and discussion follow their paragraph.`];
  if (hasThreads(rendition)) parts.push(timeZoneNote(rendition));
  return parts.join(' ');
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

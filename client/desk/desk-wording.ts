import type { Desk } from '../../shared/api/index.js';

/** The desk's summary in words: each number with the noun it counts, singular or plural as it is. */

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the text holds that waits on the chair, counted from the proposals and brackets in it. */
export interface DeskMarkTotals {
  totalAmendments: number;
  totalBrackets: number;
  totalAlternatives: number;
}

export function deskHeadline(desk: Pick<Desk, 'counts' | 'total'>): string {
  const { agreed, adRef } = desk.counts;
  return `${agreed} of ${plural(desk.total, 'paragraph')} agreed, ${adRef} agreed ad referendum`;
}

/**
 * The line under the headline, each number saying what it counts: "2 paragraphs still open · 3 open
 * threads, 2 waiting for the chair's answer · 1 amendment waiting for the chair's decision · 4 square
 * brackets". "Waiting for the chair's answer" counts open threads whose last word is not the chair's.
 */
export function deskTally(desk: Pick<Desk, 'counts' | 'openThreads' | 'unanswered'>, marks: DeskMarkTotals | null): string {
  const threads = `${plural(desk.openThreads, 'open thread')}${desk.unanswered ? `, ${desk.unanswered === desk.openThreads && desk.unanswered > 1 ? 'all' : desk.unanswered} waiting for the chair's answer` : ''}`;
  const parts = [`${plural(desk.counts.open, 'paragraph')} still open`, threads];
  if (marks) {
    parts.push(`${plural(marks.totalAmendments, 'amendment')} waiting for the chair's decision`, marks.totalBrackets ? plural(marks.totalBrackets, 'square bracket') : 'no square brackets');
    if (marks.totalAlternatives) parts.push(`${plural(marks.totalAlternatives, 'paragraph')} with alternatives`);
  }
  return parts.join(' · ');
}

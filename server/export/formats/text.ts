import { canonicalText, type Rendition, type RenditionClause, type Run } from '../rendition.js';
import { proposalsIn, spansOf } from './spans.js';
import { commentByline, hasThreads, paragraphProposalText, proposalText, resolvedThreadText, statusText, threadHeading, timeZoneNote } from './wording.js';

/**
 * Plain text. An adopted text is exported as exactly its canonical text, whose SHA-256 is the
 * integrity hash users check downloads against: nothing may be added to it. A draft reads like a
 * compilation text: the symbol, then every paragraph after its label (and its status, where it is
 * agreed), brackets as [..], proposed insertions as {+..+} and proposed deletions as {-..-}; after
 * each paragraph, indented, who proposes what with who supports and opposes it, then its discussion.
 */
export function renderText(rendition: Rendition): string {
  if (rendition.clean) return canonicalText(rendition);
  const lines: string[] = [rendition.symbol];
  if (rendition.title) lines.push(rendition.title);
  if (rendition.formula) lines.push(rendition.formula);
  for (const clause of rendition.clauses) {
    const status = statusText(clause.status);
    lines.push(`${clause.label}${status ? ` (${status})` : ''} ${compilationText(clause.runs)}`.trimEnd());
    for (const sub of clause.subclauses) lines.push(`${sub.label} ${compilationText(sub.runs)}`.trimEnd());
    lines.push(...notesText(clause, rendition.timeZone));
  }
  // Last, not after the formula, where it could be read as a paragraph of the text.
  if (hasThreads(rendition)) lines.push('', timeZoneNote(rendition));
  return lines.join('\n') + '\n';
}

const NOTE = '    ';
const COMMENT = '      ';
const CONTINUED = '        ';

/**
 * The notes after a paragraph, each indented under it: the whole-paragraph proposal in words, each
 * proposal in the paragraph, each open thread with its comments, each resolved thread in one line.
 */
function notesText(clause: RenditionClause, timeZone: string): string[] {
  const lines: string[] = [];
  if (clause.proposal) lines.push(NOTE + paragraphProposalText(clause, timeZone));
  const blocks = [clause.runs, ...clause.subclauses.map((s) => s.runs)];
  for (const p of proposalsIn(blocks, clause.proposal?.by.amendmentId ?? null)) lines.push(NOTE + proposalText(p, timeZone));
  for (const thread of clause.threads.filter((t) => t.status === 'open')) {
    lines.push(`${NOTE}${threadHeading(thread, clause.label)}:`);
    for (const c of thread.comments) {
      const [first = '', ...rest] = c.body.trim().split(/\r?\n/);
      lines.push(`${COMMENT}${commentByline(c, timeZone)}: ${first}`.trimEnd());
      for (const line of rest) lines.push(`${CONTINUED}${line}`.trimEnd());
    }
  }
  for (const thread of clause.threads.filter((t) => t.status !== 'open')) lines.push(NOTE + resolvedThreadText(thread, clause.label));
  return lines;
}

/** A paragraph's runs with brackets and proposals written out, as in a compilation text. */
export function compilationText(runs: readonly Run[]): string {
  let out = '';
  for (const span of spansOf(runs)) {
    let inner = '';
    for (const p of span.proposals) {
      let text = p.runs.map((r) => r.text).join('');
      if (p.deletion) text = `{-${text}-}`;
      if (p.insertion) text = `{+${text}+}`;
      inner += text;
    }
    out += span.bracket ? `[${inner}]` : inner;
  }
  return out.trim();
}

import type { Attribution, Rendition, RenditionClause, Run } from '../rendition.js';
import { attributed, sameAmendments, spansOf } from './spans.js';
import {
  adoptionLines,
  attributionText,
  commentByline,
  compilationLegend,
  draftLegend,
  paragraphProposalText,
  positionsSuffix,
  resolvedThreadText,
  stageLine,
  statusText,
  threadHeading,
} from './wording.js';

/**
 * Markdown (CommonMark). Each paragraph is one Markdown paragraph starting with its marker: a bold
 * label in a draft (**OP4bis**), the clean number with its dot escaped in an adopted text (4\.), so
 * that no renderer turns the paragraphs into a list and renumbers them. Proposals are CriticMarkup
 * ({++text++}{>>MYS — ...; supported by IDN; opposed by SGP<<}, {--text--}{>>...<<}); square
 * brackets are escaped literals (\[ \]), like every other Markdown punctuation in the text.
 *
 * A draft is a compilation text: an agreed paragraph's status follows its label in parentheses; after
 * the paragraph, block quotes tell a whole-paragraph proposal in words (its words are CriticMarkup
 * without a comment of their own), each open thread with its comments, each resolved one in a line.
 */
export function renderMarkdown(rendition: Rendition): string {
  const blocks: string[] = [];
  blocks.push(`**${escapeMarkdown(rendition.symbol)}**  \n${escapeMarkdown(stageLine(rendition))}`);
  blocks.push(`# ${escapeMarkdown(rendition.title) || 'Untitled'}`);
  if (rendition.formula) blocks.push(escapeLineStart(escapeMarkdown(rendition.formula)));
  if (!rendition.clean) {
    blocks.push(`*${escapeMarkdown(`${draftLegend('critic')} ${compilationLegend(rendition, 'after')}`)}*`);
  }
  const draft = !rendition.clean; // a clean text shows no negotiation, whatever its clauses hold
  for (const clause of rendition.clauses) {
    const except = clause.proposal?.by.amendmentId ?? null;
    const status = draft ? statusText(clause.status) : '';
    const label = marker(clause.marker, rendition.clean) + (status ? ` (**${escapeMarkdown(status)}**)` : '');
    blocks.push(paragraph(label, clause.runs, rendition.timeZone, except));
    for (const sub of clause.subclauses) blocks.push(paragraph(marker(rendition.clean ? sub.letter : sub.label, rendition.clean), sub.runs, rendition.timeZone, except));
    if (draft) blocks.push(...notes(clause, rendition.timeZone));
  }
  const adoption = adoptionLines(rendition);
  if (adoption.length) blocks.push('---', adoption.map(escapeMarkdown).join('  \n'));
  return blocks.join('\n\n') + '\n';
}

function marker(text: string, clean: boolean): string {
  if (!text) return '';
  return clean ? escapeLineStart(escapeMarkdown(text)) : `**${escapeMarkdown(text)}**`;
}

function paragraph(mark: string, runs: readonly Run[], timeZone: string, except: string | null): string {
  const body = inlineMarkdown(runs, timeZone, except);
  // An unnumbered paragraph starts with its own text, which must not read as a heading or a list.
  return mark ? `${mark} ${body}`.trimEnd() : escapeLineStart(body);
}

/** `except`: the whole-paragraph proposal's amendment, told once in a note instead of after each span. */
function inlineMarkdown(runs: readonly Run[], timeZone: string, except: string | null): string {
  let out = '';
  for (const span of spansOf(runs)) {
    let inner = '';
    span.proposals.forEach((p, i) => {
      let text = p.runs.map(formatted).join('');
      // A comment after the last of consecutive marks of one amendment: a replacement is attributed once.
      const next = span.proposals[i + 1];
      const last = !(next && sameAmendments(attributed(p, except), attributed(next, except)));
      const comment = (a: Attribution) => (a.amendmentId === except || !last ? '' : `{>>${escapeMarkdown(attributionText(a, timeZone) + positionsSuffix(a))}<<}`);
      if (p.deletion) text = `{--${text}--}${comment(p.deletion)}`;
      if (p.insertion) text = `{++${text}++}${comment(p.insertion)}`;
      inner += text;
    });
    out += span.bracket ? `\\[${inner}\\]` : inner;
  }
  return out.trim();
}

/** The notes after a paragraph, each a block quote of its own. */
function notes(clause: RenditionClause, timeZone: string): string[] {
  const out: string[] = [];
  if (clause.proposal) out.push(`> ${escapeLineStart(escapeMarkdown(paragraphProposalText(clause, timeZone)))}`);
  for (const thread of clause.threads.filter((t) => t.status === 'open')) {
    const lines = [`**${escapeMarkdown(threadHeading(thread, clause.label))}**`];
    for (const c of thread.comments) {
      lines.push('', `*${escapeMarkdown(commentByline(c, timeZone))}:*  `);
      // Each line of the comment on a quoted line of its own, with a hard break to keep its line breaks.
      const body = c.body.trim().split(/\r?\n/).map((line) => escapeLineStart(escapeMarkdown(line.trim())));
      lines.push(...body.map((line, i) => (i < body.length - 1 && line ? `${line}  ` : line)));
    }
    out.push(lines.map((line) => (line ? `> ${line}` : '>')).join('\n'));
  }
  for (const thread of clause.threads.filter((t) => t.status !== 'open')) out.push(`> ${escapeLineStart(escapeMarkdown(resolvedThreadText(thread, clause.label)))}`);
  return out;
}

/** A run with its emphasis; whitespace stays outside the delimiters, where CommonMark needs it. */
function formatted(run: Run): string {
  const text = escapeMarkdown(run.text.replace(/\s*\n\s*/g, ' '));
  const delimiter = `${run.bold ? '**' : ''}${run.italic ? '*' : ''}`;
  if (!delimiter || !text.trim()) return text;
  const [, lead = '', core = '', trail = ''] = /^(\s*)(.*?)(\s*)$/s.exec(text) ?? [];
  return `${lead}${delimiter}${core}${[...delimiter].reverse().join('')}${trail}`;
}

/**
 * Backslash-escapes Markdown punctuation. CriticMarkup tools mostly match {++ ... ++} with regular
 * expressions and ignore backslashes, so the sign next to a brace is escaped too: text holding
 * "{++" or "++}" can then neither open nor close a proposal.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>#|~&!]/g, '\\$&')
    .replace(/\\\{([+=-])/g, '\\{\\$1')
    .replace(/([+=-])\\\}/g, '\\$1\\}');
}

/** Escapes what would make the start of a line a list item, a heading underline or a block quote. */
function escapeLineStart(text: string): string {
  return text.replace(/^(\d+)([.)])/, '$1\\$2').replace(/^([-+=])/, '\\$1');
}

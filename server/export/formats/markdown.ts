import type { Rendition, Run } from '../rendition.js';
import { spansOf } from './spans.js';
import { adoptionLines, attributionText, draftLegend, stageLine } from './wording.js';

/**
 * Markdown (CommonMark). Each paragraph is one Markdown paragraph starting with its marker: a bold
 * label in a draft (**OP4bis**), the clean number with its dot escaped in an adopted text (4\.), so
 * that no renderer turns the paragraphs into a list and renumbers them. Proposals are CriticMarkup
 * ({++text++}{>>MYS — ...<<}, {--text--}{>>...<<}); square brackets are escaped literals (\[ \]),
 * like every other Markdown punctuation in the text.
 */
export function renderMarkdown(rendition: Rendition): string {
  const blocks: string[] = [];
  blocks.push(`**${escapeMarkdown(rendition.symbol)}**  \n${escapeMarkdown(stageLine(rendition))}`);
  blocks.push(`# ${escapeMarkdown(rendition.title) || 'Untitled'}`);
  if (rendition.formula) blocks.push(escapeLineStart(escapeMarkdown(rendition.formula)));
  if (!rendition.clean) blocks.push(`*${escapeMarkdown(draftLegend('critic'))}*`);
  for (const clause of rendition.clauses) {
    blocks.push(paragraph(marker(clause.marker, rendition.clean), clause.runs, rendition.timeZone));
    for (const sub of clause.subclauses) blocks.push(paragraph(marker(rendition.clean ? sub.letter : sub.label, rendition.clean), sub.runs, rendition.timeZone));
  }
  const adoption = adoptionLines(rendition);
  if (adoption.length) blocks.push('---', adoption.map(escapeMarkdown).join('  \n'));
  return blocks.join('\n\n') + '\n';
}

function marker(text: string, clean: boolean): string {
  if (!text) return '';
  return clean ? escapeLineStart(escapeMarkdown(text)) : `**${escapeMarkdown(text)}**`;
}

function paragraph(mark: string, runs: readonly Run[], timeZone: string): string {
  const body = inlineMarkdown(runs, timeZone);
  // An unnumbered paragraph starts with its own text, which must not read as a heading or a list.
  return mark ? `${mark} ${body}`.trimEnd() : escapeLineStart(body);
}

function inlineMarkdown(runs: readonly Run[], timeZone: string): string {
  let out = '';
  for (const span of spansOf(runs)) {
    let inner = '';
    for (const p of span.proposals) {
      let text = p.runs.map(formatted).join('');
      if (p.deletion) text = `{--${text}--}{>>${escapeMarkdown(attributionText(p.deletion, timeZone))}<<}`;
      if (p.insertion) text = `{++${text}++}{>>${escapeMarkdown(attributionText(p.insertion, timeZone))}<<}`;
      inner += text;
    }
    out += span.bracket ? `\\[${inner}\\]` : inner;
  }
  return out.trim();
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

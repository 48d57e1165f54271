import type { Attribution, Rendition, RenditionClause, RenditionThread, Run } from '../rendition.js';
import { attributed, sameAmendments, spansOf, type ProposalSpan } from './spans.js';
import {
  adoptionLines,
  attributionText,
  commentByline,
  compilationLegend,
  draftLegend,
  inlineAttribution,
  oneLine,
  paragraphProposalText,
  proposerOf,
  resolvedThreadText,
  stageLine,
  statusText,
} from './wording.js';
import { attributes, escapeXml } from './xml.js';

/**
 * A standalone HTML5 document with a print-friendly stylesheet. It is written as polyglot markup
 * (void elements self-closed, only XML's own entities), so it is also well-formed XML and any XML
 * parser can read it back. Every piece of text and every attribute goes through escapeXml.
 *
 * It states the text's language and direction, so that a screen reader speaks it in its language
 * and Arabic reads right to left, label on the right. The words around the text (stage, legend,
 * notes) are Accord's, in English, and say so. A draft is a compilation text: each paragraph's status
 * beside its label, each proposal's delegation with its supporters and opponents in parentheses
 * inline, a whole-paragraph proposal as one, and the open discussion after its paragraph.
 */
export function renderHtml(rendition: Rendition): string {
  const lang = { lang: rendition.language, 'xml:lang': rendition.language };
  const ctx: Context = { draft: !rendition.clean, timeZone: rendition.timeZone, english: englishAttrs(rendition), text: lang };
  const out: string[] = [];
  out.push('<!DOCTYPE html>');
  out.push(`<html${attributes({ xmlns: 'http://www.w3.org/1999/xhtml', ...lang, dir: rendition.direction })}>`);
  out.push('<head>');
  out.push('<meta charset="utf-8" />');
  out.push(`<meta name="generator" content="Accord" />`);
  out.push(`<title>${escapeXml(`${rendition.symbol} — ${rendition.title}`)}</title>`);
  out.push(`<style>${STYLESHEET}${pageMargins(rendition)}</style>`);
  out.push('</head>');
  out.push(`<body${attributes({ class: rendition.clean ? 'clean' : 'draft', 'data-stage': rendition.stage })}>`);
  out.push('<header>');
  out.push(`<p class="symbol">${escapeXml(rendition.symbol)}</p>`);
  out.push(`<p${attributes({ class: 'stage', ...ctx.english })}>${escapeXml(stageLine(rendition))}</p>`);
  out.push('</header>');
  out.push(`<h1>${escapeXml(rendition.title)}</h1>`);
  if (rendition.formula) out.push(`<p class="formula">${escapeXml(rendition.formula)}</p>`);
  if (!rendition.clean) {
    const legend = `${draftLegend('marked')} ${compilationLegend(rendition, 'beside')}`;
    out.push(`<p${attributes({ class: 'legend', ...ctx.english })}>${escapeXml(legend)}</p>`);
  }
  const preamble = rendition.clauses.filter((c) => c.kind === 'preambular');
  const operative = rendition.clauses.filter((c) => c.kind === 'operative');
  if (preamble.length) out.push('<section class="preamble">', ...preamble.map((c) => clauseHtml(c, ctx)), '</section>');
  if (operative.length) out.push('<section class="operative">', ...operative.map((c) => clauseHtml(c, ctx)), '</section>');
  const adoption = adoptionLines(rendition);
  if (adoption.length) out.push(`<footer${attributes({ class: 'adoption', ...ctx.english })}>`, ...adoption.map((line) => `<p>${escapeXml(line)}</p>`), '</footer>');
  out.push('</body>');
  out.push('</html>');
  return out.join('\n') + '\n';
}

type Attrs = Record<string, string>;

interface Context {
  /** Whether to show the negotiation: never in a clean text, whatever its clauses hold. */
  draft: boolean;
  timeZone: string;
  /** lang (and dir) for Accord's own English words inside a text in another language; empty in English. */
  english: Attrs;
  /** lang of the text itself, for its words quoted inside those English notes. */
  text: Attrs;
}

/**
 * Accord's English words in a text of another language carry lang="en", so that they are spoken in
 * English; in a right-to-left text they are also laid out left to right (dir isolates them), or their
 * closing full stops and parentheses would land at the wrong end.
 */
function englishAttrs(rendition: Rendition): Attrs {
  const attrs: Attrs = {};
  if (!/^en(-|$)/i.test(rendition.language)) Object.assign(attrs, { lang: 'en', 'xml:lang': 'en' });
  if (rendition.direction === 'rtl') attrs.dir = 'ltr';
  return attrs;
}

function clauseHtml(clause: RenditionClause, ctx: Context): string {
  const whole = ctx.draft ? clause.proposal : null;
  const classes = ['clause', clause.kind];
  const status = ctx.draft ? statusText(clause.status) : '';
  if (status) classes.push(`status-${clause.status}`);
  if (whole) classes.push(whole.kind === 'insertion' ? 'proposed-paragraph' : 'proposed-deletion');
  const parts = [
    `<div${attributes({
      class: classes.join(' '),
      id: `clause-${clause.id}`,
      'data-label': clause.label,
      'data-status': ctx.draft ? clause.status : null,
      'data-proposal': whole?.kind ?? null,
      'data-amendment': whole?.by.amendmentId || null,
      'data-delegation': whole ? proposerOf(whole.by) : null,
    })}>`,
  ];
  const except = whole?.by.amendmentId ?? null;
  const open = ctx.draft ? clause.threads.filter((t) => t.status === 'open') : [];
  const badge = status ? `<span${attributes({ class: 'status', ...ctx.english })}>${escapeXml(status)}</span> ` : '';
  // A paragraph without a marker (preambular, UN style, adopted) starts at the margin; any other hangs its marker.
  parts.push(`<p class="${clause.marker ? 'text' : 'text unmarked'}">${markerHtml(clause.marker)}${badge}${inlineHtml(clause.runs, ctx, except, open)}</p>`);
  for (const sub of clause.subclauses) {
    parts.push(`<p${attributes({ class: 'subclause', id: `subclause-${sub.id}`, 'data-label': sub.label })}>${markerHtml(sub.letter)}${inlineHtml(sub.runs, ctx, except, [])}</p>`);
  }
  const notes = ctx.draft ? notesHtml(clause, ctx) : '';
  if (notes) parts.push(notes);
  parts.push('</div>');
  return parts.join('\n');
}

function markerHtml(marker: string): string {
  return marker ? `<span class="marker">${escapeXml(marker)}</span> ` : '';
}

/**
 * A paragraph's words. Each proposal is <ins> or <del> followed by its attribution in parentheses as
 * real text (not generated content, which could neither be copied nor be kept off the words in
 * print); the whole-paragraph proposal (`except`) is attributed once, in the notes.
 */
function inlineHtml(runs: readonly Run[], ctx: Context, except: string | null, threads: readonly RenditionThread[]): string {
  const quote = quoteMarker(threads);
  let offset = 0;
  let out = '';
  for (const span of spansOf(runs)) {
    let inner = '';
    span.proposals.forEach((p, i) => {
      let html = p.runs
        .map((run) => {
          const html = runHtml(run, offset, quote);
          offset += run.text.length;
          return html;
        })
        .join('');
      if (p.deletion) html = changeHtml('del', 'Proposed deletion', p.deletion, html, ctx.timeZone);
      if (p.insertion) html = changeHtml('ins', 'Proposed insertion', p.insertion, html, ctx.timeZone);
      inner += html;
      const by = attributed(p, except);
      const next = span.proposals[i + 1];
      if (by.length && !(next && sameAmendments(by, attributed(next, except)))) inner += attributionHtml(p, by, ctx, /\s$/.test(p.runs.at(-1)?.text ?? ''));
    });
    out += span.bracket
      ? `<span${attributes({ class: 'bracket', 'data-bracket': span.bracket.id, 'data-group': span.bracket.group, 'data-option': span.bracket.option })}>[${inner}]</span>`
      : inner;
  }
  return out;
}

/**
 * " (MYS; supported by IDN; opposed by SGP)", and for text one inserts and another strikes, both. When
 * the proposed words end with a space ("annually "), the space is theirs: the attribution follows it,
 * and a space of its own keeps it off the next word.
 */
function attributionHtml(p: ProposalSpan, by: readonly Attribution[], ctx: Context, endsWithSpace: boolean): string {
  const text = by.map((a) => (a === p.deletion && p.insertion && by.length === 2 ? `struck by ${inlineAttribution(a)}` : inlineAttribution(a))).join('; ');
  const span = `<span${attributes({ class: 'attribution', ...ctx.english })}>(${escapeXml(text)})</span>`;
  return endsWithSpace ? `${span} ` : ` ${span}`;
}

function changeHtml(tag: 'ins' | 'del', what: string, a: Attribution, inner: string, timeZone: string): string {
  const attrs = attributes({
    'data-delegation': proposerOf(a),
    'data-amendment': a.amendmentId || null,
    'data-author': a.author,
    datetime: a.at,
    title: `${what} by ${attributionText(a, timeZone)}`,
  });
  return `<${tag}${attrs}>${inner}</${tag}>`;
}

/** The open threads quoting words of a paragraph, by the character ranges they quote. */
type QuoteMarker = (from: number, to: number) => { from: number; to: number; threads: string[] }[];

function quoteMarker(threads: readonly RenditionThread[]): QuoteMarker {
  const quotes = threads.flatMap((t) => (t.quote && t.quote.end > t.quote.start ? [{ id: t.id, ...t.quote }] : []));
  return (from, to) => {
    // Cut [from, to) wherever a quote starts or ends, and say which threads cover each piece.
    const cuts = new Set([from, to]);
    for (const q of quotes) for (const at of [q.start, q.end]) if (at > from && at < to) cuts.add(at);
    const points = [...cuts].sort((a, b) => a - b);
    return points.slice(0, -1).map((start, i) => {
      const end = points[i + 1]!;
      return { from: start, to: end, threads: quotes.filter((q) => q.start < end && q.end > start).map((q) => q.id) };
    });
  };
}

/** A run's text, with the words an open thread quotes marked (on screen; print leaves them plain). */
function runHtml(run: Run, offset: number, quote: QuoteMarker): string {
  let html = quote(offset, offset + run.text.length)
    .map((piece) => {
      const text = escapeXml(run.text.slice(piece.from - offset, piece.to - offset));
      if (!piece.threads.length) return text;
      return `<mark${attributes({ class: 'quoted', 'data-threads': piece.threads.join(' ') })}>${text}</mark>`;
    })
    .join('');
  if (run.italic) html = `<em>${html}</em>`;
  if (run.bold) html = `<strong>${html}</strong>`;
  return html;
}

/**
 * What a negotiator reads after a paragraph: the whole-paragraph proposal in words, then each open
 * thread in full (the quoted words, every comment with its delegation, author and local time), then
 * each resolved thread in one line (how it ended). Empty for a clean text.
 */
function notesHtml(clause: RenditionClause, ctx: Context): string {
  const notes: string[] = [];
  if (clause.proposal) notes.push(`<p class="note proposal">${escapeXml(paragraphProposalText(clause, ctx.timeZone))}</p>`);
  for (const thread of clause.threads.filter((t) => t.status === 'open')) notes.push(threadHtml(thread, clause.label, ctx));
  for (const thread of clause.threads.filter((t) => t.status !== 'open')) {
    notes.push(`<p${attributes({ class: 'note thread resolved', id: `thread-${thread.id}` })}>${escapeXml(resolvedThreadText(thread, clause.label))}</p>`);
  }
  if (!notes.length) return '';
  return [`<aside${attributes({ class: 'notes', 'aria-label': `Notes on ${clause.label}`, ...ctx.english })}>`, ...notes, '</aside>'].join('\n');
}

function threadHtml(thread: RenditionThread, label: string, ctx: Context): string {
  // The quoted words are the text's own: they keep its language and direction inside the English,
  // and the quotation marks stay outside them, where the English puts them.
  const on = thread.quote ? `“<bdi${attributes({ class: 'quote', ...ctx.text })}>${escapeXml(oneLine(thread.quote.text))}</bdi>”` : escapeXml(label);
  const out = [`<section${attributes({ class: 'thread open', id: `thread-${thread.id}` })}>`, `<p class="thread-head">Open thread on ${on}</p>`];
  if (thread.comments.length) {
    out.push('<ol class="comments">');
    for (const c of thread.comments) {
      out.push(`<li class="comment"><span class="byline">${escapeXml(commentByline(c, ctx.timeZone))}:</span> <span class="body" dir="auto">${bodyHtml(c.body)}</span></li>`);
    }
    out.push('</ol>');
  }
  out.push('</section>');
  return out.join('\n');
}

/** A comment's plain text, its line breaks kept. */
function bodyHtml(body: string): string {
  return body
    .trim()
    .split(/\r?\n/)
    .map((line) => escapeXml(line))
    .join('<br />');
}

/**
 * On paper, every page bears its number at the bottom and, after the first (whose header has it), the
 * symbol at the top, on the side a reader of the language starts from, as a circulated document does.
 */
function pageMargins(rendition: Rendition): string {
  const top = rendition.direction === 'rtl' ? 'top-left' : 'top-right';
  return `@page { @${top} { content: ${cssString(rendition.symbol)}; font: bold 9pt "Times New Roman", Times, serif; } @bottom-center { content: counter(page) " / " counter(pages); font: 9pt "Times New Roman", Times, serif; } }\n@page :first { @${top} { content: none; } }\n`;
}

/**
 * A CSS string of any text, every character but letters, digits and a few safe signs written as a
 * hex escape: nothing in it can end the string or the rule, and it holds no "<", "&" or brackets.
 */
function cssString(text: string): string {
  let out = '';
  for (const ch of text) out += /^[A-Za-z0-9 ./_-]$/.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16)} `;
  return `"${out}"`;
}

// No "<" or "&" in here: the stylesheet must stay well-formed XML text as it is. No square brackets
// either (attribute selectors): a clean text's words hold none, and readers check that on the page's text.
// Logical properties (inline-start, end) so that a right-to-left text mirrors: label on the right.
// No inline-block may inherit the paragraph's negative text-indent (it would pull its own text out
// of its box, over the words before it or off the page): each one resets it.
const STYLESHEET = `
@page { size: A4; margin: 2.5cm; }
body { font-family: "Times New Roman", Times, "Noto Naskh Arabic", "DejaVu Serif", serif; font-size: 12pt; line-height: 1.45; color: #111; max-width: 42em; margin: 2em auto; padding: 0 1em; }
header { text-align: end; font-size: 10pt; }
header p { margin: 0; }
header:dir(rtl) p { text-align: left; }
.symbol { font-weight: bold; }
h1 { font-size: 14pt; text-align: center; margin: 1.5em 0 1em; }
.formula { margin: 1em 0; }
.legend { font-size: 9pt; color: #555; border-inline-start: 2px solid #bbb; padding-inline-start: 0.6em; }
.clause { margin: 0 0 0.8em; }
.clause p { margin: 0 0 0.4em; }
.clause .text { padding-inline-start: 4em; text-indent: -4em; }
.text.unmarked { text-indent: 0; padding-inline-start: 0; }
/* The marker and the space after it (about 0.25em) make up the 4em of the hanging indent. */
.marker { display: inline-block; min-width: 3.75em; text-indent: 0; font-weight: normal; }
.draft .marker { font-weight: bold; }
.subclause { padding-inline-start: 6.5em; text-indent: -2.5em; }
.subclause .marker { min-width: 2.25em; }
.bracket { color: #7a3d00; }
ins { text-decoration: underline; color: #0b5394; }
del { text-decoration: line-through; color: #990000; }
ins, del { text-decoration-thickness: 1px; }
.attribution { font-style: italic; font-size: 85%; color: #555; }
/* English inside right-to-left text: kept on one line where it fits, so it never reads broken in two. */
.clause:dir(rtl) .attribution { display: inline-block; text-indent: 0; }
.status { font-size: 80%; font-weight: bold; border: 1px solid #2e7d32; color: #2e7d32; border-radius: 3px; padding: 0 0.3em; white-space: nowrap; }
.status-adRef .status { border-color: #9a6700; color: #9a6700; }
.proposed-paragraph > p .marker { text-decoration: underline; color: #0b5394; }
.proposed-deletion > p .marker { text-decoration: line-through; color: #990000; }
mark.quoted { background: #fff3bf; color: inherit; }
/* In line with the paragraph's text: 4em of its 12pt. */
.notes { font-size: 10pt; line-height: 1.35; color: #333; margin: 0.3em 0 0; margin-inline-start: 48pt; padding-inline-start: 0.6em; border-inline-start: 2px solid #ccc; }
.preambular .notes { margin-inline-start: 0; }
.notes p, .notes ol { margin: 0 0 0.25em; }
.note.proposal { font-style: italic; }
.thread-head { font-weight: bold; }
.comments { list-style: none; padding: 0; }
.comment { margin: 0 0 0.2em; }
.byline { font-style: italic; }
.thread.resolved { color: #666; }
footer.adoption { margin-top: 2em; border-top: 1px solid #999; padding-top: 0.5em; font-size: 10pt; overflow-wrap: anywhere; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  ins, del, .bracket, .attribution, .notes, .legend, .proposed-paragraph > p .marker, .proposed-deletion > p .marker { color: #000; }
  .status, .status-adRef .status { color: #000; border-color: #000; }
  mark.quoted { background: none; }
  .clause .text, .subclause { break-inside: avoid; }
  .notes { break-before: avoid; }
  .thread-head { break-after: avoid; }
  .comment, .note { break-inside: avoid; }
  h1, header { break-after: avoid; }
}
`;

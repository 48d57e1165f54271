import type { Rendition, RenditionClause, Run } from '../rendition.js';
import { spansOf, type ProposalSpan } from './spans.js';
import { adoptionLines, attributionText, draftLegend, proposerOf, stageLine } from './wording.js';
import { attributes, escapeXml } from './xml.js';

/**
 * A standalone HTML5 document with a print-friendly stylesheet. It is written as polyglot markup
 * (void elements self-closed, only XML's own entities), so it is also well-formed XML and any XML
 * parser can read it back. Every piece of text and every attribute goes through escapeXml.
 */
export function renderHtml(rendition: Rendition): string {
  const out: string[] = [];
  out.push('<!DOCTYPE html>');
  out.push('<html xmlns="http://www.w3.org/1999/xhtml" lang="en">');
  out.push('<head>');
  out.push('<meta charset="utf-8" />');
  out.push(`<meta name="generator" content="Accord" />`);
  out.push(`<title>${escapeXml(`${rendition.symbol} — ${rendition.title}`)}</title>`);
  out.push(`<style>${STYLESHEET}</style>`);
  out.push('</head>');
  out.push(`<body${attributes({ class: rendition.clean ? 'clean' : 'draft', 'data-stage': rendition.stage })}>`);
  out.push('<header>');
  out.push(`<p class="symbol">${escapeXml(rendition.symbol)}</p>`);
  out.push(`<p class="stage">${escapeXml(stageLine(rendition))}</p>`);
  out.push('</header>');
  out.push(`<h1>${escapeXml(rendition.title)}</h1>`);
  if (rendition.formula) out.push(`<p class="formula">${escapeXml(rendition.formula)}</p>`);
  if (!rendition.clean) out.push(`<p class="legend">${escapeXml(draftLegend('marked'))}</p>`);
  const preamble = rendition.clauses.filter((c) => c.kind === 'preambular');
  const operative = rendition.clauses.filter((c) => c.kind === 'operative');
  if (preamble.length) out.push('<section class="preamble">', ...preamble.map((c) => clauseHtml(c, rendition.timeZone)), '</section>');
  if (operative.length) out.push('<section class="operative">', ...operative.map((c) => clauseHtml(c, rendition.timeZone)), '</section>');
  const adoption = adoptionLines(rendition);
  if (adoption.length) out.push('<footer class="adoption">', ...adoption.map((line) => `<p>${escapeXml(line)}</p>`), '</footer>');
  out.push('</body>');
  out.push('</html>');
  return out.join('\n') + '\n';
}

function clauseHtml(clause: RenditionClause, timeZone: string): string {
  const parts = [`<div${attributes({ class: `clause ${clause.kind}`, id: `clause-${clause.id}`, 'data-label': clause.label })}>`];
  parts.push(`<p class="text">${markerHtml(clause.marker)}${inlineHtml(clause.runs, timeZone)}</p>`);
  for (const sub of clause.subclauses) {
    parts.push(`<p${attributes({ class: 'subclause', id: `subclause-${sub.id}`, 'data-label': sub.label })}>${markerHtml(sub.letter)}${inlineHtml(sub.runs, timeZone)}</p>`);
  }
  parts.push('</div>');
  return parts.join('\n');
}

function markerHtml(marker: string): string {
  return marker ? `<span class="marker">${escapeXml(marker)}</span> ` : '';
}

function inlineHtml(runs: readonly Run[], timeZone: string): string {
  let out = '';
  for (const span of spansOf(runs)) {
    const inner = span.proposals.map((p) => proposalHtml(p, timeZone)).join('');
    out += span.bracket
      ? `<span${attributes({ class: 'bracket', 'data-bracket': span.bracket.id, 'data-group': span.bracket.group, 'data-option': span.bracket.option })}>[${inner}]</span>`
      : inner;
  }
  return out;
}

function proposalHtml(p: ProposalSpan, timeZone: string): string {
  let html = p.runs.map(runHtml).join('');
  if (p.deletion) html = changeHtml('del', 'Proposed deletion', p.deletion, html, timeZone);
  if (p.insertion) html = changeHtml('ins', 'Proposed insertion', p.insertion, html, timeZone);
  return html;
}

function changeHtml(tag: 'ins' | 'del', what: string, a: NonNullable<ProposalSpan['insertion']>, inner: string, timeZone: string): string {
  const attrs = attributes({
    'data-delegation': proposerOf(a),
    'data-amendment': a.amendmentId || null,
    'data-author': a.author,
    datetime: a.at,
    title: `${what} by ${attributionText(a, timeZone)}`,
  });
  return `<${tag}${attrs}>${inner}</${tag}>`;
}

function runHtml(run: Run): string {
  let html = escapeXml(run.text);
  if (run.italic) html = `<em>${html}</em>`;
  if (run.bold) html = `<strong>${html}</strong>`;
  return html;
}

// No "<" or "&" in here: the stylesheet must stay well-formed XML text as it is.
const STYLESHEET = `
@page { size: A4; margin: 2.5cm 2.5cm 2.5cm 2.5cm; }
body { font-family: "Times New Roman", Times, serif; font-size: 12pt; line-height: 1.45; color: #111; max-width: 42em; margin: 2em auto; padding: 0 1em; }
header { text-align: right; font-size: 10pt; }
header p { margin: 0; }
.symbol { font-weight: bold; }
h1 { font-size: 14pt; text-align: center; margin: 1.5em 0 1em; }
.formula { margin: 1em 0; }
.legend { font-size: 9pt; color: #555; border-left: 2px solid #bbb; padding-left: 0.6em; }
.clause { margin: 0 0 0.8em; }
.clause p { margin: 0 0 0.4em; }
.clause .text { padding-left: 4em; text-indent: -4em; }
.preambular .text { text-indent: 0; padding-left: 0; }
.preambular .text .marker { margin-right: 0.5em; }
.marker { display: inline-block; min-width: 3.5em; font-weight: normal; }
.draft .marker { font-weight: bold; }
.subclause { padding-left: 6.5em; text-indent: -2.5em; }
.subclause .marker { min-width: 2em; }
.bracket { color: #7a3d00; }
ins { text-decoration: underline; color: #0b5394; }
del { text-decoration: line-through; color: #990000; }
ins, del { text-decoration-thickness: 1px; }
ins::after, del::after { content: " (" attr(data-delegation) ")"; font-style: italic; font-size: 85%; color: #555; text-decoration: none; display: inline-block; }
footer.adoption { margin-top: 2em; border-top: 1px solid #999; padding-top: 0.5em; font-size: 10pt; overflow-wrap: anywhere; }
@media print { body { max-width: none; margin: 0; padding: 0; } ins, del { color: inherit; } }
`;

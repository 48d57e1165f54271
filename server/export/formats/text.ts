import { canonicalText, type Rendition, type Run } from '../rendition.js';
import { spansOf } from './spans.js';

/**
 * Plain text. An adopted text is exported as exactly its canonical text, whose SHA-256 is the
 * integrity hash users check downloads against: nothing may be added to it. A draft reads like a
 * compilation text: the symbol, then every paragraph after its label, brackets as [..], proposed
 * insertions as {+..+} and proposed deletions as {-..-}.
 */
export function renderText(rendition: Rendition): string {
  if (rendition.clean) return canonicalText(rendition);
  const lines: string[] = [rendition.symbol];
  if (rendition.title) lines.push(rendition.title);
  if (rendition.formula) lines.push(rendition.formula);
  for (const clause of rendition.clauses) {
    lines.push(`${clause.label} ${compilationText(clause.runs)}`.trimEnd());
    for (const sub of clause.subclauses) lines.push(`${sub.label} ${compilationText(sub.runs)}`.trimEnd());
  }
  return lines.join('\n') + '\n';
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

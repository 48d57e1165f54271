import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ClauseDraft, DeclarationDraft } from '../../shared/editor/content.js';

/**
 * The long declaration the benchmarks type into (bench:browser in Chromium, bench:collab's keystroke in
 * Node): paragraphs made of sentences from real meetings' press releases. No side effects on import.
 */

/** Sentences of the ASEAN press releases in /work/shared/seeds, the raw material of realistic paragraphs. */
export function seedSentences(): string[] {
  const dir = process.env.SEEDS_DIR ?? '/work/shared/seeds';
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  return text
    .split(/(?<=[.;])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 40);
}

const PREAMBULAR_LEADS = ['Recalling', 'Noting with concern', 'Reaffirming', 'Recognising', 'Welcoming', 'Mindful'];
const OPERATIVE_LEADS = ['Encourage', 'Call upon', 'Stress', 'Agree', 'Task', 'Request', 'Decide', 'Urge'];

/** A declaration of `size` paragraphs (a sixth preambular) of about 255 characters each, as the 77k in 300. */
export function benchDraft(size: number, marker: string): DeclarationDraft {
  const sentences = seedSentences();
  let next = 0;
  const paragraph = (lead: string): ClauseDraft => {
    let text = '';
    while (text.length < 240) text += `${text ? ' ' : ''}${sentences[next++ % sentences.length]!}`;
    return { lead, text: `${text.slice(0, 255).replace(/\s\S*$/, '')};` };
  };
  const preambles = Math.max(2, Math.round(size / 6));
  return {
    title: `Declaration on Regional Cooperation ${marker}`,
    formula: 'We, the Ministers of the ASEAN Member States,',
    preambular: Array.from({ length: preambles }, (_, i) => paragraph(PREAMBULAR_LEADS[i % PREAMBULAR_LEADS.length]!)),
    operative: Array.from({ length: size - preambles }, (_, i) => paragraph(OPERATIVE_LEADS[i % OPERATIVE_LEADS.length]!)),
  };
}

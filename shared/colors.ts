/**
 * The colour of a mark, a caret or a name whose author is in no delegation, or whose delegation's
 * colour is unknown: a neutral slate. The client's stylesheets restate it once, as
 * --delegation-neutral in client/styles/tokens.css, for the CSS fallbacks of var(--delegation-color).
 */
export const NEUTRAL_COLOR = '#5b6470';

/** The ground the text is written on (--surface, --white in client/styles/tokens.css). */
export const PAPER_COLOR = '#ffffff';

/** WCAG 2 (1.4.3, level AA): body text keeps at least this contrast with its ground. */
export const MIN_TEXT_CONTRAST = 4.5;

/**
 * How much of the delegation's colour tints the ground of a proposed insertion
 * (the 9% of `ins[data-amendment]` in client/styles/amendment-marks.css).
 */
export const PROPOSAL_TINT = 0.09;

/**
 * The colours the secretariat picks from for a new delegation: distinct hues, each dark enough to
 * carry white initials on an avatar. Any other #rrggbb may still be typed in.
 */
export const DELEGATION_PALETTE = ['#1d6fb8', '#c0392b', '#1e8449', '#8e44ad', '#d35400', '#117a65', '#b7950b', '#2e4053', '#a93266', '#5d6d7e'] as const;

const HEX = /^#[0-9a-fA-F]{6}$/;

export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX.test(value);
}

/** A colour as #rrggbb, or the neutral one for anything else (a hostile attribute must not reach a style). */
export function safeColor(value: unknown): string {
  return isHexColor(value) ? value.toLowerCase() : NEUTRAL_COLOR;
}

type Rgb = readonly [number, number, number];

function channels(hex: string): Rgb {
  const c = safeColor(hex);
  return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)];
}

function hexOf([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG 2's relative luminance of an sRGB colour: 0 for black, 1 for white. */
export function relativeLuminance(hex: string): number {
  const linear = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = channels(hex);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2's contrast ratio of two colours, from 1 (the same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [relativeLuminance(a), relativeLuminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `weight` of `a` and the rest of `b`, channel by channel in sRGB, as CSS's color-mix(in srgb, ...) does. */
export function mixColors(a: string, b: string, weight: number): string {
  const [x, y] = [channels(a), channels(b)];
  const mix = (i: 0 | 1 | 2) => x[i] * weight + y[i] * (1 - weight);
  return hexOf([mix(0), mix(1), mix(2)]);
}

/**
 * The colour itself if text in it reads on `ground` (4.5:1), else the same hue darkened, step by
 * step toward black, until it does: a light yellow delegation keeps a yellow-brown for its words.
 */
export function textTone(color: string, ground: string = PAPER_COLOR): string {
  const base = safeColor(color);
  for (let step = 50; step > 0; step--) {
    const tone = mixColors(base, '#000000', step / 50);
    if (contrastRatio(tone, ground) >= MIN_TEXT_CONTRAST) return tone;
  }
  return '#000000';
}

/** The tone of a delegation's proposed words, readable on the paper tinted by its own colour. */
export function delegationTextTone(color: string): string {
  return textTone(color, mixColors(safeColor(color), PAPER_COLOR, PROPOSAL_TINT));
}

/**
 * The custom properties a mark or a card in a delegation's colour carries: the colour itself (for
 * lines, borders, tints) and its text tone (for words). React takes the object; a ProseMirror
 * mark's `style` attribute takes `delegationStyle`.
 */
export function delegationVars(color: unknown): { '--delegation-color': string; '--delegation-text': string } {
  const c = safeColor(color);
  return { '--delegation-color': c, '--delegation-text': delegationTextTone(c) };
}

export function delegationStyle(color: unknown): string {
  return Object.entries(delegationVars(color))
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
}

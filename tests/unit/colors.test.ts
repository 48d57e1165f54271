import { describe, expect, it } from 'vitest';
import {
  DELEGATION_PALETTE,
  MIN_TEXT_CONTRAST,
  NEUTRAL_COLOR,
  PAPER_COLOR,
  PROPOSAL_TINT,
  contrastRatio,
  delegationStyle,
  delegationTextTone,
  delegationVars,
  mixColors,
  relativeLuminance,
  textTone,
} from '../../shared/colors.js';

/** Every colour a delegation has in the product, the tests and the demo, and some a secretariat might type. */
const COLOURS = [
  ...DELEGATION_PALETTE,
  NEUTRAL_COLOR,
  '#c0392b', '#1f6feb', '#8e44ad', // the test negotiation's MYS, IDN, PHL
  '#1d4ed8', '#b91c1c', '#7e22ce', '#0f766e', '#a16207', '#be185d', // the demo workspace
  '#ffffff', '#ffff00', '#00ff00', '#f1c40f', '#87ceeb', '#ff69b4', '#000000',
];

describe('delegation colours as text', () => {
  it('computes WCAG 2 contrast as the specification defines it', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 6);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 6);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#d3746b', '#ffffff')).toBeCloseTo(3.24, 2); // what axe measured for MYS's deletions before
  });

  it('mixes as color-mix(in srgb) does', () => {
    expect(mixColors('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mixColors('#c0392b', '#ffffff', 1)).toBe('#c0392b');
    expect(mixColors('#c0392b', '#ffffff', 0)).toBe('#ffffff');
  });

  it.each(COLOURS)('%s: its text tone reads at 4.5:1 on the paper and on the tint of a proposal in it', (colour) => {
    const tone = delegationTextTone(colour);
    expect(contrastRatio(tone, PAPER_COLOR)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    expect(contrastRatio(tone, mixColors(colour, PAPER_COLOR, PROPOSAL_TINT))).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    expect(contrastRatio(textTone(colour), PAPER_COLOR)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('keeps a colour that already reads, and darkens one that does not only as far as needed, in its own hue', () => {
    expect(textTone('#1d4ed8')).toBe('#1d4ed8');
    const yellow = textTone('#b7950b');
    expect(yellow).not.toBe('#b7950b');
    expect(contrastRatio(yellow, PAPER_COLOR)).toBeLessThan(MIN_TEXT_CONTRAST + 0.5);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(yellow.slice(i, i + 2), 16));
    expect(r! > b! && g! > b!).toBe(true);
  });

  it('never lets a value that is not a colour into a style', () => {
    expect(delegationVars('red; background: url(x)')).toEqual(delegationVars(NEUTRAL_COLOR));
    expect(delegationStyle('#C0392B')).toBe(`--delegation-color: #c0392b; --delegation-text: ${delegationTextTone('#c0392b')}`);
  });
});

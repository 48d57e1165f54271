import bidiFactory from 'bidi-js';
import { covers, faceOf, fallbacksFor, type Face, type Family } from '../fonts/index.js';

/**
 * Lines of text for the PDF, in every script Accord's fonts cover. pdfkit draws a string in one font
 * from left to right and wraps it on spaces; a declaration needs more:
 *
 * - each character in a font that has it: Latin, Greek and Cyrillic in Noto Serif, Arabic in Noto
 *   Naskh Arabic, Han and kana in Noto Serif SC, Hangul in Noto Serif KR. Punctuation, digits and
 *   spaces go with the script around them, combining marks with their base;
 * - Arabic shaped (fontkit joins the letters of a run it is given whole) and ordered right to left:
 *   the Unicode bidirectional algorithm (bidi-js) gives each character its level, and each line's
 *   runs are placed in visual order by rule L2;
 * - lines broken at spaces, and between the characters of Chinese and Japanese, which have none;
 * - a paragraph set from its start edge: the left in a left-to-right paragraph, the right in a
 *   right-to-left one.
 *
 * So this module lays lines out itself and hands pdfkit one run at a time, at a position it computed.
 * Runs are written in logical order (whatever their place on the line), so that a reader that takes
 * the content stream's order (pdf.js, copy and paste) reads the words in the order they were written.
 */

const bidi = bidiFactory();

export type Direction = 'ltr' | 'rtl';

export interface StyledText {
  text: string;
  /** A multiple of the block's size: attributions are set smaller than the words they follow. */
  scale?: number;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  color?: string;
}

export interface Block {
  runs: readonly StyledText[];
  size: number;
  /** The base direction of the bidirectional algorithm: the order of the runs of a mixed line. */
  direction: Direction;
  /** Where lines go in the box: an English paragraph of an Arabic text is left to right, set on the right. */
  align: 'left' | 'center' | 'right';
  /** The paragraph's box on the page. */
  left: number;
  width: number;
  /** How far from the edge it is aligned to the first line begins. */
  firstIndent?: number;
  /** Space added between lines. */
  leading?: number;
}

/** A stretch of one line in one style, one font and one bidi level. */
interface Piece {
  start: number;
  end: number;
  run: number;
  family: Family;
  level: number;
  width: number;
}

export interface Line {
  /** In logical order. */
  pieces: Piece[];
  /** Offset of each piece from the line's left end, in the order of `pieces`. */
  offsets: number[];
  width: number;
  /** Above and below the baseline. */
  ascent: number;
  descent: number;
  height: number;
}

export interface Paragraph {
  block: Block;
  /** The text as drawn: normalised, with characters no font has replaced. */
  text: string;
  lines: Line[];
  height: number;
}

// ---- characters --------------------------------------------------------------------------------------

type Kind = Family | 'neutral' | 'mark';

/** The family a character's script asks for; "neutral" for shared punctuation, digits and spaces. */
function kindOf(ch: string): Kind {
  if (/^[\p{M}\u200C\u200D]/u.test(ch)) return 'mark'; // marks and joiners belong to the character before
  if (/^\p{sc=Arabic}/u.test(ch)) return 'naskh';
  if (/^\p{sc=Hangul}/u.test(ch)) return 'serifKR';
  if (/^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Bopomofo}]/u.test(ch)) return 'serifSC';
  if (/^[\p{sc=Common}\p{sc=Inherited}]/u.test(ch)) return 'neutral';
  return 'serif';
}

/** Opening punctuation belongs with what follows it: "(" between Arabic and "MYS" is set with "MYS". */
const OPENING = /^[\p{Ps}\p{Pi}]/u;
/** Spaces a line may break at (the no-break spaces are not). */
const BREAKING_SPACE = /^[\p{Zs}]/u;
const NO_BREAK_SPACE = new Set(['\u00A0', '\u2007', '\u202F']);
/** Characters that are laid out, and broken, one by one: Han and kana. */
const IDEOGRAPHIC = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303F\uFF00-\uFFEF]/u;
/** Kinsoku: no line starts with these, nor ends with the opening ones. */
const NO_LINE_START = new Set([...'、。，．：；？！）」』】〕〉》〙〗〟ー・ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻,.;:!?)]}”’»%']);
const NO_LINE_END = new Set([...'（「『【〔〈《〘〖〝([{“‘«']);

function isBreakingSpace(ch: string): boolean {
  return BREAKING_SPACE.test(ch) && !NO_BREAK_SPACE.has(ch);
}

/**
 * The text of runs as it will be drawn, with the family of each UTF-16 unit and the run it came from.
 * Text is NFC (a font has "ệ", not always "e" with two marks placed right); tabs and line ends become
 * spaces; controls and invisible format characters that no font draws are dropped, and a character
 * no family has (an emoji) becomes U+FFFD, so it shows, and extracts, as a replacement character
 * rather than as a wrong glyph.
 */
export function prepare(runs: readonly StyledText[]): { text: string; families: Family[]; runOf: number[] } {
  const chars: { ch: string; run: number; kind: Kind }[] = [];
  runs.forEach((run, index) => {
    for (const raw of run.text.normalize('NFC')) {
      const ch = /^[\t\n\r\v\f\u2028\u2029]/.test(raw) ? ' ' : raw;
      if (/^[\p{Cc}\p{Cf}]/u.test(ch) && ch !== '\u200C' && ch !== '\u200D') continue; // bidi controls included: levels come from the text's own letters
      chars.push({ ch, run: index, kind: kindOf(ch) });
    }
  });

  // Neutrals take the family of the letters around them; marks that of their base.
  const strongBefore: (Family | null)[] = [];
  let last: Family | null = null;
  for (const c of chars) {
    strongBefore.push(last);
    if (c.kind !== 'neutral' && c.kind !== 'mark') last = c.kind;
  }
  const strongAfter: (Family | null)[] = new Array<Family | null>(chars.length).fill(null);
  let next: Family | null = null;
  for (let i = chars.length - 1; i >= 0; i--) {
    strongAfter[i] = next;
    const kind = chars[i]!.kind;
    if (kind !== 'neutral' && kind !== 'mark') next = kind;
  }

  let text = '';
  const families: Family[] = [];
  const runOf: number[] = [];
  let previous: Family = 'serif';
  chars.forEach((c, i) => {
    let family: Family;
    if (c.kind === 'mark') family = previous;
    else if (c.kind === 'neutral') {
      const before = strongBefore[i] ?? null;
      const after = strongAfter[i] ?? null;
      family = (OPENING.test(c.ch) ? (after ?? before) : (before ?? after)) ?? 'serif';
    } else family = c.kind;

    let ch = c.ch;
    const code = ch.codePointAt(0)!;
    if (!covers(family, code)) {
      const other = fallbacksFor(code).find((f) => covers(f, code));
      if (other) family = other;
      else if (c.kind === 'mark') return; // a joiner the font has no use for
      else {
        // An unusual space as the plain one it stands for (Noto Serif has both), anything else shown missing.
        ch = NO_BREAK_SPACE.has(ch) ? '\u00A0' : isBreakingSpace(ch) ? ' ' : '\uFFFD';
        family = 'serif';
      }
    }
    text += ch;
    for (let k = 0; k < ch.length; k++) {
      families.push(family);
      runOf.push(c.run);
    }
    previous = family;
  });
  return { text, families, runOf };
}

/** The direction of a text: right to left when most of its letters are. */
export function textDirection(text: string): Direction {
  let rtl = 0;
  let ltr = 0;
  for (const ch of text) {
    const type = bidi.getBidiCharTypeName(ch);
    if (type === 'R' || type === 'AL') rtl++;
    else if (type === 'L') ltr++;
  }
  return rtl > ltr ? 'rtl' : 'ltr';
}

/**
 * Where a line may break: units of text that stay on one line, each with its trailing spaces
 * ([contentEnd, end)). A unit is a word, or a single Han or kana character.
 */
export function breakUnits(text: string): { start: number; contentEnd: number; end: number }[] {
  const units: { start: number; contentEnd: number; end: number }[] = [];
  const chars = Array.from(text);
  let at = 0;
  let start = 0;
  let contentEnd = -1;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const prev = chars[i - 1];
    if (prev !== undefined) {
      const afterSpace = isBreakingSpace(prev) && !isBreakingSpace(ch);
      const ideographic =
        (IDEOGRAPHIC.test(prev) || IDEOGRAPHIC.test(ch)) && !isBreakingSpace(ch) && !isBreakingSpace(prev) && kindOf(ch) !== 'mark' && !NO_LINE_START.has(ch) && !NO_LINE_END.has(prev);
      if (afterSpace || ideographic) {
        units.push({ start, contentEnd: contentEnd < 0 ? at : contentEnd, end: at });
        start = at;
        contentEnd = -1;
      }
    }
    if (isBreakingSpace(ch)) {
      if (contentEnd < 0) contentEnd = at;
    } else contentEnd = -1;
    at += ch.length;
  }
  if (at > start) units.push({ start, contentEnd: contentEnd < 0 ? at : contentEnd, end: at });
  return units;
}

/** Rule L2 of the bidirectional algorithm over a line's pieces: their indices in visual order. */
export function visualOrder(levels: readonly number[]): number[] {
  const order = levels.map((_, i) => i);
  if (!levels.length) return order;
  const highest = Math.max(...levels);
  const lowest = Math.min(...levels);
  const lowestOdd = lowest % 2 ? lowest : lowest + 1;
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < order.length; ) {
      if (levels[order[i]!]! < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < order.length && levels[order[j]!]! >= level) j++;
      order.splice(i, j - i, ...order.slice(i, j).reverse());
      i = j;
    }
  }
  return order;
}

/**
 * How fontkit orders a run: right to left when its first character of a real script is Arabic (it
 * then shapes the run and reverses its glyphs). Our fonts draw no other right-to-left script.
 */
function fontkitReverses(text: string): boolean {
  const first = /[^\p{sc=Common}\p{sc=Inherited}\p{sc=Unknown}]/u.exec(text);
  return !!first && /^\p{sc=Arabic}/u.test(first[0]);
}

function reversed(text: string): string {
  return Array.from(text).reverse().join('');
}

// ---- layout ------------------------------------------------------------------------------------------

/** Lays out and draws paragraphs on one pdfkit document. */
export class Typesetter {
  private readonly registered = new Map<string, Face>();

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Breaks a paragraph into lines that fit its box. */
  layout(block: Block): Paragraph {
    const { text, families, runOf } = prepare(block.runs);
    const levels = text ? bidi.getEmbeddingLevels(text, block.direction).levels : new Uint8Array(0);
    const pieceOf = (start: number, end: number) => this.pieces(block, text, families, runOf, levels, start, end);
    const width = (start: number, end: number) => pieceOf(start, end).reduce((sum, p) => sum + p.width, 0);

    const units = breakUnits(text).flatMap((u) => this.fitting(block, text, u, width));
    const ranges: [number, number][] = [];
    let lineStart = -1;
    let lineEnd = 0;
    let used = 0;
    for (const unit of units) {
      const available = block.width - (ranges.length === 0 ? (block.firstIndent ?? 0) : 0);
      const content = width(unit.start, unit.contentEnd);
      if (lineStart >= 0 && used + content > available + 0.01) {
        ranges.push([lineStart, lineEnd]);
        lineStart = -1;
        used = 0;
      }
      if (lineStart < 0) lineStart = unit.start;
      lineEnd = unit.contentEnd;
      used += content + width(unit.contentEnd, unit.end);
    }
    if (lineStart >= 0) ranges.push([lineStart, lineEnd]);
    if (!ranges.length) ranges.push([0, 0]);

    const lines = ranges.map(([start, end]) => this.line(block, pieceOf(start, end)));
    return { block, text, lines, height: lines.reduce((sum, l) => sum + l.height, 0) };
  }

  /** Draws one line of a paragraph with the top of its box at `top`. */
  drawLine(paragraph: Paragraph, index: number, top: number): void {
    const { block, text } = paragraph;
    const line = paragraph.lines[index];
    if (!line) return;
    const indent = index === 0 ? (block.firstIndent ?? 0) : 0;
    let x: number;
    if (block.align === 'center') x = block.left + (block.width - line.width) / 2;
    else if (block.align === 'left') x = block.left + indent;
    else x = block.left + block.width - indent - line.width;
    const baseline = top + line.ascent;
    const serif = faceOf('serif', false, false).font;
    const em = block.size / serif.unitsPerEm;

    line.pieces.forEach((piece, i) => {
      const run = block.runs[piece.run]!;
      const face = faceOf(piece.family, !!run.bold, !!run.italic);
      const form = this.drawingForm(text.slice(piece.start, piece.end), piece.level);
      const left = x + line.offsets[i]!;
      const color = run.color ?? '#000000';
      this.use(face, block.size * (run.scale ?? 1));
      this.doc.fillColor(color).text(form.text, left, baseline, { lineBreak: false, baseline: 'alphabetic', features: form.features });
      const rules: number[] = [];
      if (run.underline) rules.push(baseline - serif.underlinePosition * em);
      if (run.strike) rules.push(baseline - serif['OS/2'].yStrikeoutPosition * em);
      for (const y of rules) {
        this.doc
          .save()
          .moveTo(left, y)
          .lineTo(left + piece.width, y)
          .lineWidth(Math.max(0.5, serif.underlineThickness * em))
          .strokeColor(color)
          .stroke()
          .restore();
      }
    });
  }

  /** Draws a whole paragraph from `top`, on the current page; returns the y below it. */
  draw(paragraph: Paragraph, top: number): number {
    let y = top;
    paragraph.lines.forEach((line, i) => {
      this.drawLine(paragraph, i, y);
      y += line.height;
    });
    return y;
  }

  /** A unit wider than a whole line (a long URL, a run of Han with no break allowed) is cut between graphemes. */
  private fitting(
    block: Block,
    text: string,
    unit: { start: number; contentEnd: number; end: number },
    width: (start: number, end: number) => number,
  ): { start: number; contentEnd: number; end: number }[] {
    if (width(unit.start, unit.contentEnd) <= block.width) return [unit];
    const out: { start: number; contentEnd: number; end: number }[] = [];
    let start = unit.start;
    let end = unit.start;
    for (const { segment, index } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.slice(unit.start, unit.contentEnd))) {
      const next = unit.start + index + segment.length;
      if (end > start && width(start, next) > block.width) {
        out.push({ start, contentEnd: end, end });
        start = end;
      }
      end = next;
    }
    out.push({ start, contentEnd: unit.contentEnd, end: unit.end });
    return out;
  }

  /** [start, end) cut where the style, the font or the bidi level changes, each piece measured. */
  private pieces(block: Block, text: string, families: Family[], runOf: number[], levels: Uint8Array, start: number, end: number): Piece[] {
    const out: Piece[] = [];
    let from = start;
    for (let i = start + 1; i <= end; i++) {
      if (i < end && runOf[i] === runOf[from] && families[i] === families[from] && levels[i] === levels[from]) continue;
      if (i > from) {
        const run = block.runs[runOf[from]!]!;
        const family = families[from]!;
        const level = levels[from] ?? 0;
        const form = this.drawingForm(text.slice(from, i), level);
        this.use(faceOf(family, !!run.bold, !!run.italic), block.size * (run.scale ?? 1));
        const width = this.doc.widthOfString(form.text, { features: form.features });
        out.push({ start: from, end: i, run: runOf[from]!, family, level, width });
      }
      from = i;
    }
    return out;
  }

  private line(block: Block, pieces: Piece[]): Line {
    const offsets = new Array<number>(pieces.length).fill(0);
    let x = 0;
    for (const i of visualOrder(pieces.map((p) => p.level))) {
      offsets[i] = x;
      x += pieces[i]!.width;
    }
    // As tall as its tallest piece: an Arabic or Han word makes its line taller, a smaller note does not.
    const sized = pieces.length ? pieces.map((p) => ({ family: p.family, scale: block.runs[p.run]!.scale ?? 1 })) : [{ family: 'serif' as Family, scale: 1 }];
    let ascent = 0;
    let descent = 0;
    for (const { family, scale } of sized) {
      const face = faceOf(family, false, false);
      const size = block.size * scale * face.scale;
      ascent = Math.max(ascent, (face.font.ascent / face.font.unitsPerEm) * size);
      descent = Math.max(descent, (-face.font.descent / face.font.unitsPerEm) * size);
    }
    return { pieces, offsets, width: x, ascent, descent, height: ascent + descent + (block.leading ?? 0) };
  }

  /**
   * What to hand pdfkit for a piece so that it comes out in the piece's direction. fontkit reverses a
   * run it lays out as Arabic; pdfkit lays text out word by word unless given features, so a run
   * fontkit reverses is given (default) features to be laid out, shaped and reversed whole. A run
   * whose direction differs from what fontkit would do (a neutral "(" at a right-to-left level,
   * Arabic-Indic digits at a left-to-right one) is reversed beforehand. Right to left, mirrored
   * characters swap: "(" draws as ")".
   */
  private drawingForm(text: string, level: number): { text: string; features: PDFKit.Mixins.OpenTypeFeatures[] | undefined } {
    const rtl = level % 2 === 1;
    let out = rtl ? Array.from(text, (ch) => bidi.getMirroredCharacter(ch) ?? ch).join('') : text;
    const fontkitRtl = fontkitReverses(out);
    if (fontkitRtl !== rtl) out = reversed(out);
    return { text: out, features: fontkitRtl ? [] : undefined };
  }

  /**
   * To be called once everything is drawn. pdfkit maps each glyph to the characters it stands for in
   * logical order; readers (poppler, pdf.js) put an Arabic line's glyphs back into logical order by
   * reversing them, characters of a ligature included, so lam-alef "لأ" would read "أل". A ligature
   * of the Arabic face (only ever drawn right to left) is therefore mapped in visual order.
   * This reaches into pdfkit: its fonts by registered name, each with `unicode`, by glyph of the subset.
   */
  finish(): void {
    const fonts = (this.doc as unknown as { _fontFamilies: Record<string, { unicode?: number[][] } | undefined> })._fontFamilies;
    for (const face of this.registered.values()) {
      if (face.family !== 'naskh') continue;
      const unicode = fonts[face.id]?.unicode;
      if (!unicode) continue;
      unicode.forEach((codePoints, gid) => {
        if (codePoints.length > 1) unicode[gid] = [...codePoints].reverse(); // a copy: the array is fontkit's glyph's own
      });
    }
  }

  private use(face: Face, size: number): void {
    if (!this.registered.has(face.id)) {
      this.doc.registerFont(face.id, face.bytes);
      this.registered.set(face.id, face);
    }
    this.doc.font(face.id).fontSize(size * face.scale);
  }
}

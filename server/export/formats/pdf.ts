import PDFDocument from 'pdfkit';
import type { Attribution, Rendition, Run } from '../rendition.js';
import { spansOf } from './spans.js';
import { adoptionLines, draftLegend, proposerOf, stageLine } from './wording.js';

/**
 * PDF with the standard Times fonts: A4, the symbol top right on every page, the title centred,
 * each paragraph's marker in a hanging indent, italic lead words, sub-paragraphs one step in, page
 * numbers in the footer. In a draft, brackets are literal "[" "]", a proposed insertion is
 * underlined and a proposed deletion struck through, each followed by the proposing delegation in
 * parentheses, so that the text still reads (and extracts) as a compilation text.
 *
 * Limitation: the standard PDF fonts are not embedded and only know WinAnsi (Latin-1 plus typographic
 * quotes, dashes, the euro sign ...). Characters outside it (CJK, emoji, most non-Latin scripts) are
 * printed as "?"; pdfkit itself would silently write wrong glyphs for them. A PDF that must show
 * them needs an embedded Unicode font; DOCX, HTML and the other formats keep every character.
 */

const MARGIN = 72; // 1 inch
const HANG = 54; // from a paragraph's marker to its text
const SUB_INDENT = 54; // a sub-paragraph's extra indent

type FontName = 'Times-Roman' | 'Times-Italic' | 'Times-Bold' | 'Times-BoldItalic';

interface Segment {
  text: string;
  font: FontName;
  underline: boolean;
  strike: boolean;
  color: string;
}

const BLACK = '#000000';
const INSERTED = '#0b5394';
const DELETED = '#990000';
const NOTE = '#555555';

export async function renderPdf(rendition: Rendition): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true, // page numbers and running headers are written once the page count is known
    font: 'Times-Roman',
    lang: 'en',
    info: {
      Title: winAnsi(rendition.title),
      Subject: winAnsi(rendition.symbol),
      Author: 'Accord',
      Creator: 'Accord',
      CreationDate: validDate(rendition.date),
    },
  });
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const width = doc.page.width - MARGIN * 2;
  doc.font('Times-Roman').fontSize(10).fillColor(NOTE).text(winAnsi(stageLine(rendition)), MARGIN, MARGIN, { width, align: 'right' });
  doc.moveDown(2);
  doc.font('Times-Bold').fontSize(14).fillColor(BLACK).text(winAnsi(rendition.title), MARGIN, doc.y, { width, align: 'center' });
  doc.moveDown(1.5);
  doc.fontSize(12);
  if (rendition.formula) {
    doc.font('Times-Roman').text(winAnsi(rendition.formula), MARGIN, doc.y, { width });
    doc.moveDown(0.8);
  }
  if (!rendition.clean) {
    doc.font('Times-Italic').fontSize(9).fillColor(NOTE).text(winAnsi(draftLegend('marked')), MARGIN, doc.y, { width });
    doc.fontSize(12).fillColor(BLACK).moveDown(0.8);
  }

  for (const clause of rendition.clauses) {
    paragraph(doc, { marker: clause.marker, bold: !rendition.clean, indent: 0, segments: segmentsOf(clause.runs) });
    for (const sub of clause.subclauses) paragraph(doc, { marker: sub.letter, bold: false, indent: SUB_INDENT, segments: segmentsOf(sub.runs) });
  }

  const adoption = adoptionLines(rendition);
  if (adoption.length) {
    doc.moveDown(1);
    keepRoom(doc, adoption.length + 1);
    const y = doc.y;
    doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(0.5).strokeColor(NOTE).stroke();
    doc.moveDown(0.5);
    doc.font('Times-Roman').fontSize(10).fillColor(BLACK);
    for (const line of adoption) doc.text(winAnsi(line), MARGIN, doc.y, { width });
  }

  runningHeadersAndFooters(doc, rendition.symbol);
  doc.end();
  await finished;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

interface ParagraphSpec {
  marker: string;
  bold: boolean;
  indent: number;
  segments: Segment[];
}

/** A paragraph with its marker in a hanging indent, or (no marker) with its first line indented. */
function paragraph(doc: PDFKit.PDFDocument, spec: ParagraphSpec): void {
  doc.fontSize(12);
  keepRoom(doc, 2); // never leave a marker alone at the foot of a page
  const left = MARGIN + spec.indent;
  const y = doc.y;
  const full = doc.page.width - MARGIN - left;
  let x = left;
  let width = full;
  let firstLineIndent = 0;
  if (spec.marker) {
    const marker = winAnsi(spec.marker);
    doc.font(spec.bold ? 'Times-Bold' : 'Times-Roman').fillColor(BLACK);
    // A long label ("OP12quinquies") pushes the first line of text right instead of running into it.
    const overhang = Math.max(0, doc.widthOfString(marker) + 6 - HANG);
    doc.text(marker, left, y, { lineBreak: false });
    x = left + HANG;
    width = full - HANG;
    firstLineIndent = overhang;
  } else {
    firstLineIndent = HANG;
  }
  const segments = spec.segments.length ? spec.segments : [{ text: ' ', font: 'Times-Roman' as const, underline: false, strike: false, color: BLACK }];
  segments.forEach((s, i) => {
    doc.font(s.font).fillColor(s.color);
    // Options of a continued text carry over to the next call: every one is set explicitly each time.
    const options = { continued: i < segments.length - 1, underline: s.underline, strike: s.strike, lineGap: 1 };
    if (i === 0) doc.text(s.text, x, y, { ...options, width, indent: firstLineIndent });
    else doc.text(s.text, options);
  });
  doc.fillColor(BLACK);
  doc.x = MARGIN;
  doc.moveDown(0.6);
}

/** Starts a new page unless `lines` more lines of the current font fit on this one. */
function keepRoom(doc: PDFKit.PDFDocument, lines: number): void {
  if (doc.y + doc.currentLineHeight(true) * lines > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function segmentsOf(runs: readonly Run[]): Segment[] {
  const out: Segment[] = [];
  const plain = (text: string): Segment => ({ text, font: 'Times-Roman', underline: false, strike: false, color: BLACK });
  for (const span of spansOf(runs)) {
    if (span.bracket) out.push(plain('['));
    for (const p of span.proposals) {
      const change: Attribution | null = p.deletion ?? p.insertion;
      for (const run of p.runs) {
        out.push({
          text: winAnsi(run.text),
          font: run.bold ? (run.italic ? 'Times-BoldItalic' : 'Times-Bold') : run.italic ? 'Times-Italic' : 'Times-Roman',
          underline: !!p.insertion && !p.deletion,
          strike: !!p.deletion,
          color: p.deletion ? DELETED : p.insertion ? INSERTED : BLACK,
        });
      }
      if (change) {
        // "annually (MYS) on", not "annually  (MYS)on": the proposal's trailing space goes after the note.
        const last = out.at(-1)!;
        const space = /\s*$/.exec(last.text)?.[0] ?? '';
        last.text = last.text.slice(0, last.text.length - space.length);
        out.push({ text: ` (${winAnsi(proposerOf(change))})${space}`, font: 'Times-Italic', underline: false, strike: false, color: NOTE });
      }
    }
    if (span.bracket) out.push(plain(']'));
  }
  // Leading and trailing spaces of the paragraph only shift it; empty pieces confuse continued text.
  const first = out[0];
  if (first) first.text = first.text.trimStart();
  const last = out.at(-1);
  if (last) last.text = last.text.trimEnd();
  return out.filter((s) => s.text.length > 0);
}

/** The symbol top right and "page / pages" at the foot of every page, written once all pages exist. */
function runningHeadersAndFooters(doc: PDFKit.PDFDocument, symbol: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Text below the bottom margin would make pdfkit start a new page: lift the margin while writing.
    doc.page.margins.bottom = 0;
    const width = doc.page.width - MARGIN * 2;
    doc.font('Times-Bold').fontSize(10).fillColor(BLACK).text(winAnsi(symbol), MARGIN, MARGIN / 2, { width, align: 'right', lineBreak: false });
    doc.font('Times-Roman').fontSize(9).text(`${i + 1} / ${range.count}`, MARGIN, doc.page.height - bottom / 2, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

function validDate(iso: string): Date {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

// Unicode characters WinAnsi (cp1252) holds outside Latin-1, which pdfkit maps to their codes.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
// Near equivalents for common characters WinAnsi lacks.
const SUBSTITUTES: Record<string, string> = {
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '–', // figure dash
  '\u2015': '—', // horizontal bar
  '\u2212': '-', // minus
  '\u2032': "'", // prime
  '\u2033': '"', // double prime
  '\u201B': '‘',
  '\u201F': '“',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u202F': '\u00A0',
  '\u200B': '', // zero-width space
  '\u200C': '',
  '\u200D': '',
  '\u2060': '',
  '\uFEFF': '',
  '\t': ' ',
  '\n': ' ',
  '\r': ' ',
};

/**
 * Text the standard fonts can print: composed accents, typographic punctuation WinAnsi has kept,
 * close substitutes where it has none, and "?" for anything else (one per character, so an emoji
 * made of two UTF-16 units is one "?").
 */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (ch in SUBSTITUTES) out += SUBSTITUTES[ch] ?? '';
    else out += '?';
  }
  return out;
}

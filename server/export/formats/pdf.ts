import PDFDocument from 'pdfkit';
import type { Attribution, Rendition, RenditionClause, RenditionStatus, RenditionThread, Run } from '../rendition.js';
import { attributed, sameAmendments, spansOf, type ProposalSpan } from './spans.js';
import {
  adoptionLines,
  commentByline,
  compilationLegend,
  draftLegend,
  inlineAttribution,
  paragraphProposalText,
  resolvedThreadText,
  stageLine,
  statusText,
  threadHeading,
} from './wording.js';
import { textDirection, Typesetter, type Block, type Direction, type Paragraph, type StyledText } from './pdf-text.js';

/**
 * PDF: A4, the symbol at the top on every page, the title centred, each paragraph's marker in a
 * hanging indent, italic lead words, sub-paragraphs one step in, page numbers in the footer.
 *
 * Every script prints: the fonts are Noto faces embedded as subsets (server/export/fonts), picked per
 * script, Arabic shaped and set right to left (pdf-text.ts). A right-to-left text, or a paragraph
 * mostly in Arabic, is set from the right margin with its marker on the right.
 *
 * A draft is a compilation text, laid out as the HTML export prints: brackets as literal "[" "]"; a
 * proposed insertion underlined and a proposed deletion struck through, each followed in parentheses
 * by the proposing delegation and those that support and oppose it; each paragraph's status beside
 * its label; a proposed new paragraph, or the deletion of a whole one, marked as one unit, label
 * included, and said in a note; the discussion after its paragraph. The adopted text shows none of
 * this, and ends with the record of its adoption and its integrity hash.
 */

const MARGIN = 72; // 1 inch
const BODY = 11; // Noto Serif sets larger than Times: 11 pt reads as Times did at 12
const HANG_MIN = 54; // from a paragraph's marker to its text
const HANG_MAX = 72; // a longer label ("OP12quinquies") pushes its first line in rather than every line
const SUB_HANG = 36;
const GAP = 8; // at least, between a marker and its text
const PARAGRAPH_SPACE = 6;
const NOTE_SIZE = 9;
const ATTRIBUTION = 0.85; // of the text's size

const INSERTED = '#0b5394';
const DELETED = '#990000';
const NOTE = '#555555';
const NOTE_TEXT = '#333333';
const RESOLVED = '#666666';
const RULE = '#cccccc';
const STATUS_COLOR: Record<RenditionStatus, string> = { open: NOTE, agreed: '#2e7d32', adRef: '#9a6700' };

interface Context {
  doc: PDFKit.PDFDocument;
  type: Typesetter;
  rendition: Rendition;
  /** Where the next line goes on the current page. */
  y: number;
  /** The width between the margins. */
  width: number;
}

export async function renderPdf(rendition: Rendition): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true, // page numbers and running headers are written once the page count is known
    lang: rendition.language || 'en',
    info: {
      Title: rendition.title,
      Subject: rendition.symbol,
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

  const c: Context = { doc, type: new Typesetter(doc), rendition, y: MARGIN, width: doc.page.width - MARGIN * 2 };
  flow(c, block(c, [{ text: stageLine(rendition), color: NOTE }], { size: 10, align: 'end', side: rendition.direction }));
  c.y += 20;
  flow(c, block(c, [{ text: rendition.title, bold: true }], { size: 14, align: 'center' }));
  c.y += 16;
  if (rendition.formula) {
    flow(c, block(c, [{ text: rendition.formula }], { size: BODY }));
    c.y += 9;
  }
  if (!rendition.clean) {
    const legend = `${draftLegend('marked')} ${compilationLegend(rendition, 'beside')}`;
    ruled(c, [block(c, [{ text: legend, color: NOTE }], { size: NOTE_SIZE, direction: 'ltr', side: rendition.direction, indent: 8 })], 2);
    c.y += 9;
  }

  const hang = hangFor(c);
  for (const clause of rendition.clauses) clauseOf(c, clause, hang);

  const adoption = adoptionLines(rendition);
  if (adoption.length) {
    c.y += 12;
    const lines = adoption.map((line) => block(c, [{ text: line }], { size: 10, direction: 'ltr', side: rendition.direction }));
    room(c, lines.reduce((sum, p) => sum + p.height, 0) + 8);
    doc.moveTo(MARGIN, c.y).lineTo(MARGIN + c.width, c.y).lineWidth(0.5).strokeColor(NOTE).stroke();
    c.y += 6;
    for (const line of lines) flow(c, line);
  }

  runningHeadersAndFooters(c);
  c.type.finish();
  doc.end();
  await finished;
  const out = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

// ---- paragraphs --------------------------------------------------------------------------------------

/** A paragraph, its sub-paragraphs, then (in a draft) the notes and discussion on it. */
function clauseOf(c: Context, clause: RenditionClause, hang: number): void {
  const draft = !c.rendition.clean;
  const whole = draft ? clause.proposal : null;
  const except = whole?.by.amendmentId ?? null;
  const wholeStyle = whole ? proposalStyle(whole.kind) : {};
  paragraph(c, {
    marker: clause.marker ? { text: clause.marker, bold: draft, ...wholeStyle } : null,
    status: draft ? clause.status : null,
    runs: styledRuns(clause.runs, except, wholeStyle),
    indent: 0,
    hang,
  });
  for (const sub of clause.subclauses) {
    const marker: StyledText = { text: sub.letter, ...wholeStyle };
    paragraph(c, { marker, status: null, runs: styledRuns(sub.runs, except, wholeStyle), indent: hang, hang: Math.max(SUB_HANG, markerWidth(c, [marker]) + GAP) });
  }
  if (draft) notes(c, clause, hang);
}

interface ParagraphSpec {
  /** Null for an unnumbered paragraph, whose first line is indented instead. */
  marker: StyledText | null;
  /** Shown beside the marker when agreed or agreed ad referendum. */
  status: RenditionStatus | null;
  runs: StyledText[];
  /** From the margin the paragraph is set from to its marker. */
  indent: number;
  /** From the marker to the text. */
  hang: number;
}

function paragraph(c: Context, spec: ParagraphSpec): void {
  const direction = textDirection(spec.runs.map((r) => r.text).join(''));
  const rtl = sideOf(c, direction) === 'rtl';
  const align = rtl ? 'right' : 'left';
  const full = c.width - spec.indent;
  // Where the first line's words begin, from the marker: a long label pushes them in rather than
  // running into them, and an unnumbered paragraph is indented as much.
  const lead = spec.marker ? Math.max(spec.hang, markerWidth(c, [spec.marker]) + GAP) : spec.hang;
  // The status badge opens the first line, so that it reads (and extracts) between label and words.
  const status = spec.status ? statusText(spec.status) : '';
  const color = spec.status ? STATUS_COLOR[spec.status] : NOTE;
  const badgeText = (left: number) => c.type.layout({ runs: [{ text: status, bold: true, color }], size: 7.5, direction: 'ltr', align: 'left', left, width: 1000 });
  const badgeWidth = status ? badgeText(0).lines[0]!.width + 6 : 0;

  const hang = spec.marker ? spec.hang : 0;
  const text = c.type.layout({
    runs: spec.runs,
    size: BODY,
    direction,
    align,
    left: rtl ? MARGIN : MARGIN + spec.indent + hang,
    width: full - hang,
    firstIndent: lead - hang + (status ? badgeWidth + 4 : 0),
    leading: 1,
  });
  const first = text.lines[0]!;
  // Never leave a marker alone at the foot of a page.
  room(c, first.height + (text.lines[1]?.height ?? 0));
  const baseline = c.y + first.ascent;
  if (spec.marker) {
    const marker = c.type.layout({ runs: [spec.marker], size: BODY, direction: 'ltr', align, left: rtl ? MARGIN : MARGIN + spec.indent, width: full });
    c.type.drawLine(marker, 0, baseline - marker.lines[0]!.ascent);
  }
  if (status) {
    const x = rtl ? MARGIN + full - lead - badgeWidth : MARGIN + spec.indent + lead;
    const badge = badgeText(x + 3);
    c.doc.save().roundedRect(x, baseline - 7.2, badgeWidth, 9.6, 2).lineWidth(0.6).strokeColor(color).stroke().restore();
    c.type.drawLine(badge, 0, baseline - badge.lines[0]!.ascent);
  }
  flow(c, text);
  c.y += PARAGRAPH_SPACE;
}

/**
 * What a negotiator reads after a paragraph, in the text's column with a rule beside it: the
 * whole-paragraph proposal in words, each open thread in full (the words it is about, every comment
 * with its delegation, author and local time), each resolved thread in one line (how it ended).
 */
function notes(c: Context, clause: RenditionClause, hang: number): void {
  const { rendition } = c;
  const note = (runs: StyledText[]) => block(c, runs, { size: NOTE_SIZE, direction: 'ltr', side: rendition.direction, indent: hang });
  const items: Paragraph[][] = [];
  if (clause.proposal) items.push([note([{ text: paragraphProposalText(clause, rendition.timeZone), italic: true, color: NOTE_TEXT }])]);
  for (const thread of clause.threads.filter((t) => t.status === 'open')) items.push(threadNotes(thread, clause.label, rendition.timeZone, note));
  for (const thread of clause.threads.filter((t) => t.status !== 'open')) items.push([note([{ text: resolvedThreadText(thread, clause.label), color: RESOLVED }])]);
  if (!items.length) return;
  c.y -= PARAGRAPH_SPACE / 2;
  for (const item of items) {
    ruled(c, item, hang - 6);
    c.y += 2;
  }
  c.y += PARAGRAPH_SPACE;
}

function threadNotes(thread: RenditionThread, label: string, timeZone: string, note: (runs: StyledText[]) => Paragraph): Paragraph[] {
  const out = [note([{ text: threadHeading(thread, label), bold: true, color: NOTE_TEXT }])];
  for (const comment of thread.comments) {
    const [first = '', ...rest] = comment.body.trim().split(/\r?\n/);
    out.push(note([{ text: `${commentByline(comment, timeZone)}: `, italic: true, color: NOTE_TEXT }, { text: first, color: NOTE_TEXT }]));
    for (const line of rest) if (line.trim()) out.push(note([{ text: line, color: NOTE_TEXT }]));
  }
  return out;
}

/** Blocks with a rule beside them, at `offset` from the margin they are set from, a piece per page. */
function ruled(c: Context, blocks: Paragraph[], offset: number): void {
  const rtl = c.rendition.direction === 'rtl';
  const x = rtl ? MARGIN + c.width - offset : MARGIN + offset;
  blocks.forEach((paragraph, b) => {
    // Keep a heading with its first comment.
    if (b === 0 && blocks[1]) room(c, paragraph.height + (blocks[1].lines[0]?.height ?? 0));
    paragraph.lines.forEach((line, i) => {
      room(c, line.height);
      c.doc.save().moveTo(x, c.y).lineTo(x, c.y + line.height).lineWidth(1.5).strokeColor(RULE).stroke().restore();
      c.type.drawLine(paragraph, i, c.y);
      c.y += line.height;
    });
  });
}

/**
 * The side a paragraph is set from: the right in a right-to-left document, and for a paragraph mostly
 * in a right-to-left script.
 */
function sideOf(c: Context, direction: Direction): Direction {
  return c.rendition.direction === 'rtl' || direction === 'rtl' ? 'rtl' : 'ltr';
}

/**
 * A block of text across the column, less an indent on the side it is set from. "start" and "end"
 * are that side and the other. `side` sets it for Accord's own words (legend, notes), which follow
 * the document; `direction` sets their base direction, English, whatever words they quote.
 */
function block(
  c: Context,
  runs: StyledText[],
  options: { size: number; align?: 'start' | 'center' | 'end'; direction?: Direction; side?: Direction; indent?: number },
): Paragraph {
  const direction = options.direction ?? textDirection(runs.map((r) => r.text).join(''));
  const rtl = (options.side ?? sideOf(c, direction)) === 'rtl';
  const indent = options.indent ?? 0;
  const align = options.align ?? 'start';
  const physical: Block['align'] = align === 'center' ? 'center' : (align === 'start') !== rtl ? 'left' : 'right';
  return c.type.layout({ runs, size: options.size, direction, align: physical, left: rtl ? MARGIN : MARGIN + indent, width: c.width - indent });
}

/** Draws a paragraph line by line from the current y, turning the page when a line does not fit. */
function flow(c: Context, paragraph: Paragraph): void {
  paragraph.lines.forEach((line, i) => {
    room(c, line.height);
    c.type.drawLine(paragraph, i, c.y);
    c.y += line.height;
  });
}

/** Starts a new page unless `height` more fits on this one. */
function room(c: Context, height: number): void {
  if (c.y + height > c.doc.page.height - MARGIN && c.y > MARGIN) {
    c.doc.addPage();
    c.y = MARGIN;
  }
}

function markerWidth(c: Context, runs: StyledText[]): number {
  return c.type.layout({ runs, size: BODY, direction: 'ltr', align: 'left', left: 0, width: 1000 }).lines[0]!.width;
}

/** One hang for the whole text, wide enough for its labels ("OP4bis", "OP3 alt") within reason. */
function hangFor(c: Context): number {
  const widest = Math.max(0, ...c.rendition.clauses.map((clause) => (clause.marker ? markerWidth(c, [{ text: clause.marker, bold: !c.rendition.clean }]) : 0)));
  return Math.min(HANG_MAX, Math.max(HANG_MIN, Math.ceil(widest + GAP)));
}

// ---- proposals ---------------------------------------------------------------------------------------

type ProposalStyle = Pick<StyledText, 'underline' | 'strike' | 'color'>;

function proposalStyle(kind: 'insertion' | 'deletion'): ProposalStyle {
  return kind === 'deletion' ? { strike: true, color: DELETED } : { underline: true, color: INSERTED };
}

/**
 * A paragraph's runs as styled text: brackets literal, each proposal marked and followed by its
 * attribution, once after consecutive spans of the same amendments (a replacement reads "encourages
 * urges (MYS)"). Runs of the paragraph's whole-paragraph proposal (`except`) take its style (`base`)
 * and no attribution: its note says it once.
 */
function styledRuns(runs: readonly Run[], except: string | null, base: ProposalStyle): StyledText[] {
  const out: StyledText[] = [];
  for (const span of spansOf(runs)) {
    if (span.bracket) out.push({ text: '[', ...base });
    span.proposals.forEach((p, i) => {
      const by = attributed(p, except);
      const own = p.deletion && p.deletion.amendmentId !== except ? 'deletion' : p.insertion && p.insertion.amendmentId !== except ? 'insertion' : null;
      const style = own ? proposalStyle(own) : base;
      for (const run of p.runs) out.push({ text: run.text, bold: run.bold, italic: run.italic, ...style });
      const next = span.proposals[i + 1];
      if (by.length && !(next && sameAmendments(by, attributed(next, except)))) {
        // "annually (MYS) on", not "annually  (MYS)on": the proposal's trailing space goes after the note.
        const last = out.at(-1)!;
        const space = /\s*$/.exec(last.text)?.[0] ?? '';
        last.text = last.text.slice(0, last.text.length - space.length);
        out.push({ text: ` (${attributionText(p, by)})${space}`, italic: true, color: NOTE, scale: ATTRIBUTION });
      }
    });
    if (span.bracket) out.push({ text: ']', ...base });
  }
  // Leading and trailing spaces of the paragraph only shift it.
  const first = out[0];
  if (first) first.text = first.text.trimStart();
  const last = out.at(-1);
  if (last) last.text = last.text.trimEnd();
  return out.filter((s) => s.text.length > 0);
}

/** "MYS; supported by IDN; opposed by SGP", and for words one inserts and another strikes, both. */
function attributionText(p: ProposalSpan, by: readonly Attribution[]): string {
  return by.map((a) => (a === p.deletion && p.insertion && by.length === 2 ? `struck by ${inlineAttribution(a)}` : inlineAttribution(a))).join('; ');
}

// ---- pages -------------------------------------------------------------------------------------------

/** The symbol at the top (right, or left in a right-to-left text) and "page / pages" at the foot of every page. */
function runningHeadersAndFooters(c: Context): void {
  const { doc, rendition } = c;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    c.type.draw(block(c, [{ text: rendition.symbol, bold: true }], { size: 10, align: 'end', side: rendition.direction }), MARGIN / 2);
    c.type.draw(block(c, [{ text: `${i + 1} / ${range.count}` }], { size: 9, align: 'center' }), doc.page.height - MARGIN / 2);
  }
}

function validDate(iso: string): Date {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

import {
  AlignmentType,
  DeletedTextRun,
  Document,
  Footer,
  Header,
  InsertedTextRun,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  TextRun,
  type ParagraphChild,
} from 'docx';
import type { Attribution, Rendition, RenditionClause, Run } from '../rendition.js';
import { spansOf } from './spans.js';
import { adoptionLines, authorOf, draftLegend, isoSecond, stageLine } from './wording.js';
import { xmlSafe } from './xml.js';

/**
 * Word. The symbol sits top right in the page header; the title is centred and bold; each paragraph
 * starts with its marker and a tab into a hanging indent; sub-paragraphs are indented one step more.
 * In a draft, proposals are real tracked changes (w:ins / w:del) authored "MYS — Name", so the chair
 * can accept or reject them in Word; brackets are literal "[" and "]".
 *
 * Text proposed for insertion by one delegation and for deletion by another is written as a tracked
 * deletion by the second: Word nests w:del inside w:ins for that, which the docx package cannot build.
 */

const TWIP_PER_CM = 567;
const HANG = 720; // half an inch from the marker to the text
const FONT = 'Times New Roman';

export async function renderDocx(rendition: Rendition): Promise<Uint8Array> {
  const revisions = { next: 1 }; // w:id of tracked changes must be unique in the document
  const body: Paragraph[] = [];
  body.push(
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { after: 240 },
      children: [new TextRun({ text: clean(stageLine(rendition)), size: 20 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 360 },
      children: [new TextRun({ text: clean(rendition.title), bold: true, size: 28 })],
    }),
  );
  if (rendition.formula) body.push(new Paragraph({ spacing: { after: 240 }, children: [new TextRun(clean(rendition.formula))] }));
  if (!rendition.clean) {
    body.push(new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: draftLegend('tracked'), italics: true, size: 18, color: '555555' })] }));
  }
  for (const clause of rendition.clauses) body.push(...clauseParagraphs(clause, rendition, revisions));
  const adoption = adoptionLines(rendition);
  adoption.forEach((line, i) => {
    body.push(new Paragraph({ spacing: { before: i === 0 ? 480 : 0, after: 60 }, children: [new TextRun({ text: clean(line), size: 20 })] }));
  });

  const document = new Document({
    creator: 'Accord',
    title: clean(rendition.title),
    subject: clean(rendition.symbol),
    description: clean(stageLine(rendition)),
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 }, // A4
            margin: { top: Math.round(2.5 * TWIP_PER_CM), bottom: Math.round(2.5 * TWIP_PER_CM), left: Math.round(2.5 * TWIP_PER_CM), right: Math.round(2.5 * TWIP_PER_CM) },
          },
        },
        headers: {
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: clean(rendition.symbol), bold: true, size: 20 })] })],
          }),
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: 20 })] })],
          }),
        },
        children: body,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

function clauseParagraphs(clause: RenditionClause, rendition: Rendition, revisions: { next: number }): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const marker = clause.marker;
  paragraphs.push(
    new Paragraph({
      spacing: { after: 160 },
      alignment: AlignmentType.BOTH,
      // A numbered paragraph hangs its text after the marker; an unnumbered one (UN preamble) indents its first line.
      indent: marker ? { left: HANG, hanging: HANG } : { firstLine: HANG },
      children: [...(marker ? markerRuns(marker, !rendition.clean) : []), ...inlineRuns(clause.runs, rendition, revisions)],
    }),
  );
  for (const sub of clause.subclauses) {
    paragraphs.push(
      new Paragraph({
        spacing: { after: 120 },
        alignment: AlignmentType.BOTH,
        indent: { left: 2 * HANG, hanging: HANG },
        children: [...markerRuns(sub.letter, false), ...inlineRuns(sub.runs, rendition, revisions)],
      }),
    );
  }
  return paragraphs;
}

function markerRuns(marker: string, bold: boolean): TextRun[] {
  return [new TextRun({ text: clean(marker), bold: bold || undefined }), new TextRun({ children: [new Tab()] })];
}

function inlineRuns(runs: readonly Run[], rendition: Rendition, revisions: { next: number }): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const span of spansOf(runs)) {
    if (span.bracket) out.push(new TextRun('['));
    for (const p of span.proposals) {
      for (const run of p.runs) out.push(runOf(run, p.deletion ?? p.insertion, p.deletion ? 'deletion' : 'insertion', rendition, revisions));
    }
    if (span.bracket) out.push(new TextRun(']'));
  }
  return out;
}

function runOf(run: Run, change: Attribution | null, kind: 'insertion' | 'deletion', rendition: Rendition, revisions: { next: number }): ParagraphChild {
  // Only what is set: an explicit "false" would override the paragraph's style in Word.
  const options = { text: clean(run.text), italics: run.italic || undefined, bold: run.bold || undefined };
  if (!change) return new TextRun(options);
  const tracked = { ...options, id: revisions.next++, author: clean(authorOf(change)), date: isoSecond(change.at ?? rendition.date) };
  return kind === 'deletion' ? new DeletedTextRun(tracked) : new InsertedTextRun(tracked);
}

/** Text Word's XML can hold (the docx package escapes markup but keeps forbidden control characters). */
function clean(text: string): string {
  return xmlSafe(text);
}

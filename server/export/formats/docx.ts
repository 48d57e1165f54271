import { strToU8, zipSync } from 'fflate';
import { runsText, type Attribution, type Rendition, type RenditionClause, type RenditionThread, type Run } from '../rendition.js';
import { spansOf } from './spans.js';
import { adoptionLines, attributionText, authorOf, draftLegend, isoSecond, positionsText, stageLine, statusText } from './wording.js';
import { escapeXml } from './xml.js';

/**
 * Word. The symbol sits top right in the page header; the title is centred and bold; each paragraph
 * starts with its marker and a tab into a hanging indent as wide as the widest marker of the
 * document; sub-paragraphs hang one step further in.
 *
 * A draft is a compilation text as Word shows one: proposals are real tracked changes (w:ins / w:del)
 * authored "MYS — Name", so the chair can accept or reject them in Word; a proposed new paragraph, or
 * a proposal to delete one, is one tracked change over the whole of it (marker, words, sub-paragraphs
 * and paragraph marks), so that rejecting (or accepting) it leaves no empty "OP4bis" behind; a
 * paragraph's status follows its marker; open discussion threads, and the positions taken on a
 * proposal, are Word comments. Brackets are literal "[" and "]". An adopted text is clean.
 *
 * Written by hand rather than with the docx package, which can neither nest a deletion inside an
 * insertion (text one delegation proposed and another proposes to strike) nor track a paragraph mark
 * together with its words under one change.
 *
 * Each part of the text has a named style (ACCORD_STYLES), which Word keeps when the file is edited:
 * that is how the importer knows Accord's own export again.
 */

/** The paragraph and character styles of Accord's export, by style id and by the name Word shows. */
export const ACCORD_STYLES = {
  stage: { id: 'AccordStage', name: 'Accord Stage' },
  legend: { id: 'AccordLegend', name: 'Accord Legend' },
  formula: { id: 'AccordFormula', name: 'Accord Formula' },
  preambular: { id: 'AccordPreambular', name: 'Accord Preambular' },
  operative: { id: 'AccordOperative', name: 'Accord Operative' },
  subparagraph: { id: 'AccordSubparagraph', name: 'Accord Subparagraph' },
  record: { id: 'AccordRecord', name: 'Accord Record' },
  /** Character styles: a paragraph's marker, and its status note ("(Agreed ad referendum)"). */
  label: { id: 'AccordLabel', name: 'Accord Label' },
  status: { id: 'AccordStatus', name: 'Accord Status' },
} as const;

export type AccordStyle = keyof typeof ACCORD_STYLES;

const NS = {
  w: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  w14: 'http://schemas.microsoft.com/office/word/2010/wordml',
  w15: 'http://schemas.microsoft.com/office/word/2012/wordml',
  mc: 'http://schemas.openxmlformats.org/markup-compatibility/2006',
  rel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  officeRel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
};

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const FONT = 'Times New Roman';
/** Twips (1/20 pt): the body text is 12 pt, so one em is 240 twips. */
const EM = 240;
const MIN_HANG = 720; // half an inch, the usual indent
const MAX_HANG = 4320; // three inches: a marker wider than that is absurd, and would leave no room for the text
/** Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms. */
const RTL_SCRIPT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const PAGE = { width: 11906, height: 16838, margin: 1418 }; // A4, 2.5 cm margins

// ---------------------------------------------------------------------------------------------------
// Markers and the hanging indent

/**
 * Advance widths of Times New Roman Bold (per 1000 em) for what markers are made of: "PP", "OP",
 * digits, Latin suffixes, " alt", "(a)", "4.". Other characters count as wide, so a marker is never
 * thought narrower than it is.
 */
const WIDTHS: Record<string, number> = {
  O: 778, P: 611, ' ': 250, '.': 250, '(': 333, ')': 333,
  a: 500, b: 556, c: 444, d: 556, e: 444, i: 278, l: 278, n: 556, o: 500, q: 556, r: 444, s: 389, t: 333, u: 556, v: 500, x: 500, z: 444,
  ...Object.fromEntries([...'0123456789'].map((d) => [d, 500])),
};

function markerWidth(marker: string): number {
  let width = 0;
  for (const ch of marker) width += WIDTHS[ch] ?? 778;
  return (width / 1000) * EM;
}

/** A hanging indent that holds the widest of these markers and a gap after it, in steps of 1/16 inch. */
function hangFor(markers: readonly string[]): number {
  const widest = Math.max(0, ...markers.map(markerWidth));
  const needed = Math.ceil((widest + EM / 2) / 90) * 90;
  return Math.min(MAX_HANG, Math.max(MIN_HANG, needed));
}

// ---------------------------------------------------------------------------------------------------
// Runs, tracked changes and comments, as the pieces of a paragraph

/** A tracked change as written: which proposal, and the w:id it is written under. */
interface Change {
  by: Attribution;
  /** Fixed for a whole-paragraph proposal (one id over all its elements); null: a fresh id per element. */
  id: number | null;
}

interface Context {
  ins: Change | null;
  del: Change | null;
}

type Piece =
  | ({ kind: 'text'; text: string; italic?: boolean; bold?: boolean; style?: string; color?: string } & Context)
  | ({ kind: 'tab' } & Context)
  | ({ kind: 'commentReference'; comment: number } & Context)
  /** Comment ranges take the tracked change they stand in; they are not content. */
  | { kind: 'commentStart'; comment: number }
  | { kind: 'commentEnd'; comment: number };

interface WordComment {
  id: number;
  author: string;
  initials: string;
  date: string;
  body: string;
  /** w14:paraId of its paragraph, and of the comment it answers: how Word threads replies. */
  paraId: string;
  parent: string | null;
}

/** What the whole document shares while it is written: ids of tracked changes and comments, the comments. */
class Writer {
  private nextAnnotation = 1;
  private nextParaId = 0x10000001;
  readonly comments: WordComment[] = [];
  /** Amendments whose positions are already in a comment: one comment per proposal. */
  readonly commented = new Set<string>();

  constructor(readonly rendition: Rendition) {}

  get rtl(): boolean {
    return this.rendition.direction === 'rtl';
  }

  /** Revision and comment ids share one counter, as Word's own annotations do. */
  annotationId(): number {
    return this.nextAnnotation++;
  }

  comment(author: string, initials: string, at: string, body: string, parent: WordComment | null): WordComment {
    const comment: WordComment = {
      id: this.annotationId(),
      author,
      initials,
      date: isoSecond(at),
      body,
      paraId: (this.nextParaId++).toString(16).toUpperCase(),
      parent: parent?.paraId ?? null,
    };
    this.comments.push(comment);
    return comment;
  }

  changeAttributes(change: Change): string {
    const by = change.by;
    const id = change.id ?? this.annotationId();
    return ` w:id="${id}" w:author="${escapeXml(authorOf(by))}" w:date="${isoSecond(by.at ?? this.rendition.date)}"`;
  }

  runProperties(piece: { text?: string; italic?: boolean; bold?: boolean; style?: string; color?: string }): string {
    let props = '';
    if (piece.style) props += `<w:rStyle w:val="${piece.style}"/>`;
    if (piece.bold) props += '<w:b/><w:bCs/>';
    if (piece.italic) props += '<w:i/><w:iCs/>';
    if (piece.color) props += `<w:color w:val="${piece.color}"/>`;
    // As Word does: right-to-left runs are those in a right-to-left script; a symbol or "OP3" stays left to right.
    if (this.rtl && piece.text && RTL_SCRIPT.test(piece.text)) props += '<w:rtl/>';
    return props ? `<w:rPr>${props}</w:rPr>` : '';
  }

  /** The pieces of a paragraph, each tracked change opened once around the pieces it covers. */
  content(pieces: readonly Piece[]): string {
    let out = '';
    let open: Context = { ins: null, del: null };
    const same = (a: Change | null, b: Change | null) => (a?.by.amendmentId ?? null) === (b?.by.amendmentId ?? null);
    const close = () => {
      if (open.del) out += '</w:del>';
      if (open.ins) out += '</w:ins>';
    };
    for (const piece of pieces) {
      if (piece.kind === 'commentStart' || piece.kind === 'commentEnd') {
        out += `<w:${piece.kind === 'commentStart' ? 'commentRangeStart' : 'commentRangeEnd'} w:id="${piece.comment}"/>`;
        continue;
      }
      if (!same(piece.ins, open.ins) || !same(piece.del, open.del)) {
        close();
        // Text one delegation proposed and another proposes to strike: Word nests the deletion inside the insertion.
        if (piece.ins) out += `<w:ins${this.changeAttributes(piece.ins)}>`;
        if (piece.del) out += `<w:del${this.changeAttributes(piece.del)}>`;
        open = { ins: piece.ins, del: piece.del };
      }
      const deleted = open.del !== null;
      if (piece.kind === 'tab') out += `<w:r>${this.runProperties({})}<w:tab/></w:r>`;
      else if (piece.kind === 'commentReference') {
        out += `<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="${piece.comment}"/></w:r>`;
      } else if (piece.text) {
        const tag = deleted ? 'w:delText' : 'w:t';
        out += `<w:r>${this.runProperties(piece)}<${tag} xml:space="preserve">${escapeXml(piece.text)}</${tag}></w:r>`;
      }
    }
    close();
    return out;
  }
}

interface ParagraphFormat {
  style: string;
  /** Hanging indent: the marker at `left - hang`, the text at `left`; or a first-line indent. */
  indent?: { left: number; hang: number } | { firstLine: number };
  /** The paragraph mark itself is part of a tracked change (a whole-paragraph proposal). */
  mark?: Context;
}

function paragraphXml(writer: Writer, format: ParagraphFormat, pieces: readonly Piece[]): string {
  let props = `<w:pStyle w:val="${format.style}"/>`;
  const indent = format.indent;
  if (indent && 'hang' in indent) props += `<w:tabs><w:tab w:val="left" w:pos="${indent.left}"/></w:tabs>`;
  // In a right-to-left paragraph Word reads left and right (indents, tabs, alignment) as its leading
  // and trailing edge, so the same values serve Arabic.
  if (writer.rtl) props += '<w:bidi/>';
  if (indent) {
    props += 'hang' in indent ? `<w:ind w:left="${indent.left}" w:hanging="${indent.hang}"/>` : `<w:ind w:firstLine="${indent.firstLine}"/>`;
  }
  const mark = format.mark;
  if (mark && (mark.ins || mark.del)) {
    let change = '';
    if (mark.ins) change += `<w:ins${writer.changeAttributes(mark.ins)}/>`;
    if (mark.del) change += `<w:del${writer.changeAttributes(mark.del)}/>`;
    props += `<w:rPr>${change}</w:rPr>`;
  }
  return `<w:p><w:pPr>${props}</w:pPr>${writer.content(pieces)}</w:p>`;
}

function text(value: string, options: { italic?: boolean; bold?: boolean; style?: string; color?: string } = {}, context: Context = { ins: null, del: null }): Piece {
  return { kind: 'text', text: value, ...options, ...context };
}

// ---------------------------------------------------------------------------------------------------
// Paragraphs of the declaration

/** Comment ranges at offsets of a paragraph's words (runsText of its runs): where each starts and ends. */
interface Anchor {
  comments: WordComment[];
  start: number;
  end: number;
}

function initialsOf(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => [...word][0]!.toUpperCase())
      .join('')
      .slice(0, 4) || '?'
  );
}

/** The open threads of a paragraph as Word comments: the first comment opens, the others answer it. */
function threadComments(writer: Writer, thread: RenditionThread): WordComment[] {
  const out: WordComment[] = [];
  for (const c of thread.comments) {
    const name = c.author ?? 'A former member';
    const author = c.delegation ? `${c.delegation} — ${name}` : name;
    out.push(writer.comment(author, c.delegation ?? initialsOf(name), c.at, c.body, out[0] ?? null));
  }
  return out;
}

/** The comment recording who supports and who opposes a proposal, once per proposal; null when nobody has said. */
function positionsComment(writer: Writer, by: Attribution): WordComment | null {
  const positions = positionsText(by);
  if (!positions || writer.commented.has(by.amendmentId)) return null;
  writer.commented.add(by.amendmentId);
  const proposer = `Proposed by ${attributionText(by, writer.rendition.timeZone)}.`;
  return writer.comment('Accord', 'AC', by.at ?? writer.rendition.date, `${proposer} ${positions}`, null);
}

function openComments(comments: readonly WordComment[]): Piece[] {
  return comments.map((c) => ({ kind: 'commentStart', comment: c.id }));
}

function closeComments(comments: readonly WordComment[], context: Context): Piece[] {
  return [
    ...comments.map((c): Piece => ({ kind: 'commentEnd', comment: c.id })),
    ...comments.map((c): Piece => ({ kind: 'commentReference', comment: c.id, ...context })),
  ];
}

/** Opens and closes comment ranges as the words they cover are written. */
class Anchoring {
  private readonly opened = new Set<Anchor>();
  private readonly closed = new Set<Anchor>();
  /** Offsets where a range starts or ends: a run is split there. */
  readonly boundaries: Set<number>;

  constructor(
    private readonly anchors: readonly Anchor[],
    private readonly context: Context,
  ) {
    this.boundaries = new Set(anchors.flatMap((a) => [a.start, a.end]));
  }

  /** The markers due at an offset: ranges ending there close (with their reference), ranges starting there open. */
  at(offset: number, last = false): Piece[] {
    const pieces: Piece[] = [];
    const close = (a: Anchor) => {
      this.closed.add(a);
      pieces.push(...closeComments(a.comments, this.context));
    };
    for (const a of this.anchors) if (this.opened.has(a) && !this.closed.has(a) && (a.end <= offset || last)) close(a);
    for (const a of this.anchors) {
      if (this.opened.has(a) || (a.start > offset && !last)) continue;
      this.opened.add(a);
      pieces.push(...openComments(a.comments));
      if (a.end <= offset || last) close(a);
    }
    return pieces;
  }
}

/**
 * The words of a paragraph as pieces: brackets around their options, each proposal a tracked change,
 * comment ranges opened and closed at their offsets (in runsText of the runs). `whole` is the
 * paragraph's own proposal, which every piece stands in, brackets included.
 */
function inlinePieces(writer: Writer, runs: readonly Run[], whole: Context | null, anchors: readonly Anchor[]): Piece[] {
  const pieces: Piece[] = [];
  const outer = whole ?? { ins: null, del: null };
  const anchoring = new Anchoring(anchors, outer);
  let offset = 0;
  pieces.push(...anchoring.at(0));
  for (const span of spansOf(runs)) {
    if (span.bracket) pieces.push(text('[', {}, outer));
    for (const proposal of span.proposals) {
      const context: Context = whole ?? {
        ins: proposal.insertion ? { by: proposal.insertion, id: null } : null,
        del: proposal.deletion ? { by: proposal.deletion, id: null } : null,
      };
      const by = proposal.deletion ?? proposal.insertion;
      const positions = by && !whole ? positionsComment(writer, by) : null;
      if (positions) pieces.push(...openComments([positions]));
      for (const run of proposal.runs) {
        // A run is split where a comment range starts or ends inside it.
        let from = 0;
        for (let i = 1; i <= run.text.length; i++) {
          if (i < run.text.length && !anchoring.boundaries.has(offset + i)) continue;
          pieces.push(text(run.text.slice(from, i), { italic: run.italic, bold: run.bold }, context));
          from = i;
          if (i < run.text.length) pieces.push(...anchoring.at(offset + i));
        }
        offset += run.text.length;
        pieces.push(...anchoring.at(offset));
      }
      if (positions) pieces.push(...closeComments([positions], context));
    }
    if (span.bracket) pieces.push(text(']', {}, outer));
  }
  pieces.push(...anchoring.at(offset, true));
  return pieces;
}

function markerPieces(marker: string, bold: boolean, context: Context): Piece[] {
  return [text(marker, { bold, style: ACCORD_STYLES.label.id }, context), { kind: 'tab', ...context }];
}

const STATUS_COLOURS: Record<string, string> = { agreed: '1E6B3A', adRef: '8A5300' };

function clauseParagraphs(writer: Writer, clause: RenditionClause, hang: { clause: number; sub: number }): string[] {
  const { rendition } = writer;
  const draft = !rendition.clean;
  // A whole-paragraph proposal: one tracked change, one w:id, over every element of the paragraph.
  let whole: Context | null = null;
  if (clause.proposal) {
    const change: Change = { by: clause.proposal.by, id: writer.annotationId() };
    whole = clause.proposal.kind === 'insertion' ? { ins: change, del: null } : { ins: null, del: change };
  }
  const context = whole ?? { ins: null, del: null };
  const pieces: Piece[] = [];
  const wholeComment = whole && clause.proposal ? positionsComment(writer, clause.proposal.by) : null;
  if (wholeComment) pieces.push(...openComments([wholeComment]));
  if (clause.marker) pieces.push(...markerPieces(clause.marker, draft, context));
  const status = draft ? statusText(clause.status) : '';
  if (status) {
    pieces.push(text(`(${status})`, { style: ACCORD_STYLES.status.id, bold: true, color: STATUS_COLOURS[clause.status ?? ''] }, context), text(' ', {}, context));
  }
  const length = runsText(clause.runs).length;
  const anchors: Anchor[] = draft
    ? clause.threads
        .filter((t) => t.status === 'open' && t.comments.length > 0)
        .map((t) => ({ comments: threadComments(writer, t), start: t.quote?.start ?? 0, end: Math.min(t.quote?.end ?? length, length) }))
    : [];
  pieces.push(...inlinePieces(writer, clause.runs, whole, anchors));
  if (wholeComment) pieces.push(...closeComments([wholeComment], context));

  const style = clause.kind === 'preambular' ? ACCORD_STYLES.preambular.id : ACCORD_STYLES.operative.id;
  const paragraphs = [
    paragraphXml(
      writer,
      // A numbered paragraph hangs its text after the marker; an unnumbered one (UN preamble) indents its first line.
      { style, indent: clause.marker ? { left: hang.clause, hang: hang.clause } : { firstLine: MIN_HANG }, mark: context },
      pieces,
    ),
  ];
  for (const sub of clause.subclauses) {
    paragraphs.push(
      paragraphXml(
        writer,
        { style: ACCORD_STYLES.subparagraph.id, indent: { left: hang.clause + hang.sub, hang: hang.sub }, mark: context },
        [...markerPieces(sub.letter, false, context), ...inlinePieces(writer, sub.runs, whole, [])],
      ),
    );
  }
  return paragraphs;
}

// ---------------------------------------------------------------------------------------------------
// The package

function documentXml(writer: Writer): string {
  const { rendition } = writer;
  const body: string[] = [];
  body.push(paragraphXml(writer, { style: ACCORD_STYLES.stage.id }, [text(stageLine(rendition))]));
  body.push(paragraphXml(writer, { style: 'Title' }, [text(rendition.title)]));
  if (rendition.formula) body.push(paragraphXml(writer, { style: ACCORD_STYLES.formula.id }, [text(rendition.formula)]));
  if (!rendition.clean) {
    const discussed = rendition.clauses.some((c) => c.threads.some((t) => t.status === 'open'));
    const taken = (a: Attribution | undefined) => !!a && positionsText(a) !== '';
    const positions = rendition.clauses.some((c) => [...c.runs, ...c.subclauses.flatMap((s) => s.runs)].some((r) => taken(r.insertion) || taken(r.deletion)));
    let legend = draftLegend('tracked');
    if (discussed || positions) legend += ' Comments carry the open discussions and the positions taken on proposals.';
    body.push(paragraphXml(writer, { style: ACCORD_STYLES.legend.id }, [text(legend)]));
  }
  const hang = {
    clause: hangFor(rendition.clauses.map((c) => c.marker)),
    sub: hangFor(rendition.clauses.flatMap((c) => c.subclauses.map((s) => s.letter))),
  };
  for (const clause of rendition.clauses) body.push(...clauseParagraphs(writer, clause, hang));
  const record = adoptionLines(rendition);
  if (record.length) for (const line of record) body.push(paragraphXml(writer, { style: ACCORD_STYLES.record.id }, [text(line)]));
  // Word cannot remove the document's last paragraph mark: a tracked last paragraph needs one after it.
  else if (rendition.clauses.at(-1)?.proposal) body.push(paragraphXml(writer, { style: 'Normal' }, []));

  const section =
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/>' +
    `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>` +
    `<w:pgMar w:top="${PAGE.margin}" w:right="${PAGE.margin}" w:bottom="${PAGE.margin}" w:left="${PAGE.margin}" w:header="709" w:footer="709" w:gutter="0"/>` +
    (writer.rtl ? '<w:bidi/>' : '') +
    '</w:sectPr>';
  return `${XML_DECLARATION}<w:document xmlns:w="${NS.w}" xmlns:r="${NS.r}"><w:body>${body.join('')}${section}</w:body></w:document>`;
}

function headerXml(writer: Writer): string {
  const symbol = paragraphXml(writer, { style: 'Header' }, [text(writer.rendition.symbol, { bold: true })]);
  return `${XML_DECLARATION}<w:hdr xmlns:w="${NS.w}" xmlns:r="${NS.r}">${symbol}</w:hdr>`;
}

function footerXml(writer: Writer): string {
  const rtl = writer.rtl ? '<w:bidi/>' : '';
  const page = `<w:p><w:pPr><w:pStyle w:val="Footer"/>${rtl}</w:pPr><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>`;
  return `${XML_DECLARATION}<w:ftr xmlns:w="${NS.w}" xmlns:r="${NS.r}">${page}</w:ftr>`;
}

function commentsXml(writer: Writer): string {
  const comments = writer.comments.map((c) => {
    const lines = c.body.split(/\r\n|\r|\n/);
    const body = lines.map((line, i) => `${i > 0 ? '<w:r><w:br/></w:r>' : ''}<w:r>${writer.runProperties({ text: line })}<w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r>`).join('');
    return (
      `<w:comment w:id="${c.id}" w:author="${escapeXml(c.author)}" w:date="${c.date}" w:initials="${escapeXml(c.initials)}">` +
      `<w:p w14:paraId="${c.paraId}" w14:textId="77777777"><w:pPr><w:pStyle w:val="CommentText"/>${writer.rtl ? '<w:bidi/>' : ''}</w:pPr>` +
      `<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>${body}</w:p></w:comment>`
    );
  });
  return `${XML_DECLARATION}<w:comments xmlns:w="${NS.w}" xmlns:w14="${NS.w14}" xmlns:mc="${NS.mc}" mc:Ignorable="w14">${comments.join('')}</w:comments>`;
}

/** Replies threaded under the comment they answer (Word 2013 and later; others show them one after another). */
function commentsExtendedXml(writer: Writer): string {
  const entries = writer.comments.map((c) => `<w15:commentEx w15:paraId="${c.paraId}"${c.parent ? ` w15:paraIdParent="${c.parent}"` : ''} w15:done="0"/>`);
  return `${XML_DECLARATION}<w15:commentsEx xmlns:w15="${NS.w15}" xmlns:mc="${NS.mc}" mc:Ignorable="w15">${entries.join('')}</w15:commentsEx>`;
}

function stylesXml(rendition: Rendition): string {
  const language = escapeXml(rendition.language);
  const lang = rendition.direction === 'rtl' ? `<w:lang w:val="${language}" w:bidi="${language}"/>` : `<w:lang w:val="${language}"/>`;
  const paragraphStyle = (id: string, name: string, pPr: string, rPr = '', extra = '') =>
    `<w:style w:type="paragraph" w:customStyle="1" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>${extra}<w:qFormat/><w:pPr>${pPr}</w:pPr>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}</w:style>`;
  const characterStyle = (id: string, name: string, rPr: string) =>
    `<w:style w:type="character" w:customStyle="1" w:styleId="${id}"><w:name w:val="${name}"/><w:rPr>${rPr}</w:rPr></w:style>`;
  const s = ACCORD_STYLES;
  const styles = [
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`,
    `<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>`,
    `<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
      `<w:pPr><w:spacing w:before="240" w:after="360"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>`,
    paragraphStyle(s.stage.id, s.stage.name, '<w:spacing w:after="240"/><w:jc w:val="right"/>', '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    paragraphStyle(s.legend.id, s.legend.name, '<w:spacing w:after="240"/>', '<w:i/><w:iCs/><w:color w:val="555555"/><w:sz w:val="18"/><w:szCs w:val="18"/>'),
    paragraphStyle(s.formula.id, s.formula.name, '<w:spacing w:after="240"/><w:jc w:val="both"/>'),
    paragraphStyle(s.preambular.id, s.preambular.name, '<w:spacing w:after="160"/><w:jc w:val="both"/>'),
    paragraphStyle(s.operative.id, s.operative.name, '<w:spacing w:after="160"/><w:jc w:val="both"/>'),
    paragraphStyle(s.subparagraph.id, s.subparagraph.name, '<w:spacing w:after="120"/><w:jc w:val="both"/>'),
    paragraphStyle(s.record.id, s.record.name, '<w:spacing w:after="60"/>', '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    characterStyle(s.label.id, s.label.name, ''),
    characterStyle(s.status.id, s.status.name, '<w:smallCaps/><w:sz w:val="20"/><w:szCs w:val="20"/>'),
    `<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="right"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>`,
    `<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>`,
    `<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>`,
    `<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>`,
  ];
  return (
    `${XML_DECLARATION}<w:styles xmlns:w="${NS.w}"><w:docDefaults><w:rPrDefault><w:rPr>` +
    `<w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:eastAsia="${FONT}" w:cs="${FONT}"/><w:sz w:val="24"/><w:szCs w:val="24"/>${lang}` +
    `</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
    `${styles.join('')}</w:styles>`
  );
}

function settingsXml(rendition: Rendition): string {
  // A draft opens with Track Changes on: whatever the chair changes in Word is a change others can see.
  const track = rendition.clean ? '' : '<w:trackRevisions/>';
  return (
    `${XML_DECLARATION}<w:settings xmlns:w="${NS.w}">${track}<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>` +
    `<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`
  );
}

function coreXml(rendition: Rendition): string {
  const created = isoSecond(rendition.createdAt);
  const modified = isoSecond(rendition.date);
  return (
    `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(rendition.title)}</dc:title><dc:subject>${escapeXml(rendition.symbol)}</dc:subject><dc:creator>Accord</dc:creator>` +
    `<dc:description>${escapeXml(stageLine(rendition))}</dc:description><dc:language>${escapeXml(rendition.language)}</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${modified}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

function packageParts(writer: Writer, document: string): Record<string, string> {
  const hasComments = writer.comments.length > 0;
  const override = (part: string, type: string) => `<Override PartName="${part}" ContentType="application/vnd.openxmlformats-officedocument.${type}"/>`;
  const contentTypes =
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    override('/word/document.xml', 'wordprocessingml.document.main+xml') +
    override('/word/styles.xml', 'wordprocessingml.styles+xml') +
    override('/word/settings.xml', 'wordprocessingml.settings+xml') +
    override('/word/header1.xml', 'wordprocessingml.header+xml') +
    override('/word/footer1.xml', 'wordprocessingml.footer+xml') +
    (hasComments ? override('/word/comments.xml', 'wordprocessingml.comments+xml') + override('/word/commentsExtended.xml', 'wordprocessingml.commentsExtended+xml') : '') +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>';
  const relationship = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;
  const rootRels =
    `${XML_DECLARATION}<Relationships xmlns="${NS.rel}">` +
    relationship('rId1', `${NS.officeRel}/officeDocument`, 'word/document.xml') +
    relationship('rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml') +
    '</Relationships>';
  const documentRels =
    `${XML_DECLARATION}<Relationships xmlns="${NS.rel}">` +
    relationship('rIdStyles', `${NS.officeRel}/styles`, 'styles.xml') +
    relationship('rIdSettings', `${NS.officeRel}/settings`, 'settings.xml') +
    relationship('rIdHeader', `${NS.officeRel}/header`, 'header1.xml') +
    relationship('rIdFooter', `${NS.officeRel}/footer`, 'footer1.xml') +
    (hasComments
      ? relationship('rIdComments', `${NS.officeRel}/comments`, 'comments.xml') +
        relationship('rIdCommentsExtended', 'http://schemas.microsoft.com/office/2011/relationships/commentsExtended', 'commentsExtended.xml')
      : '') +
    '</Relationships>';
  const parts: Record<string, string> = {
    '[Content_Types].xml': contentTypes,
    '_rels/.rels': rootRels,
    'docProps/core.xml': coreXml(writer.rendition),
    'word/_rels/document.xml.rels': documentRels,
    'word/document.xml': document,
    'word/styles.xml': stylesXml(writer.rendition),
    'word/settings.xml': settingsXml(writer.rendition),
    'word/header1.xml': headerXml(writer),
    'word/footer1.xml': footerXml(writer),
  };
  if (hasComments) {
    parts['word/comments.xml'] = commentsXml(writer);
    parts['word/commentsExtended.xml'] = commentsExtendedXml(writer);
  }
  return parts;
}

export async function renderDocx(rendition: Rendition): Promise<Uint8Array> {
  const writer = new Writer(rendition);
  // The body first: it is what allocates the ids of tracked changes and comments.
  const document = documentXml(writer);
  const parts = packageParts(writer, document);
  const files: Record<string, Uint8Array> = {};
  for (const [name, xml] of Object.entries(parts)) files[name] = strToU8(xml);
  return zipSync(files, { level: 6 });
}

/**
 * Reading a zero draft from a Word file. The secretariat uploads the .docx it circulated; we read its
 * paragraphs as a secretariat officer would (title, opening formula, preambular paragraphs with their
 * italic lead words, numbered operative paragraphs with their (a), (b)) and return a preview with
 * warnings wherever we had to guess, for a person to confirm before the document is created.
 *
 * Nothing in the file is trusted. The archive is checked before anything is inflated, only the three
 * parts we read are inflated, XML with a DOCTYPE is refused before parsing (no entity expansion, no
 * external entities), and sizes and counts are bounded at every step. Every failure is an ImportError
 * whose message is shown to the user as is. Opening the archive and its XML is docx-package.ts's;
 * this module reads what the parts say.
 *
 * Why our own reader rather than mammoth (which the tests use to cross-check the Word files we
 * write): mammoth turns a document into HTML for display, and what a declaration needs is exactly what
 * that leaves behind. Tracked changes become proposals with their Word author (mammoth keeps
 * insertions as plain text and drops deletions); list numbering tells operative paragraphs from their
 * (a), (b) (mammoth resolves it to <ol> nesting, without the level definitions we classify by); page
 * headers carry the document symbol, and Accord's own paragraph styles and comments come back on a
 * round trip. And the file is hostile until read: we bound what is inflated before inflating it and
 * refuse DOCTYPEs, where mammoth unzips the whole archive as it is.
 */
import { ACCORD_STYLES, type AccordStyle } from '../export/formats/docx.js';
import { classify } from './classify.js';
import { DOCUMENT_PART, HEADER_PART, NUMBERING_PART, parseXml, RefusedFile, STYLES_PART, unzipParts, Wml, type XmlElement } from './docx-package.js';
import {
  ImportError,
  IMPORT_LIMITS,
  quote,
  Warnings,
  type AccordRole,
  type ImportPreview,
  type Revision,
  type SourceDocument,
  type SourceParagraph,
} from './source.js';

export { ImportError, IMPORT_LIMITS, type ImportedChange, type ImportedClause, type ImportPreview } from './source.js';

// ---------------------------------------------------------------------------------------------------
// Styles and list numbering, read only for what classification needs

interface NumberingRef {
  numId: string;
  level: number;
}

interface StyleInfo {
  name: string;
  type: string;
  basedOn: string | undefined;
  italic: boolean | null;
  numbering: NumberingRef | null;
}

function numberingRef(w: Wml, pPr: XmlElement | undefined): NumberingRef | null {
  const numPr = w.child(pPr, 'numPr');
  if (!numPr) return null;
  const numId = w.attr(w.child(numPr, 'numId'), 'val') ?? '';
  const level = Number(w.attr(w.child(numPr, 'ilvl'), 'val') ?? 0);
  return { numId, level: Number.isInteger(level) && level >= 0 ? level : 0 };
}

/** Accord's paragraph styles, by their names without spaces, lower case (and by their ids, which read the same). */
const ACCORD_ROLES = new Map<string, AccordRole>(
  (['stage', 'legend', 'formula', 'preambular', 'operative', 'subparagraph', 'record'] as const satisfies readonly (AccordStyle & AccordRole)[]).map((role) => [
    ACCORD_STYLES[role].name.toLowerCase().replace(/\s+/g, ''),
    role,
  ]),
);

class Styles {
  private readonly byId = new Map<string, StyleInfo>();

  constructor(root: XmlElement | null) {
    if (!root) return;
    const w = new Wml(root);
    for (const style of w.children(root, 'style')) {
      const id = w.attr(style, 'styleId');
      if (!id) continue;
      this.byId.set(id, {
        name: w.attr(w.child(style, 'name'), 'val') ?? id,
        type: w.attr(style, 'type') ?? 'paragraph',
        basedOn: w.attr(w.child(style, 'basedOn'), 'val'),
        italic: w.toggle(w.child(style, 'rPr'), 'i'),
        numbering: numberingRef(w, w.child(style, 'pPr')),
      });
    }
  }

  /** The style and those it is based on, nearest first; cycles and absurd chains are cut. */
  private chain(id: string | undefined): StyleInfo[] {
    const out: StyleInfo[] = [];
    const seen = new Set<string>();
    while (id && !seen.has(id) && out.length < 20) {
      seen.add(id);
      const style = this.byId.get(id);
      if (!style) break;
      out.push(style);
      id = style.basedOn;
    }
    return out;
  }

  /** Title or heading, by the style's own name (stable across languages) or, without styles.xml, its id. */
  role(id: string | undefined): 'title' | 'heading' | null {
    const names = this.chain(id).map((s) => s.name);
    if (id && names.length === 0) names.push(id);
    for (const name of names) {
      const n = name.toLowerCase().replace(/\s+/g, '');
      if (n === 'title') return 'title';
      if (/^heading\d$/.test(n) || n === 'subtitle') return 'heading';
    }
    return null;
  }

  /** What Accord's own export says a paragraph is, by its style's name (or id, without styles.xml). */
  accord(id: string | undefined): AccordRole | null {
    const names = this.chain(id).map((s) => s.name);
    if (id && names.length === 0) names.push(id);
    for (const name of names) {
      const role = ACCORD_ROLES.get(name.toLowerCase().replace(/\s+/g, ''));
      if (role) return role;
    }
    return null;
  }

  /** A run in Accord's status note ("(Agreed ad referendum)"): about the paragraph, not part of it. */
  isStatusNote(id: string | undefined): boolean {
    if (!id) return false;
    const name = this.byId.get(id)?.name ?? id;
    const status = ACCORD_STYLES.status;
    return id === status.id || name === status.name;
  }

  /** Whether the file has Accord's own paragraph styles: it was exported by Accord. */
  hasAccordStyles(): boolean {
    for (const style of this.byId.values()) if (style.type === 'paragraph' && ACCORD_ROLES.has(style.name.toLowerCase().replace(/\s+/g, ''))) return true;
    return false;
  }

  italic(id: string | undefined): boolean | null {
    for (const style of this.chain(id)) if (style.italic !== null) return style.italic;
    return null;
  }

  numbering(id: string | undefined): NumberingRef | null {
    for (const style of this.chain(id)) if (style.numbering) return style.numbering;
    return null;
  }
}

class Numbering {
  /** numId -> level -> number format ("decimal", "lowerLetter", "bullet", ...). */
  private readonly formats = new Map<string, Map<number, string>>();

  constructor(root: XmlElement | null) {
    if (!root) return;
    const w = new Wml(root);
    const levels = (parent: XmlElement): Map<number, string> => {
      const map = new Map<number, string>();
      for (const lvl of w.children(parent, 'lvl')) {
        const format = w.attr(w.child(lvl, 'numFmt'), 'val');
        if (format) map.set(Number(w.attr(lvl, 'ilvl') ?? 0), format);
      }
      return map;
    };
    const abstract = new Map<string, Map<number, string>>();
    for (const a of w.children(root, 'abstractNum')) abstract.set(w.attr(a, 'abstractNumId') ?? '', levels(a));
    for (const num of w.children(root, 'num')) {
      const base = abstract.get(w.attr(w.child(num, 'abstractNumId'), 'val') ?? '') ?? new Map<number, string>();
      const merged = new Map(base);
      for (const override of w.children(num, 'lvlOverride')) {
        for (const [level, format] of levels(override)) merged.set(level, format);
      }
      this.formats.set(w.attr(num, 'numId') ?? '', merged);
    }
  }

  format(ref: NumberingRef): string | null {
    return this.formats.get(ref.numId)?.get(ref.level) ?? null;
  }
}

// ---------------------------------------------------------------------------------------------------
// The body, as paragraphs of text with the italics of each character


interface Segment {
  text: string;
  italic: boolean;
  /** Indexes, in the file's revisions, of the tracked insertion and deletion the text is part of, or -1. */
  inserted: number;
  deleted: number;
}

/** A paragraph's runs as they are collected. */
interface Collected {
  segments: Segment[];
  length: number;
  notes: boolean;
}

/** The tracked changes a run stands in. */
interface Tracking {
  inserted: number;
  deleted: number;
}

const UNTRACKED: Tracking = { inserted: -1, deleted: -1 };

/** Containers whose content is part of the running text (links, fields, content controls). */
const TRANSPARENT = new Set(['hyperlink', 'smartTag', 'customXml', 'fldSimple', 'sdt', 'sdtContent', 'dir', 'bdo']);

/**
 * Reads the body in reading order: paragraphs, also inside content controls; tables are left out
 * (a zero draft is running text, and cells have no order we could trust), with a warning. Tracked
 * changes are kept, with who made them: the secretariat decides later whether they stand as
 * proposals or are accepted.
 */
class BodyReader {
  readonly paragraphs: SourceParagraph[] = [];
  readonly revisions: Revision[] = [];
  comments = 0;
  /** Runs of a paragraph whose paragraph mark was deleted in tracked changes: they join the next one. */
  private carried: Segment[] = [];

  constructor(
    private readonly w: Wml,
    private readonly styles: Styles,
    private readonly numbering: Numbering,
    private readonly warnings: Warnings,
  ) {}

  read(body: XmlElement): void {
    this.block(body);
    this.flushCarried();
  }

  private block(parent: XmlElement): void {
    const { w } = this;
    for (const node of parent.children) {
      if (typeof node === 'string') continue;
      const local = w.local(node);
      if (local === 'p') this.paragraph(node);
      else if (local === 'tbl') this.table(node);
      else if (local === 'sdt') this.block(w.child(node, 'sdtContent') ?? node);
      else if (local === 'customXml' || local === 'ins' || local === 'moveTo') this.block(node);
      else if (local === 'altChunk') this.warnings.add(`Content embedded from another file after ${this.where()} was left out.`);
    }
  }

  private table(tbl: XmlElement): void {
    this.flushCarried();
    if (hasText(this.w, tbl)) this.warnings.add(`A table after ${this.where()} was left out: Accord does not import tables.`);
  }

  private where(): string {
    const last = this.paragraphs.at(-1);
    return last ? `paragraph ${last.position}` : 'the start of the document';
  }

  private revision(kind: Revision['kind'], element: XmlElement): number {
    if (this.revisions.length >= IMPORT_LIMITS.revisions) {
      throw new ImportError(`This document has more than ${IMPORT_LIMITS.revisions.toLocaleString('en')} tracked changes; accept or reject them in Word first.`);
    }
    const date = this.w.attr(element, 'date');
    this.revisions.push({ kind, author: (this.w.attr(element, 'author') ?? '').trim(), date: date && !Number.isNaN(Date.parse(date)) ? date : null });
    return this.revisions.length - 1;
  }

  private paragraph(p: XmlElement): void {
    const { w, styles } = this;
    const pPr = w.child(p, 'pPr');
    const styleId = w.attr(w.child(pPr, 'pStyle'), 'val');
    const joined = this.carried.length > 0;
    const collected: Collected = { segments: this.carried, length: 0, notes: false };
    for (const s of collected.segments) collected.length += s.text.length;
    this.carried = [];
    this.inline(p, styleId, collected, UNTRACKED);

    if (w.child(w.child(pPr, 'rPr'), 'del')) {
      // The break after this paragraph is deleted. If its words are all deleted too, the whole
      // paragraph is proposed for deletion and stands on its own; otherwise it runs on into the next.
      const wholly = collected.segments.every((s) => s.deleted >= 0 || s.text.trim() === '');
      if (!wholly) {
        this.carried = collected.segments;
        return;
      }
    }
    const ref = numberingRef(w, pPr) ?? styles.numbering(styleId);
    const list = ref && ref.numId !== '0' ? { level: ref.level, format: this.numbering.format(ref) } : null;
    const read = this.push(collected.segments, styles.role(styleId), styles.accord(styleId), list);
    if (read && collected.notes) {
      this.warnings.add(`Paragraph ${read.position} (${quote(read.text)}) has a footnote or endnote; notes are not imported.`);
    }
    if (read && joined) {
      this.warnings.add(`Paragraph ${read.position} (${quote(read.text)}) joins two paragraphs of the file: the break between them is deleted in tracked changes.`);
    }
  }

  private flushCarried(): void {
    if (this.carried.length) this.push(this.carried, null, null, null);
    this.carried = [];
  }

  private push(segments: Segment[], role: SourceParagraph['role'], accord: AccordRole | null, list: SourceParagraph['list']): SourceParagraph | null {
    const { text, italic, tracked } = normalise(segments);
    if (!text) return null;
    const position = this.paragraphs.length + 1;
    if (position > IMPORT_LIMITS.paragraphs) {
      throw new ImportError(
        `This document has more than ${IMPORT_LIMITS.paragraphs.toLocaleString('en')} paragraphs; ` +
          'Accord imports declarations up to that length.',
      );
    }
    if (text.length > IMPORT_LIMITS.paragraphLength) {
      throw new ImportError(
        `Paragraph ${position} (${quote(text)}) is longer than ${IMPORT_LIMITS.paragraphLength.toLocaleString('en')} characters, ` +
          'the most a paragraph of a draft may hold. Split it in Word, then upload the file again.',
      );
    }
    const paragraph = { position, text, italic, tracked, role, accord, list };
    this.paragraphs.push(paragraph);
    return paragraph;
  }

  /** The runs of a paragraph, in order, with the tracked changes they stand in; anything drawn rather than written is skipped. */
  private inline(parent: XmlElement, styleId: string | undefined, out: Collected, tracking: Tracking): void {
    const { w } = this;
    for (const node of parent.children) {
      if (typeof node === 'string') continue;
      const local = w.local(node);
      if (local === 'r') this.run(node, styleId, out, tracking);
      else if (local === 'ins' || local === 'moveTo') this.inline(node, styleId, out, { ...tracking, inserted: this.revision('insertion', node) });
      else if (local === 'del' || local === 'moveFrom') this.inline(node, styleId, out, { ...tracking, deleted: this.revision('deletion', node) });
      else if (local !== null && TRANSPARENT.has(local)) this.inline(node, styleId, out, tracking);
      // Drawings, text boxes, math, comment ranges: not part of the text.
    }
  }

  private run(r: XmlElement, styleId: string | undefined, out: Collected, tracking: Tracking): void {
    const { w, styles } = this;
    const rPr = w.child(r, 'rPr');
    if (w.toggle(rPr, 'vanish') || w.toggle(rPr, 'webHidden')) return;
    const runStyle = w.attr(w.child(rPr, 'rStyle'), 'val');
    if (styles.isStatusNote(runStyle)) return;
    const italic = w.toggle(rPr, 'i') ?? styles.italic(runStyle) ?? styles.italic(styleId) ?? false;
    for (const node of r.children) {
      if (typeof node === 'string') continue;
      let text = '';
      switch (w.local(node)) {
        case 't':
        case 'delText': {
          text = node.children.filter((c): c is string => typeof c === 'string').join('');
          // Without xml:space="preserve", Word drops the spaces around a run's text.
          if (node.attrs['xml:space'] !== 'preserve') text = text.trim();
          break;
        }
        case 'tab':
        case 'ptab':
        case 'br':
        case 'cr':
          text = ' ';
          break;
        case 'noBreakHyphen':
          text = '-';
          break;
        case 'footnoteReference':
        case 'endnoteReference':
          out.notes = true;
          break;
        case 'commentReference':
          this.comments++;
          break;
        default:
          break;
      }
      if (!text) continue;
      out.segments.push({ text, italic, ...tracking });
      out.length += text.length;
      if (out.length > IMPORT_LIMITS.paragraphChars) {
        throw new ImportError(
          `Paragraph ${this.paragraphs.length + 1} is longer than ${IMPORT_LIMITS.paragraphChars.toLocaleString('en')} characters; ` +
            'Accord does not import paragraphs this long.',
        );
      }
    }
  }
}

/** The lines of text of a page header (tracked deletions left out). */
function headerLines(w: Wml, root: XmlElement): string[] {
  const lines: string[] = [];
  const collect = (node: XmlElement, into: string[]) => {
    for (const child of node.children) {
      if (typeof child === 'string') continue;
      const local = w.local(child);
      if (local === 'del' || local === 'moveFrom') continue;
      if (local === 't') into.push(child.children.filter((c): c is string => typeof c === 'string').join(''));
      else if (local === 'tab') into.push(' ');
      else collect(child, into);
    }
  };
  const paragraphs = (node: XmlElement) => {
    for (const child of node.children) {
      if (typeof child === 'string') continue;
      if (w.is(child, 'p')) {
        const parts: string[] = [];
        collect(child, parts);
        const line = parts.join('').replace(/\s+/g, ' ').trim();
        if (line) lines.push(line);
      } else paragraphs(child);
    }
  };
  paragraphs(root);
  return lines;
}

/** Whether any text lies under node, without building paragraphs from it. */
function hasText(w: Wml, node: XmlElement): boolean {
  return node.children.some(
    (child) =>
      typeof child !== 'string' &&
      (w.is(child, 't') ? child.children.some((c) => typeof c === 'string' && c.trim() !== '') : hasText(w, child)),
  );
}

/** Control characters, zero-width characters and soft hyphens: invisible in Word, noise in the text. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200d\u2060\ufeff]/g;

/**
 * Joins runs into one line: whitespace collapsed to single spaces, trimmed, invisible characters
 * dropped; each character keeps its italics and the tracked changes it stands in.
 */
function normalise(segments: Segment[]): { text: string; italic: boolean[]; tracked: SourceParagraph['tracked'] } {
  const parts: string[] = [];
  const italic: boolean[] = [];
  const inserted: number[] = [];
  const deleted: number[] = [];
  let anyTracked = false;
  let afterSpace = true;
  for (const segment of segments) {
    let text = segment.text.replace(INVISIBLE, '').replace(/\s+/g, ' ');
    if (afterSpace && text.startsWith(' ')) text = text.slice(1);
    if (!text) continue;
    parts.push(text);
    if (segment.inserted >= 0 || segment.deleted >= 0) anyTracked = true;
    for (let i = 0; i < text.length; i++) {
      italic.push(segment.italic);
      inserted.push(segment.inserted);
      deleted.push(segment.deleted);
    }
    afterSpace = text.endsWith(' ');
  }
  let text = parts.join('');
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    italic.pop();
    inserted.pop();
    deleted.pop();
  }
  return { text, italic, tracked: anyTracked ? { inserted: Int32Array.from(inserted), deleted: Int32Array.from(deleted) } : null };
}

// ---------------------------------------------------------------------------------------------------

/**
 * Reads a declaration from the bytes of a .docx file. Throws ImportError, and nothing else, for a file
 * that is not a Word document, is damaged or hostile, exceeds a limit, or holds no operative paragraph.
 */
export function readDeclarationDocx(bytes: Uint8Array): ImportPreview {
  const warnings = new Warnings();
  try {
    const parts = unzipParts(bytes, warnings);
    const documentRoot = parseXml(parts.get(DOCUMENT_PART)!, DOCUMENT_PART);
    const optional = (part: string): XmlElement | null => {
      const data = parts.get(part);
      if (!data) return null;
      try {
        return parseXml(data, part);
      } catch (error) {
        // A hostile auxiliary part condemns the file; a merely damaged one only costs us its hints.
        if (error instanceof RefusedFile) throw error;
        warnings.add(`The file's ${part} could not be read; styles and list numbering may be misread.`);
        return null;
      }
    };
    const w = new Wml(documentRoot);
    const body = w.child(documentRoot, 'body');
    if (!w.is(documentRoot, 'document') || !body) {
      throw new ImportError('This file is not a Word document: word/document.xml has no document body.');
    }
    const styles = new Styles(optional(STYLES_PART));
    const reader = new BodyReader(w, styles, new Numbering(optional(NUMBERING_PART)), warnings);
    reader.read(body);
    const headers: string[] = [];
    for (const [name, data] of parts) {
      if (!HEADER_PART.test(name)) continue;
      try {
        const root = parseXml(data, name);
        headers.push(...headerLines(new Wml(root), root));
      } catch (error) {
        // A header is read only for a symbol: a damaged one is passed over, a hostile one condemns the file.
        if (error instanceof RefusedFile) throw error;
      }
    }
    const source: SourceDocument = {
      paragraphs: reader.paragraphs,
      revisions: reader.revisions,
      headerLines: headers,
      accordStyles: styles.hasAccordStyles(),
      comments: reader.comments,
    };
    const draft = classify(source, warnings);
    return { ...draft, warnings: warnings.all() };
  } catch (error) {
    if (error instanceof ImportError) throw error;
    // A RangeError from a pathological file, or a bug of ours: either way the user gets a clear refusal.
    throw new ImportError('This file could not be read as a Word document. Try opening it in Word and saving it again.');
  }
}

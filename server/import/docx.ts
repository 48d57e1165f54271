/**
 * Reading a zero draft from a Word file. The secretariat uploads the .docx it circulated; we read its
 * paragraphs as a secretariat officer would (title, opening formula, preambular paragraphs with their
 * italic lead words, numbered operative paragraphs with their (a), (b)) and return a preview with
 * warnings wherever we had to guess, for a person to confirm before the document is created.
 *
 * Nothing in the file is trusted. The archive is checked before anything is inflated, only the three
 * parts we read are inflated, XML with a DOCTYPE is refused before parsing (no entity expansion, no
 * external entities), and sizes and counts are bounded at every step. Every failure is an ImportError
 * whose message is shown to the user as is.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ACCORD_STYLES, type AccordStyle } from '../export/formats/docx.js';
import { classify } from './classify.js';
import {
  ImportError,
  IMPORT_LIMITS,
  MB,
  quote,
  Warnings,
  type AccordRole,
  type ImportPreview,
  type Revision,
  type SourceDocument,
  type SourceParagraph,
} from './source.js';

export { ImportError, IMPORT_LIMITS, type ImportedChange, type ImportedClause, type ImportPreview } from './source.js';

const DOCUMENT_PART = 'word/document.xml';
const STYLES_PART = 'word/styles.xml';
const NUMBERING_PART = 'word/numbering.xml';
/** Page headers: where a document symbol usually stands. */
const HEADER_PART = /^word\/header\d{1,3}\.xml$/;

// ---------------------------------------------------------------------------------------------------
// The archive

/** Recognises what people upload by mistake, so the message can say what the file is instead. */
function sniff(bytes: Uint8Array): void {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (bytes.length === 0) throw new ImportError('The file is empty.');
  if (starts(0x25, 0x50, 0x44, 0x46)) {
    throw new ImportError('This file is a PDF, not a Word document. Upload the .docx file of the draft.');
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
    throw new ImportError(
      'This file is an old-format Word document (.doc) or a password-protected one. ' +
        'Open it in Word, remove any password, and save it as a Word Document (.docx).',
    );
  }
  if (starts(0x7b, 0x5c, 0x72, 0x74, 0x66)) {
    throw new ImportError('This file is in Rich Text Format (.rtf). Open it in Word and save it as a Word Document (.docx).');
  }
  // A ZIP starts with a local file header, or with the end record when it is empty.
  if (!(starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) || bytes.length < 22) {
    throw new ImportError('This file is not a Word document (.docx). Upload the .docx file of the draft.');
  }
}

/** Deflate cannot grow data by more than a few bytes per 16 KB block; a larger entry lies about its size. */
function plausiblyCompressed(file: UnzipFileInfo): boolean {
  if (file.compression === 0) return file.size === file.originalSize;
  return file.size <= file.originalSize + Math.ceil(file.originalSize / 1024) + 64;
}

/**
 * The parts we read, inflated. Everything is decided in fflate's filter, from the central directory,
 * before a byte is inflated. fflate inflates an entry into a buffer of exactly its declared size and
 * never grows it, so a header that under-declares costs at most the declared size in memory; what it
 * can still cost is time (deflate expands at most ~1032:1), which the compressed-size caps bound to a
 * few seconds. After inflating we check that each part has exactly its declared size.
 */
function unzipParts(bytes: Uint8Array, warnings: Warnings): Map<string, Uint8Array> {
  sniff(bytes);
  const declared = new Map<string, number>();
  let entries = 0;
  let total = 0;
  /** Whether to inflate this entry; refuses the file when the text itself is too large or lies about its size. */
  let headers = 0;
  const wanted = (file: UnzipFileInfo): boolean => {
    if (HEADER_PART.test(file.name)) {
      // Only for a symbol: a header too large, or one too many, is passed over without a word.
      if (headers >= IMPORT_LIMITS.headers || file.originalSize > IMPORT_LIMITS.headerBytes || !plausiblyCompressed(file)) return false;
      if (file.compression !== 0 && file.compression !== 8) return false;
      headers++;
      return true;
    }
    const auxiliary = file.name === STYLES_PART || file.name === NUMBERING_PART;
    if (file.name !== DOCUMENT_PART && !auxiliary) return false;
    if (file.compression !== 0 && file.compression !== 8) {
      throw new ImportError(`This file is damaged or not a Word document: ${file.name} uses an unknown compression method.`);
    }
    if (!plausiblyCompressed(file)) {
      throw new ImportError(`This file is damaged or has been tampered with: the size recorded for ${file.name} is wrong.`);
    }
    if (auxiliary) {
      if (file.originalSize > IMPORT_LIMITS.auxiliaryBytes || file.size > IMPORT_LIMITS.auxiliaryCompressedBytes) {
        warnings.add(`The file's ${file.name} is unusually large and was not read; styles and list numbering may be misread.`);
        return false;
      }
    } else if (file.originalSize > IMPORT_LIMITS.documentBytes) {
      throw new ImportError(
        `The text of this document (word/document.xml) is larger than ${IMPORT_LIMITS.documentBytes / MB} MB; ` +
          'Accord does not import documents this large.',
      );
    } else if (file.size > IMPORT_LIMITS.documentCompressedBytes) {
      throw new ImportError(
        `The text of this document (word/document.xml) takes more than ${IMPORT_LIMITS.documentCompressedBytes / MB} MB ` +
          'compressed; Accord does not import documents this large.',
      );
    }
    return true;
  };
  const filter = (file: UnzipFileInfo): boolean => {
    entries += 1;
    if (entries > IMPORT_LIMITS.entries) {
      throw new ImportError(`This file has more than ${IMPORT_LIMITS.entries} parts; it is not a Word document Accord can read.`);
    }
    const accept = wanted(file);
    total += file.originalSize;
    if (total > IMPORT_LIMITS.totalBytes) {
      throw new ImportError(`This file unpacks to more than ${IMPORT_LIMITS.totalBytes / MB} MB; Accord does not read files this large.`);
    }
    if (accept) declared.set(file.name, file.originalSize);
    return accept;
  };

  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError('This file is damaged or incomplete and cannot be opened as a Word document. Try saving it again from Word.');
  }
  if (!declared.has(DOCUMENT_PART)) throw new ImportError('This file is not a Word document (no word/document.xml).');

  const parts = new Map<string, Uint8Array>();
  for (const [name, size] of declared) {
    const data = Object.hasOwn(files, name) ? files[name] : undefined;
    if (!data || data.length !== size) {
      throw new ImportError(`This file is damaged: ${name} does not unpack to the size the file records for it.`);
    }
    parts.set(name, data);
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------------
// XML

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
type XmlNode = XmlElement | string;

function decodeText(bytes: Uint8Array, part: string): string {
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError(`This file is damaged: ${part} is not valid text.`);
  }
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** The five predefined entities and character references; the parser is told to expand none itself. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|apos|quot));/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (name) return PREDEFINED_ENTITIES[name] ?? whole;
    const code = hex ? parseInt(hex, 16) : Number(dec);
    return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}

/** A file refused for what it tries to do rather than for being damaged; it condemns the whole upload. */
class RefusedFile extends ImportError {}

/**
 * Parses one part into elements. A DOCTYPE is refused outright: Word never writes one, and it is how
 * entity expansion (billion laughs) and external entities (XXE) get in. Well-formedness is checked by
 * the validator first because the parser itself accepts unclosed tags silently.
 */
function parseXml(bytes: Uint8Array, part: string): XmlElement {
  const xml = decodeText(bytes, part);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new RefusedFile(
      `This file was refused: its ${part} contains a DOCTYPE or ENTITY declaration, which Word never writes ` +
        'and which can be used to attack the server.',
    );
  }
  let tags = 0;
  for (let i = 0; i < xml.length; i++) if (xml.charCodeAt(i) === 60) tags++;
  if (tags > IMPORT_LIMITS.xmlTags) {
    throw new ImportError(`This document is too large or too complex to import (${part} has over ${IMPORT_LIMITS.xmlTags / 2} elements).`);
  }
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new ImportError(
      `This file is damaged: ${part} is not well-formed XML (line ${line}, column ${col}: ${msg}). ` +
        'Try opening it in Word and saving it again.',
    );
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: IMPORT_LIMITS.xmlDepth,
  });
  let raw: unknown;
  try {
    raw = parser.parse(xml);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImportError(`This file cannot be read: ${part} could not be parsed (${reason}).`);
  }
  const root = (Array.isArray(raw) ? raw.map(toNode) : []).find((n): n is XmlElement => typeof n !== 'string');
  if (!root) throw new ImportError(`This file is damaged: ${part} is empty.`);
  return root;
}

/** fast-xml-parser's ordered output ({ tag: children, ':@': attributes } or { '#text': text }) as XmlNode. */
function toNode(raw: unknown): XmlNode {
  if (typeof raw !== 'object' || raw === null) return '';
  const entries = Object.entries(raw as Record<string, unknown>);
  const text = entries.find(([k]) => k === '#text');
  if (text) return decodeEntities(String(text[1]));
  const tag = entries.find(([k]) => k !== ':@');
  if (!tag) return '';
  const attrs: Record<string, string> = {};
  const rawAttrs = (raw as Record<string, unknown>)[':@'];
  if (typeof rawAttrs === 'object' && rawAttrs !== null) {
    for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = decodeEntities(String(v));
  }
  return { name: tag[0], attrs, children: Array.isArray(tag[1]) ? tag[1].map(toNode) : [] };
}

/**
 * Names in WordprocessingML, whatever prefix the file binds to its namespace (Word writes w:, Strict
 * OOXML uses another namespace URI, and some generators use a default namespace).
 */
class Wml {
  private readonly prefix: string;

  constructor(root: XmlElement) {
    const binding = Object.entries(root.attrs).find(
      ([k, v]) => (k === 'xmlns' || k.startsWith('xmlns:')) && /wordprocessingml\/(2006\/)?main$/.test(v),
    );
    const name = binding?.[0] ?? 'xmlns:w';
    this.prefix = name === 'xmlns' ? '' : `${name.slice('xmlns:'.length)}:`;
  }

  is(node: XmlNode | undefined, local: string): node is XmlElement {
    return typeof node === 'object' && node.name === this.prefix + local;
  }

  local(node: XmlElement): string | null {
    return node.name.startsWith(this.prefix) ? node.name.slice(this.prefix.length) : null;
  }

  child(node: XmlElement | undefined, local: string): XmlElement | undefined {
    return node?.children.find((c): c is XmlElement => this.is(c, local));
  }

  children(node: XmlElement | undefined, local: string): XmlElement[] {
    return node ? node.children.filter((c): c is XmlElement => this.is(c, local)) : [];
  }

  attr(node: XmlElement | undefined, local: string): string | undefined {
    return node?.attrs[this.prefix + local];
  }

  /** An on/off property such as <w:i/>: on when present, unless its val says off. */
  toggle(props: XmlElement | undefined, local: string): boolean | null {
    const el = this.child(props, local);
    if (!el) return null;
    const val = this.attr(el, 'val');
    return val === undefined || !['0', 'false', 'off'].includes(val.toLowerCase());
  }
}

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

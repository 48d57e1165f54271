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
import type { ClauseKind } from '../../shared/labels.js';
import type { ClauseDraft, DeclarationDraft } from '../../shared/editor/content.js';
import { MAX_IMPORT_PARAGRAPHS, MAX_PARAGRAPH_LENGTH, MAX_TITLE_LENGTH } from '../../shared/limits.js';

/** A file we cannot or will not read; the message says why, in words the secretariat can act on. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** A paragraph as read: optional italic lead words, the rest of its text, its lettered sub-paragraphs. */
export type ImportedClause = ClauseDraft;

/** What the file holds, as a declaration draft, plus what the reader had to guess. */
export interface ImportPreview extends DeclarationDraft {
  /** The opening formula ("We, the Ministers ..."), '' when there is none. */
  formula: string;
  /** One sentence per guess or omission, naming the paragraph ("Paragraph 7 ...") as counted in the file. */
  warnings: string[];
}

const MB = 1024 * 1024;

export const IMPORT_LIMITS = {
  /** Entries in the archive; a Word file has a few dozen, a few hundred with many images. */
  entries: 1000,
  /** Declared uncompressed size of all entries together, images included (they are never inflated). */
  totalBytes: 50 * MB,
  /** Declared uncompressed size of word/document.xml. */
  documentBytes: 20 * MB,
  /**
   * Compressed size of word/document.xml. Word's XML compresses about tenfold, and 2000 paragraphs
   * make well under 5 MB of it, so this is generous; it also bounds the time spent inflating a part
   * whose header under-declares its size (see unzipParts): about 3 s per MB on a laptop.
   */
  documentCompressedBytes: 2 * MB,
  /** Declared and compressed size of styles.xml and numbering.xml; larger ones are skipped with a warning. */
  auxiliaryBytes: 5 * MB,
  auxiliaryCompressedBytes: 512 * 1024,
  /** Markup in one part: '<' characters, about two per element. Parsing costs ~100 bytes per element. */
  xmlTags: 1_000_000,
  /** Elements nested in one another; Word nests a few dozen deep at most. */
  xmlDepth: 256,
  /** Non-empty paragraphs read. */
  paragraphs: MAX_IMPORT_PARAGRAPHS,
  /** Characters of one paragraph as written, spaces and all: a bound on memory, checked while reading. */
  paragraphChars: 100_000,
  /** Characters of one paragraph once normalised: what a paragraph of the draft may hold (the confirm step checks it too). */
  paragraphLength: MAX_PARAGRAPH_LENGTH,
  /** Sub-paragraphs of one paragraph, (a) to (zz): what the confirm step accepts. */
  subclauses: 52,
  /** Warnings listed before the rest are summarised in one line. */
  warnings: 100,
} as const;

const DOCUMENT_PART = 'word/document.xml';
const STYLES_PART = 'word/styles.xml';
const NUMBERING_PART = 'word/numbering.xml';

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
  const wanted = (file: UnzipFileInfo): boolean => {
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

interface SourceParagraph {
  /** 1-based among the non-empty paragraphs read, in reading order: how warnings name it. */
  position: number;
  /** Whitespace-normalised text, and whether each of its characters is italic. */
  text: string;
  italic: boolean[];
  role: 'title' | 'heading' | null;
  /** Word's automatic numbering, when the paragraph is in a list. */
  list: { level: number; format: string | null } | null;
}

interface Segment {
  text: string;
  italic: boolean;
}

/** A paragraph's runs as they are collected. */
interface Collected {
  segments: Segment[];
  length: number;
  notes: boolean;
}

/** Containers whose content is part of the running text (tracked insertions, links, fields, content controls). */
const TRANSPARENT = new Set(['ins', 'moveTo', 'hyperlink', 'smartTag', 'customXml', 'fldSimple', 'sdt', 'sdtContent', 'dir', 'bdo']);

/**
 * Reads the body in reading order: paragraphs, also inside content controls; tables are left out
 * (a zero draft is running text, and cells have no order we could trust), with a warning.
 */
class BodyReader {
  readonly paragraphs: SourceParagraph[] = [];
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

  private paragraph(p: XmlElement): void {
    const { w, styles } = this;
    const pPr = w.child(p, 'pPr');
    const styleId = w.attr(w.child(pPr, 'pStyle'), 'val');
    const collected: Collected = { segments: this.carried, length: 0, notes: false };
    for (const s of collected.segments) collected.length += s.text.length;
    this.carried = [];
    this.inline(p, styleId, collected);

    if (w.toggle(w.child(pPr, 'rPr'), 'del')) {
      this.carried = collected.segments;
      return;
    }
    const ref = numberingRef(w, pPr) ?? styles.numbering(styleId);
    const list = ref && ref.numId !== '0' ? { level: ref.level, format: this.numbering.format(ref) } : null;
    const read = this.push(collected.segments, styles.role(styleId), list);
    if (read && collected.notes) {
      this.warnings.add(`Paragraph ${read.position} (${quote(read.text)}) has a footnote or endnote; notes are not imported.`);
    }
  }

  private flushCarried(): void {
    if (this.carried.length) this.push(this.carried, null, null);
    this.carried = [];
  }

  private push(segments: Segment[], role: SourceParagraph['role'], list: SourceParagraph['list']): SourceParagraph | null {
    const { text, italic } = normalise(segments);
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
    const paragraph = { position, text, italic, role, list };
    this.paragraphs.push(paragraph);
    return paragraph;
  }

  /** The runs of a paragraph, in order, skipping tracked deletions and anything drawn rather than written. */
  private inline(parent: XmlElement, styleId: string | undefined, out: Collected): void {
    const { w } = this;
    for (const node of parent.children) {
      if (typeof node === 'string') continue;
      const local = w.local(node);
      if (local === 'r') this.run(node, styleId, out);
      else if (local !== null && TRANSPARENT.has(local)) this.inline(node, styleId, out);
      // del, moveFrom (tracked deletions), drawings, text boxes, math, comments: not part of the text.
    }
  }

  private run(r: XmlElement, styleId: string | undefined, out: Collected): void {
    const { w, styles } = this;
    const rPr = w.child(r, 'rPr');
    if (w.toggle(rPr, 'vanish') || w.toggle(rPr, 'webHidden')) return;
    const italic =
      w.toggle(rPr, 'i') ?? styles.italic(w.attr(w.child(rPr, 'rStyle'), 'val')) ?? styles.italic(styleId) ?? false;
    for (const node of r.children) {
      if (typeof node === 'string') continue;
      let text = '';
      switch (w.local(node)) {
        case 't': {
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
        default:
          break;
      }
      if (!text) continue;
      out.segments.push({ text, italic });
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

/** Joins runs into one line: whitespace collapsed to single spaces, trimmed, invisible characters dropped. */
function normalise(segments: Segment[]): { text: string; italic: boolean[] } {
  const parts: string[] = [];
  const italic: boolean[] = [];
  let afterSpace = true;
  for (const segment of segments) {
    let text = segment.text.replace(INVISIBLE, '').replace(/\s+/g, ' ');
    if (afterSpace && text.startsWith(' ')) text = text.slice(1);
    if (!text) continue;
    parts.push(text);
    for (let i = 0; i < text.length; i++) italic.push(segment.italic);
    afterSpace = text.endsWith(' ');
  }
  let text = parts.join('');
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    italic.pop();
  }
  return { text, italic };
}

// ---------------------------------------------------------------------------------------------------
// How negotiators open their paragraphs

/** Words that may come before the lead verb ("Also recalling", "Strongly condemns", "Deeply concerned"). */
const BEFORE = String.raw`(?:(?:also|further|further also|again|once again|deeply|gravely|seriously|strongly|firmly|fully|hereby|duly)\s+)?`;
/** Words that may follow it ("Recalling also", "Requests further"). */
const AFTER = String.raw`(?:\s+(?:also|further|again|once again|once more))?`;
/** "Noting with deep concern", "Welcomes with appreciation". */
const MANNER = String.raw`(?:\s+with\s+(?:(?:deep|grave|great|serious|particular|profound|high)\s+)?(?:concern|appreciation|satisfaction|interest|regret|alarm|gratitude|approval))?`;

function leadPattern(phrases: string[]): RegExp {
  const alternatives = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/ /g, String.raw`\s+`))
    .join('|');
  return new RegExp(String.raw`^${BEFORE}(?:${alternatives})${AFTER}${MANNER}(?=$|[\s,;:.])`, 'i');
}

/** Participles and adjectives that open preambular paragraphs ("Welcoming" is preambular, "Welcomes" operative). */
const PREAMBULAR = leadPattern([
  'Acknowledging', 'Affirming', 'Alarmed', 'Appreciating', 'Aware', 'Bearing in mind', 'Believing',
  'Building on', 'Cognizant', 'Cognisant', 'Commending', 'Committed', 'Concerned', 'Conscious', 'Considering',
  'Convinced', 'Deploring', 'Desiring', 'Desirous', 'Determined', 'Emphasizing', 'Emphasising', 'Encouraged',
  'Encouraging', 'Expressing', 'Guided by', 'Having \\w+', 'Highlighting', 'Inspired by', 'Keeping in mind',
  'Mindful', 'Noting', 'Observing', 'Reaffirming', 'Realizing', 'Realising', 'Recalling', 'Recognizing',
  'Recognising', 'Referring', 'Reiterating', 'Resolved', 'Seeking', 'Stressing', 'Taking into account',
  'Taking into consideration', 'Taking note', 'Underlining', 'Underscoring', 'Upholding', 'Welcoming',
]);

/** Verbs that open operative paragraphs, in the third person ("Calls upon") and after "We ... hereby" ("Commit"). */
const OPERATIVE = leadPattern([
  'Accepts', 'Acknowledges', 'Adopts', 'Affirms', 'Agrees', 'Appeals to', 'Appreciates', 'Approves', 'Authorizes',
  'Authorises', 'Calls upon', 'Calls on', 'Calls for', 'Commends', 'Commits', 'Condemns', 'Confirms', 'Congratulates',
  'Considers', 'Decides', 'Declares', 'Deplores', 'Designates', 'Directs', 'Emphasizes', 'Emphasises', 'Encourages',
  'Endorses', 'Expresses', 'Highlights', 'Instructs', 'Invites', 'Notes', 'Pledges', 'Proclaims', 'Reaffirms',
  'Recalls', 'Recognizes', 'Recognises', 'Recommends', 'Regrets', 'Reiterates', 'Rejects', 'Reminds', 'Renews',
  'Requests', 'Resolves', 'Stresses', 'Supports', 'Takes note', 'Tasks', 'Underlines', 'Underscores',
  'Undertakes', 'Urges', 'Welcomes',
  'Accept', 'Acknowledge', 'Adopt', 'Affirm', 'Agree', 'Call upon', 'Call on', 'Commend', 'Commit', 'Condemn',
  'Continue', 'Decide', 'Declare', 'Emphasize', 'Emphasise', 'Encourage', 'Endorse', 'Enhance', 'Express',
  'Intensify', 'Invite', 'Note', 'Pledge', 'Promote', 'Reaffirm', 'Recognize', 'Recognise', 'Reiterate',
  'Request', 'Resolve', 'Strengthen', 'Stress', 'Support', 'Take note', 'Task', 'Underline', 'Underscore',
  'Undertake', 'Urge', 'Welcome',
]);

/** "1.", "1)", "OP3", "PP2:", "OP4bis": how drafters number paragraphs by hand. */
const CLAUSE_NUMBER =
  /^(?:(?:PP|OP)\s?\d{1,3}(?:\s?(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies))?[.):]?|\d{1,3}[.)])(?:\s+|$)/;
/** "(a)", "b)", "(iii)": a sub-paragraph lettered by hand. */
const SUBCLAUSE_LETTER = /^(?:\(([a-z]{1,4})\)|([a-z]{1,4})\))(?:\s+|$)/;
const FORMULA = /^we\s*,|^we\s+the\b/i;
/** "DO HEREBY DECLARE:", "Have agreed as follows:" between preamble and operative part. */
const CHAPEAU = /\bhereby\b|\bas follows\b|^(?:do\s+)?(?:declare|decide|agree|resolve|adopt)s?\s*:$/i;
/** "Adopted in Manila, ... on 20 September 2017." */
const CLOSING = /^(?:adopted|done|issued|signed)\s+(?:at|in|on|by|this)\b/i;

function leadKind(text: string): ClauseKind | null {
  if (PREAMBULAR.test(text)) return 'preambular';
  if (OPERATIVE.test(text)) return 'operative';
  return null;
}

/** For italic lead words we do not know: "Heartened", "Applauding" read as preambular, "Applauds" as operative. */
function leadKindByForm(lead: string): ClauseKind | null {
  const word = lead.replace(new RegExp(`^${BEFORE}`, 'i'), '').split(/\s/)[0]?.toLowerCase() ?? '';
  if (/(?:ing|ed)$/.test(word)) return 'preambular';
  if (/[^s]s$/.test(word)) return 'operative';
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Reading paragraphs as a secretariat officer would

interface Reading {
  source: SourceParagraph;
  /** A number typed by hand ("1.", "OP3") or Word's automatic numbering. */
  numbered: boolean;
  /** A lettered sub-paragraph: "(a)" typed by hand, or a lettered or deeper level of a Word list. */
  sub: boolean;
  /** The text without its hand-typed number or letter. */
  body: string;
  lead: string | undefined;
  rest: string;
  kind: ClauseKind | null;
}

const MAX_LEAD_WORDS = 12;

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{M}]/u.test(ch);
}

function read(source: SourceParagraph): Reading {
  let { text, italic } = source;
  const number = CLAUSE_NUMBER.exec(text);
  const letter = number ? null : SUBCLAUSE_LETTER.exec(text);
  const cut = (number ?? letter)?.[0].length ?? 0;
  text = text.slice(cut);
  italic = italic.slice(cut);
  const list = source.list;
  const sub = letter !== null || (list !== null && (list.level >= 1 || list.format === 'lowerLetter' || list.format === 'lowerRoman'));

  let lead: string | undefined;
  let rest = text;
  let kind = leadKind(text);
  // Italic lead words, when the paragraph opens in italics but is not italic throughout. Spaces count
  // as neither; a lead that stops inside a word ("Recall|ing") takes the whole word, and a comma
  // right after it goes with it.
  let end = 0;
  while (end < text.length && (italic[end] || text[end] === ' ')) end++;
  if (italic[0] && end < text.length) {
    while (end < text.length && isLetter(text[end]) && isLetter(text[end - 1])) end++;
    const punctuation = /^\s*[,;:]/.exec(text.slice(end));
    if (punctuation) end += punctuation[0].length;
    const italicLead = text.slice(0, end).trim();
    if (italicLead.split(' ').length <= MAX_LEAD_WORDS) {
      lead = italicLead;
      rest = text.slice(end).trim();
      kind = leadKind(italicLead) ?? kind ?? leadKindByForm(italicLead);
    }
  }
  if (lead === undefined && kind !== null) {
    const match = (kind === 'preambular' ? PREAMBULAR : OPERATIVE).exec(text)!;
    const punctuation = /^\s*[,;:]/.exec(text.slice(match[0].length));
    const end = match[0].length + (punctuation?.[0].length ?? 0);
    lead = text.slice(0, end).trim();
    rest = text.slice(end).trim();
  }
  return { source, numbered: number !== null || (list !== null && !sub), sub, body: text, lead, rest, kind };
}

/** Whether a paragraph carries any sign of being a clause; the first one that does ends the heading. */
function looksLikeClause(r: Reading): boolean {
  return r.kind !== null || r.lead !== undefined || r.numbered || r.sub || /^we\b/i.test(r.body) || /[,;]$/.test(r.body);
}

function looksLikeFormula(r: Reading): boolean {
  return FORMULA.test(r.body) || (/^the\s/i.test(r.body) && /[,:]$/.test(r.body) && r.kind === null && !r.numbered);
}

/**
 * A line with no lead, no number and no closing punctuation: a heading such as "II. Cooperation", a
 * subtitle, a date line. Before the text a long title is normal; inside it only short lines are taken
 * for headings, so that an unpunctuated paragraph is not dropped.
 */
function looksLikeHeading(r: Reading, maxWords: number): boolean {
  if (r.source.role) return true;
  if (r.kind !== null || r.lead !== undefined || r.numbered || r.sub || r.body.startsWith('[')) return false;
  if (/^[IVXLC]+\.\s/.test(r.body) && r.body.length <= 150) return true;
  return r.body.split(' ').length <= maxWords && !/[,;.:]$/.test(r.body);
}

function quote(text: string): string {
  if (text.length <= 60) return `"${text}"`;
  return `"${text.slice(0, 60).replace(/\s+\S*$/, '')} ..."`;
}

function named(r: Reading): string {
  return `Paragraph ${r.source.position} (${quote(r.source.text)})`;
}

class Warnings {
  private readonly list: string[] = [];
  private readonly seen = new Set<string>();
  private dropped = 0;

  add(message: string): void {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    if (this.list.length < IMPORT_LIMITS.warnings) this.list.push(message);
    else this.dropped++;
  }

  all(): string[] {
    return this.dropped ? [...this.list, `... and ${this.dropped} more warnings.`] : [...this.list];
  }
}

function classify(paragraphs: SourceParagraph[], warnings: Warnings): DeclarationDraft & { formula: string } {
  const readings = paragraphs.map(read);
  if (readings.length === 0) throw new ImportError('This Word document is empty: it has no text to import.');

  // The heading: the lines before the formula or the first paragraph that looks like a clause or like prose.
  let bodyStart = readings.findIndex(
    (r) => r.source.role === null && (looksLikeFormula(r) || looksLikeClause(r) || !looksLikeHeading(r, 30)),
  );
  if (bodyStart === -1) bodyStart = readings.length;
  const heading = readings.slice(0, bodyStart);
  let titleAt = heading.findIndex((r) => r.source.role === 'title');
  if (titleAt === -1) titleAt = heading.findIndex((r) => r.source.role === 'heading');
  if (titleAt === -1) titleAt = 0;

  let title: string;
  if (bodyStart === 0) {
    title = readings[0]!.source.text;
    warnings.add(`No title found: the first paragraph (${quote(title)}) was taken as the title. Check the title and that paragraph.`);
    bodyStart = 1;
  } else {
    const parts = [heading[titleAt]!.source.text];
    let i = titleAt + 1;
    while (heading[i]?.source.role === 'title') parts.push(heading[i++]!.source.text);
    title = parts.join(' ');
    heading.forEach((r, j) => {
      if (j < titleAt || j >= i) warnings.add(`${named(r)} was left out: it comes before the text and is not the title.`);
    });
  }
  if (title.length > MAX_TITLE_LENGTH) {
    title = title.slice(0, MAX_TITLE_LENGTH - 3).replace(/\s+\S*$/, '') + '...';
    warnings.add(`The title was longer than ${MAX_TITLE_LENGTH} characters and was shortened.`);
  }

  let formula = '';
  const preambular: ClauseDraft[] = [];
  const operative: ClauseDraft[] = [];
  let last: { clause: ClauseDraft; label: string } | null = null;
  const label = (kind: ClauseKind) => (kind === 'preambular' ? `PP${preambular.length}` : `OP${operative.length}`);

  for (const [i, r] of readings.slice(bodyStart).entries()) {
    if (i === 0 && looksLikeFormula(r)) {
      formula = r.source.text;
      continue;
    }
    if (CLOSING.test(r.body)) {
      warnings.add(`${named(r)} was left out: it records where and when the text was adopted.`);
      continue;
    }
    if (r.body.endsWith(':') && r.body.length <= 200 && CHAPEAU.test(r.body)) {
      warnings.add(`${named(r)} was left out: Accord has no place for a chapeau between the preamble and the operative part.`);
      continue;
    }
    if (r.sub && last) {
      const subclauses = (last.clause.subclauses ??= []);
      if (subclauses.length === IMPORT_LIMITS.subclauses) {
        throw new ImportError(
          `${named(r)} would be sub-paragraph ${IMPORT_LIMITS.subclauses + 1} of ${last.label}; ` +
            `a paragraph holds at most ${IMPORT_LIMITS.subclauses} sub-paragraphs, (a) to (zz).`,
        );
      }
      subclauses.push(r.body);
      if (r.source.list && r.source.list.level >= 2) {
        warnings.add(`${named(r)} is nested below a sub-paragraph; it was made a sub-paragraph of ${last.label}.`);
      }
      continue;
    }
    if (!r.body) {
      warnings.add(`Paragraph ${r.source.position} holds only a number (${quote(r.source.text)}) and was skipped.`);
      continue;
    }
    if (looksLikeHeading(r, 6)) {
      warnings.add(`${named(r)} looks like a heading and was left out.`);
      continue;
    }
    if (r.sub) warnings.add(`${named(r)} is lettered like a sub-paragraph but no paragraph precedes it; it was taken as a paragraph.`);

    let kind: ClauseKind;
    if (operative.length > 0) {
      kind = 'operative';
      const previous = `OP${operative.length}`;
      if (r.kind === 'preambular') warnings.add(`${named(r)} reads like a preambular paragraph but follows ${previous}; it was taken as operative.`);
      else if (r.kind === null && !/^we\b/i.test(r.body)) warnings.add(`${named(r)} could not be classified; taken as operative because it follows ${previous}.`);
    } else if (r.kind !== null) {
      kind = r.kind;
    } else if (/^we\b/i.test(r.body)) {
      kind = 'operative';
    } else if (r.numbered && !/,$/.test(r.body)) {
      kind = 'operative';
      warnings.add(`${named(r)} could not be classified; taken as operative because it is numbered.`);
    } else {
      kind = 'preambular';
      warnings.add(`${named(r)} could not be classified; taken as preambular because it comes before the first operative paragraph.`);
    }
    const clause: ClauseDraft = r.lead !== undefined ? { lead: r.lead, text: r.rest } : { text: r.body };
    (kind === 'preambular' ? preambular : operative).push(clause);
    last = { clause, label: label(kind) };
  }

  if (preambular.length + operative.length === 0) {
    throw new ImportError(
      formula
        ? 'This document has a title and an opening formula but no paragraphs to import.'
        : `This document has only a title (${quote(title)}); there are no paragraphs to import.`,
    );
  }
  if (operative.length === 0) {
    throw new ImportError(
      'No operative paragraphs found: Accord looks for paragraphs that open with an operative verb ' +
        '("Calls upon", "Encourages", "Decides", "Commit" ...) or that come after one. Check that the operative ' +
        'paragraphs start with such a verb, then upload the file again.',
    );
  }
  if (preambular.length === 0) warnings.add('No preambular paragraphs found; the text starts with its operative part.');
  return { title, formula, preambular, operative };
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
    const reader = new BodyReader(w, new Styles(optional(STYLES_PART)), new Numbering(optional(NUMBERING_PART)), warnings);
    reader.read(body);
    const draft = classify(reader.paragraphs, warnings);
    return { ...draft, warnings: warnings.all() };
  } catch (error) {
    if (error instanceof ImportError) throw error;
    // A RangeError from a pathological file, or a bug of ours: either way the user gets a clear refusal.
    throw new ImportError('This file could not be read as a Word document. Try opening it in Word and saving it again.');
  }
}

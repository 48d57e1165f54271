/**
 * Opening a Word file safely: the archive (checked before anything is inflated, only the parts we read
 * inflated, every size bounded) and its XML (no DOCTYPE, no entities but the five predefined ones, depth
 * and element counts bounded), with names read whatever namespace prefix the file uses. What the parts
 * say, as a declaration, is docx.ts's.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ImportError, IMPORT_LIMITS, MB, type Warnings } from './source.js';

export const DOCUMENT_PART = 'word/document.xml';
export const STYLES_PART = 'word/styles.xml';
export const NUMBERING_PART = 'word/numbering.xml';
/** Page headers: where a document symbol usually stands. */
export const HEADER_PART = /^word\/header\d{1,3}\.xml$/;

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
export function unzipParts(bytes: Uint8Array, warnings: Warnings): Map<string, Uint8Array> {
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

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

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
export class RefusedFile extends ImportError {}

/**
 * Parses one part into elements. A DOCTYPE is refused outright: Word never writes one, and it is how
 * entity expansion (billion laughs) and external entities (XXE) get in. Well-formedness is checked by
 * the validator first because the parser itself accepts unclosed tags silently.
 */
export function parseXml(bytes: Uint8Array, part: string): XmlElement {
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
export class Wml {
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

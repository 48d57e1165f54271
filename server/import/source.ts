/**
 * What the DOCX reader (docx.ts) and the classifier (classify.ts) share: the paragraphs read from a
 * file, the warnings collected on the way, the limits, and the one error a user ever sees.
 */
import type { ClauseDraft } from '../../shared/editor/content.js';
import { MAX_IMPORT_PARAGRAPHS, MAX_PARAGRAPH_LENGTH } from '../../shared/limits.js';

/** A file we cannot or will not read; the message says why, in words the secretariat can act on. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** A paragraph as read: optional italic lead words, the rest of its text, its lettered sub-paragraphs. */
export type ImportedClause = ClauseDraft;

/**
 * One proposal the file holds: a tracked change (or several next to one another, by one author), as
 * it will stand in the document if the secretariat keeps the tracked changes as proposals.
 */
export type { ImportedChange, ImportPreview } from '../../shared/api/imports.js';

export const MB = 1024 * 1024;

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
  /** Page headers read for a symbol, and the size of each. */
  headers: 6,
  headerBytes: 256 * 1024,
  /** Tracked change elements in one file. */
  revisions: 50_000,
  /** Warnings listed before the rest are summarised in one line. */
  warnings: 100,
} as const;

/** What Accord's own export says a paragraph is, by the style it gave it (see ACCORD_STYLES). */
export type AccordRole = 'stage' | 'legend' | 'formula' | 'preambular' | 'operative' | 'subparagraph' | 'record';

/** A tracked change element of the file (w:ins, w:del, w:moveTo, w:moveFrom): who, when, and which way. */
export interface Revision {
  kind: 'insertion' | 'deletion';
  author: string;
  date: string | null;
}

/** A paragraph of the file: its text, the italics of each character, its style and list numbering. */
export interface SourceParagraph {
  /** 1-based among the non-empty paragraphs read, in reading order: how warnings name it. */
  position: number;
  /** Whitespace-normalised text as written: with the words tracked changes insert, and those they delete. */
  text: string;
  /** Whether each of its characters is italic. */
  italic: boolean[];
  /**
   * Where the paragraph has tracked changes: for each character, the index in the file's revisions of
   * the insertion and of the deletion it is part of, or -1.
   */
  tracked: { inserted: Int32Array; deleted: Int32Array } | null;
  role: 'title' | 'heading' | null;
  /** Accord's own export: what its style says the paragraph is. */
  accord: AccordRole | null;
  /** Word's automatic numbering, when the paragraph is in a list. */
  list: { level: number; format: string | null } | null;
}

/** Everything read from the file, before it is classified. */
export interface SourceDocument {
  paragraphs: SourceParagraph[];
  revisions: Revision[];
  /** Lines of text in the page headers, where a document symbol usually stands. */
  headerLines: string[];
  /** Accord's own styles were found in the file. */
  accordStyles: boolean;
  /** Comments anchored in the text (they are not imported). */
  comments: number;
}

/** The guesses and omissions of one reading, each said once, the list bounded. */
export class Warnings {
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

/** The start of a paragraph, quoted, for a warning that names it. */
export function quote(text: string): string {
  if (text.length <= 60) return `"${text}"`;
  return `"${text.slice(0, 60).replace(/\s+\S*$/, '')} ..."`;
}

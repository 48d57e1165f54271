/**
 * What the DOCX reader (docx.ts) and the classifier (classify.ts) share: the paragraphs read from a
 * file, the warnings collected on the way, the limits, and the one error a user ever sees.
 */
import type { ClauseDraft, DeclarationDraft } from '../../shared/editor/content.js';
import { MAX_IMPORT_PARAGRAPHS, MAX_PARAGRAPH_LENGTH } from '../../shared/limits.js';

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
  /** Warnings listed before the rest are summarised in one line. */
  warnings: 100,
} as const;

/** A paragraph of the file: its text, the italics of each character, its style and list numbering. */
export interface SourceParagraph {
  /** 1-based among the non-empty paragraphs read, in reading order: how warnings name it. */
  position: number;
  /** Whitespace-normalised text, and whether each of its characters is italic. */
  text: string;
  italic: boolean[];
  role: 'title' | 'heading' | null;
  /** Word's automatic numbering, when the paragraph is in a list. */
  list: { level: number; format: string | null } | null;
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

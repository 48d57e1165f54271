import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font } from 'fontkit';

/**
 * The typefaces embedded in exported PDFs, one family per script, all from the Noto project and all
 * installed with the app's npm packages: nothing is fetched when a document is rendered.
 *
 * - Noto Serif: Latin (Vietnamese included), Greek and Cyrillic, with italic and bold;
 * - Noto Naskh Arabic: Arabic, regular and bold (the script has no italic);
 * - Noto Serif SC: Han and Japanese kana;
 * - Noto Serif KR: Hangul, and Han characters Serif SC lacks.
 *
 * A PDF embeds only the glyphs it uses (pdfkit subsets every embedded font), so a CJK face of 15 MB
 * adds a few kilobytes to a document that quotes a few characters of it.
 */

export type Family = 'serif' | 'naskh' | 'serifSC' | 'serifKR';

/**
 * The families to try, in order, for a character its own script's family lacks. The CJK faces (15 MB
 * each, read on first use) are tried only for what they may hold: symbols and punctuation from
 * U+2000 on, and the CJK planes; never for an emoji, which no face here has.
 */
export function fallbacksFor(codePoint: number): readonly Family[] {
  const cjk = (codePoint >= 0x2000 && codePoint <= 0xffff) || (codePoint >= 0x20000 && codePoint <= 0x3ffff);
  return cjk ? ['serif', 'serifSC', 'serifKR', 'naskh'] : ['serif', 'naskh'];
}

interface Files {
  package: string;
  /** Set at this multiple of the text's size, so that its letters look as large as Noto Serif's. */
  scale: number;
  regular: string;
  bold: string;
  italic?: string;
  boldItalic?: string;
}

const FILES: Record<Family, Files> = {
  serif: {
    package: '@expo-google-fonts/noto-serif',
    scale: 1,
    regular: '400Regular/NotoSerif_400Regular.ttf',
    bold: '700Bold/NotoSerif_700Bold.ttf',
    italic: '400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
    boldItalic: '700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
  },
  // Version 1 of Noto Naskh Arabic: version 2 (Google Fonts') draws a dotted letter as its dotless
  // skeleton plus dots, so "ن" and "ب" share a glyph and a PDF's text extracts one as the other.
  naskh: {
    package: '@embedpdf/fonts-arabic',
    scale: 1.15, // Naskh's letters are small on their body
    regular: 'fonts/NotoNaskhArabic-Regular.ttf',
    bold: 'fonts/NotoNaskhArabic-Bold.ttf',
  },
  serifSC: {
    package: '@expo-google-fonts/noto-serif-sc',
    scale: 1,
    regular: '400Regular/NotoSerifSC_400Regular.ttf',
    bold: '700Bold/NotoSerifSC_700Bold.ttf',
  },
  serifKR: {
    package: '@expo-google-fonts/noto-serif-kr',
    scale: 1,
    regular: '400Regular/NotoSerifKR_400Regular.ttf',
    bold: '700Bold/NotoSerifKR_700Bold.ttf',
  },
};

export interface Face {
  /** Unique per file: the name a PDF document registers the face under. */
  id: string;
  family: Family;
  /** The file's bytes, handed to pdfkit, which parses its own copy of the font per document. */
  bytes: Buffer;
  /** Parsed once, for coverage and line metrics. */
  font: Font;
  scale: number;
}

const require = createRequire(import.meta.url);
const faces = new Map<string, Face>();

/**
 * The face of a family in a style; a family without italic gives its upright face. Files are read on
 * first use and kept, so the CJK faces cost memory only in a server that has printed CJK.
 */
export function faceOf(family: Family, bold: boolean, italic: boolean): Face {
  const files = FILES[family];
  const file = bold ? (italic ? (files.boldItalic ?? files.bold) : files.bold) : italic ? (files.italic ?? files.regular) : files.regular;
  const id = `${family}-${file.slice(file.lastIndexOf('/') + 1, -'.ttf'.length)}`;
  let face = faces.get(id);
  if (!face) {
    const bytes = readFileSync(join(packageRoot(files.package), file));
    const font = create(bytes);
    if (!('unitsPerEm' in font)) throw new Error(`${file} is a font collection, not a font`);
    face = { id, family, bytes, font, scale: files.scale };
    faces.set(id, face);
  }
  return face;
}

/** The folder of an installed package: some export only their entry point, not their font files. */
function packageRoot(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = parent;
  }
  return dir;
}

/** Whether a family draws a character (by its regular face: the styles of a family cover the same). */
export function covers(family: Family, codePoint: number): boolean {
  return faceOf(family, false, false).font.hasGlyphForCodePoint(codePoint);
}

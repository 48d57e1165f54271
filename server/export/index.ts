import type { Rendition } from './rendition.js';
import { renderAkn } from './formats/akn.js';
import { renderDocx } from './formats/docx.js';
import { renderHtml } from './formats/html.js';
import { renderJson } from './formats/json.js';
import { renderMarkdown } from './formats/markdown.js';
import { renderPdf } from './formats/pdf.js';
import { renderText } from './formats/text.js';
import { symbolStem } from './formats/wording.js';
import { localDateTimeInput } from '../../shared/time.js';
import { EXPORT_FORMAT_NAMES, exportFormat, type ExportFormat } from '../../shared/formats.js';

/**
 * Exports of a declaration. Every format renders the same Rendition (see rendition.ts), so they all
 * agree on numbering, lead words, brackets and proposals; this module only picks the renderer and
 * names the file.
 */

export type { ExportFormat } from '../../shared/formats.js';
/** The names of shared/formats.ts's list, under the name tests/unit/export.test.ts imports. */
export const EXPORT_FORMATS: readonly ExportFormat[] = EXPORT_FORMAT_NAMES;

export interface ExportFile {
  body: Uint8Array;
  contentType: string;
  filename: string;
}

interface Renderer {
  contentType: string;
  render: (rendition: Rendition) => string | Uint8Array | Promise<Uint8Array>;
}

const RENDERERS: Record<ExportFormat, Renderer> = {
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', render: renderDocx },
  pdf: { contentType: 'application/pdf', render: renderPdf },
  html: { contentType: 'text/html; charset=utf-8', render: renderHtml },
  md: { contentType: 'text/markdown; charset=utf-8', render: renderMarkdown },
  txt: { contentType: 'text/plain; charset=utf-8', render: renderText },
  json: { contentType: 'application/json', render: renderJson },
  akn: { contentType: 'application/akn+xml; charset=utf-8', render: renderAkn },
};

/**
 * A distinct name for each version of a text: "SOMTC-2019-L.1-zero-draft.docx", "SOMTC-2019-L.1-Rev.2.docx",
 * "SOMTC-2019-1-adopted.pdf", and the live draft with the day and time of export in the venue's zone,
 * "SOMTC-2019-L.1-draft-2019-06-11-1530.docx", so that downloads never overwrite one another.
 */
export function exportFilename(rendition: Rendition, format: ExportFormat): string {
  const stem = symbolStem(rendition.symbol);
  const extension = exportFormat(format).extension;
  if (rendition.stage === 'adopted') return `${stem}-adopted.${extension}`;
  if (rendition.stage === 'revision') return rendition.revisionNumber === 0 ? `${stem}-zero-draft.${extension}` : `${stem}.${extension}`;
  const at = localDateTimeInput(rendition.date, rendition.timeZone).replace('T', '-').replace(':', '');
  return `${stem}-draft-${at}.${extension}`;
}

export async function exportRendition(rendition: Rendition, format: ExportFormat): Promise<ExportFile> {
  const renderer = RENDERERS[format];
  if (!renderer) throw new RangeError(`unknown export format: ${String(format)}`);
  const out = await renderer.render(rendition);
  // Strings are UTF-8 without a byte order mark: the plain text's bytes are what the integrity hash covers.
  const body = typeof out === 'string' ? new TextEncoder().encode(out) : out;
  return { body, contentType: renderer.contentType, filename: exportFilename(rendition, format) };
}

export type { Rendition } from './rendition.js';
export { canonicalText, renditionOf } from './rendition.js';

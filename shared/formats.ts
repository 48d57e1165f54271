/**
 * The formats a text leaves Accord in: one list for the server's renderers, the API's validation and
 * the export menus, in the order the menus show them (the one people reach for first, first).
 */
export const EXPORT_FORMATS = [
  { format: 'pdf', label: 'PDF', hint: 'for circulation and printing', extension: 'pdf' },
  { format: 'docx', label: 'Word (DOCX)', hint: 'for the secretariat’s editing', extension: 'docx' },
  { format: 'html', label: 'HTML', hint: 'a web page', extension: 'html' },
  { format: 'md', label: 'Markdown', hint: 'plain text with structure', extension: 'md' },
  { format: 'txt', label: 'Plain text', hint: 'the compilation text', extension: 'txt' },
  { format: 'json', label: 'JSON', hint: 'structured data', extension: 'json' },
  // Akoma Ntoso files are XML; the double extension says which XML.
  { format: 'akn', label: 'Akoma Ntoso XML', hint: 'the legislative XML standard', extension: 'akn.xml' },
] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number]['format'];

/** The format names alone, as a non-empty tuple (what z.enum takes). */
export const EXPORT_FORMAT_NAMES = EXPORT_FORMATS.map((f) => f.format) as [ExportFormat, ...ExportFormat[]];

/** A format's entry (label, hint, file extension). */
export function exportFormat(format: ExportFormat): (typeof EXPORT_FORMATS)[number] {
  return EXPORT_FORMATS.find((f) => f.format === format)!;
}

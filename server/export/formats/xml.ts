/**
 * Escaping for the XML-based formats (HTML, Akoma Ntoso, and the XML inside DOCX). Escaping alone
 * is not enough for well-formedness: XML 1.0 forbids most control characters and unpaired
 * surrogates even as character references, so those are dropped or replaced first.
 */

// C0 controls other than tab, newline and carriage return; U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text that XML 1.0 can hold: forbidden characters removed, unpaired surrogates as U+FFFD. */
export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, '').replace(LONE_SURROGATE, '\uFFFD');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and for double- or single-quoted attribute values alike. */
export function escapeXml(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** ` name="value"` for each attribute that has a value (null and undefined are left out). */
export function attributes(attrs: Record<string, string | number | null | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    out += ` ${name}="${escapeXml(String(value))}"`;
  }
  return out;
}

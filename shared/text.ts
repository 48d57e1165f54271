/**
 * Text that every database Accord runs on can keep. PostgreSQL refuses NUL (U+0000) in a text column
 * outright, and a lone surrogate (half of a UTF-16 pair, invalid Unicode) has no UTF-8 form, so the
 * drivers would silently change it. What a person sends is refused with a 400 (shared/api/text.ts);
 * what comes from the document's text, where a client may have put either, is made storable here,
 * at the repositories' boundary, so adopting or issuing a text never fails on it.
 */

// With the u flag a regex reads code points: a well-formed pair is one astral code point, so only
// a surrogate standing alone has the general category Cs.
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

export function hasNul(text: string): boolean {
  return text.includes('\0');
}

/** Valid UTF-16: no surrogate without its other half (String.prototype.isWellFormed, ES2024). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** The text without NUL, each lone surrogate replaced by U+FFFD (as a UTF-8 encoder would). */
export function storableText(text: string): string {
  const withoutNul = hasNul(text) ? text.replaceAll('\0', '') : text;
  return isWellFormedText(withoutNul) ? withoutNul : withoutNul.replace(LONE_SURROGATES, '\uFFFD');
}

/** storableText for an optional column. */
export function storableNullable(text: string | null): string | null {
  return text === null ? null : storableText(text);
}

// JSON.stringify writes NUL as \u0000 and a lone surrogate as \udXXX: a stored JSON text is thus
// always storable itself, but parsing it back would bring the character back into the text.
const SUSPECT_ESCAPE = /\\u(?:0000|d[89a-f])/i;

/**
 * A JSON text (as JSON.stringify wrote it, such as a ProseMirror document) whose strings are all
 * storable. A ProseMirror text node left empty is dropped, since ProseMirror allows none.
 */
export function storableJson(json: string): string {
  if (!SUSPECT_ESCAPE.test(json)) return json;
  return JSON.stringify(cleanValue(JSON.parse(json) as unknown));
}

function cleanValue(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(cleanValue).filter((item) => !isEmptyTextNode(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), cleanValue(item)]));
  }
  return value;
}

function isEmptyTextNode(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'type' in value && value.type === 'text' && 'text' in value && value.text === '';
}

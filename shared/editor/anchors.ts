import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';

/**
 * Quote anchors: two Yjs relative positions in a clause's text. They stay attached to the same
 * characters while others edit around them, on every copy of the document.
 */

export interface Anchor {
  start: string;
  end: string;
}

export function encodeAnchor(start: Y.RelativePosition, end: Y.RelativePosition): Anchor {
  return { start: toBase64(Y.encodeRelativePosition(start)), end: toBase64(Y.encodeRelativePosition(end)) };
}

function decode(position: string): Y.RelativePosition {
  return Y.decodeRelativePosition(fromBase64(position));
}

export interface ResolvedAnchor {
  text: Y.XmlText;
  from: number;
  to: number;
}

/** Where an anchor stands now, or null if it does not resolve to a range in one text of this document. */
export function resolveAnchor(doc: Y.Doc, anchor: Anchor): ResolvedAnchor | null {
  let start: Y.AbsolutePosition | null;
  let end: Y.AbsolutePosition | null;
  try {
    start = Y.createAbsolutePositionFromRelativePosition(decode(anchor.start), doc);
    end = Y.createAbsolutePositionFromRelativePosition(decode(anchor.end), doc);
  } catch {
    return null;
  }
  if (!start || !end || start.type !== end.type || !(start.type instanceof Y.XmlText)) return null;
  return { text: start.type, from: Math.min(start.index, end.index), to: Math.max(start.index, end.index) };
}

/** The plain text between an anchor's ends now; null when the words are gone (or it never resolved). */
export function currentQuote(doc: Y.Doc, anchor: Anchor): string | null {
  const resolved = resolveAnchor(doc, anchor);
  if (!resolved || resolved.to <= resolved.from) return null;
  const plain = (resolved.text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  const words = plain.slice(resolved.from, resolved.to);
  return words.length ? words : null;
}

/** The id of the clause an anchor stands in, if any. */
export function anchorClauseId(doc: Y.Doc, anchor: Anchor): string | null {
  const resolved = resolveAnchor(doc, anchor);
  if (!resolved) return null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type
  for (let type: Y.AbstractType<any> | null = resolved.text; type; type = (type._item?.parent as Y.AbstractType<any> | undefined) ?? null) {
    if (type instanceof Y.XmlElement && type.nodeName === 'clause') return (type.getAttribute('id') as string | undefined) ?? null;
  }
  return null;
}

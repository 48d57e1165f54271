import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { FRAGMENT } from './yjs.js';

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

/**
 * What a thread knows of its quote besides the anchor: the paragraph it is on and the words it
 * quoted. Enough to find the words again when the anchor's text is gone (see resolveQuote).
 */
export interface QuoteHome {
  clauseId: string;
  text: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type
type AnyType = Y.AbstractType<any>;

/** A type deleted itself or inside a deleted element: positions in it point at nothing visible. */
function isGone(type: AnyType): boolean {
  for (let t: AnyType | null = type; t; t = (t._item?.parent as AnyType | undefined) ?? null) if (t._item?.deleted) return true;
  return false;
}

/** Where an anchor stands now, or null if it does not resolve to a range in one live text of this document. */
export function resolveAnchor(doc: Y.Doc, anchor: Anchor): ResolvedAnchor | null {
  let start: Y.AbsolutePosition | null;
  let end: Y.AbsolutePosition | null;
  try {
    start = Y.createAbsolutePositionFromRelativePosition(decode(anchor.start), doc);
    end = Y.createAbsolutePositionFromRelativePosition(decode(anchor.end), doc);
  } catch {
    return null;
  }
  if (!start || !end || start.type !== end.type || !(start.type instanceof Y.XmlText) || isGone(start.type)) return null;
  return { text: start.type, from: Math.min(start.index, end.index), to: Math.max(start.index, end.index) };
}

function plainOf(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

/** The texts of the paragraph or sub-paragraph carrying `id`, in order (a clause's own text, then its sub-paragraphs'). */
function textsOfBlock(doc: Y.Doc, id: string): Y.XmlText[] {
  const texts = (el: Y.XmlElement): Y.XmlText[] =>
    el.toArray().flatMap((child) => (child instanceof Y.XmlText ? [child] : child instanceof Y.XmlElement ? texts(child) : []));
  for (const part of doc.getXmlFragment(FRAGMENT).toArray()) {
    if (!(part instanceof Y.XmlElement)) continue;
    for (const clause of part.toArray()) {
      if (!(clause instanceof Y.XmlElement)) continue;
      if (clause.getAttribute('id') === id) return texts(clause);
      for (const sub of clause.toArray()) {
        if (sub instanceof Y.XmlElement && sub.nodeName === 'subclause' && sub.getAttribute('id') === id) return texts(sub);
      }
    }
  }
  return [];
}

/**
 * Where a thread's quote stands now. Its anchor holds while the words are edited around; but a
 * paragraph that changes type (Tab makes OP5 a sub-paragraph, Shift+Tab a paragraph again) gets a
 * new Yjs text, and the anchor's positions go with the old one. The paragraph keeps its id through
 * both, so the quoted words are then looked for in the block that carries the thread's paragraph id.
 */
export function resolveQuote(doc: Y.Doc, anchor: Anchor, home?: QuoteHome): ResolvedAnchor | null {
  const resolved = resolveAnchor(doc, anchor);
  if (resolved || !home?.text) return resolved;
  for (const text of textsOfBlock(doc, home.clauseId)) {
    const at = plainOf(text).indexOf(home.text);
    if (at >= 0) return { text, from: at, to: at + home.text.length };
  }
  return null;
}

/** The plain text between an anchor's ends now; null when the words are gone (or it never resolved). */
export function currentQuote(doc: Y.Doc, anchor: Anchor, home?: QuoteHome): string | null {
  const resolved = resolveQuote(doc, anchor, home);
  if (!resolved || resolved.to <= resolved.from) return null;
  const words = plainOf(resolved.text).slice(resolved.from, resolved.to);
  return words.length ? words : null;
}

/**
 * The anchor to draw a thread's quote with on this copy of the text: its own while it resolves; where
 * its text is gone but the words are found (see resolveQuote), a fresh anchor on them. The same
 * document state always gives the same anchor, so a caller can tell when it changed.
 */
export function followQuote(doc: Y.Doc, anchor: Anchor, home: QuoteHome): Anchor {
  if (resolveAnchor(doc, anchor)) return anchor;
  const found = resolveQuote(doc, anchor, home);
  if (!found) return anchor;
  const { text, from, to } = found;
  return encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from, 0), Y.createRelativePositionFromTypeIndex(text, to, to < text.length ? 0 : -1));
}

/** The id of the clause an anchor stands in, if any. */
export function anchorClauseId(doc: Y.Doc, anchor: Anchor): string | null {
  const resolved = resolveAnchor(doc, anchor);
  if (!resolved) return null;
  for (let type: AnyType | null = resolved.text; type; type = (type._item?.parent as AnyType | undefined) ?? null) {
    if (type instanceof Y.XmlElement && type.nodeName === 'clause') return (type.getAttribute('id') as string | undefined) ?? null;
  }
  return null;
}

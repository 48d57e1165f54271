import type { Editor } from '@tiptap/core';
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { QuoteBody } from '../../shared/api/index.js';
import { MAX_QUOTE_LENGTH } from '../format.js';
import { currentQuote, encodeAnchor } from '../../shared/editor/anchors.js';
import { clauseIdAt } from './discussion.js';

/** What a new thread is about: a clause, and optionally words quoted from it. */
export interface CommentTarget {
  clauseId: string;
  quote: QuoteBody | null;
}

export type CommentTargetResult = { ok: true; target: CommentTarget } | { ok: false; message: string };

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Parameters<typeof absolutePositionToRelativePosition>[2] } | null;
}

/**
 * The clause of the selection, and the selected words as a quote anchored with Yjs relative
 * positions. Both ends stick to the character on their right: the first quoted character, and the
 * one just after the quote (at the end of a paragraph, the end sticks to the last quoted one).
 * Words typed before the quote stay outside it; a quoted word that is rewritten ("prevention" to
 * "peace") stays inside it, whole; deleting the words empties it.
 */
export function commentTarget(editor: Editor): CommentTargetResult {
  const { state } = editor;
  const { from, to, empty, $from } = state.selection;
  const clauseId = clauseIdAt(state, from);
  if (!clauseId) return { ok: false, message: 'Put the caret in a paragraph (PP or OP) to comment on it.' };
  if (!empty && clauseIdAt(state, to) !== clauseId) {
    return { ok: false, message: 'Select words inside one paragraph to quote them, or just put the caret in it.' };
  }
  if (empty || !$from.parent.isTextblock) return { ok: true, target: { clauseId, quote: null } };

  // A quote stays inside one run of text: a selection running on into a sub-paragraph stops at its end.
  let start = from;
  let end = Math.min(to, $from.end());
  let text = state.doc.textBetween(start, end);
  const lead = text.length - text.trimStart().length;
  const trail = text.length - text.trimEnd().length;
  start += lead;
  end -= trail;
  text = text.trim();
  if (!text) return { ok: true, target: { clauseId, quote: null } };
  if (text.length > MAX_QUOTE_LENGTH) {
    end = start + MAX_QUOTE_LENGTH;
    text = state.doc.textBetween(start, end);
  }

  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  if (!sync?.binding) return { ok: true, target: { clauseId, quote: null } };
  const anchor = anchorFor(sync, start, end, text);
  return { ok: true, target: { clauseId, quote: anchor ? { text, anchor } : null } };
}

function anchorFor(sync: SyncState, from: number, to: number, text: string) {
  const mapping = sync.binding!.mapping;
  try {
    const relFrom = absolutePositionToRelativePosition(from, sync.type, mapping) as Y.RelativePosition;
    const absFrom = Y.createAbsolutePositionFromRelativePosition(relFrom, sync.doc);
    if (absFrom && absFrom.type instanceof Y.XmlText) {
      const end = absFrom.index + (to - from);
      const anchor = encodeAnchor(
        Y.createRelativePositionFromTypeIndex(absFrom.type, absFrom.index, 0),
        // At the end of the paragraph there is no character after the quote: hold on to its last one.
        Y.createRelativePositionFromTypeIndex(absFrom.type, end, end < absFrom.type.length ? 0 : -1),
      );
      if (currentQuote(sync.doc, anchor) === text) return anchor;
    }
    // As y-tiptap places them, if the finer anchor did not land on the same words.
    const relTo = absolutePositionToRelativePosition(to, sync.type, mapping) as Y.RelativePosition;
    const anchor = encodeAnchor(relFrom, relTo);
    return currentQuote(sync.doc, anchor) === text ? anchor : null;
  } catch {
    return null;
  }
}

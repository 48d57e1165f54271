import { useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import type { AmendmentView } from '../../shared/api/index.js';
import { describeAmendment, listAmendments, type Amendment } from '../../shared/editor/proposals.js';
import { useServerAmendments } from './server.js';
import { compilationLine } from '../../shared/editor/amendments.js';
export { compilationLine };

/**
 * The amendments of a page that holds the text (the editor): the pending ones come from the text
 * itself, so a proposal shows the moment it is typed, anywhere, with what the server knows about it
 * (positions, names) merged in; the decided ones from the server (server.ts).
 */

/** The longest the first list of a page waits for its first frame. */
const FIRST_LIST_AT_MOST_MS = 200;

/**
 * The amendments standing in the editor's text, recomputed shortly after each change; null until the
 * editor exists (and until its first frame is painted). `onSetChanged` is called when amendments appear or disappear.
 */
export function useTextAmendments(editor: Editor | null, onSetChanged: () => void): Amendment[] | null {
  const [amendments, setAmendments] = useState<Amendment[] | null>(null);
  const latest = useRef(onSetChanged);
  useEffect(() => {
    latest.current = onSetChanged;
  });

  useEffect(() => {
    if (!editor) {
      setAmendments(null);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | null = null;
    let ids: string | null = null;
    let key = '';
    const compute = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      cancelAnimationFrame(frame);
      frame = 0;
      if (editor.isDestroyed) return;
      const list = listAmendments(editor.state.doc);
      const nextKey = list.map((a) => `${a.id}\u0000${a.clauseId}\u0000${a.inserted}\u0000${a.deleted}`).join('\u0001');
      if (nextKey === key && ids !== null) return;
      key = nextKey;
      setAmendments(list);
      const nextIds = list.map((a) => a.id).sort().join(' ');
      // The server's list was loaded with the page: ask again only when amendments come or go.
      if (ids !== null && nextIds !== ids) latest.current();
      ids = nextIds;
    };
    // The first list waits for the text's first frame (or a moment, in a hidden page, which draws
    // none): it walks the whole text, and the page opening a long text must not wait for it before
    // the text can be typed in. The panel shows it a frame later.
    let frame = requestAnimationFrame(() => {
      frame = 0;
      if (timer) clearTimeout(timer);
      timer = setTimeout(compute, 0);
    });
    timer = setTimeout(compute, FIRST_LIST_AT_MOST_MS);
    const onUpdate = () => {
      if (timer) return;
      timer = setTimeout(compute, 120);
    };
    editor.on('update', onUpdate);
    return () => {
      editor.off('update', onUpdate);
      cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
    };
  }, [editor]);

  return amendments;
}

/**
 * The amendments to show: those standing in the text (freshest words and labels), with the server's
 * positions, names and compilation where it knows them, then those decided, from the server.
 */
export function mergeAmendments(text: readonly Amendment[] | null, server: readonly AmendmentView[], labels: ReadonlyMap<string, string>): AmendmentView[] {
  if (!text) return [...server];
  const known = new Map(server.map((v) => [v.id, v]));
  const standing = new Set(text.map((a) => a.id));
  const pending = text.map((a): AmendmentView => {
    const s = known.get(a.id);
    const label = a.clauseId ? (labels.get(a.clauseId) ?? null) : null;
    const supportedBy = s?.supportedBy ?? [];
    const opposedBy = s?.opposedBy ?? [];
    return {
      id: a.id,
      clauseId: a.clauseId ?? '',
      label,
      delegationCode: a.delegationCode,
      author: s?.author ?? { userId: a.authorId, name: a.authorName, delegation: a.delegationCode ? { code: a.delegationCode, color: a.color } : null },
      at: a.at || s?.at || null,
      kind: a.kind,
      paragraph: a.paragraph,
      inserted: a.inserted,
      deleted: a.deleted,
      summary: describeAmendment(a, label),
      supportedBy,
      opposedBy,
      compilation: s?.compilation ?? compilationLine(a.delegationCode ?? a.authorName, supportedBy, opposedBy),
      status: 'pending',
      decision: null,
    };
  });
  const decided = server.filter((v) => v.status !== 'pending' && !standing.has(v.id));
  return [...pending, ...decided];
}

/** The page's amendments, live: the text's, merged with the server's. */
export function useLiveAmendments(documentId: string, editor: Editor | null, labels: ReadonlyMap<string, string>) {
  const [server, reload, upsert] = useServerAmendments(documentId);
  const text = useTextAmendments(editor, reload);
  const amendments = useMemo(() => mergeAmendments(text, server.amendments, labels), [text, server.amendments, labels]);
  return { amendments, loaded: server.loaded || text !== null, error: server.error, reload, upsert };
}

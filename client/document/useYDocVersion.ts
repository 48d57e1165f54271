import { startTransition, useEffect, useState } from 'react';
import type * as Y from 'yjs';

/** How long the text must rest before the quotes are read again, and the longest it waits while people type. */
const SETTLE_MS = 300;
const AT_MOST_MS = 2_000;

/**
 * A counter that moves when the Yjs document changes, for the live quotes in the side panel. It moves
 * once typing pauses (or every two seconds while it does not), as a transition: each move re-renders
 * the page's panels, which must never stand between a keystroke and its frame.
 */
export function useYDocVersion(ydoc: Y.Doc | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!ydoc) return;
    let settle: ReturnType<typeof setTimeout> | undefined;
    let first = 0;
    const bump = () => {
      clearTimeout(settle);
      settle = undefined;
      first = 0;
      startTransition(() => setVersion((v) => v + 1));
    };
    // After each transaction that changed something, rather than on 'update': a listener of 'update'
    // makes Yjs encode every transaction as an update, this device's whole copy when the page opens.
    const onTransaction = (transaction: Y.Transaction) => {
      if (!transaction.changed.size && !transaction.deleteSet.clients.size) return;
      const now = performance.now();
      if (!first) first = now;
      clearTimeout(settle);
      settle = setTimeout(bump, Math.max(0, Math.min(SETTLE_MS, first + AT_MOST_MS - now)));
    };
    ydoc.on('afterTransaction', onTransaction);
    return () => {
      ydoc.off('afterTransaction', onTransaction);
      clearTimeout(settle);
    };
  }, [ydoc]);
  return version;
}

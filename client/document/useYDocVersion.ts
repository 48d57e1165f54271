import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/** A counter that moves when the Yjs document changes (at most once a frame), for live quotes. */
export function useYDocVersion(ydoc: Y.Doc | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!ydoc) return;
    let frame = 0;
    const onUpdate = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion((v) => v + 1);
      });
    };
    ydoc.on('update', onUpdate);
    return () => {
      ydoc.off('update', onUpdate);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ydoc]);
  return version;
}

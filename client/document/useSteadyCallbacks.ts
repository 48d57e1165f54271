import { useLayoutEffect, useRef, useState } from 'react';

/**
 * The same object on every render, whose functions call the latest ones given: the page's callbacks
 * are rebuilt at each render, and passed as they are they would re-render the editor and its toolbar
 * on every keystroke of anyone in the room.
 */
export function useSteadyCallbacks<T extends object>(latest: T): T {
  const ref = useRef(latest);
  useLayoutEffect(() => {
    ref.current = latest;
  });
  const [steady] = useState(() => {
    const calls: Record<string, (...args: unknown[]) => unknown> = {};
    for (const key of Object.keys(latest)) {
      calls[key] = (...args: unknown[]) => (ref.current as Record<string, (...a: unknown[]) => unknown>)[key]?.(...args);
    }
    return calls as T;
  });
  return steady;
}

import { useEffect, type RefObject } from 'react';

/**
 * Where focus goes after a step in a thread. Posting a comment, saving an edit or resolving a thread
 * unmounts the form that had focus; without a target the browser drops it on <body>, and a keyboard
 * or screen-reader user starts again from the top of the page. The step names what it produced (a
 * comment, a thread), and the element that shows it takes focus when it is on the page: at once if it
 * already is (the live event came before the answer), else when it mounts or re-renders.
 */

let pending: string | null = null;

export const commentFocusKey = (commentId: string) => `comment:${commentId}`;
export const threadFocusKey = (threadId: string) => `thread:${threadId}`;

function focusNow(key: string): boolean {
  const el = document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`);
  if (!el) return false;
  pending = null;
  el.focus();
  return true;
}

/** Asks for focus on what a step produced, once it is on the page. */
export function focusWhenShown(key: string): void {
  pending = key;
  // After React has committed the answer's render.
  requestAnimationFrame(() => {
    if (pending === key) focusNow(key);
  });
}

/** For the element that shows `key` (with data-focus-key and tabIndex -1): takes focus if it was asked for. */
export function useFocusTarget(key: string, ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (pending === key && ref.current) {
      pending = null;
      ref.current.focus();
    }
  });
}

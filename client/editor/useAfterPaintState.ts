import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/core';

/**
 * A value read from the editor, read again once the frame after each transaction is painted rather
 * than in the transaction itself: the toolbar's states (italic, undo, may this paragraph go down a
 * level...) cost a fraction of a millisecond each, every keystroke, and nobody sees them change
 * before the text does. Several transactions in a frame are read once; the component re-renders only
 * when a field changed (the value is a flat record of booleans).
 */
export function useAfterPaintState<T extends Record<string, boolean>>(editor: Editor, read: (editor: Editor) => T): T {
  const [value, setValue] = useState(() => read(editor));
  useEffect(() => {
    let frame = 0;
    let task: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      task = undefined;
      if (editor.isDestroyed) return;
      const next = read(editor);
      setValue((shown) => (sameFields(shown, next) ? shown : next));
    };
    const changed = () => {
      if (frame || task !== undefined) return;
      // A task posted from the frame's callback runs once that frame is laid out and painted.
      frame = requestAnimationFrame(() => {
        frame = 0;
        task = setTimeout(refresh, 0);
      });
    };
    // What changed between the first render and this subscription.
    refresh();
    editor.on('transaction', changed);
    return () => {
      editor.off('transaction', changed);
      cancelAnimationFrame(frame);
      clearTimeout(task);
    };
    // `read` is the component's selector, the same code each render: the editor alone decides.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor]);
  return value;
}

function sameFields<T extends Record<string, boolean>>(a: T, b: T): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

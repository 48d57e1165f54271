import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey, type ProsemirrorBinding } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { localSyncable, syncChangedPartOnly } from './localChanges.js';

/**
 * Another delegate's keystroke, received, at the cost of the paragraph it changed. The Yjs binding
 * (y-tiptap's ProsemirrorBinding) does two things per remote update that cost the whole text:
 *
 * - it forgets which ProseMirror node stands for which Yjs element and builds every paragraph again,
 *   so that caret positions resolve after a block moved. When the update changed only text and
 *   attributes (no element added, removed or moved: a keystroke), the elements it changed and their
 *   parents are dropped from that mapping by the binding anyway, and the others are what they were:
 *   their nodes are kept, and ProseMirror and the plugins skip them by identity. Any other update
 *   goes through the binding as it is.
 * - to keep the person's caret in view, it measures the caret before the change and asks ProseMirror
 *   to scroll to it after, each forcing the browser to lay out the text in the middle of the update.
 *   Here both are done once the next frame is drawn, when layout costs nothing
 *   (keepCaretInViewAfterPaint).
 *
 * Neither changes what the binding does, only what it recomputes: this wraps the binding's instance
 * (no change to the package). Should the package no longer have these methods, it is left alone.
 */

interface Wrappable {
  _typeChanged: (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => void;
  _observeFunction: (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => void;
  _isLocalCursorInView: () => boolean;
  _isDomSelectionInView: () => boolean;
  mapping: Map<unknown, unknown>;
  type: Y.XmlFragment;
}

/** Whether a Yjs update only changed text and attributes: no element added, removed or moved. */
export function textOnly(events: readonly Y.YEvent<Y.AbstractType<unknown>>[]): boolean {
  // childListChanged is public in Yjs's source and private only in its typings.
  return events.every((event) => !(event instanceof Y.YXmlEvent) || !(event as unknown as { childListChanged: boolean }).childListChanged);
}

/** How many remote updates kept the nodes of unchanged paragraphs (the tests count work, not time). */
export const remoteWork = { kept: 0, rebuilt: 0 };

const wrapped = new WeakSet<object>();

export function wrappable(binding: unknown): binding is Wrappable {
  const b = binding as Partial<Wrappable> | null;
  return (
    !!b &&
    typeof b._typeChanged === 'function' &&
    typeof b._observeFunction === 'function' &&
    typeof b._isLocalCursorInView === 'function' &&
    typeof b._isDomSelectionInView === 'function' &&
    b.mapping instanceof Map &&
    b.type instanceof Y.XmlFragment
  );
}

/** What the editor's view does before each remote change (keepCaretInViewAfterPaint), set per view. */
const beforeRemoteChange = new WeakMap<object, () => void>();

/** Keeps the nodes of unchanged paragraphs through a remote keystroke (see above). */
export function keepUnchangedNodes(binding: Wrappable): void {
  const typeChanged = binding._typeChanged.bind(binding);
  const observe = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    // The person's own edits reach Yjs from ProseMirror: the binding ignores their echo.
    if (transaction.origin === ySyncPluginKey) {
      typeChanged(events, transaction);
      return;
    }
    beforeRemoteChange.get(binding)?.();
    if (!textOnly(events)) {
      remoteWork.rebuilt++;
      typeChanged(events, transaction);
      return;
    }
    remoteWork.kept++;
    // The binding clears its whole mapping after dropping what the update changed: skip that clear.
    const mapping = binding.mapping as Map<unknown, unknown> & { clear: () => void };
    mapping.clear = () => {};
    try {
      typeChanged(events, transaction);
    } finally {
      delete (mapping as Partial<typeof mapping>).clear;
    }
  };
  binding.type.unobserveDeep(binding._observeFunction);
  binding._observeFunction = observe;
  binding.type.observeDeep(observe);
}

/**
 * Keeps the person's caret in view through others' changes without measuring it in the middle of
 * them: whether it is in view is measured once each frame is drawn (layout then costs nothing), and
 * after a remote change that found it in view, it is measured again after the next frame and, if the
 * change pushed it out, scrolled back into view. The binding itself is told the caret is not in view,
 * so that it does not ask ProseMirror to scroll (and lay out the whole text) in the middle of the
 * change. `changed` says the caret, the text or the page moved, to measure again after the next frame.
 */
function keepCaretInViewAfterPaint(binding: Wrappable, view: EditorView): { changed: () => void; remoteChange: () => void; stop: () => void } {
  const measure = binding._isDomSelectionInView.bind(binding);
  let inView = false;
  let keepInView = false;
  let frame = 0;
  let task: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    if (frame || task !== undefined) return;
    // A task posted from the frame's callback runs once that frame is laid out and painted.
    frame = requestAnimationFrame(() => {
      frame = 0;
      task = setTimeout(() => {
        task = undefined;
        if (view.isDestroyed) return;
        inView = view.hasFocus() && measure();
        if (keepInView && !inView && view.hasFocus()) view.dispatch(view.state.tr.scrollIntoView());
        keepInView = false;
      }, 0);
    });
  };
  binding._isLocalCursorInView = () => false;
  changed();
  const options = { capture: true, passive: true } as const;
  window.addEventListener('scroll', changed, options);
  window.addEventListener('resize', changed, options);
  view.dom.addEventListener('focusin', changed);
  return {
    changed,
    /** A change from Yjs is about to be applied: if the caret is in view, it stays there. */
    remoteChange: () => {
      if (view.hasFocus() && inView) keepInView = true;
      changed();
    },
    stop: () => {
      window.removeEventListener('scroll', changed, options);
      window.removeEventListener('resize', changed, options);
      view.dom.removeEventListener('focusin', changed);
      cancelAnimationFrame(frame);
      clearTimeout(task);
      // Back to the binding's own measure (its prototype's method).
      delete (binding as Partial<Wrappable>)._isLocalCursorInView;
    },
  };
}

export const remoteUpdatesKey = new PluginKey('remoteUpdates');

/** Must come after Collaboration: its view binds to the Yjs document first. */
export const RemoteUpdates = Extension.create({
  name: 'remoteUpdates',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: remoteUpdatesKey,
        view: (view) => {
          const binding = (ySyncPluginKey.getState(view.state) as { binding?: ProsemirrorBinding } | undefined)?.binding;
          if (!wrappable(binding)) return {};
          if (!wrapped.has(binding)) {
            wrapped.add(binding);
            keepUnchangedNodes(binding);
            // And the person's own keystrokes, at the cost of the part typed in (localChanges.ts).
            if (localSyncable(binding)) syncChangedPartOnly(binding);
          }
          const caret = keepCaretInViewAfterPaint(binding, view);
          beforeRemoteChange.set(binding, caret.remoteChange);
          return {
            update: (_view, previous) => {
              if (previous.selection !== view.state.selection || previous.doc !== view.state.doc) caret.changed();
            },
            destroy: () => {
              beforeRemoteChange.delete(binding);
              caret.stop();
            },
          };
        },
      }),
    ];
  },
});

import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/**
 * The paragraph holding the caret is always laid out.
 *
 * Paragraphs are `content-visibility: auto` (declaration.css): one far from the screen is not laid
 * out. Chromium decides which are near the screen only when it next draws a frame, and until then a
 * paragraph just made (Enter, "propose a new paragraph") is skipped content, where its editing does
 * not put a caret: a key typed within that frame went to the nearest paragraph that was laid out.
 * After Enter between two paragraphs, "Word5 more text;" was typed at the start of the next one;
 * after Enter at the end, the first character stayed at the new paragraph's end ("equest ...;R").
 * So the clause the caret is in carries `data-caret`, written in the same update that put the caret
 * there, before any next key, and the stylesheet lays such a clause out at once.
 */

export const CARET_CLAUSE_ATTRIBUTE = 'data-caret';

export const caretClauseKey = new PluginKey('caretClause');

/** The element of the clause holding the selection's head, or null (title, formula, no clause). */
function caretClauseElement(view: EditorView): HTMLElement | null {
  const { $head } = view.state.selection;
  for (let depth = $head.depth; depth > 0; depth--) {
    if ($head.node(depth).type.name !== 'clause') continue;
    const element = view.nodeDOM($head.before(depth));
    return element instanceof HTMLElement ? element : null;
  }
  return null;
}

export function caretClausePlugin(): Plugin {
  return new Plugin({
    key: caretClauseKey,
    view: (view) => {
      let marked: HTMLElement | null = null;
      const mark = () => {
        const element = caretClauseElement(view);
        if (element === marked && element?.hasAttribute(CARET_CLAUSE_ATTRIBUTE)) return;
        marked?.removeAttribute(CARET_CLAUSE_ATTRIBUTE);
        element?.setAttribute(CARET_CLAUSE_ATTRIBUTE, '');
        marked = element;
      };
      mark();
      return {
        update(view, previous) {
          if (previous.selection !== view.state.selection || previous.doc !== view.state.doc) mark();
        },
        destroy() {
          marked?.removeAttribute(CARET_CLAUSE_ATTRIBUTE);
        },
      };
    },
  });
}

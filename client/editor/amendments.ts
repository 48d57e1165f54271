import { Extension } from '@tiptap/core';
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

/**
 * Proposals on the page: a click on a proposed insertion or deletion (ins/del, rendered by the shared
 * marks in the delegation's colour) selects its amendment in the side panel, and the amendment
 * selected there is highlighted in the text. Pasted text never carries proposal marks: copied from a
 * proposal, it would otherwise become a second piece of someone else's amendment (in proposing mode
 * the paste becomes the person's own proposal; ProposingMode drops the marks too).
 */

function withoutProposals(fragment: Fragment): Fragment {
  const nodes: PMNode[] = [];
  fragment.forEach((node) => {
    if (node.isText) nodes.push(node.mark(node.marks.filter((m) => m.type.name !== 'insertion' && m.type.name !== 'deletion')));
    else nodes.push(node.copy(withoutProposals(node.content)));
  });
  return Fragment.from(nodes);
}

interface HighlightState {
  selected: string | null;
  decorations: DecorationSet;
}

export const amendmentHighlightKey = new PluginKey<HighlightState>('amendmentHighlight');

function highlight(doc: PMNode, amendmentId: string | null): DecorationSet {
  if (!amendmentId) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    if (node.marks.some((m) => (m.type.name === 'insertion' || m.type.name === 'deletion') && m.attrs.amendmentId === amendmentId)) {
      decorations.push(Decoration.inline(pos, pos + node.nodeSize, { class: 'amendment-selected' }));
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

export interface AmendmentHighlightOptions {
  onSelect: (amendmentId: string) => void;
}

export const AmendmentHighlight = Extension.create<AmendmentHighlightOptions>({
  name: 'amendmentHighlight',
  addOptions() {
    return { onSelect: () => {} };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<HighlightState>({
        key: amendmentHighlightKey,
        state: {
          init: () => ({ selected: null, decorations: DecorationSet.empty }),
          apply: (tr, previous) => {
            const meta = tr.getMeta(amendmentHighlightKey) as string | null | undefined;
            if (meta !== undefined) return { selected: meta, decorations: highlight(tr.doc, meta) };
            if (!tr.docChanged || !previous.selected) return previous;
            return { selected: previous.selected, decorations: highlight(tr.doc, previous.selected) };
          },
        },
        props: {
          decorations: (state) => amendmentHighlightKey.getState(state)?.decorations ?? null,
          transformPasted: (slice) => new Slice(withoutProposals(slice.content), slice.openStart, slice.openEnd),
          handleClick: (_view, _pos, event) => {
            const target = event.target as HTMLElement | null;
            const mark = target?.closest?.('ins[data-amendment], del[data-amendment]');
            const id = mark?.getAttribute('data-amendment');
            if (id) options.onSelect(id);
            return false;
          },
        },
      }),
    ];
  },
});

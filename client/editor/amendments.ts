import { Extension } from '@tiptap/core';
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { docChange } from './incremental.js';

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

/** How many text nodes were looked at for the selected amendment (the unit tests count work, not time). */
export const highlightWork = { textNodes: 0 };

/** The selected amendment's words among the text nodes of [from, to] of `doc`. */
function highlightBetween(doc: PMNode, from: number, to: number, amendmentId: string): Decoration[] {
  const decorations: Decoration[] = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText) return true;
    highlightWork.textNodes++;
    if (node.marks.some((m) => (m.type.name === 'insertion' || m.type.name === 'deletion') && m.attrs.amendmentId === amendmentId)) {
      decorations.push(Decoration.inline(pos, pos + node.nodeSize, { class: 'amendment-selected' }));
    }
    return false;
  });
  return decorations;
}

export function highlight(doc: PMNode, amendmentId: string | null): DecorationSet {
  if (!amendmentId) return DecorationSet.empty;
  return DecorationSet.create(doc, highlightBetween(doc, 0, doc.content.size, amendmentId));
}

/** Where [from, to] lies, widened to whole paragraphs: text nodes (and so the highlights) never cross one. */
function widenToTextblocks(doc: PMNode, from: number, to: number): [number, number] {
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  return [$from.parent.isTextblock ? $from.start() : from, $to.parent.isTextblock ? $to.end() : to];
}

/**
 * The highlight after a change: the previous one moved with the text, and the paragraphs the change
 * touched scanned again. A keystroke (one's own or another delegate's) costs its paragraph, not the
 * whole text, while an amendment is selected.
 */
export function updateHighlight(previous: DecorationSet, oldDoc: PMNode, doc: PMNode, amendmentId: string): DecorationSet {
  const change = docChange(oldDoc, doc);
  if (!change) return previous;
  const [from, to] = widenToTextblocks(doc, change.from, change.newTo);
  let set = previous.map(change.map, doc);
  const stale = set.find(from, to).filter((d) => d.from >= from && d.to <= to);
  if (stale.length) set = set.remove(stale);
  const fresh = highlightBetween(doc, from, to, amendmentId);
  return fresh.length ? set.add(doc, fresh) : set;
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
            return { selected: previous.selected, decorations: updateHighlight(previous.decorations, tr.before, tr.doc, previous.selected) };
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

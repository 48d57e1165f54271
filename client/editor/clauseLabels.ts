import type { Node as PMNode } from '@tiptap/pm/model';
import { DOMSerializer } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView, NodeView, ViewMutationRecord } from '@tiptap/pm/view';
import type { NumberingStyle } from '../../shared/labels.js';
import { clauseIndex, type ClauseIndex } from './incremental.js';
import { CARET_CLAUSE_ATTRIBUTE } from './caretClause.js';

/**
 * Each clause's label (PP1, OP4bis) as an attribute its own element carries, not as a decoration.
 *
 * A node decoration per clause sits in the decoration set of the part holding the clauses, and
 * ProseMirror's redraw asks that set, for each of the part's clauses, which decorations fall inside
 * it, by scanning all of them: a keystroke cost the square of the number of clauses (250 operative
 * paragraphs: 60,000 comparisons per frame). Here the clause's element is made by a node view that
 * writes its label once, when made; the labels are written again only when they change (a clause
 * added, removed, moved, renumbered), and then only on the elements whose label differs.
 */

export const clauseLabelsKey = new PluginKey('clauseLabels');

/** Labels written to elements (the unit tests count work, not time). */
export const clauseLabelWork = { written: 0, relabels: 0 };

/** Where an element's label goes: the attribute the margin's CSS and the tests read. */
export interface LabelledElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
}

function writeLabel(element: LabelledElement, label: string | undefined): void {
  if ((element.getAttribute('data-label') ?? undefined) === label) return;
  clauseLabelWork.written++;
  if (label === undefined) element.removeAttribute('data-label');
  else element.setAttribute('data-label', label);
}

const byPosition = new WeakMap<ClauseIndex, Map<number, string>>();

/** The label of the clause `node` standing at `pos` in the text `index` was built from. */
export function labelAt(index: ClauseIndex, pos: number, node: PMNode): string | undefined {
  let labels = byPosition.get(index);
  if (!labels) {
    labels = new Map();
    for (let i = 0; i < index.clauses.length; i++) {
      const label = index.labels[i]?.label;
      if (label !== undefined) labels.set(index.clauses[i]!.pos, label);
    }
    byPosition.set(index, labels);
  }
  const found = labels.get(pos);
  if (found !== undefined) return found;
  // Not where the index has it (a view made mid-change): find the clause itself.
  const i = index.clauses.findIndex((c) => c.node === node);
  return i < 0 ? undefined : index.labels[i]?.label;
}

/**
 * After a change of structure: each clause's element gets its new label, written only where it
 * differs. Returns how many were written. `elementAt` is the view's nodeDOM.
 */
export function relabel(index: ClauseIndex, elementAt: (pos: number) => LabelledElement | null): number {
  clauseLabelWork.relabels++;
  const before = clauseLabelWork.written;
  index.clauses.forEach((clause, i) => {
    const element = elementAt(clause.pos);
    if (element) writeLabel(element, index.labels[i]?.label);
  });
  return clauseLabelWork.written - before;
}

/** A clause drawn as the schema draws it, with its label written on it. */
class ClauseView implements NodeView {
  dom: HTMLElement;
  contentDOM: HTMLElement;

  constructor(
    private node: PMNode,
    view: EditorView,
    getPos: () => number | undefined,
    style: NumberingStyle,
  ) {
    const spec = node.type.spec.toDOM?.(node);
    if (!spec) throw new Error('a clause without a toDOM');
    const rendered = DOMSerializer.renderSpec(document, spec);
    this.dom = rendered.dom as HTMLElement;
    this.contentDOM = (rendered.contentDOM ?? rendered.dom) as HTMLElement;
    const pos = getPos();
    if (pos !== undefined) writeLabel(this.dom, labelAt(clauseIndex(view.state.doc, style), pos, node));
  }

  update(node: PMNode): boolean {
    // Other attributes (id, kind, number) are drawn by toDOM: a new element for them.
    if (!node.sameMarkup(this.node)) return false;
    this.node = node;
    return true;
  }

  /** The label and the caret's mark (caretClause.ts) are ours; anything else in the element is ProseMirror's to read. */
  ignoreMutation(mutation: ViewMutationRecord): boolean {
    return mutation.type === 'attributes' && mutation.target === this.dom && (mutation.attributeName === 'data-label' || mutation.attributeName === CARET_CLAUSE_ATTRIBUTE);
  }
}

/** The node view for clauses and the pass that relabels them when the structure changes. */
export function clauseLabelsPlugin(style: NumberingStyle): Plugin {
  return new Plugin({
    key: clauseLabelsKey,
    props: {
      nodeViews: {
        clause: (node, view, getPos) => new ClauseView(node, view, getPos, style),
      },
    },
    view: () => ({
      update(view, previous) {
        if (view.state.doc === previous.doc) return;
        const index = clauseIndex(view.state.doc, style);
        if (index.labels === clauseIndex(previous.doc, style).labels) return;
        relabel(index, (pos) => view.nodeDOM(pos) as HTMLElement | null);
      },
    }),
  });
}

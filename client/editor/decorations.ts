import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { paragraphProposal } from '../../shared/editor/paragraph-proposals.js';
import type { NumberingStyle } from '../../shared/labels.js';
import { delegationStyle } from '../../shared/colors.js';
import { clauseLabelsPlugin } from './clauseLabels.js';
import { caretClausePlugin } from './caretClause.js';
import { clauseIndex, docChange, redecorate, type Block, type ClauseIndex } from './incremental.js';

/**
 * What the page shows around the text without it being text: sub-paragraphs' labels (OP2(a)) for
 * the margin, whole-paragraph proposals, and placeholders in empty paragraphs. All are node
 * decorations, so they never enter the Yjs document; clauses' own labels (PP1, OP4bis) are written by
 * their node views (clauseLabels.ts). A change redecorates only the paragraphs it touched; labels are
 * computed again only when the structure changes (incremental.ts), and then every paragraph is.
 */

export const declarationDecorationsKey = new PluginKey<DecorationSet>('declarationDecorations');

export const FORMULA_PLACEHOLDER = 'Opening formula (optional), e.g. We, the Ministers of ...';

const CLAUSE_PLACEHOLDER = { preambular: 'Preambular paragraph', operative: 'Operative paragraph' } as const;

function placeholder(from: number, node: PMNode, text: string): Decoration | null {
  if (node.content.size > 0) return null;
  return Decoration.node(from, from + node.nodeSize, { class: 'is-empty', 'data-placeholder': text });
}

/** How many blocks had their decorations built (the unit tests count work, not time). */
export const decorationWork = { blocks: 0 };

type DecoratedBlock = Block & { clause: number | null; placeholder?: string };

/** The title, the formula and the clauses: what carries decorations, in document order. */
function blocksOf(doc: PMNode, style: NumberingStyle): { blocks: DecoratedBlock[]; index: ClauseIndex } {
  const index = clauseIndex(doc, style);
  const blocks: DecoratedBlock[] = [];
  let offset = 0;
  for (let i = 0; i < doc.childCount; i++) {
    const child = doc.child(i);
    const name = child.type.name;
    if (name === 'title') blocks.push({ node: child, pos: offset, clause: null, placeholder: 'Title of the declaration' });
    else if (name === 'formula') blocks.push({ node: child, pos: offset, clause: null, placeholder: FORMULA_PLACEHOLDER });
    offset += child.nodeSize;
  }
  index.clauses.forEach((c, i) => blocks.push({ node: c.node, pos: c.pos, clause: i }));
  return { blocks, index };
}

function blockDecorations(block: DecoratedBlock, index: ClauseIndex): Decoration[] {
  decorationWork.blocks++;
  if (block.clause === null) {
    const empty = placeholder(block.pos, block.node, block.placeholder ?? '');
    return empty ? [empty] : [];
  }
  const { node, pos, outline } = index.clauses[block.clause]!;
  const label = index.labels[block.clause];
  if (!label) return [];
  const decorations: Decoration[] = [];
  // The label itself is written by the clause's node view (clauseLabels.ts), not decorated: a node
  // decoration on every clause made each redraw scan them all for each clause. A whole-paragraph
  // proposal (rare) takes the label with it: struck for a deletion, underlined when new.
  const whole = paragraphProposal(node);
  if (whole) {
    decorations.push(
      Decoration.node(pos, pos + node.nodeSize, { 'data-paragraph-proposal': whole.kind, style: delegationStyle(whole.attrs.color) }),
    );
  }
  let sub = 0;
  node.forEach((child, childOffset) => {
    const from = pos + 1 + childOffset;
    if (child.type.name === 'clauseText') {
      const empty = placeholder(from, child, CLAUSE_PLACEHOLDER[outline.kind]);
      if (empty) decorations.push(empty);
    } else if (child.type.name === 'subclause') {
      const subLabel = label.subclauses[sub++];
      const subAttrs: Record<string, string> = subLabel ? { 'data-label': subLabel.label, 'data-letter': subLabel.letter } : {};
      if (child.content.size === 0) Object.assign(subAttrs, { class: 'is-empty', 'data-placeholder': 'Sub-paragraph' });
      decorations.push(Decoration.node(from, from + child.nodeSize, subAttrs));
    }
  });
  return decorations;
}

export function declarationDecorations(doc: PMNode, style: NumberingStyle): DecorationSet {
  const { blocks, index } = blocksOf(doc, style);
  return DecorationSet.create(
    doc,
    blocks.flatMap((b) => blockDecorations(b, index)),
  );
}

/**
 * The decorations of `doc`, from those of the document before it: only the blocks the change touched
 * are decorated again, unless the labels moved (a clause added, removed or moved), which redoes all.
 */
export function updateDeclarationDecorations(previous: DecorationSet, oldDoc: PMNode, doc: PMNode, style: NumberingStyle): DecorationSet {
  const change = docChange(oldDoc, doc);
  // The same content (a new document object all the same): the same places.
  if (!change) return previous;
  const before = clauseIndex(oldDoc, style);
  const { blocks, index } = blocksOf(doc, style);
  if (index.labels !== before.labels) return DecorationSet.create(doc, blocks.flatMap((b) => blockDecorations(b, index)));
  return redecorate(previous, change, doc, blocks, (b) => blockDecorations(b, index));
}

export interface DeclarationDecorationsOptions {
  numbering: NumberingStyle;
}

export const DeclarationDecorations = Extension.create<DeclarationDecorationsOptions>({
  name: 'declarationDecorations',
  addOptions() {
    return { numbering: 'un' };
  },
  addProseMirrorPlugins() {
    const style = this.options.numbering;
    return [
      new Plugin<DecorationSet>({
        key: declarationDecorationsKey,
        state: {
          init: (_, state) => declarationDecorations(state.doc, style),
          apply: (tr, previous) => (tr.docChanged ? updateDeclarationDecorations(previous, tr.before, tr.doc, style) : previous),
        },
        props: {
          decorations: (state) => declarationDecorationsKey.getState(state),
        },
      }),
      clauseLabelsPlugin(style),
      caretClausePlugin(),
    ];
  },
});

import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { paragraphProposal } from '../../shared/editor/paragraph-proposals.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { labelClauses, type NumberingStyle } from '../../shared/labels.js';
import { NEUTRAL_COLOR } from '../../shared/colors.js';

/**
 * What the page shows around the text without it being text: each clause's label (PP1, OP4bis,
 * OP2(a)) for the margin, and placeholders in empty paragraphs. Both are node decorations, so they
 * never enter the Yjs document; labels are recomputed on every change, as insertions shift them.
 */

export const declarationDecorationsKey = new PluginKey<DecorationSet>('declarationDecorations');

export const FORMULA_PLACEHOLDER = 'Opening formula (optional), e.g. We, the Ministers of ...';

const CLAUSE_PLACEHOLDER = { preambular: 'Preambular paragraph', operative: 'Operative paragraph' } as const;

function placeholder(from: number, node: PMNode, text: string): Decoration | null {
  if (node.content.size > 0) return null;
  return Decoration.node(from, from + node.nodeSize, { class: 'is-empty', 'data-placeholder': text });
}

export function declarationDecorations(doc: PMNode, style: NumberingStyle): DecorationSet {
  const decorations: Decoration[] = [];
  let offset = 0;
  for (let i = 0; i < doc.childCount; i++) {
    const child = doc.child(i);
    const name = child.type.name;
    const empty =
      name === 'title' ? placeholder(offset, child, 'Title of the declaration') : name === 'formula' ? placeholder(offset, child, FORMULA_PLACEHOLDER) : null;
    if (empty) decorations.push(empty);
    offset += child.nodeSize;
  }

  const clauses = clausesOf(doc);
  const labels = labelClauses(
    clauses.map((c) => c.outline),
    style,
  );
  clauses.forEach(({ node, pos, outline }, index) => {
    const label = labels[index];
    if (!label) return;
    const attrs: Record<string, string> = { 'data-label': label.label };
    // A whole-paragraph proposal takes the label with it: struck for a deletion, underlined when new.
    const whole = paragraphProposal(node);
    if (whole) {
      attrs['data-paragraph-proposal'] = whole.kind;
      attrs.style = `--delegation-color: ${/^#[0-9a-fA-F]{6}$/.test(whole.attrs.color) ? whole.attrs.color : NEUTRAL_COLOR}`;
    }
    decorations.push(Decoration.node(pos, pos + node.nodeSize, attrs));
    let sub = 0;
    node.forEach((child, childOffset) => {
      const from = pos + 1 + childOffset;
      if (child.type.name === 'clauseText') {
        const empty = placeholder(from, child, CLAUSE_PLACEHOLDER[outline.kind]);
        if (empty) decorations.push(empty);
      } else if (child.type.name === 'subclause') {
        const subLabel = label.subclauses[sub++];
        const attrs: Record<string, string> = subLabel ? { 'data-label': subLabel.label, 'data-letter': subLabel.letter } : {};
        if (child.content.size === 0) Object.assign(attrs, { class: 'is-empty', 'data-placeholder': 'Sub-paragraph' });
        decorations.push(Decoration.node(from, from + child.nodeSize, attrs));
      }
    });
  });
  return DecorationSet.create(doc, decorations);
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
          apply: (tr, previous) => (tr.docChanged ? declarationDecorations(tr.doc, style) : previous),
        },
        props: {
          decorations: (state) => declarationDecorationsKey.getState(state),
        },
      }),
    ];
  },
});

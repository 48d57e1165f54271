import { Node, mergeAttributes } from '@tiptap/core';
import type { ClauseKind } from '../labels.js';

/**
 * The nodes of a declaration. In the Yjs document (fragment "default") they appear as elements of
 * the same names; other integrations read and write them, so the names and attributes are fixed:
 *
 *   title, formula, preamble > clause*, operative > clause*
 *   clause {id, kind: preambular|operative, number, alternativeOf} > clauseText, subclause*
 *   subclause {id, number}: number only on a paragraph demoted by Tab, the one it takes back on Shift+Tab
 */

/** A paragraph's stable number (OP4), on a clause, or kept by a sub-paragraph it was demoted to. */
const numberAttribute = {
  default: null,
  parseHTML: (el: HTMLElement) => {
    const value = Number(el.getAttribute('data-number'));
    return Number.isInteger(value) && value > 0 ? value : null;
  },
  renderHTML: (attrs: Record<string, unknown>) => (attrs.number === null || attrs.number === undefined ? {} : { 'data-number': attrs.number }),
};

function dataNode(name: string) {
  return { tag: `[data-node="${name}"]` };
}

export const Declaration = Node.create({
  name: 'doc',
  topNode: true,
  content: 'title formula preamble operative',
});

export const Title = Node.create({
  name: 'title',
  content: 'text*',
  marks: '',
  defining: true,
  parseHTML: () => [dataNode('title'), { tag: 'h1' }],
  renderHTML: ({ HTMLAttributes }) => ['h1', mergeAttributes(HTMLAttributes, { 'data-node': 'title' }), 0],
});

/** "We, the Ministers ..., " — optional: an empty formula is left out of the text. */
export const Formula = Node.create({
  name: 'formula',
  content: 'inline*',
  defining: true,
  parseHTML: () => [dataNode('formula')],
  renderHTML: ({ HTMLAttributes }) => ['p', mergeAttributes(HTMLAttributes, { 'data-node': 'formula' }), 0],
});

// The parts accept zero clauses so that a merge of concurrent deletions never yields a node the schema
// rejects (y-prosemirror drops such nodes); ClauseStructure puts an empty clause back.
export const Preamble = Node.create({
  name: 'preamble',
  content: 'clause*',
  parseHTML: () => [dataNode('preamble')],
  renderHTML: ({ HTMLAttributes }) => ['section', mergeAttributes(HTMLAttributes, { 'data-node': 'preamble' }), 0],
});

export const Operative = Node.create({
  name: 'operative',
  content: 'clause*',
  parseHTML: () => [dataNode('operative')],
  renderHTML: ({ HTMLAttributes }) => ['section', mergeAttributes(HTMLAttributes, { 'data-node': 'operative' }), 0],
});

export const Clause = Node.create({
  name: 'clause',
  content: 'clauseText subclause*',
  defining: true,
  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute('data-id'),
        renderHTML: (attrs: Record<string, unknown>) => ({ 'data-id': attrs.id }),
      },
      kind: {
        default: 'operative' satisfies ClauseKind,
        parseHTML: (el: HTMLElement) => el.getAttribute('data-kind'),
        renderHTML: (attrs: Record<string, unknown>) => ({ 'data-kind': attrs.kind }),
      },
      alternativeOf: {
        // An alternative paragraph ("OP4 alt") names the paragraph it stands for; the chair keeps one.
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute('data-alternative-of'),
        renderHTML: (attrs: Record<string, unknown>) => (attrs.alternativeOf ? { 'data-alternative-of': attrs.alternativeOf } : {}),
      },
      number: numberAttribute,
    };
  },
  parseHTML: () => [dataNode('clause')],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes(HTMLAttributes, { 'data-node': 'clause' }), 0],
});

/** The running text of a clause; for a clause with sub-paragraphs, the part before them. */
export const ClauseText = Node.create({
  name: 'clauseText',
  content: 'inline*',
  parseHTML: () => [dataNode('clauseText')],
  renderHTML: ({ HTMLAttributes }) => ['p', mergeAttributes(HTMLAttributes, { 'data-node': 'clauseText' }), 0],
});

export const Subclause = Node.create({
  name: 'subclause',
  content: 'inline*',
  defining: true,
  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute('data-id'),
        renderHTML: (attrs: Record<string, unknown>) => ({ 'data-id': attrs.id }),
      },
      // A paragraph made a sub-paragraph keeps its number, to be OP5 again when it is lifted back.
      number: numberAttribute,
    };
  },
  parseHTML: () => [dataNode('subclause')],
  renderHTML: ({ HTMLAttributes }) => ['p', mergeAttributes(HTMLAttributes, { 'data-node': 'subclause' }), 0],
});

import { Mark, mergeAttributes } from '@tiptap/core';
import { NEUTRAL_COLOR, delegationStyle } from '../colors.js';
import type { MarkType, Schema } from '@tiptap/pm/model';

/**
 * Inline marks of a negotiated text. In the Yjs document they are formatting attributes of the
 * clause's text, named like the marks, with the attributes below as their value.
 *
 *   insertion {amendmentId, delegationCode, color, authorId, authorName, at}: proposed text
 *   deletion  {amendmentId, delegationCode, color, authorId, authorName, at}: text proposed for deletion
 *   bracket   {bracketId, group, option}: text not yet agreed; options of one choice share a group
 *
 * None is inclusive: typing at the edge of someone's proposal or bracket never joins it.
 */

export interface ProposalAttrs {
  amendmentId: string;
  delegationCode: string | null;
  color: string;
  authorId: string;
  authorName: string;
  at: string;
}

/** The schema's two proposal mark types (every declaration schema has them). */
export function proposalTypes(schema: Schema): { insertion: MarkType; deletion: MarkType } {
  const insertion = schema.marks.insertion;
  const deletion = schema.marks.deletion;
  if (!insertion || !deletion) throw new Error('the schema has no insertion/deletion marks');
  return { insertion, deletion };
}

export interface BracketAttrs {
  bracketId: string;
  /** Options of one choice ("[shall][should]") share a group; a lone bracket is its own group. */
  group: string;
  option: number;
}

// Attributes live in the document; renderHTML writes the few the page needs as data-* attributes
// (rendered: false keeps ids and timestamps out of the DOM).
const proposalAttributes = {
  amendmentId: { default: null, rendered: false, parseHTML: (el: HTMLElement) => el.getAttribute('data-amendment') },
  delegationCode: { default: null, rendered: false, parseHTML: (el: HTMLElement) => el.getAttribute('data-delegation') },
  color: { default: NEUTRAL_COLOR, rendered: false },
  authorId: { default: null, rendered: false },
  authorName: { default: null, rendered: false, parseHTML: (el: HTMLElement) => el.getAttribute('data-author') },
  at: { default: null, rendered: false },
};

function proposalHTML(tag: 'ins' | 'del', attrs: Record<string, unknown>): Record<string, string> {
  return {
    'data-amendment': String(attrs.amendmentId ?? ''),
    'data-delegation': String(attrs.delegationCode ?? ''),
    'data-author': String(attrs.authorName ?? ''),
    title: `${tag === 'ins' ? 'Proposed insertion' : 'Proposed deletion'} by ${attrs.delegationCode ?? attrs.authorName ?? 'unknown'}`,
    style: delegationStyle(attrs.color),
  };
}

export const Insertion = Mark.create({
  name: 'insertion',
  inclusive: false,
  addAttributes: () => proposalAttributes,
  parseHTML: () => [{ tag: 'ins[data-amendment]' }],
  renderHTML: ({ HTMLAttributes, mark }) => ['ins', mergeAttributes(HTMLAttributes, proposalHTML('ins', mark.attrs)), 0],
});

export const Deletion = Mark.create({
  name: 'deletion',
  inclusive: false,
  addAttributes: () => proposalAttributes,
  parseHTML: () => [{ tag: 'del[data-amendment]' }],
  renderHTML: ({ HTMLAttributes, mark }) => ['del', mergeAttributes(HTMLAttributes, proposalHTML('del', mark.attrs)), 0],
});

export const Bracket = Mark.create({
  name: 'bracket',
  inclusive: false,
  addAttributes: () => ({
    bracketId: { default: null, rendered: false, parseHTML: (el: HTMLElement) => el.getAttribute('data-bracket') },
    group: { default: null, rendered: false, parseHTML: (el: HTMLElement) => el.getAttribute('data-group') },
    option: { default: 0, rendered: false, parseHTML: (el: HTMLElement) => Number(el.getAttribute('data-option') ?? 0) },
  }),
  parseHTML: () => [{ tag: 'span[data-bracket]' }],
  renderHTML: ({ HTMLAttributes, mark }) => [
    'span',
    mergeAttributes(HTMLAttributes, {
      class: 'bracket',
      'data-bracket': String(mark.attrs.bracketId ?? ''),
      'data-group': String(mark.attrs.group ?? ''),
      'data-option': String(mark.attrs.option ?? 0),
    }),
    0,
  ],
});

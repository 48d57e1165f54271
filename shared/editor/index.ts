import { getSchema, type AnyExtension } from '@tiptap/core';
import Text from '@tiptap/extension-text';
import Italic from '@tiptap/extension-italic';
import Bold from '@tiptap/extension-bold';
import { Declaration, Title, Formula, Preamble, Operative, Clause, ClauseText, Subclause } from './nodes.js';
import { ClauseStructure } from './structure.js';
import { Insertion, Deletion, Bracket } from './marks.js';

export * from './nodes.js';
export * from './structure.js';
export * from './outline.js';
export * from './ids.js';
export * from './marks.js';
export * from './proposals.js';
export * from './brackets.js';
export * from './alternatives.js';

/**
 * The extensions of a declaration: the one list the client's editor and the server's renderers use.
 * Lead words of preambular and operative paragraphs are set in italics ("Recalling", "Calls upon").
 */
export const declarationExtensions: AnyExtension[] = [
  Declaration,
  Title,
  Formula,
  Preamble,
  Operative,
  Clause,
  ClauseText,
  Subclause,
  Text,
  Italic,
  Bold,
  Insertion,
  Deletion,
  Bracket,
  ClauseStructure,
];

export const declarationSchema = getSchema(declarationExtensions);

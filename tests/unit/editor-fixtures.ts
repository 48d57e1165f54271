import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { declarationSchema, normalizeDeclaration } from '../../shared/editor/index.js';
import { declarationJSON, type DeclarationDraft } from '../../shared/editor/content.js';

/** Headless editing of a declaration: build a state, put the caret somewhere, press a key. */

export type Command = (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean;

export function declarationDoc(draft: DeclarationDraft): PMNode {
  return declarationSchema.nodeFromJSON(declarationJSON(draft));
}

/** A short declaration in the vocabulary of the seeds, used by most editing tests. */
export function sampleDraft(): DeclarationDraft {
  return {
    title: 'Joint Statement of the ASEAN Ministerial Meeting on Transnational Crime',
    formula: 'We, the Ministers,',
    preambular: [
      { lead: 'Recalling', text: 'the ASEAN Declaration on Transnational Crime;' },
      { lead: 'Noting with concern', text: 'the rise of trafficking in persons;' },
    ],
    operative: [
      { lead: 'Calls upon', text: 'Member States to cooperate;' },
      { lead: 'Encourages', text: 'the sharing of information;' },
    ],
  };
}

/** Position of the start of the content of the first textblock whose text is exactly `text`. */
export function textblockStart(doc: PMNode, text: string, type?: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isTextblock && node.textContent === text && (!type || node.type.name === type)) {
      found = pos + 1;
      return false;
    }
    return true;
  });
  if (found < 0) throw new Error(`no textblock with text ${JSON.stringify(text)}`);
  return found;
}

/** An editor state with the caret `offset` characters into the textblock holding `text`. */
export function caretIn(doc: PMNode, text: string, offset: number, type?: string): EditorState {
  const pos = textblockStart(doc, text, type) + offset;
  return EditorState.create({ doc, selection: TextSelection.create(doc, pos) });
}

export function caretAtEnd(doc: PMNode, text: string, type?: string): EditorState {
  return caretIn(doc, text, text.length, type);
}

export interface Outcome {
  handled: boolean;
  tr: Transaction | null;
  /** The state after the transaction (the old one when nothing was dispatched). */
  state: EditorState;
}

/** Runs a command as a key press would, capturing the one transaction it dispatches. */
export function press(command: Command, state: EditorState): Outcome {
  let captured: Transaction | null = null;
  const handled = command(state, (tr) => {
    if (captured) throw new Error('the command dispatched twice');
    captured = tr;
  });
  const tr = captured as Transaction | null;
  const next = tr ? state.apply(tr) : state;
  next.doc.check(); // every command leaves a schema-valid document
  // ... with unique ids, kinds matching their parts and no empty part: nothing for ClauseStructure to fix.
  if (normalizeDeclaration(next)) throw new Error('the command left a declaration that needs normalizing');
  return { handled, tr, state: next };
}

export interface ClauseShape {
  id: string;
  kind: string;
  number: number | null;
  text: string;
  subclauses: string[];
}

/** A declaration as plain data: the title, the formula and each part's clauses. */
export function shapeOf(doc: PMNode): { title: string; formula: string; preamble: ClauseShape[]; operative: ClauseShape[] } {
  const clauses = (part: PMNode): ClauseShape[] => {
    const out: ClauseShape[] = [];
    part.forEach((clause) => {
      const subclauses: string[] = [];
      clause.forEach((child) => {
        if (child.type.name === 'subclause') subclauses.push(child.textContent);
      });
      out.push({
        id: String(clause.attrs.id),
        kind: String(clause.attrs.kind),
        number: typeof clause.attrs.number === 'number' ? clause.attrs.number : null,
        text: clause.child(0).textContent,
        subclauses,
      });
    });
    return out;
  };
  return {
    title: doc.child(0).textContent,
    formula: doc.child(1).textContent,
    preamble: clauses(doc.child(2)),
    operative: clauses(doc.child(3)),
  };
}

/** Texts of a part's clauses, for compact assertions. */
export function textsOf(doc: PMNode, part: 'preamble' | 'operative'): string[] {
  return shapeOf(doc)[part].map((c) => c.text);
}

/** Where the caret is: the kind of textblock, its text, and the offset in it. */
export function caretOf(state: EditorState): { block: string; text: string; offset: number } {
  const { $from } = state.selection;
  return { block: $from.parent.type.name, text: $from.parent.textContent, offset: $from.parentOffset };
}

export function stateOf(doc: PMNode): EditorState {
  return EditorState.create({ doc });
}

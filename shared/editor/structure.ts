import { Extension } from '@tiptap/core';
import type { Node as PMNode, NodeType, Schema } from '@tiptap/pm/model';
import { Fragment } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { newClauseId, newSubclauseId } from './ids.js';
import { PART_KIND } from './outline.js';
import type { ClauseKind } from '../labels.js';

/**
 * Keeps a declaration well formed while people (and merges) edit it:
 * - every clause has a unique id (the first in document order keeps a duplicated one; a copy gets a
 *   fresh id and loses its number, so a pasted OP3 is labelled as an insertion, never as OP3 again);
 * - a clause's kind is the kind of the part it stands in (moving it across resets its number);
 * - neither part is ever left without a clause.
 * And gives Enter, Tab, Backspace and Delete their meaning in a declaration.
 */

type Command = (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean;

export const clauseStructureKey = new PluginKey('clauseStructure');

function emptyClause(schema: Schema, kind: ClauseKind, content?: Fragment): PMNode {
  const types = schema.nodes as Record<string, NodeType>;
  return types.clause!.create({ id: newClauseId(), kind, number: null }, types.clauseText!.create(null, content));
}

function emptySubclause(schema: Schema, content?: Fragment): PMNode {
  return (schema.nodes.subclause as NodeType).create({ id: newSubclauseId() }, content);
}

/** The fixes ClauseStructure makes to a document, as a transaction, or null when it is well formed. */
export function normalizeDeclaration(state: EditorState): Transaction | null {
  const tr = state.tr;
  const seen = new Set<string>();
  let changed = false;
  state.doc.descendants((node, pos, parent) => {
    const name = node.type.name;
    if (name === 'clause') {
      const kind = PART_KIND[parent?.type.name ?? ''] ?? node.attrs.kind;
      let attrs: Record<string, unknown> | null = null;
      const id = node.attrs.id as string | null;
      if (!id || seen.has(id)) attrs = { ...node.attrs, id: newClauseId(), number: null };
      if (node.attrs.kind !== kind) attrs = { ...(attrs ?? node.attrs), kind, number: null };
      seen.add((attrs?.id as string | undefined) ?? (id as string));
      if (attrs) {
        tr.setNodeMarkup(pos, undefined, attrs);
        changed = true;
      }
      return true;
    }
    if (name === 'subclause') {
      const id = node.attrs.id as string | null;
      if (!id || seen.has(id)) {
        const fresh = newSubclauseId();
        tr.setNodeMarkup(pos, undefined, { ...node.attrs, id: fresh, number: null });
        seen.add(fresh);
        changed = true;
      } else seen.add(id);
      return false;
    }
    return name === 'doc' || name === 'preamble' || name === 'operative';
  });
  // Empty parts last, each inserted at its offset mapped through the inserts made before it.
  const mapFrom = tr.steps.length;
  tr.doc.forEach((part, offset) => {
    const kind = PART_KIND[part.type.name];
    if (kind && part.childCount === 0) {
      tr.insert(tr.mapping.slice(mapFrom).map(offset + 1), emptyClause(state.schema, kind));
      changed = true;
    }
  });
  return changed ? tr : null;
}

/** Enter: a new paragraph of the same part (or sub-paragraph), never a stray node. */
export const splitClause: Command = (state, dispatch) => {
  const tr = state.tr;
  if (!state.selection.empty) {
    const { $from, $to } = state.selection;
    if (!$from.sameParent($to)) return true; // a selection across paragraphs: Enter does nothing
    tr.deleteSelection();
  }
  const $pos = tr.selection.$from;
  const block = $pos.parent;
  const name = block.type.name;
  const schema = state.schema;

  if (name === 'title' || name === 'formula') {
    // Enter in the title moves to the formula; in the formula to the first preambular paragraph.
    const formulaStart = tr.doc.child(0).nodeSize + 1;
    const target = name === 'title' ? formulaStart : formulaStart - 1 + tr.doc.child(1).nodeSize + 3;
    tr.setSelection(TextSelection.create(tr.doc, target));
    dispatch?.(tr.scrollIntoView());
    return true;
  }

  if (name === 'clauseText') {
    const clauseDepth = $pos.depth - 1;
    const clause = $pos.node(clauseDepth);
    const kind = clause.attrs.kind as ClauseKind;
    if ($pos.parentOffset === 0 && block.content.size > 0) {
      // At the start of a paragraph: a new empty one before it; this one keeps its id and label.
      tr.insert($pos.before(clauseDepth), emptyClause(schema, kind));
      dispatch?.(tr.scrollIntoView());
      return true;
    }
    const rest = block.content.cut($pos.parentOffset);
    if (clause.childCount > 1) {
      // The clause has sub-paragraphs: the text after the caret opens a new (a).
      const at = $pos.after() - rest.size;
      tr.delete($pos.pos, $pos.end());
      tr.insert(at, emptySubclause(schema, rest));
      tr.setSelection(TextSelection.create(tr.doc, at + 1));
    } else {
      const at = $pos.after(clauseDepth) - rest.size;
      tr.delete($pos.pos, $pos.end());
      tr.insert(at, emptyClause(schema, kind, rest));
      tr.setSelection(TextSelection.create(tr.doc, at + 2));
    }
    dispatch?.(tr.scrollIntoView());
    return true;
  }

  if (name === 'subclause') {
    const clauseDepth = $pos.depth - 1;
    const clause = $pos.node(clauseDepth);
    const isLast = $pos.index(clauseDepth) === clause.childCount - 1;
    if (block.content.size === 0 && isLast) {
      // Enter on an empty last sub-paragraph leaves the list: a new paragraph after the clause.
      const after = $pos.after(clauseDepth);
      tr.delete($pos.before(), $pos.after());
      const at = after - block.nodeSize;
      tr.insert(at, emptyClause(schema, clause.attrs.kind as ClauseKind));
      tr.setSelection(TextSelection.create(tr.doc, at + 2));
      dispatch?.(tr.scrollIntoView());
      return true;
    }
    if ($pos.parentOffset === 0 && block.content.size > 0) {
      tr.insert($pos.before(), emptySubclause(schema));
      dispatch?.(tr.scrollIntoView());
      return true;
    }
    const rest = block.content.cut($pos.parentOffset);
    const at = $pos.after() - rest.size;
    tr.delete($pos.pos, $pos.end());
    tr.insert(at, emptySubclause(schema, rest));
    tr.setSelection(TextSelection.create(tr.doc, at + 1));
    dispatch?.(tr.scrollIntoView());
    return true;
  }
  return false;
};

/**
 * Tab in a paragraph: it becomes the last sub-paragraph of the paragraph before it. It stays the
 * same paragraph: the sub-paragraph keeps its id (threads, statuses and amendments name it) and the
 * number it had, so Shift+Tab gives back OP5, not a new OP4bis. Where there is nothing to do (the
 * first paragraph of its part, a paragraph with its own sub-paragraphs, an alternative paragraph,
 * a selection, anywhere but a paragraph's text) Tab is not handled, so the browser moves focus on.
 */
export const indentClause: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.parent.type.name !== 'clauseText') return false;
  const clauseDepth = $from.depth - 1;
  const clause = $from.node(clauseDepth);
  const index = $from.index(clauseDepth - 1);
  if (index === 0 || clause.childCount > 1 || clause.attrs.alternativeOf) return false;
  if (!dispatch) return true;
  const clauseStart = $from.before(clauseDepth);
  const offset = $from.parentOffset;
  const tr = state.tr;
  tr.delete(clauseStart, $from.after(clauseDepth));
  const at = clauseStart - 1; // the end of the previous clause's content
  const sub = (state.schema.nodes.subclause as NodeType).create({ id: clause.attrs.id, number: clause.attrs.number }, $from.parent.content);
  tr.insert(at, sub);
  tr.setSelection(TextSelection.create(tr.doc, at + 1 + offset));
  dispatch(tr.scrollIntoView());
  return true;
};

/**
 * The number a lifted sub-paragraph takes back: the one it had as a paragraph, if no paragraph of
 * its part holds it now and it still falls between the numbers around the place it lands (after a
 * renumbering it may not); otherwise none, and it is labelled as an insertion (OP4bis).
 */
function numberBack(part: PMNode, landsAfter: number, number: unknown): number | null {
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) return null;
  for (let i = 0; i < part.childCount; i++) {
    const other = part.child(i).attrs.number as number | null;
    if (other === null) continue;
    if (other === number || (i <= landsAfter && other > number) || (i > landsAfter && other < number)) return null;
  }
  return number;
}

/**
 * Shift-Tab in a sub-paragraph: it becomes a paragraph after its clause, taking the ones below it.
 * It keeps its id, and a paragraph demoted by Tab gets its number back (see indentClause). Not
 * handled anywhere else, so Shift+Tab elsewhere moves focus back out of the editor.
 */
export const outdentSubclause: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.parent.type.name !== 'subclause') return false;
  if (!dispatch) return true;
  const clauseDepth = $from.depth - 1;
  const clause = $from.node(clauseDepth);
  const index = $from.index(clauseDepth);
  const sub = $from.parent;
  const following: PMNode[] = [];
  for (let i = index + 1; i < clause.childCount; i++) following.push(clause.child(i));
  const schema = state.schema;
  const types = schema.nodes as Record<string, NodeType>;
  const kind = clause.attrs.kind as ClauseKind;
  const number = numberBack($from.node(clauseDepth - 1), $from.index(clauseDepth - 1), sub.attrs.number);
  const lifted = types.clause!.create(
    { id: (sub.attrs.id as string | null) ?? newClauseId(), kind, number },
    Fragment.from([types.clauseText!.create(null, sub.content), ...following]),
  );
  const tr = state.tr;
  const clauseEnd = $from.after(clauseDepth);
  const from = $from.before();
  tr.insert(clauseEnd, lifted);
  tr.delete(from, clauseEnd - 1);
  const at = tr.mapping.map(clauseEnd, -1);
  tr.setSelection(TextSelection.create(tr.doc, at + 2 + $from.parentOffset));
  dispatch(tr.scrollIntoView());
  return true;
};

/** Joins the clause at `clausePos` into the clause before it; the caret goes to the seam. */
function joinIntoPrevious(state: EditorState, clausePos: number, dispatch?: (tr: Transaction) => void): boolean {
  const $clause = state.doc.resolve(clausePos);
  const index = $clause.index();
  if (index === 0) return true;
  const clause = $clause.parent.child(index);
  const previous = $clause.parent.child(index - 1);
  const previousEnd = clausePos - 1; // inside the previous clause, after its last child
  const lastBlock = previous.lastChild as PMNode;
  const seam = previousEnd - 1; // the end of the previous clause's last textblock
  const text = clause.child(0).content;
  const subclauses: PMNode[] = [];
  for (let i = 1; i < clause.childCount; i++) subclauses.push(clause.child(i));
  const tr = state.tr;
  tr.delete(clausePos, clausePos + clause.nodeSize);
  if (subclauses.length) tr.insert(previousEnd, subclauses);
  if (text.size) tr.insert(seam, text);
  tr.setSelection(TextSelection.create(tr.doc, seam));
  void lastBlock;
  dispatch?.(tr.scrollIntoView());
  return true;
}

/** Backspace at the start of a paragraph or sub-paragraph joins it to what stands before it. */
export const joinBackward: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.parentOffset !== 0) return false;
  const name = $from.parent.type.name;
  if (name === 'clauseText') {
    const clauseDepth = $from.depth - 1;
    const part = $from.node(clauseDepth - 1);
    const clauseIndex = $from.index(clauseDepth - 1);
    if (clauseIndex === 0) {
      // First paragraph of its part: only an empty one that is not alone goes away.
      const clause = $from.node(clauseDepth);
      if (clause.content.size === 2 && part.childCount > 1) {
        const tr = state.tr.delete($from.before(clauseDepth), $from.after(clauseDepth));
        dispatch?.(tr);
      }
      return true;
    }
    return joinIntoPrevious(state, $from.before(clauseDepth), dispatch);
  }
  if (name === 'subclause') {
    const start = $from.before();
    const seam = start - 1; // end of the previous sibling's content
    const tr = state.tr;
    tr.delete(start, $from.after());
    if ($from.parent.content.size) tr.insert(seam, $from.parent.content);
    tr.setSelection(TextSelection.create(tr.doc, seam));
    dispatch?.(tr.scrollIntoView());
    return true;
  }
  if (name === 'formula') return true; // never join into the title
  return false;
};

/** Delete at the end of a paragraph pulls the next paragraph of the same part up into it. */
export const joinForward: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.parentOffset !== $from.parent.content.size) return false;
  const name = $from.parent.type.name;
  if (name === 'title' || name === 'formula') return true;
  if (name !== 'clauseText' && name !== 'subclause') return false;
  const clauseDepth = $from.depth - 1;
  const clause = $from.node(clauseDepth);
  if ($from.index(clauseDepth) < clause.childCount - 1) {
    // Next is a sub-paragraph of the same clause: pull its text up.
    const next = clause.child($from.index(clauseDepth) + 1);
    const nextPos = $from.after();
    const tr = state.tr.delete(nextPos, nextPos + next.nodeSize);
    if (next.content.size) tr.insert($from.pos, next.content);
    tr.setSelection(TextSelection.create(tr.doc, $from.pos));
    dispatch?.(tr);
    return true;
  }
  const part = $from.node(clauseDepth - 1);
  if ($from.index(clauseDepth - 1) >= part.childCount - 1) return true;
  return joinIntoPrevious(state, $from.after(clauseDepth), dispatch);
};

export const ClauseStructure = Extension.create({
  name: 'clauseStructure',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: clauseStructureKey,
        // Only an editor that may write fixes the structure: a read-only copy's fixes would be dropped
        // by the server and linger on its own screen.
        appendTransaction: (transactions, _old, state) =>
          this.editor.isEditable && transactions.some((tr) => tr.docChanged) ? normalizeDeclaration(state) : null,
      }),
    ];
  },
  addKeyboardShortcuts() {
    const run = (command: Command) => () => command(this.editor.state, this.editor.view.dispatch);
    // A read-only text leaves Tab to the browser: focus moves on, as from any other page element.
    const structural = (command: Command) => () => this.editor.isEditable && run(command)();
    return {
      Enter: run(splitClause),
      Tab: structural(indentClause),
      'Shift-Tab': structural(outdentSubclause),
      Backspace: run(joinBackward),
      Delete: run(joinForward),
    };
  },
});

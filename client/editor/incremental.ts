import type { Node as PMNode } from '@tiptap/pm/model';
import { Mapping, StepMap } from '@tiptap/pm/transform';
import type { Decoration, DecorationSet } from '@tiptap/pm/view';
import { PART_KIND, type ClauseAt } from '../../shared/editor/outline.js';
import { labelClauses, type ClauseLabel, type ClauseOutline, type NumberingStyle } from '../../shared/labels.js';

/**
 * What the editor's plugins need to redo only the paragraphs a change touched.
 *
 * A keystroke changes one paragraph, and so does another delegate's keystroke, but the latter comes
 * through Yjs as a replacement of the whole document, whose mapping says everything was deleted. So
 * the change is found by comparing the two documents: ProseMirror shares the nodes a change did not
 * touch (and the Yjs binding reuses the nodes of unchanged paragraphs), so the comparison skips them
 * by identity and costs what the changed paragraph costs.
 */

/** Where two versions of a text differ: [from, oldTo) of the old became [from, newTo) of the new. */
export interface DocChange {
  from: number;
  oldTo: number;
  newTo: number;
  /** Positions of the old document in the new one. */
  map: Mapping;
}

/** The last change found from each document: every plugin asks the same question of one transaction. */
const changes = new WeakMap<PMNode, { doc: PMNode; change: DocChange | null }>();

/** The one range in which two versions differ, or null when their content is the same. */
export function docChange(oldDoc: PMNode, newDoc: PMNode): DocChange | null {
  if (oldDoc === newDoc) return null;
  const known = changes.get(oldDoc);
  if (known?.doc === newDoc) return known.change;
  const change = findChange(oldDoc, newDoc);
  changes.set(oldDoc, { doc: newDoc, change });
  return change;
}

function findChange(oldDoc: PMNode, newDoc: PMNode): DocChange | null {
  const from = oldDoc.content.findDiffStart(newDoc.content);
  if (from === null) return null;
  const end = oldDoc.content.findDiffEnd(newDoc.content) ?? { a: oldDoc.content.size, b: newDoc.content.size };
  let oldTo = end.a;
  let newTo = end.b;
  // Repeated content lets the end run back past the start ("aa" -> "aaa"): push both ends forward.
  const overlap = from - Math.min(oldTo, newTo);
  if (overlap > 0) {
    oldTo += overlap;
    newTo += overlap;
  }
  return { from, oldTo, newTo, map: new Mapping([new StepMap([from, oldTo - from, newTo - from])]) };
}

/** A block whose decorations are computed as one: a clause, or the title or the formula. */
export interface Block {
  node: PMNode;
  /** Position before the node. */
  pos: number;
}

/** Whether a block stands in (or touches) the range [from, to] of its document. */
export function blockTouched(block: Block, from: number, to: number): boolean {
  return block.pos <= to && block.pos + block.node.nodeSize >= from;
}

/**
 * The previous decorations, moved to the new document, with those of the blocks the change touched
 * built again: the work is that of the touched blocks (and one pass over the list of blocks).
 */
export function redecorate<B extends Block>(
  previous: DecorationSet,
  change: DocChange,
  doc: PMNode,
  blocks: readonly B[],
  build: (block: B, index: number) => Decoration[],
): DecorationSet {
  let set = previous.map(change.map, doc);
  const stale: Decoration[] = [];
  const fresh: Decoration[] = [];
  blocks.forEach((block, index) => {
    if (!blockTouched(block, change.from, change.newTo)) return;
    const end = block.pos + block.node.nodeSize;
    for (const d of set.find(block.pos, end)) if (d.from >= block.pos && d.to <= end) stale.push(d);
    fresh.push(...build(block, index));
  });
  if (stale.length) set = set.remove(stale);
  return fresh.length ? set.add(doc, fresh) : set;
}

/** The clauses of a text, with their labels: built once per document, whoever asks. */
export interface ClauseIndex {
  clauses: ClauseAt[];
  labels: ClauseLabel[];
}

const outlines = new WeakMap<PMNode, ClauseOutline>();
const indexes = new WeakMap<PMNode, Map<NumberingStyle, ClauseIndex>>();
/** The last labels computed in each style, reused while the outline is the same. */
const lastLabels = new Map<NumberingStyle, { outline: ClauseOutline[]; labels: ClauseLabel[] }>();

/** How many times labels were computed rather than reused (the unit tests count work, not time). */
export const labelWork = { computed: 0 };

function outlineOf(clause: PMNode, kind: ClauseOutline['kind']): ClauseOutline {
  const known = outlines.get(clause);
  if (known && known.kind === kind) return known;
  const subclauseIds: string[] = [];
  clause.forEach((child) => {
    if (child.type.name === 'subclause') subclauseIds.push(String(child.attrs.id ?? ''));
  });
  const outline: ClauseOutline = {
    id: String(clause.attrs.id ?? ''),
    kind,
    number: typeof clause.attrs.number === 'number' ? clause.attrs.number : null,
    subclauseIds,
    alternativeOf: typeof clause.attrs.alternativeOf === 'string' ? clause.attrs.alternativeOf : null,
  };
  outlines.set(clause, outline);
  return outline;
}

function sameOutline(a: ClauseOutline, b: ClauseOutline): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.kind === b.kind &&
      a.number === b.number &&
      (a.alternativeOf ?? null) === (b.alternativeOf ?? null) &&
      a.subclauseIds.length === b.subclauseIds.length &&
      a.subclauseIds.every((id, i) => id === b.subclauseIds[i]))
  );
}

/**
 * The clauses of `doc` in order (as clausesOf) with their labels (as labelClauses), the labels
 * computed again only when the structure changed: a clause added, removed, moved, renumbered.
 */
export function clauseIndex(doc: PMNode, style: NumberingStyle): ClauseIndex {
  let byStyle = indexes.get(doc);
  const known = byStyle?.get(style);
  if (known) return known;
  const clauses: ClauseAt[] = [];
  doc.forEach((part, partOffset) => {
    const kind = PART_KIND[part.type.name];
    if (!kind) return;
    part.forEach((clause, clauseOffset) => {
      clauses.push({ node: clause, pos: partOffset + 1 + clauseOffset, outline: outlineOf(clause, kind) });
    });
  });
  const outline = clauses.map((c) => c.outline);
  const last = lastLabels.get(style);
  let labels: ClauseLabel[];
  if (last && last.outline.length === outline.length && last.outline.every((o, i) => sameOutline(o, outline[i]!))) {
    labels = last.labels;
  } else {
    labelWork.computed++;
    labels = labelClauses(outline, style);
  }
  lastLabels.set(style, { outline, labels });
  const index = { clauses, labels };
  if (!byStyle) indexes.set(doc, (byStyle = new Map()));
  byStyle.set(style, index);
  return index;
}

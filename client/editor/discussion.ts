import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { Step } from '@tiptap/pm/transform';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { fromBase64 } from 'lib0/buffer';
import type { ClauseStatus } from '../../shared/api/index.js';
import type { Anchor } from '../../shared/editor/anchors.js';
import type { ClauseKind, NumberingStyle } from '../../shared/labels.js';
import { clauseIndex, docChange, redecorate } from './incremental.js';

/**
 * The discussion around the text, drawn on it without entering the Yjs document:
 * - each clause's status as a data attribute (data-status="agreed"), which the stylesheet turns into
 *   a tag in the margin, and its open-thread count as a badge under its label;
 * - the quoted words of open threads, highlighted, so a click on them selects their thread;
 * - the lock: an editor that is not the chair's refuses its own changes to agreed clauses (the server
 *   reverts them anyway; this spares the person the flicker and tells them why).
 */

export interface DiscussionData {
  statuses: Readonly<Record<string, ClauseStatus>>;
  /** The text is adopted: a paragraph's negotiation status is history, and no badge shows it. */
  adopted: boolean;
  counts: Readonly<Record<string, number>>;
  /** Quotes of open threads, highlighted in the text. */
  quotes: readonly { threadId: string; anchor: Anchor }[];
  selectedThreadId: string | null;
  /** The words quoted by the thread being written, shown while the composer is open. */
  draft: Anchor | null;
  /** The chair edits agreed clauses; nobody else does. */
  chair: boolean;
}

export interface DiscussionCallbacks {
  onSelectThread(threadId: string): void;
  onOpenClause(clauseId: string): void;
  onLocked(label: string): void;
  onComment(): void;
}

export interface ClauseSpan {
  id: string;
  label: string;
  kind: ClauseKind;
  /** Position before the clause node, and after it. */
  from: number;
  to: number;
}

interface DiscussionState {
  data: DiscussionData;
  clauses: ClauseSpan[];
  margin: DecorationSet;
}

export const discussionKey = new PluginKey<DiscussionState>('discussion');
const highlightsKey = new PluginKey<DecorationSet>('discussionHighlights');

export const EMPTY_DISCUSSION: DiscussionData = { statuses: {}, adopted: false, counts: {}, quotes: [], selectedThreadId: null, draft: null, chair: false };

export function clauseSpans(doc: PMNode, style: NumberingStyle): ClauseSpan[] {
  const { clauses, labels } = clauseIndex(doc, style);
  return clauses.map((c, i) => ({
    id: c.outline.id,
    label: labels[i]?.label ?? '',
    kind: c.outline.kind,
    from: c.pos,
    to: c.pos + c.node.nodeSize,
  }));
}

/** The id of the clause a position stands in, or null (title, formula). */
export function clauseIdAt(state: EditorState, pos = state.selection.from): string | null {
  const $pos = state.doc.resolve(Math.min(pos, state.doc.content.size));
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth);
    if (node.type.name === 'clause') return (node.attrs.id as string | null) ?? null;
  }
  return null;
}

function speechBubble(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z');
  svg.appendChild(path);
  return svg;
}

/** How many clauses had their margin built (the unit tests count work, not time). */
export const marginWork = { clauses: 0 };

function marginDecorations(doc: PMNode, clauses: readonly ClauseSpan[], data: DiscussionData, callbacks: () => DiscussionCallbacks): DecorationSet {
  return DecorationSet.create(
    doc,
    clauses.flatMap((clause) => clauseMargin(clause, data, callbacks)),
  );
}

function clauseMargin(clause: ClauseSpan, data: DiscussionData, callbacks: () => DiscussionCallbacks): Decoration[] {
  marginWork.clauses++;
  const decorations: Decoration[] = [];
  const status = data.adopted ? 'adopted' : (data.statuses[clause.id] ?? 'open');
  // An open clause, most of them, carries no attribute: a node decoration on every clause makes each
  // redraw of the text scan them all once per clause (ProseMirror's DecorationSet.forChild).
  if (status !== 'open') {
    const attrs: Record<string, string> = { 'data-status': status };
    if (status === 'agreed' && !data.chair) attrs['data-locked'] = 'true';
    decorations.push(Decoration.node(clause.from, clause.to, attrs));
  }
  const count = data.counts[clause.id] ?? 0;
  if (count > 0) {
    const { id, label } = clause;
    decorations.push(
      Decoration.widget(
        clause.from + 1,
        () => {
          const margin = document.createElement('span');
          margin.className = 'clause-margin';
          margin.contentEditable = 'false';
          const button = document.createElement('button');
          button.type = 'button';
          button.className = 'thread-count';
          button.dataset.testid = 'thread-count';
          button.title = `${count} open thread${count === 1 ? '' : 's'} on ${label}`;
          button.setAttribute('aria-label', button.title);
          button.appendChild(speechBubble());
          button.appendChild(document.createTextNode(String(count)));
          button.addEventListener('mousedown', (event) => event.preventDefault());
          button.addEventListener('click', (event) => {
            event.preventDefault();
            callbacks().onOpenClause(id);
          });
          margin.appendChild(button);
          return margin;
        },
        { side: -1, key: `thread-count:${id}:${count}:${label}`, ignoreSelection: true, stopEvent: () => true },
      ),
    );
  }
  return decorations;
}

/** The margin after a change of the text alone: the clauses it touched, unless the labels moved. */
function updateMargin(previous: DiscussionState, oldDoc: PMNode, doc: PMNode, clauses: ClauseSpan[], style: NumberingStyle, callbacks: () => DiscussionCallbacks): DecorationSet {
  const change = docChange(oldDoc, doc);
  if (!change) return previous.margin;
  const index = clauseIndex(doc, style);
  if (clauseIndex(oldDoc, style).labels !== index.labels) return marginDecorations(doc, clauses, previous.data, callbacks);
  const blocks = clauses.map((c, i) => ({ ...c, pos: c.from, node: index.clauses[i]!.node }));
  return redecorate(previous.margin, change, doc, blocks, (c) => clauseMargin(c, previous.data, callbacks));
}

function decodePosition(position: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(fromBase64(position));
  } catch {
    return null;
  }
}

/** The highlights of quoted words, placed from their Yjs anchors through the binding's mapping. */
function highlightDecorations(state: EditorState, doc: PMNode, data: DiscussionData): DecorationSet {
  const sync = ySyncPluginKey.getState(state) as
    | { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: Parameters<typeof relativePositionToAbsolutePosition>[3] } | null }
    | undefined;
  if (!sync?.binding || (!data.quotes.length && !data.draft)) return DecorationSet.empty;
  const mapping = sync.binding.mapping;
  const decorations: Decoration[] = [];
  const size = doc.content.size;
  const place = (anchor: Anchor): [number, number] | null => {
    const start = decodePosition(anchor.start);
    const end = decodePosition(anchor.end);
    if (!start || !end) return null;
    try {
      const from = relativePositionToAbsolutePosition(sync.doc, sync.type, start, mapping);
      const to = relativePositionToAbsolutePosition(sync.doc, sync.type, end, mapping);
      if (from === null || to === null || to <= from || from < 0 || to > size) return null;
      return [from, to];
    } catch {
      return null;
    }
  };
  for (const { threadId, anchor } of data.quotes) {
    const range = place(anchor);
    if (!range) continue;
    const selected = threadId === data.selectedThreadId;
    decorations.push(
      Decoration.inline(range[0], range[1], { class: `thread-quote${selected ? ' is-selected' : ''}`, 'data-thread-id': threadId }, { threadId }),
    );
  }
  const draft = data.draft ? place(data.draft) : null;
  if (draft) decorations.push(Decoration.inline(draft[0], draft[1], { class: 'thread-quote thread-quote--draft' }));
  return DecorationSet.create(doc, decorations);
}

/** Where a step changes the document it applies to, as ranges of that document. */
function stepRanges(step: Step): [number, number][] {
  const ranges: [number, number][] = [];
  step.getMap().forEach((oldStart, oldEnd) => ranges.push([oldStart, oldEnd]));
  // Mark and attribute steps map nothing, but change text all the same.
  const s = step as unknown as { from?: unknown; to?: unknown; pos?: unknown };
  if (typeof s.from === 'number' && typeof s.to === 'number') ranges.push([s.from, s.to]);
  if (typeof s.pos === 'number') ranges.push([s.pos, s.pos + 1]);
  return ranges;
}

/** A change at [from, to] touches the clause at [start, end]: overlaps it, or inserts strictly inside it. */
function touches(from: number, to: number, start: number, end: number): boolean {
  return from === to ? from > start && from < end : from < end && to > start;
}

/** The label of the first agreed clause a transaction would change, or null if it changes none. */
export function lockedClauseTouched(tr: Transaction, state: EditorState, style: NumberingStyle): string | null {
  const plugin = discussionKey.getState(state);
  if (!plugin || plugin.data.chair) return null;
  const locked = new Set(Object.entries(plugin.data.statuses).filter(([, s]) => s === 'agreed').map(([id]) => id));
  if (!locked.size) return null;
  for (let i = 0; i < tr.steps.length; i++) {
    const doc = tr.docs[i] as PMNode;
    const spans = i === 0 && doc === state.doc ? plugin.clauses : clauseSpans(doc, style);
    const lockedSpans = spans.filter((c) => locked.has(c.id));
    if (!lockedSpans.length) continue;
    for (const [from, to] of stepRanges(tr.steps[i] as Step)) {
      const hit = lockedSpans.find((c) => touches(from, to, c.from, c.to));
      if (hit) return hit.label || 'This paragraph';
    }
  }
  return null;
}

export interface DiscussionOptions {
  numbering: NumberingStyle;
  /** The page's current callbacks (a function: TipTap deep-copies plain objects given as options). */
  callbacks: () => DiscussionCallbacks;
}

export const Discussion = Extension.create<DiscussionOptions>({
  name: 'discussion',
  addOptions() {
    return {
      numbering: 'un',
      callbacks: () => ({ onSelectThread: () => {}, onOpenClause: () => {}, onLocked: () => {}, onComment: () => {} }),
    };
  },
  addKeyboardShortcuts() {
    return {
      'Mod-Alt-m': () => {
        this.options.callbacks().onComment();
        return true;
      },
    };
  },
  addProseMirrorPlugins() {
    const { numbering: style, callbacks } = this.options;
    return [
      new Plugin<DiscussionState>({
        key: discussionKey,
        state: {
          init: (_, state) => {
            const clauses = clauseSpans(state.doc, style);
            return { data: EMPTY_DISCUSSION, clauses, margin: marginDecorations(state.doc, clauses, EMPTY_DISCUSSION, callbacks) };
          },
          apply: (tr, previous) => {
            const meta = tr.getMeta(discussionKey) as Partial<DiscussionData> | undefined;
            const data = meta ? { ...previous.data, ...meta } : previous.data;
            const clauses = tr.docChanged ? clauseSpans(tr.doc, style) : previous.clauses;
            const dataChanged =
              meta !== undefined && (meta.statuses !== undefined || meta.adopted !== undefined || meta.counts !== undefined || meta.chair !== undefined);
            // New statuses or counts redraw every clause's margin; a change of the text only the clauses it touched.
            const margin = dataChanged
              ? marginDecorations(tr.doc, clauses, data, callbacks)
              : tr.docChanged
                ? updateMargin(previous, tr.before, tr.doc, clauses, style, callbacks)
                : previous.margin;
            return { data, clauses, margin };
          },
        },
        filterTransaction: (tr, state) => {
          if (!tr.docChanged || tr.getMeta(ySyncPluginKey) !== undefined) return true;
          const label = lockedClauseTouched(tr, state, style);
          if (label === null) return true;
          // Reported after the transaction is refused, outside ProseMirror's update.
          queueMicrotask(() => callbacks().onLocked(label));
          return false;
        },
        props: {
          decorations: (state) => discussionKey.getState(state)?.margin ?? null,
        },
      }),
      new Plugin<DecorationSet>({
        key: highlightsKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, previous, oldState, newState) => {
            const meta = tr.getMeta(discussionKey) as Partial<DiscussionData> | undefined;
            const quotesChanged = meta !== undefined && (meta.quotes !== undefined || meta.selectedThreadId !== undefined || meta.draft !== undefined);
            // Changes that come through Yjs (others' edits, undo) replace the whole document: place the
            // highlights anew from their anchors. Local edits map them.
            const fromYjs = tr.docChanged && tr.getMeta(ySyncPluginKey) !== undefined;
            if (quotesChanged || fromYjs || tr.getMeta(highlightsKey) === 'refresh') {
              const data = discussionKey.getState(newState)?.data ?? EMPTY_DISCUSSION;
              return highlightDecorations(oldState, tr.doc, data);
            }
            return tr.docChanged ? previous.map(tr.mapping, tr.doc) : previous;
          },
        },
        // After a local edit the highlights were only mapped; once the edit is in the Yjs document,
        // place them from their anchors again (a rewritten quoted word stays inside its quote).
        view: () => {
          let frame = 0;
          return {
            update: (view, previous) => {
              if (frame || view.state.doc === previous.doc) return;
              const data = discussionKey.getState(view.state)?.data;
              if (!data || (!data.quotes.length && !data.draft)) return;
              frame = requestAnimationFrame(() => {
                frame = 0;
                if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(highlightsKey, 'refresh'));
              });
            },
            destroy: () => cancelAnimationFrame(frame),
          };
        },
        props: {
          decorations: (state) => highlightsKey.getState(state) ?? null,
          handleClick: (_view, _pos, event) => {
            const target = event.target as HTMLElement | null;
            const quote = target?.closest?.('.thread-quote') as HTMLElement | null;
            const threadId = quote?.getAttribute('data-thread-id');
            if (threadId) callbacks().onSelectThread(threadId);
            return false;
          },
        },
      }),
    ];
  },
});

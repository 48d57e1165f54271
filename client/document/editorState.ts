import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { Editor } from '@tiptap/core';
import type { EditorState } from '@tiptap/pm/state';
import type { BracketGroup } from '../../shared/editor/brackets.js';
import { alternativesKey, type TextAlternativeChoice } from '../editor/alternatives.js';
import { bracketsKey } from '../editor/brackets.js';
import { clauseIdAt, discussionKey, type ClauseSpan } from '../editor/discussion.js';

/** What the page reads from the editor's plugins, re-rendering only when it changes. */

/**
 * A value read from the editor's state, re-read after each transaction and kept (the same object)
 * while `equal` says it is the same. Read from the state the editor holds at render time, not from a
 * snapshot taken when the page first subscribed: the editor is handed to the page after it is made, by
 * which time Yjs may already have filled it, and no later transaction would come to say so (TipTap's
 * useEditorState kept the empty first snapshot then, and the side panel listed no threads).
 */
function useEditorValue<T>(editor: Editor | null, read: (state: EditorState) => T, empty: T, equal: (a: T, b: T) => boolean): T {
  const cache = useRef<{ state: EditorState | null; value: T } | null>(null);
  const subscribe = useCallback(
    (changed: () => void) => {
      if (!editor) return () => undefined;
      editor.on('transaction', changed);
      return () => {
        editor.off('transaction', changed);
      };
    },
    [editor],
  );
  const snapshot = (): T => {
    const state = editor && !editor.isDestroyed ? editor.state : null;
    const previous = cache.current;
    if (previous && previous.state === state) return previous.value;
    const next = state ? read(state) : empty;
    const value = previous && equal(previous.value, next) ? previous.value : next;
    cache.current = { state, value };
    return value;
  };
  return useSyncExternalStore(subscribe, snapshot);
}

const NO_CLAUSES: ClauseSpan[] = [];
const NO_INFO = { clauseId: null, clauses: NO_CLAUSES };

/** The clause the caret is in, and the labels of all clauses, re-rendering only when these change. */
export function useEditorInfo(editor: Editor | null): { clauseId: string | null; clauses: ClauseSpan[] } {
  return useEditorValue(
    editor,
    (state) => ({ clauseId: clauseIdAt(state), clauses: discussionKey.getState(state)?.clauses ?? NO_CLAUSES }),
    NO_INFO,
    (a, b) => a.clauseId === b.clauseId && a.clauses.length === b.clauses.length && a.clauses.every((c, i) => c.id === b.clauses[i]?.id && c.label === b.clauses[i]?.label),
  );
}

/** A list an editor plugin keeps, re-rendering only when its signature changes. */
function useEditorList<T>(editor: Editor | null, read: (state: EditorState) => T[] | undefined, empty: T[], signature: (list: readonly T[]) => string): T[] {
  return useEditorValue(editor, (state) => read(state) ?? empty, empty, (a, b) => signature(a) === signature(b));
}

const NO_BRACKETS: BracketGroup[] = [];

/** The bracket choices in the text, re-rendering only when their words or clauses change. */
export function useBracketGroups(editor: Editor | null): BracketGroup[] {
  return useEditorList(editor, (state) => bracketsKey.getState(state)?.groups, NO_BRACKETS, bracketKey);
}

function bracketKey(groups: readonly BracketGroup[]): string {
  return groups.map((g) => `${g.group}:${g.clauseId}:${g.options.map((o) => `${o.option}=${o.text}`).join('|')}`).join('\n');
}

const NO_ALTERNATIVES: TextAlternativeChoice[] = [];

/** The choices between paragraphs and their alternatives in the text, re-rendering only when they change. */
export function useTextAlternatives(editor: Editor | null): TextAlternativeChoice[] {
  return useEditorList(editor, (state) => alternativesKey.getState(state)?.choices, NO_ALTERNATIVES, alternativesSignature);
}

function alternativesSignature(choices: readonly TextAlternativeChoice[]): string {
  return choices.map((c) => `${c.clauseId}:${c.options.map((o) => `${o.clauseId}=${o.excerpt}`).join('|')}`).join('\n');
}

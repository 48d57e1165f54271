import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import type { BracketGroup } from '../../shared/editor/brackets.js';
import { alternativesKey, type TextAlternativeChoice } from '../editor/alternatives.js';
import { bracketsKey } from '../editor/brackets.js';
import { clauseIdAt, discussionKey, type ClauseSpan } from '../editor/discussion.js';

/** What the page reads from the editor's plugins, re-rendering only when it changes. */

const NO_CLAUSES: ClauseSpan[] = [];

/** The clause the caret is in, and the labels of all clauses, re-rendering only when these change. */
export function useEditorInfo(editor: Editor | null): { clauseId: string | null; clauses: ClauseSpan[] } {
  const info = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      e ? { clauseId: clauseIdAt(e.state), clauses: discussionKey.getState(e.state)?.clauses ?? NO_CLAUSES } : { clauseId: null, clauses: NO_CLAUSES },
    equalityFn: (a, b) =>
      !!b &&
      a.clauseId === b.clauseId &&
      a.clauses.length === b.clauses.length &&
      a.clauses.every((c, i) => c.id === b.clauses[i]?.id && c.label === b.clauses[i]?.label),
  });
  return info ?? { clauseId: null, clauses: NO_CLAUSES };
}

/** A list an editor plugin keeps, re-rendering only when its signature changes. */
function useEditorList<T>(editor: Editor | null, read: (state: Editor['state']) => T[] | undefined, empty: T[], signature: (list: readonly T[]) => string): T[] {
  const list = useEditorState({
    editor,
    selector: ({ editor: e }) => (e ? (read(e.state) ?? empty) : empty),
    equalityFn: (a, b) => !!b && signature(a) === signature(b),
  });
  return list ?? empty;
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

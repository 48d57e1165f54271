import type { CSSProperties } from 'react';
import type { Editor } from '@tiptap/core';
import { useAfterPaintState } from './useAfterPaintState.js';
import { bracketAsAlternative } from '../../shared/editor/brackets.js';
import { applyBracket, type BracketAction } from './brackets.js';
import { applyAlternativeParagraph } from './alternatives.js';
import { isOwnProposal, type Proposer } from '../../shared/editor/proposals.js';
import { openNewParagraph, proposeParagraphDeletion } from '../../shared/editor/paragraph-proposals.js';
import { indentClause, outdentSubclause } from '../../shared/editor/structure.js';
import { INDENT_SHORTCUT, OUTDENT_SHORTCUT, ariaKeys, shownKeys } from './keyboard.js';
import { KeyboardHelp } from './KeyboardHelp.js';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

/** The "Propose changes" switch: its state, and why it cannot be changed (forced on), if it cannot. */
export interface ProposingControl {
  on: boolean;
  locked: string | null;
  color: string;
  toggle: () => void;
}

/**
 * Italic for lead words, bold, undo of one's own changes, square brackets, a thread on the paragraph,
 * and the switch between editing directly and proposing changes.
 */
export function Toolbar({ editor, editable, canComment, proposing, proposer, bracketsLocked, onComment, onNotice }: {
  editor: Editor;
  editable: boolean;
  canComment: boolean;
  proposing: ProposingControl;
  /** Who proposes, while proposing changes: the whole-paragraph proposals are theirs. */
  proposer: Proposer | null;
  /** Why brackets and alternative paragraphs are not for this person now (amendments-only phase), or null. */
  bracketsLocked: string | null;
  onComment: () => void;
  onNotice: (message: string) => void;
}) {
  const state = useAfterPaintState(editor, (e) => {
    const { selection } = e.state;
    // Marks are allowed in paragraphs and the formula, not in the title.
    const marks = selection.$from.parent.type.name !== 'title';
    return {
      italic: e.isActive('italic'),
      bold: e.isActive('bold'),
      marks,
      undo: e.can().undo(),
      redo: e.can().redo(),
      // A thread is on a clause: the caret must stand in one.
      inClause: isInClause(e),
      selected: !selection.empty && marks,
      // Only looked for with words selected: the whole text is searched for the bracket before them.
      alternative: !selection.empty && marks && bracketAsAlternative(e.state) !== null,
      // The commands asked without dispatching: may this paragraph go down a level, or up one?
      indent: indentClause(e.state),
      outdent: outdentSubclause(e.state),
    };
  });

  const bracket = (action: BracketAction) => {
    const refusal = applyBracket(editor, action);
    if (refusal) onNotice(refusal);
  };

  const comment = canComment ? (
    <button
      type="button"
      className="toolbar__button toolbar__button--text"
      disabled={!state.inClause}
      title={`Comment on this paragraph, quoting the selected words (${isMac ? '⌥⌘M' : 'Ctrl+Alt+M'})`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onComment}
    >
      <svg viewBox="0 0 20 20" aria-hidden="true">
        <path d="M3.5 4.5h13v9h-7l-4 3v-3h-2z" />
      </svg>
      Comment
    </button>
  ) : null;

  if (!editable) {
    return (
      <div className="toolbar" role="toolbar" aria-label="Discussion">
        {comment}
        <span className="toolbar__hint">Select words in a paragraph to quote them in a thread</span>
        <KeyboardHelp editor={editor} />
      </div>
    );
  }

  return (
    <div className={`toolbar${proposer ? ' toolbar--proposing' : ''}`} role="toolbar" aria-label="Formatting">
      <button
        type="button"
        className={`toolbar__button toolbar__button--italic${state.italic ? ' is-active' : ''}`}
        aria-pressed={state.italic}
        disabled={!state.marks}
        title={`Italic (${mod}I): lead words of a paragraph`}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => editor.chain().focus().toggleItalic().run()}
      >
        I
      </button>
      <button
        type="button"
        className={`toolbar__button toolbar__button--bold${state.bold ? ' is-active' : ''}`}
        aria-pressed={state.bold}
        disabled={!state.marks}
        title={`Bold (${mod}B)`}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => editor.chain().focus().toggleBold().run()}
      >
        B
      </button>
      <span className="toolbar__separator" aria-hidden="true" />
      <button
        type="button"
        className="toolbar__button"
        disabled={!state.undo}
        title={`Undo your last change (${mod}Z)`}
        aria-label="Undo"
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => editor.chain().focus().undo().run()}
      >
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <path d="M8 3.5 4 7.5l4 4M4.5 7.5H12a4 4 0 0 1 0 8H9" />
        </svg>
      </button>
      <button
        type="button"
        className="toolbar__button"
        disabled={!state.redo}
        title={`Redo (${isMac ? '⇧⌘Z' : 'Ctrl+Y'})`}
        aria-label="Redo"
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => editor.chain().focus().redo().run()}
      >
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <path d="m12 3.5 4 4-4 4M15.5 7.5H8a4 4 0 0 0 0 8h3" />
        </svg>
      </button>
      <span className="toolbar__separator" aria-hidden="true" />
      <button
        type="button"
        className="toolbar__button toolbar__button--icon-text"
        data-testid="make-subparagraph"
        aria-label="Make sub-paragraph"
        disabled={!state.indent}
        title={
          state.indent
            ? `Make this paragraph a sub-paragraph of the one before; it keeps its label and threads (${shownKeys(INDENT_SHORTCUT)})`
            : `Put the caret in a paragraph that follows another and has no sub-paragraphs of its own to make it a sub-paragraph (${shownKeys(INDENT_SHORTCUT)})`
        }
        aria-keyshortcuts={ariaKeys(INDENT_SHORTCUT)}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          indentClause(editor.state, editor.view.dispatch);
          editor.view.focus();
        }}
      >
        <span className="toolbar__glyph" aria-hidden="true">
          →(a)
        </span>
      </button>
      <button
        type="button"
        className="toolbar__button toolbar__button--icon-text"
        data-testid="make-paragraph"
        aria-label="Make paragraph"
        disabled={!state.outdent}
        title={
          state.outdent
            ? `Make this sub-paragraph a paragraph again, after the one it stands in (${shownKeys(OUTDENT_SHORTCUT)})`
            : `Put the caret in a sub-paragraph, (a) or (b), to make it a paragraph (${shownKeys(OUTDENT_SHORTCUT)})`
        }
        aria-keyshortcuts={ariaKeys(OUTDENT_SHORTCUT)}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          outdentSubclause(editor.state, editor.view.dispatch);
          editor.view.focus();
        }}
      >
        <span className="toolbar__glyph" aria-hidden="true">
          ←¶
        </span>
      </button>
      <span className="toolbar__separator" aria-hidden="true" />
      <button
        type="button"
        className="toolbar__button toolbar__button--text"
        disabled={bracketsLocked !== null || !state.selected}
        title={bracketsLocked ?? `Put the selected words in square brackets: not yet agreed (${mod}[)`}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => bracket('bracket')}
      >
        <span className="toolbar__glyph" aria-hidden="true">
          [ ]
        </span>
        Bracket
      </button>
      <button
        type="button"
        className="toolbar__button toolbar__button--text"
        disabled={bracketsLocked !== null || !state.alternative}
        title={
          bracketsLocked ??
          `Bracket the selected words as an alternative to the bracket right before them: [shall][should] (${mod}])`
        }
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => bracket('alternative')}
      >
        <span className="toolbar__glyph" aria-hidden="true">
          ][
        </span>
        Alternative
      </button>
      <button
        type="button"
        className="toolbar__button toolbar__button--text"
        disabled={bracketsLocked !== null || !state.inClause}
        title={
          bracketsLocked ??
          (state.inClause
            ? `Add an alternative wording of this whole paragraph, side by side with it (“OP4 alt”), for the chair to keep one (${isMac ? '⌥⌘A' : 'Ctrl+Alt+A'})`
            : `Put the caret in a paragraph to add an alternative to it (${isMac ? '⌥⌘A' : 'Ctrl+Alt+A'})`)
        }
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          const refusal = applyAlternativeParagraph(editor);
          if (refusal) onNotice(refusal);
        }}
      >
        <span className="toolbar__glyph" aria-hidden="true">
          ¶¶
        </span>
        Alternative paragraph
      </button>
      {proposer ? (
        <>
          <span className="toolbar__separator" aria-hidden="true" />
          <button
            type="button"
            className="toolbar__button toolbar__button--text"
            data-testid="propose-new-paragraph"
            disabled={!state.inClause}
            title="Propose a new paragraph after this one: what you write in it is one amendment, accepted or rejected whole"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              const tr = openNewParagraph(editor.state);
              if (!tr) return onNotice('Put the caret in a paragraph to propose a new one after it');
              editor.view.dispatch(tr);
              editor.view.focus();
            }}
          >
            <span className="toolbar__glyph" aria-hidden="true">
              +¶
            </span>
            New paragraph
          </button>
          <button
            type="button"
            className="toolbar__button toolbar__button--text"
            data-testid="propose-delete-paragraph"
            disabled={!state.inClause}
            title="Propose deleting this whole paragraph, as one amendment"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              const p = proposer;
              const tr = proposeParagraphDeletion(
                editor.state,
                { amendmentId: p.newAmendmentId(), delegationCode: p.delegationCode, color: p.color, authorId: p.authorId, authorName: p.authorName, at: p.now() },
                (attrs) => isOwnProposal(attrs, p),
              );
              if (!tr) return onNotice('There is nothing left in this paragraph to propose deleting');
              editor.view.dispatch(tr);
              editor.view.focus();
            }}
          >
            <span className="toolbar__glyph" aria-hidden="true">
              −¶
            </span>
            Delete paragraph
          </button>
        </>
      ) : null}
      {comment ? <span className="toolbar__separator" aria-hidden="true" /> : null}
      {comment}
      {/* Kept together at the right: when the toolbar wraps, they wrap as one. */}
      <span className="toolbar__end">
        <KeyboardHelp editor={editor} />
        <button
          type="button"
          className={`propose-toggle${proposing.on ? ' is-on' : ''}`}
          style={{ '--delegation-color': proposing.color } as CSSProperties}
          aria-pressed={proposing.on}
          disabled={proposing.locked !== null}
          title={
            proposing.locked ??
            (proposing.on
              ? 'Your edits are kept as proposals, in your delegation’s colour, for the chair to accept or reject. Click to edit directly.'
              : 'Make your edits proposals (amendments) instead of changing the text directly')
          }
          onMouseDown={(e) => e.preventDefault()}
          onClick={proposing.toggle}
        >
          <span className="propose-toggle__switch" aria-hidden="true" />
          Propose changes
        </button>
      </span>
    </div>
  );
}

function isInClause(editor: Editor): boolean {
  const { $from } = editor.state.selection;
  for (let depth = $from.depth; depth > 0; depth--) if ($from.node(depth).type.name === 'clause') return true;
  return false;
}

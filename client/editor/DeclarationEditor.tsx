import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { Editor, type EditorOptions } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { declarationExtensions } from '../../shared/editor/index.js';
import { PROPOSED_META, ProposingMode, type ProposedMeta, type Proposer } from '../../shared/editor/proposals.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import type { PresenceUser } from '../../shared/api/index.js';
import type { NumberingStyle } from '../../shared/labels.js';
import type { DocumentConnection } from './connection.js';
import { DeclarationDecorations } from './decorations.js';
import { Discussion, discussionKey, type DiscussionCallbacks, type DiscussionData } from './discussion.js';
import { renderCaret, renderSelection } from './carets.js';
import { Toolbar, type ProposingControl } from './Toolbar.js';
import { BracketEditing } from './brackets.js';
import { AlternativeParagraphs } from './alternatives.js';
import { AmendmentHighlight, amendmentHighlightKey } from './amendments.js';
import { LeaveEditor } from './keyboard.js';
import { RemoteUpdates } from './remoteUpdates.js';

/** The toolbar, re-rendered only when its props change (they are kept steady below), not with the page. */
const SteadyToolbar = memo(Toolbar);

/** The editor's element: what the page's styles, the tests and assistive technology find it by. */
const EDITOR_PROPS: EditorOptions['editorProps'] = {
  attributes: {
    'data-testid': 'editor',
    class: 'declaration',
    'aria-label': 'Text of the declaration',
    spellcheck: 'true',
  },
};

/**
 * The editor over `extensions`, made once its place is in the page and before that page is painted
 * (a layout effect), so that the first frame after the text arrives shows it. TipTap's useEditor makes
 * it in a passive effect instead, after a frame of the page without it, and then draws it one render
 * later still: in a 300-paragraph text those frames were most of the time between the text being here
 * and it being drawn. Not during render: binding to Yjs sets awareness, which others observe.
 * `editable` is the first state; later changes go through setEditable (below), not a new editor.
 *
 * The editor is made in its place (`host`), not in a detached element that TipTap's EditorContent
 * then moves into the page: moved, ProseMirror updated the whole view once more (its setOptions), a
 * second pass over every paragraph and its decorations before the text could be typed in. Nothing
 * here uses what EditorContent adds (React node views).
 */
function useMountedEditor(extensions: EditorOptions['extensions'], editable: boolean, host: RefObject<HTMLDivElement | null>): Editor | null {
  const [editor, setEditor] = useState<Editor | null>(null);
  const editableRef = useRef(editable);
  editableRef.current = editable;
  useLayoutEffect(() => {
    performance.mark('accord:editor-creating');
    const created = new Editor({ element: host.current, extensions, editable: editableRef.current, editorProps: EDITOR_PROPS });
    setEditor(created);
    return () => {
      setEditor(null);
      created.destroy();
    };
  }, [extensions, host]);
  return editor;
}

/** What the page does about amendments and brackets in the editor. */
export interface AmendmentCallbacks {
  /** Why an edit or a shortcut did nothing (a refused proposal, a bracket with nothing selected). */
  onNotice(message: string): void;
  /** A click on someone's proposed insertion or deletion. */
  onSelectAmendment(amendmentId: string): void;
}

/**
 * The declaration on its page: the shared extensions, bound to the Yjs document, with other
 * people's carets, the margin labels, and the discussion drawn on the text (thread counts, status,
 * quoted words, locks). No history extension: Collaboration brings its own undo, which only undoes
 * the person's own changes.
 *
 * Proposing mode: while `proposer` is set, the person's edits become attributed proposals
 * (ProposingMode, shared/editor/proposals.ts). Square brackets: toolbar, shortcuts, and "[" "]"
 * drawn around each option (brackets.ts). Alternative paragraphs ("OP4 alt"): toolbar, shortcut and
 * their look (alternatives.ts).
 */
export function DeclarationEditor({
  connection,
  numbering,
  editable,
  canComment,
  user,
  discussion,
  callbacks,
  proposer,
  proposing,
  bracketsLocked,
  selectedAmendmentId,
  amendmentCallbacks,
  onEditor,
}: {
  connection: DocumentConnection;
  numbering: NumberingStyle;
  editable: boolean;
  canComment: boolean;
  user: PresenceUser;
  discussion: DiscussionData;
  callbacks: DiscussionCallbacks;
  /** Who proposes this person's edits, or null when they edit directly. */
  proposer: Proposer | null;
  /** The toolbar's "Propose changes" switch. */
  proposing: ProposingControl;
  /** Why this person may not bracket (nor add alternative paragraphs) now, or null when they may. */
  bracketsLocked: string | null;
  selectedAmendmentId: string | null;
  amendmentCallbacks: AmendmentCallbacks;
  onEditor?: (editor: Editor | null) => void;
}) {
  // The plugin calls whatever the page's latest callbacks are, without rebuilding the editor.
  const callbackRef = useRef(callbacks);
  const amendmentRef = useRef(amendmentCallbacks);
  const proposerRef = useRef(proposer);
  const bracketsLockedRef = useRef(bracketsLocked);
  useEffect(() => {
    callbackRef.current = callbacks;
    amendmentRef.current = amendmentCallbacks;
    proposerRef.current = proposer;
    bracketsLockedRef.current = bracketsLocked;
  });

  const extensions = useMemo(
    () => [
      ...declarationExtensions,
      Collaboration.configure({ document: connection.ydoc, field: FRAGMENT }),
      RemoteUpdates,
      CollaborationCaret.configure({
        provider: connection.provider,
        user,
        render: renderCaret,
        selectionRender: renderSelection,
      }),
      DeclarationDecorations.configure({ numbering }),
      Discussion.configure({ numbering, callbacks: () => callbackRef.current }),
      ProposingMode.configure({ getProposer: () => proposerRef.current }),
      BracketEditing.configure({
        canBracket: () => bracketsLockedRef.current === null,
        onRefused: (message) => amendmentRef.current.onNotice(message),
      }),
      AlternativeParagraphs.configure({
        canAdd: () => bracketsLockedRef.current === null,
        onRefused: (message) => amendmentRef.current.onNotice(message),
      }),
      AmendmentHighlight.configure({ onSelect: (id) => amendmentRef.current.onSelectAmendment(id) }),
      LeaveEditor,
    ],
    // The user is set once here; later changes go through updateUser below, not a new editor.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new user must not make a new editor
    [connection, numbering],
  );

  const host = useRef<HTMLDivElement>(null);
  const editor = useMountedEditor(extensions, editable, host);

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => {
    editor?.commands.updateUser({ ...user });
  }, [editor, user]);

  useEffect(() => {
    // For the benchmark's account of an opening (tests/bench/browser.ts): when the text was drawn.
    if (editor) performance.mark('accord:editor-mounted');
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  // An edit proposing mode could not express as a proposal did nothing: say why.
  useEffect(() => {
    if (!editor) return;
    const onTransaction = ({ transaction }: { transaction: Transaction }) => {
      const meta = transaction.getMeta(PROPOSED_META) as ProposedMeta | undefined;
      if (meta?.refused) {
        queueMicrotask(() =>
          amendmentRef.current.onNotice('This change cannot be made as a proposal here: propose new words, or strike out words, within a paragraph'),
        );
      }
    };
    editor.on('transaction', onTransaction);
    return () => {
      editor.off('transaction', onTransaction);
    };
  }, [editor]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    if (amendmentHighlightKey.getState(editor.state)?.selected === selectedAmendmentId) return;
    editor.view.dispatch(editor.state.tr.setMeta(amendmentHighlightKey, selectedAmendmentId).setMeta('addToHistory', false));
  }, [editor, selectedAmendmentId]);

  // The discussion reaches the plugin as transaction metadata: only what changed.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const previous = discussionKey.getState(editor.state)?.data;
    const patch: Partial<DiscussionData> = {};
    if (previous?.statuses !== discussion.statuses) patch.statuses = discussion.statuses;
    if (previous?.adopted !== discussion.adopted) patch.adopted = discussion.adopted;
    if (previous?.counts !== discussion.counts) patch.counts = discussion.counts;
    if (previous?.quotes !== discussion.quotes) patch.quotes = discussion.quotes;
    if (previous?.selectedThreadId !== discussion.selectedThreadId) patch.selectedThreadId = discussion.selectedThreadId;
    if (previous?.chair !== discussion.chair) patch.chair = discussion.chair;
    if (previous?.draft !== discussion.draft) patch.draft = discussion.draft;
    if (!Object.keys(patch).length) return;
    editor.view.dispatch(editor.state.tr.setMeta(discussionKey, patch).setMeta('addToHistory', false));
  }, [editor, discussion]);

  const onComment = useCallback(() => callbackRef.current.onComment(), []);
  const onNotice = useCallback((message: string) => amendmentRef.current.onNotice(message), []);

  return (
    <div className="paper-column">
      {(editable || canComment) && editor ? (
        <SteadyToolbar
          editor={editor}
          editable={editable}
          canComment={canComment}
          proposing={proposing}
          proposer={proposer}
          bracketsLocked={bracketsLocked}
          onComment={onComment}
          onNotice={onNotice}
        />
      ) : null}
      <article
        className={`paper${editable ? '' : ' paper--read-only'}${editable && proposer ? ' paper--proposing' : ''}`}
        style={editable && proposer ? ({ '--delegation-color': proposer.color } as CSSProperties) : undefined}
        data-proposing={editable && proposer ? 'true' : undefined}
      >
        {editable && proposer ? (
          <p className="paper__proposing" data-testid="proposing-banner">
            Proposing changes{proposer.delegationCode ? ` for ${proposer.delegationCode}` : ''}: what you type or delete is kept as a proposal for the chair to decide.
          </p>
        ) : null}
        <div ref={host} />
      </article>
    </div>
  );
}

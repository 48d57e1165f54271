import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Editor } from '@tiptap/core';
import type { Comment, DocumentDetail, EditingPhase, PresenceUser } from '../../shared/api/index.js';
import { canOnItem } from '../../shared/policy/document.js';
import { CloseCode } from '../../shared/close-codes.js';
import { dropEarly, openEarly, useDocumentConnection } from '../editor/connection.js';
import { usePresence } from '../editor/presence.js';
import { DocumentNav } from '../panels/DocumentNav.js';
import { PresenceList } from '../panels/PresenceList.js';
import { Toasts, useToasts } from '../panels/Toasts.js';
import { NEUTRAL_COLOR } from '../format.js';
import { ProcedureBar } from '../record/ProcedureBar.js';
import { ZeroDraftOffer } from '../record/ZeroDraftOffer.js';
import { useProcedureRelay } from '../record/events.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';
import { DocumentUnavailable } from './DocumentUnavailable.js';
import { DocumentHeader } from '../document/DocumentHeader.js';
import { EditorColumn } from '../document/EditorColumn.js';
import { ReadOnlyNotice } from '../document/ReadOnlyNotice.js';
import { SidePanel, useSidePanel } from '../document/SidePanel.js';
import { useEditorInfo } from '../document/editorState.js';
import { loadDocument, takeLoadedDocument } from '../document/loadDocument.js';
import { useAmendments } from '../document/useAmendments.js';
import { useClauseJump } from '../document/useClauseJump.js';
import { useDiscussion } from '../document/useDiscussion.js';
import { useDocumentWatch } from '../document/useDocumentWatch.js';
import { useLiveAbilities } from '../document/useLiveAbilities.js';
import { useLiveEvents } from '../document/useLiveEvents.js';
import { useProposing } from '../document/useProposing.js';
import { useSteadyCallbacks } from '../document/useSteadyCallbacks.js';

/**
 * The document page: the text, live, with its discussion and amendments beside it. Its parts live in
 * client/document; what the person may do comes from the policy's abilities (useLiveAbilities).
 */
export function DocumentPage({ documentId }: { documentId: string }) {
  const [detail, reload] = useLoad(() => loadDocument(documentId), documentId, () => takeLoadedDocument(documentId));
  // The text's connection opens with the details' request, not after it; the workspace takes it once
  // the details say the person may read the text, and it is closed if they say otherwise.
  const unreadable = detail.state === 'failed' || (detail.state === 'ready' && !detail.value.abilities.read);
  useEffect(() => {
    if (unreadable) return;
    openEarly(documentId);
    return () => dropEarly(documentId);
  }, [documentId, unreadable]);

  if (detail.state !== 'ready') return <DocumentUnavailable detail={detail} reload={reload} />;
  return <DocumentWorkspace document={detail.value} reload={reload} />;
}

function DocumentWorkspace({ document: d, reload }: { document: DocumentDetail; reload: () => void }) {
  const { me, refresh } = useSession();
  // For the benchmark's account of an opening (tests/bench/browser.ts): when the page was first drawn.
  useEffect(() => void performance.mark('accord:workspace'), []);
  const [toasts, pushToast, dismissToast] = useToasts();
  const { phase, setPhase, abilities, mustPropose } = useLiveAbilities(d, me);
  // A refused change (agreed text, not a proposal: 4422) is explained by the live 'reverted' event;
  // one too large to send (1009) is explained here.
  const [connection, state] = useDocumentConnection(d.id, abilities.read, (code) => {
    if (code === CloseCode.messageTooBig) {
      pushToast('Your last change was too large to send at once and was undone: paste long texts in smaller parts', { key: 'too-big', tone: 'warn', ms: 10_000 });
    }
  });

  useDocumentWatch(connection, d.id, reload);
  const people = usePresence(connection?.provider.awareness ?? null, me.user.id);
  const online = useMemo(() => new Set(people.map((p) => p.user.userId)), [people]);

  const self = useMemo<PresenceUser>(
    () => ({
      userId: me.user.id,
      name: me.user.name,
      delegationCode: me.delegation?.code ?? null,
      color: me.delegation?.color ?? NEUTRAL_COLOR,
      role: d.role ?? me.workspaceRole ?? 'observer',
      readOnly: !abilities.edit,
    }),
    [me, d.role, abilities.edit],
  );

  const status = state?.status ?? { kind: 'connecting' as const };
  const stoppedCode = status.kind === 'stopped' ? status.code : null;
  const editable = abilities.edit && stoppedCode !== CloseCode.accessRevoked && stoppedCode !== CloseCode.documentUnavailable;

  const [editor, setEditor] = useState<Editor | null>(null);
  const info = useEditorInfo(editor);
  const labels = useMemo(() => new Map(info.clauses.map((c) => [c.id, c.label])), [info.clauses]);
  const clause = info.clauseId ? { id: info.clauseId, label: labels.get(info.clauseId) ?? '' } : null;

  const asker = useMemo(() => ({ id: me.user.id, delegationCode: me.delegation?.code ?? null }), [me]);
  const manageMembers = useMemo(() => (abilities.manageMembers ? { documentId: d.id, onChanged: reload } : null), [abilities.manageMembers, d.id, reload]);
  const panel = useSidePanel();
  const { show } = panel;
  const showDiscussion = useCallback(() => show('discussion'), [show]);
  const showAmendments = useCallback(() => show('amendments'), [show]);

  const talk = useDiscussion({
    documentId: d.id,
    editor,
    ydoc: connection?.ydoc ?? null,
    canComment: abilities.comment,
    chair: abilities.chair,
    adopted: d.status === 'adopted',
    pushToast,
    show: showDiscussion,
  });
  const amendments = useAmendments({ documentId: d.id, editor, labels, asker, abilities, pushToast, show: showAmendments });
  const { proposer, proposing, bracketsLocked } = useProposing(me, editable, mustPropose, abilities.bracket);
  const procedure = useProcedureRelay();

  useLiveEvents(
    d.id,
    abilities.read,
    { meId: me.user.id, timeZone: d.timeZone, chair: abilities.chair, mustPropose, labels },
    {
      procedure,
      discussion: talk.store,
      reloadAmendments: amendments.live.reload,
      setPhase,
      reloadDocument: reload,
      pushToast,
    },
  );
  useClauseJump(editor, d.id, { showDiscussion, selectThread: talk.setSelectedThreadId, pushToast });

  // The editor's props, the same object while none changes: the page re-renders for its panels
  // (a thread's current quote, a presence) without re-rendering the text or its toolbar.
  const discussionCallbacks = useSteadyCallbacks(talk.callbacks);
  const amendmentCallbacks = useSteadyCallbacks(amendments.callbacks);
  const editorProps = useMemo(
    () => ({
      numbering: d.numbering,
      editable,
      canComment: abilities.comment,
      user: self,
      discussion: talk.data,
      callbacks: discussionCallbacks,
      proposer,
      proposing,
      bracketsLocked,
      selectedAmendmentId: amendments.selectedAmendmentId,
      amendmentCallbacks,
      onEditor: setEditor,
    }),
    [d.numbering, editable, abilities.comment, self, talk.data, discussionCallbacks, proposer, proposing, bracketsLocked, amendments.selectedAmendmentId, amendmentCallbacks],
  );

  const mayChangeComment = (comment: Comment) => canOnItem(abilities, asker, 'editOwnComment', { authorId: comment.author.userId, delegationCode: null });

  const phaseChanged = (next: EditingPhase) => {
    setPhase(next);
    reload();
  };

  return (
    <div className="document-page" data-document-id={d.id}>
      <DocumentHeader
        document={d}
        me={me}
        abilities={abilities}
        phase={phase}
        status={status}
        onSignInAgain={() => void refresh()}
        onPhaseChanged={phaseChanged}
        onChanged={reload}
      />

      <ProcedureBar document={d} events={procedure} onChanged={reload} onNotice={pushToast} />
      <ZeroDraftOffer document={d} events={procedure} onNotice={pushToast} />

      <div className="doc-bar">
        <DocumentNav documentId={d.id} current="text" openThreads={talk.openThreads.length} pendingAmendments={amendments.pending.length} />
        <PresenceList people={people} />
      </div>

      {!abilities.edit ? <ReadOnlyNotice document={d} canComment={abilities.comment} /> : null}

      <div className="doc-body">
        <EditorColumn connection={connection} state={state} editor={editorProps} />
        <SidePanel
          documentId={d.id}
          panel={panel}
          mayChangeComment={mayChangeComment}
          canComment={abilities.comment}
          chair={abilities.chair}
          clause={clause}
          labels={labels}
          editor={editor}
          discussion={talk}
          amendments={amendments}
          members={d.members}
          manageMembers={manageMembers}
          online={online}
          pushToast={pushToast}
        />
      </div>
      <Toasts toasts={toasts} onDismiss={dismissToast} />
    </div>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { useEditorState } from '@tiptap/react';
import type * as Y from 'yjs';
import type { DocumentDetail, EditingPhase, PresenceUser, Thread } from '../../shared/api/index.js';
import { currentQuote, resolveAnchor } from '../../shared/editor/anchors.js';
import type { BracketGroup } from '../../shared/editor/brackets.js';
import { newClauseId } from '../../shared/editor/ids.js';
import type { Proposer } from '../../shared/editor/proposals.js';
import { CloseCode } from '../../shared/close-codes.js';
import { api, ApiRequestError, type AlternativeChoiceView } from '../api.js';
import { useDocumentConnection, stopMessage, type DocumentConnection } from '../editor/connection.js';
import { DeclarationEditor, type AmendmentCallbacks } from '../editor/DeclarationEditor.js';
import { bracketsKey } from '../editor/brackets.js';
import { alternativesKey, type TextAlternativeChoice } from '../editor/alternatives.js';
import type { ProposingControl } from '../editor/Toolbar.js';
import { useLiveAmendments } from '../amendments/store.js';
import type { AmendmentViewer } from '../amendments/AmendmentItem.js';
import { AmendmentsPanel } from '../panels/AmendmentsPanel.js';
import { clauseIdAt, discussionKey, type ClauseSpan, type DiscussionCallbacks, type DiscussionData } from '../editor/discussion.js';
import { commentTarget, type CommentTarget } from '../editor/quote.js';
import { useDiscussionStore } from '../discussion/store.js';
import { useDocumentEvents } from '../discussion/events.js';
import { DiscussionPanel } from '../panels/DiscussionPanel.js';
import { DocumentNav, EditingPhaseControl, ObserversMayComment } from '../panels/DocumentNav.js';
import { VenueSetting } from '../panels/VenueSettings.js';
import { Toasts, useToasts } from '../panels/Toasts.js';
import { usePresence } from '../editor/presence.js';
import { NEUTRAL_COLOR, ROLE_LABEL } from '../format.js';
import { formatDateTime } from '../record/ui.js';
import { ConnectionStatus } from '../panels/ConnectionStatus.js';
import { ParticipantsPanel } from '../panels/ParticipantsPanel.js';
import { PresenceList } from '../panels/PresenceList.js';
import { navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';
import { DocumentTitles } from './DocumentTitles.js';
import { DocumentUnavailable } from './DocumentUnavailable.js';
import { ProcedureBar } from '../record/ProcedureBar.js';
import { useProcedureRelay } from '../record/events.js';

/** The last details seen of a document, so that it still opens from this device's copy when offline. */
const cacheKey = (id: string) => `accord-doc-meta-${id}`;

async function loadDocument(id: string): Promise<DocumentDetail> {
  try {
    const { document } = await api.document(id);
    try {
      localStorage.setItem(cacheKey(id), JSON.stringify(document));
    } catch {
      // Storage full or disabled: the page works without the offline cache.
    }
    return document;
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 0) {
      const cached = localStorage.getItem(cacheKey(id));
      if (cached) return JSON.parse(cached) as DocumentDetail;
    }
    if (error instanceof ApiRequestError && (error.status === 403 || error.status === 404)) localStorage.removeItem(cacheKey(id));
    throw error;
  }
}

export function DocumentPage({ documentId }: { documentId: string }) {
  const [detail, reload] = useLoad(() => loadDocument(documentId), documentId);

  if (detail.state !== 'ready') return <DocumentUnavailable detail={detail} reload={reload} />;
  return <DocumentWorkspace document={detail.value} reload={reload} />;
}

function DocumentWorkspace({ document: d, reload }: { document: DocumentDetail; reload: () => void }) {
  const { me, refresh } = useSession();
  const [toasts, pushToast, dismissToast] = useToasts();
  // A refused change (agreed text, not a proposal: 4422) is explained by the live 'reverted' event;
  // one too large to send (1009) is explained here.
  const [connection, state] = useDocumentConnection(d.id, d.abilities.read, (code) => {
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
      readOnly: !d.abilities.edit,
    }),
    [me, d.role, d.abilities.edit],
  );

  const status = state?.status ?? { kind: 'connecting' as const };
  const stoppedCode = status.kind === 'stopped' ? status.code : null;
  const editable = d.abilities.edit && d.status !== 'adopted' && stoppedCode !== CloseCode.accessRevoked && stoppedCode !== CloseCode.documentUnavailable;
  const canComment = d.abilities.comment && d.status !== 'adopted';
  const role = d.role ? ROLE_LABEL[d.role] : me.workspaceRole === 'secretariat' ? 'Secretariat' : null;

  // ---- The discussion: threads and clause status, live.
  const [store, discussion] = useDiscussionStore(d.id);
  const [editor, setEditor] = useState<Editor | null>(null);
  const info = useEditorInfo(editor);
  const labels = useMemo(() => new Map(info.clauses.map((c) => [c.id, c.label])), [info.clauses]);
  const [draft, setDraft] = useState<CommentTarget | null>(null);
  const [draftBody, setDraftBody] = useState('');
  const [selectedThreadId, setSelectedThreadId] = useState<string | null>(null);
  const [tab, setTab] = useState<'discussion' | 'amendments' | 'participants'>('discussion');
  const ydocVersion = useYDocVersion(connection?.ydoc ?? null);

  const labelsRef = useRef(labels);
  useEffect(() => {
    labelsRef.current = labels;
  });

  // ---- Amendments and brackets.
  const [phase, setPhase] = useState<EditingPhase>(d.editingPhase);
  useEffect(() => setPhase(d.editingPhase), [d.editingPhase]);
  const phaseRef = useRef(phase);
  useEffect(() => {
    phaseRef.current = phase;
  });
  const [wantsProposing, setWantsProposing] = useState(false);
  // In "amendments only", the server keeps a delegate's change only as their own proposal.
  const forcedProposing = phase === 'amendments' && !d.abilities.chair;
  const proposingOn = editable && (forcedProposing || wantsProposing);
  const proposer = useMemo<Proposer | null>(
    () =>
      proposingOn
        ? {
            authorId: me.user.id,
            authorName: me.user.name,
            delegationCode: me.delegation?.code ?? null,
            color: me.delegation?.color ?? NEUTRAL_COLOR,
            now: () => new Date().toISOString(),
            newAmendmentId: () => `a_${newClauseId().slice(2)}`,
          }
        : null,
    [proposingOn, me],
  );
  const proposing: ProposingControl = {
    on: proposingOn,
    locked: forcedProposing
      ? 'Amendments only: the chair has asked for changes as proposals, so your edits are proposed for the chair to accept or reject'
      : null,
    color: me.delegation?.color ?? NEUTRAL_COLOR,
    toggle: () => setWantsProposing((on) => !on),
  };
  const bracketsLocked = phase === 'amendments' && !d.abilities.chair ? 'Amendments only: the chair puts text in square brackets in this phase' : null;
  const [selectedAmendmentId, setSelectedAmendmentId] = useState<string | null>(null);
  const live = useLiveAmendments(d.id, editor, labels);
  const brackets = useBracketGroups(editor);
  const textAlternatives = useTextAlternatives(editor);
  const alternatives = useMemo<AlternativeChoiceView[]>(
    () =>
      textAlternatives.map((c) => ({
        clauseId: c.clauseId,
        label: labels.get(c.clauseId) ?? '',
        options: c.options.map((o) => ({ ...o, label: labels.get(o.clauseId) ?? '' })),
      })),
    [textAlternatives, labels],
  );
  const pendingAmendments = live.amendments.filter((a) => a.status === 'pending');
  const viewer = useMemo<AmendmentViewer>(
    () => ({
      userId: me.user.id,
      delegationCode: me.delegation?.code ?? null,
      mayTakePosition: canComment && me.delegation !== null,
      chair: d.abilities.chair && d.status !== 'adopted',
    }),
    [me, canComment, d.abilities.chair, d.status],
  );
  const amendmentCallbacks: AmendmentCallbacks = {
    onNotice: (message) => pushToast(message, { key: 'notice', ms: 4_000 }),
    onSelectAmendment: (amendmentId) => {
      setSelectedAmendmentId(amendmentId);
      setTab('amendments');
    },
  };

  const procedure = useProcedureRelay();

  useDocumentEvents(
    d.id,
    {
      onEvent: (event) => {
        if (event.type === 'revision' || event.type === 'status') {
          procedure.event(event);
          return;
        }
        if (event.type === 'adoptionFailed') {
          // The silence stays open and the server tries again; the chair may withdraw the text meanwhile.
          pushToast(
            `Silence ended without objection, but the text could not be adopted: ${event.reason}. Accord tries again at ${formatDateTime(event.retryAt, d.timeZone)}${d.abilities.chair ? '; you may withdraw the text from silence' : ''}.`,
            { key: 'adoptionFailed', tone: 'warn', ms: 15_000 },
          );
          return;
        }
        store.apply(event);
        if (event.type === 'settings') {
          setPhase(event.editingPhase);
          reload();
        }
        if (event.type === 'amendments') live.reload();
        if (event.type === 'bracket') {
          const where = event.clauseId ? (labelsRef.current.get(event.clauseId) ?? 'a paragraph') : 'the text';
          const who = `${event.by.name}${event.by.delegation ? ` (${event.by.delegation.code})` : ''}`;
          if (event.by.userId !== me.user.id) {
            // A choice of alternative paragraphs is announced with the paragraph's id as its group.
            const alternatives = event.clauseId !== null && event.group === event.clauseId;
            pushToast(
              alternatives
                ? `${who} kept one of the alternative paragraphs for ${where}`
                : event.action === 'picked'
                  ? `${who} settled a bracketed choice in ${where}`
                  : `${who} removed square brackets in ${where}`,
              { key: `bracket-${event.group}` },
            );
          }
        }
        if (event.type === 'reverted' && event.by.userId === me.user.id) {
          const amendmentsOnly = phaseRef.current === 'amendments' && !d.abilities.chair;
          const names = event.clauseIds.map((id) => labelsRef.current.get(id) ?? (amendmentsOnly ? 'a paragraph' : 'an agreed paragraph'));
          const many = names.length > 1;
          const list = names.length > 2 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join(' and ');
          pushToast(
            event.reason === 'proposals'
              ? `Your change to ${list} was undone: only the chair may change another delegation's proposals`
              : amendmentsOnly
                ? `Your change to ${list} was undone: in the amendments-only phase, changes are made as proposals`
                : `Your change to ${list} was undone: the paragraph${many ? 's are' : ' is'} agreed`,
            { key: 'reverted', tone: 'warn', ms: 8_000 },
          );
        }
      },
      onResumed: () => {
        void store.load();
        live.reload();
        procedure.resumed();
      },
      onAccessEnded: reload,
    },
    d.abilities.read,
  );

  const openThreads = useMemo(() => discussion.threads.filter((t) => t.status === 'open'), [discussion.threads]);
  const statuses = useMemo(
    () => Object.fromEntries(Object.values(discussion.clauses).map((c) => [c.clauseId, c.status])),
    [discussion.clauses],
  );
  const counts = useMemo(() => {
    const out: Record<string, number> = {};
    for (const t of openThreads) out[t.clauseId] = (out[t.clauseId] ?? 0) + 1;
    return out;
  }, [openThreads]);
  const quoteKey = openThreads.map((t) => (t.quote ? `${t.id}:${t.quote.anchor.start}:${t.quote.anchor.end}` : '')).join('|');
  // Recomputed when the anchors change, not on every reply.
  const quotes = useMemo(() => openThreads.flatMap((t) => (t.quote ? [{ threadId: t.id, anchor: t.quote.anchor }] : [])), [quoteKey]);
  const discussionData = useMemo<DiscussionData>(
    () => ({ statuses, adopted: d.status === 'adopted', counts, quotes, selectedThreadId, draft: draft?.quote?.anchor ?? null, chair: d.abilities.chair }),
    [statuses, d.status, counts, quotes, selectedThreadId, draft, d.abilities.chair],
  );

  const openComposer = () => {
    if (!editor || !canComment) return;
    const result = commentTarget(editor);
    if (!result.ok) {
      pushToast(result.message, { key: 'comment' });
      return;
    }
    setDraft(result.target);
    setTab('discussion');
  };

  const callbacks: DiscussionCallbacks = {
    onSelectThread: (threadId) => {
      setSelectedThreadId(threadId);
      setTab('discussion');
    },
    onOpenClause: (clauseId) => {
      if (editor) selectClause(editor, clauseId);
      setTab('discussion');
    },
    onLocked: (label) => pushToast(`${label} is agreed: only the chair can change it`, { key: 'locked', tone: 'warn', ms: 3_500 }),
    onComment: openComposer,
  };

  // ?clause=ID (and &thread=ID): arriving from the discussion view or the desk.
  const { search } = useLocation();
  const jumpClause = search.get('clause');
  const jumpThread = search.get('thread');
  useEffect(() => {
    if (!editor || !jumpClause) return;
    navigate(`/documents/${encodeURIComponent(d.id)}`, { replace: true });
    setTab('discussion');
    if (jumpThread) setSelectedThreadId(jumpThread);
    requestAnimationFrame(() => {
      if (!editor.isDestroyed && !selectClause(editor, jumpClause)) pushToast('That paragraph is no longer in the text.', { key: 'jump' });
    });
  }, [editor, jumpClause, jumpThread, d.id, pushToast]);

  const currentQuoteOf = useCallback(
    (thread: Thread): string | null => {
      if (!thread.quote) return null;
      const ydoc = connection?.ydoc;
      if (ydoc && resolveAnchor(ydoc, thread.quote.anchor)) return currentQuote(ydoc, thread.quote.anchor);
      return thread.quote.current;
    },
    // ydocVersion: the text changed, so the quotes may have.
    [connection, ydocVersion],
  );

  const clause = info.clauseId ? { id: info.clauseId, label: labels.get(info.clauseId) ?? '' } : null;

  return (
    <div className="document-page" data-document-id={d.id}>
      <header className="doc-header">
        <DocumentTitles document={d} phase={phase}>
          {role ? (
            <span className="doc-header__role" data-testid="document-role">
              You: <strong>{role}</strong>
            </span>
          ) : null}
        </DocumentTitles>
        <div className="doc-header__side">
          <ConnectionStatus status={status} />
          {status.kind === 'stopped' && status.code === CloseCode.sessionEnded ? (
            <button className="button button--small" onClick={() => void refresh()}>
              Sign in again
            </button>
          ) : null}
          {d.abilities.configure && d.status !== 'adopted' ? (
            <EditingPhaseControl
              document={d}
              phase={phase}
              onChanged={(next) => {
                setPhase(next);
                reload();
              }}
            />
          ) : null}
          {d.abilities.configure ? <ObserversMayComment document={d} onChanged={reload} /> : null}
          {d.abilities.configure && d.status !== 'adopted' ? <VenueSetting document={d} onChanged={reload} /> : null}
        </div>
      </header>

      <ProcedureBar document={d} events={procedure} onChanged={reload} onNotice={pushToast} />

      <div className="doc-bar">
        <DocumentNav documentId={d.id} current="text" openThreads={openThreads.length} pendingAmendments={pendingAmendments.length} />
        <PresenceList people={people} />
      </div>

      {!d.abilities.edit ? (
        <p className="notice notice--read-only" data-testid="read-only-notice" role="note">
          {d.status === 'adopted'
            ? 'Read only — this text has been adopted. It is kept in the archive with its record.'
            : d.status === 'silence'
              ? `Read only — the text is under silence procedure. Nobody edits it while silence runs${canComment ? '; the discussion goes on' : ''}.`
              : d.role === 'observer'
                ? `Read only — you are an observer. You follow the text as it is negotiated, live${canComment ? ', and may comment on it' : ''}.`
                : 'Read only — you may read this document but not edit it.'}
        </p>
      ) : null}

      <div className="doc-body">
        {connection && state?.contentReady ? (
          <DeclarationEditor
            connection={connection}
            numbering={d.numbering}
            editable={editable}
            canComment={canComment}
            user={self}
            discussion={discussionData}
            callbacks={callbacks}
            proposer={proposer}
            proposing={proposing}
            bracketsLocked={bracketsLocked}
            selectedAmendmentId={selectedAmendmentId}
            amendmentCallbacks={amendmentCallbacks}
            onEditor={setEditor}
          />
        ) : (
          <div className="paper-column">
            <div className="paper paper--loading" aria-busy="true">
              {status.kind === 'stopped' ? (
                <p>{status.message}</p>
              ) : status.kind === 'offline' ? (
                <p>This document has not been opened on this device before. It appears as soon as the connection returns.</p>
              ) : (
                <p>Loading the text…</p>
              )}
            </div>
          </div>
        )}
        <aside className="side-panel" aria-label="Discussion, amendments and participants">
          <div className="side-panel__tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'discussion'} className="side-panel__tab" onClick={() => setTab('discussion')}>
              Discussion
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'amendments'}
              className="side-panel__tab"
              data-testid="amendments-tab"
              onClick={() => setTab('amendments')}
            >
              Amendments
              {pendingAmendments.length ? <span className="side-panel__count">{pendingAmendments.length}</span> : null}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'participants'} className="side-panel__tab" onClick={() => setTab('participants')}>
              Participants <span className="side-panel__count">{d.members.length}</span>
            </button>
          </div>
          {tab === 'discussion' ? (
            discussion.error && !discussion.loaded ? (
              <div className="discussion" data-testid="discussion-panel">
                <p className="form-error">{discussion.error}</p>
                <button type="button" className="button button--small" onClick={() => void store.load()}>
                  Try again
                </button>
              </div>
            ) : (
              <DiscussionPanel
                documentId={d.id}
                meId={me.user.id}
                canComment={canComment}
                chair={d.abilities.chair}
                clause={clause}
                clauseState={clause ? discussion.clauses[clause.id] : undefined}
                threads={discussion.threads}
                labels={labels}
                draft={draft}
                draftBody={draftBody}
                onDraftBody={setDraftBody}
                selectedThreadId={selectedThreadId}
                currentQuote={currentQuoteOf}
                onSelectThread={setSelectedThreadId}
                onJump={(clauseId) => editor && selectClause(editor, clauseId)}
                onNewThread={openComposer}
                onCancelDraft={() => {
                  setDraft(null);
                  setDraftBody('');
                }}
                onThread={(t) => store.upsertThread(t)}
                onComment={(c) => store.upsertComment(c)}
                onClauseState={(c) => store.setClause(c)}
                onCreated={(t) => {
                  store.upsertThread(t);
                  setDraft(null);
                  setDraftBody('');
                  setSelectedThreadId(t.id);
                }}
              />
            )
          ) : tab === 'amendments' ? (
            <AmendmentsPanel
              documentId={d.id}
              viewer={viewer}
              clause={clause}
              amendments={live.amendments}
              loaded={live.loaded}
              error={live.error}
              brackets={brackets}
              alternatives={alternatives}
              labels={labels}
              selectedAmendmentId={selectedAmendmentId}
              onSelect={setSelectedAmendmentId}
              onJump={(clauseId) => editor && selectClause(editor, clauseId)}
              onChanged={live.upsert}
              onNotice={(message) => pushToast(message, { key: 'amendments' })}
              onRetry={live.reload}
            />
          ) : (
            <ParticipantsPanel members={d.members} online={online} />
          )}
        </aside>
      </div>
      <Toasts toasts={toasts} onDismiss={dismissToast} />
    </div>
  );
}

const NO_CLAUSES: ClauseSpan[] = [];

/** The clause the caret is in, and the labels of all clauses, re-rendering only when these change. */
function useEditorInfo(editor: Editor | null): { clauseId: string | null; clauses: ClauseSpan[] } {
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
function useBracketGroups(editor: Editor | null): BracketGroup[] {
  return useEditorList(editor, (state) => bracketsKey.getState(state)?.groups, NO_BRACKETS, bracketKey);
}

function bracketKey(groups: readonly BracketGroup[]): string {
  return groups.map((g) => `${g.group}:${g.clauseId}:${g.options.map((o) => `${o.option}=${o.text}`).join('|')}`).join('\n');
}

const NO_ALTERNATIVES: TextAlternativeChoice[] = [];

/** The choices between paragraphs and their alternatives in the text, re-rendering only when they change. */
function useTextAlternatives(editor: Editor | null): TextAlternativeChoice[] {
  return useEditorList(editor, (state) => alternativesKey.getState(state)?.choices, NO_ALTERNATIVES, alternativesSignature);
}

function alternativesSignature(choices: readonly TextAlternativeChoice[]): string {
  return choices.map((c) => `${c.clauseId}:${c.options.map((o) => `${o.clauseId}=${o.excerpt}`).join('|')}`).join('\n');
}

/** A counter that moves when the Yjs document changes (at most once a frame), for live quotes. */
function useYDocVersion(ydoc: Y.Doc | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!ydoc) return;
    let frame = 0;
    const onUpdate = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion((v) => v + 1);
      });
    };
    ydoc.on('update', onUpdate);
    return () => {
      ydoc.off('update', onUpdate);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ydoc]);
  return version;
}

/** Puts the caret at the start of a clause and brings it into view; false if it is not in the text. */
function selectClause(editor: Editor, clauseId: string): boolean {
  const span = discussionKey.getState(editor.state)?.clauses.find((c) => c.id === clauseId);
  if (!span) return false;
  const { state, view } = editor;
  view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, Math.min(span.from + 2, state.doc.content.size))));
  if (view.editable) view.focus();
  const dom = view.nodeDOM(span.from);
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'center', behavior: 'smooth' });
  return true;
}

/** Keeps the page honest with the server: a new role after 4409, and why connecting keeps failing. */
function useDocumentWatch(connection: DocumentConnection | null, documentId: string, reload: () => void) {
  useEffect(() => {
    if (!connection) return;
    connection.onRoleChanged = reload;
    connection.onRepeatedFailure = () => {
      api.document(documentId).then(
        () => undefined,
        (error: unknown) => {
          if (!(error instanceof ApiRequestError)) return;
          // 401 is handled by the app (back to sign-in); these two mean the socket will never open.
          if (error.status === 403) connection.stop(CloseCode.accessRevoked, stopMessage(CloseCode.accessRevoked, ''));
          if (error.status === 404) connection.stop(CloseCode.documentUnavailable, 'This document no longer exists.');
        },
      );
    };
    return () => {
      connection.onRoleChanged = null;
      connection.onRepeatedFailure = null;
    };
  }, [connection, documentId, reload]);
}

import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { Editor } from '@tiptap/core';
import type { Comment, Member } from '../../shared/api/index.js';
import { AmendmentsPanel } from '../panels/AmendmentsPanel.js';
import { DiscussionPanel } from '../panels/DiscussionPanel.js';
import { ParticipantsPanel, type MemberManagement } from '../panels/ParticipantsPanel.js';
import type { PushToast } from '../panels/Toasts.js';
import { selectClause } from './selectClause.js';
import type { DocumentAmendments } from './useAmendments.js';
import type { DocumentDiscussion } from './useDiscussion.js';

export type SideTab = 'discussion' | 'amendments' | 'participants';

const TABS: readonly SideTab[] = ['discussion', 'amendments', 'participants'];

/** Below this width the panel has no column of its own: it is a drawer over the text (narrow.css). */
const DRAWER_QUERY = '(max-width: 1100px)';

/** Which tab is in front, and whether the drawer is out (only on screens too narrow for a column). */
export interface SidePanelState {
  tab: SideTab;
  open: boolean;
  setTab: (tab: SideTab) => void;
  /** Bring a tab forward and, on a narrow screen, slide the drawer out: a thread or amendment was asked for. */
  show: (tab: SideTab) => void;
  close: () => void;
  toggle: () => void;
}

export function useSidePanel(): SidePanelState {
  const [tab, setTab] = useState<SideTab>('discussion');
  const [open, setOpen] = useState(false);
  const show = useCallback((next: SideTab) => {
    setTab(next);
    setOpen(true);
  }, []);
  const close = useCallback(() => setOpen(false), []);
  const toggle = useCallback(() => setOpen((o) => !o), []);
  return { tab, open, setTab, show, close, toggle };
}

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof window !== 'undefined' && window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const changed = () => setMatches(list.matches);
    changed();
    list.addEventListener('change', changed);
    return () => list.removeEventListener('change', changed);
  }, [query]);
  return matches;
}

/**
 * On a narrow screen, the drawer takes focus when it slides out (unless something in it already took
 * it, like the composer) and gives it back, on closing, to where the person was: the text or the button.
 */
function useDrawerFocus(drawer: boolean, open: boolean, panel: RefObject<HTMLElement | null>) {
  const back = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const el = panel.current;
    if (!drawer || !open || !el) return;
    const active = document.activeElement;
    back.current = active instanceof HTMLElement && !el.contains(active) ? active : null;
    // After the panel's own autofocus (a composer, a reply) has had its turn.
    const frame = requestAnimationFrame(() => {
      if (!el.contains(document.activeElement)) el.querySelector<HTMLElement>('[role=tab][aria-selected=true]')?.focus();
    });
    return () => {
      cancelAnimationFrame(frame);
      const to = back.current;
      back.current = null;
      if (to?.isConnected && (!document.activeElement || document.activeElement === document.body || el.contains(document.activeElement))) to.focus();
    };
  }, [drawer, open, panel]);
}

export function SidePanel({
  documentId,
  panel,
  mayChangeComment,
  canComment,
  chair,
  clause,
  labels,
  editor,
  discussion: talk,
  amendments,
  members,
  online,
  manageMembers = null,
  pushToast,
}: {
  documentId: string;
  panel: SidePanelState;
  mayChangeComment: (comment: Comment) => boolean;
  canComment: boolean;
  chair: boolean;
  /** The paragraph the caret is in. */
  clause: { id: string; label: string } | null;
  labels: ReadonlyMap<string, string>;
  editor: Editor | null;
  discussion: DocumentDiscussion;
  amendments: DocumentAmendments;
  members: Member[];
  online: ReadonlySet<string>;
  /** Given when the person may add and remove members (the chair, the secretariat). */
  manageMembers?: MemberManagement | null;
  pushToast: PushToast;
}) {
  const { discussion, store } = talk;
  const { tab, setTab, open, close, toggle } = panel;
  const jump = (clauseId: string) => editor && selectClause(editor, clauseId);
  const pending = amendments.pending.length;
  const openThreads = talk.openThreads.length;
  const drawer = useMediaQuery(DRAWER_QUERY);
  const aside = useRef<HTMLElement>(null);
  useDrawerFocus(drawer, open, aside);
  const id = useId();
  const tabId = (t: SideTab) => `${id}-tab-${t}`;
  const panelId = (t: SideTab) => `${id}-panel-${t}`;

  // The WAI-ARIA tab pattern: one tab stop, arrows (wrapping), Home and End move and select.
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.indexOf(tab);
    const next =
      event.key === 'ArrowRight' ? TABS[(at + 1) % TABS.length]
      : event.key === 'ArrowLeft' ? TABS[(at - 1 + TABS.length) % TABS.length]
      : event.key === 'Home' ? TABS[0]
      : event.key === 'End' ? TABS[TABS.length - 1]
      : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    document.getElementById(tabId(next))?.focus();
  };

  const tabButton = (t: SideTab, label: ReactNode, testId?: string) => (
    <button
      type="button"
      role="tab"
      id={tabId(t)}
      aria-selected={tab === t}
      aria-controls={panelId(t)}
      tabIndex={tab === t ? 0 : -1}
      className="side-panel__tab"
      data-testid={testId}
      onClick={() => setTab(t)}
    >
      {label}
    </button>
  );
  const tabPanel = (t: SideTab, content: ReactNode) => (
    <div role="tabpanel" id={panelId(t)} aria-labelledby={tabId(t)} className="side-panel__panel" hidden={tab !== t}>
      {tab === t ? content : null}
    </div>
  );

  return (
    <>
      <button
        type="button"
        className="side-panel__launcher"
        data-testid="side-panel-open"
        aria-expanded={open}
        aria-controls={`${id}-drawer`}
        onClick={toggle}
      >
        <svg viewBox="0 0 20 20" aria-hidden="true" className="button__icon">
          <path d="M3.5 4.5h13v9h-7l-4 3v-3h-2z" />
        </svg>
        Discussion{openThreads ? <span className="side-panel__count">{openThreads}</span> : null}
        <span aria-hidden="true">·</span>
        Amendments{pending ? <span className="side-panel__count">{pending}</span> : null}
      </button>
      <aside
        ref={aside}
        id={`${id}-drawer`}
        className={`side-panel${open ? ' is-open' : ''}`}
        data-testid="side-panel"
        aria-label="Discussion, amendments and participants"
        onKeyDown={(event) => {
          if (event.key === 'Escape' && drawer && open && !event.defaultPrevented) {
            event.preventDefault();
            close();
          }
        }}
      >
        <div className="side-panel__head">
          <div className="side-panel__tabs" role="tablist" aria-label="Discussion, amendments and participants" onKeyDown={onTabKey}>
            {tabButton('discussion', <>Discussion{openThreads ? <span className="side-panel__count">{openThreads}</span> : null}</>)}
            {tabButton('amendments', <>Amendments{pending ? <span className="side-panel__count">{pending}</span> : null}</>, 'amendments-tab')}
            {tabButton('participants', <>Participants <span className="side-panel__count">{members.length}</span></>)}
          </div>
          <button type="button" className="side-panel__close" data-testid="side-panel-close" aria-label="Close the panel" onClick={close}>
            ×
          </button>
        </div>
        {tabPanel(
          'discussion',
          discussion.error && !discussion.loaded ? (
            <div className="discussion" data-testid="discussion-panel">
              <p className="form-error">{discussion.error}</p>
              <button type="button" className="button button--small" onClick={() => void store.load()}>
                Try again
              </button>
            </div>
          ) : (
            <DiscussionPanel
              documentId={documentId}
              mayChangeComment={mayChangeComment}
              canComment={canComment}
              chair={chair}
              clause={clause}
              clauseState={clause ? discussion.clauses[clause.id] : undefined}
              threads={discussion.threads}
              labels={labels}
              draft={talk.draft}
              draftBody={talk.draftBody}
              onDraftBody={talk.setDraftBody}
              selectedThreadId={talk.selectedThreadId}
              currentQuote={talk.currentQuoteOf}
              onSelectThread={talk.setSelectedThreadId}
              onJump={jump}
              onNewThread={talk.openComposer}
              onCancelDraft={talk.cancelDraft}
              onThread={(t) => store.upsertThread(t)}
              onComment={(c) => store.upsertComment(c)}
              onClauseState={(c) => store.setClause(c)}
              onCreated={talk.created}
            />
          ),
        )}
        {tabPanel(
          'amendments',
          <AmendmentsPanel
            documentId={documentId}
            viewer={amendments.viewer}
            clause={clause}
            amendments={amendments.live.amendments}
            loaded={amendments.live.loaded}
            error={amendments.live.error}
            brackets={amendments.brackets}
            alternatives={amendments.alternatives}
            labels={labels}
            selectedAmendmentId={amendments.selectedAmendmentId}
            onSelect={amendments.setSelectedAmendmentId}
            onJump={jump}
            onChanged={amendments.live.upsert}
            onNotice={(message) => pushToast(message, { key: 'amendments' })}
            onRetry={amendments.live.reload}
          />,
        )}
        {tabPanel('participants', <ParticipantsPanel members={members} online={online} manage={manageMembers} />)}
      </aside>
    </>
  );
}

import type { Editor } from '@tiptap/core';
import type { Comment, Member } from '../../shared/api/index.js';
import { AmendmentsPanel } from '../panels/AmendmentsPanel.js';
import { DiscussionPanel } from '../panels/DiscussionPanel.js';
import { ParticipantsPanel } from '../panels/ParticipantsPanel.js';
import type { PushToast } from '../panels/Toasts.js';
import { selectClause } from './selectClause.js';
import type { DocumentAmendments } from './useAmendments.js';
import type { DocumentDiscussion } from './useDiscussion.js';

export type SideTab = 'discussion' | 'amendments' | 'participants';

/** Beside the text: the discussion, the amendments and the participants, one tab at a time. */
export function SidePanel({
  documentId,
  tab,
  onTab,
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
  pushToast,
}: {
  documentId: string;
  tab: SideTab;
  onTab: (tab: SideTab) => void;
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
  pushToast: PushToast;
}) {
  const { discussion, store } = talk;
  const jump = (clauseId: string) => editor && selectClause(editor, clauseId);
  const pending = amendments.pending.length;
  return (
    <aside className="side-panel" aria-label="Discussion, amendments and participants">
      <div className="side-panel__tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'discussion'} className="side-panel__tab" onClick={() => onTab('discussion')}>
          Discussion
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'amendments'}
          className="side-panel__tab"
          data-testid="amendments-tab"
          onClick={() => onTab('amendments')}
        >
          Amendments
          {pending ? <span className="side-panel__count">{pending}</span> : null}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'participants'} className="side-panel__tab" onClick={() => onTab('participants')}>
          Participants <span className="side-panel__count">{members.length}</span>
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
        )
      ) : tab === 'amendments' ? (
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
        />
      ) : (
        <ParticipantsPanel members={members} online={online} />
      )}
    </aside>
  );
}

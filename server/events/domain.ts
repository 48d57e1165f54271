import type { Author, ClauseState, SettingsEvent, Thread } from '../../shared/api/discussion.js';
import type { RevisionSummary, SilenceView } from '../../shared/api/record.js';
import type { DocumentStatus } from '../../shared/api/types.js';

/**
 * Everything that happens to a document that someone else must hear about: the room (which enforces
 * locks, the phase and the freeze), the live event stream, and the audit log. Writers publish these
 * through the EventBus and never call the room or the stream themselves, so a new writer cannot leave
 * the room's guard stale. Plain data only: a cross-instance bus sends them as JSON.
 */
export type DomainEvent =
  /** A thread was opened, answered, edited, resolved or reopened. */
  | { type: 'thread.changed'; documentId: string; thread: Thread }
  /** The chair set a clause's status: an agreed clause is locked for everyone but the chair. */
  | { type: 'clause.statusChanged'; documentId: string; clause: ClauseState }
  /** Settings changed (the editing phase among them, which the room enforces). */
  | { type: 'document.settingsChanged'; documentId: string; settings: Omit<SettingsEvent, 'type'> }
  /**
   * The text is frozen (before a silence or adoption is checked) or thawed (the step failed, or silence
   * ended): from when publish resolves, the room takes no change.
   */
  | { type: 'document.frozen'; documentId: string; frozen: boolean }
  /** The document went under silence, back to draft, or was adopted: every socket reconnects. */
  | { type: 'document.statusChanged'; documentId: string; status: DocumentStatus; silence: SilenceView | null; by: Author | null; reason: string }
  /** A silence expired but its adoption failed (it is tried again). */
  | { type: 'silence.adoptionFailed'; documentId: string; silence: SilenceView; reason: string; retryAt: string }
  /** Amendments were decided, withdrawn or taken positions on. */
  | { type: 'amendments.changed'; documentId: string; clauseIds: string[] }
  /** Someone's update may have added, changed or removed proposals or brackets in the text (from the room). */
  | { type: 'proposals.changed'; documentId: string }
  /** The chair picked a bracket option or cleared the brackets. */
  | { type: 'bracket.decided'; documentId: string; group: string; clauseId: string | null; action: 'picked' | 'cleared'; by: Author }
  /** A revision was issued or restored. */
  | { type: 'revision.issued'; documentId: string; revision: RevisionSummary; restored: boolean }
  /** The room refused someone's change (agreed text, not their own proposal); whose it was. */
  | { type: 'change.refused'; documentId: string; by: RefusedAuthor; clauseIds: string[]; reason: 'agreed clause' | 'amendments only' | 'proposals' }
  /** A member's role changed: their sockets reconnect with it. */
  | { type: 'member.roleChanged'; documentId: string; userId: string }
  /** A member was removed: their sockets and streams on the document end. */
  | { type: 'member.removed'; documentId: string; userId: string }
  /** A session ended (sign-out): its sockets and streams end everywhere. */
  | { type: 'session.ended'; sessionId: string };

export type DomainEventType = DomainEvent['type'];

/** Whose refused change it was, as the room knew them. */
export interface RefusedAuthor {
  userId: string;
  name: string;
  delegationCode: string | null;
  color: string;
}

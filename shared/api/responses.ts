import type { AlternativeChoiceView, AmendmentView, BracketChoice } from './amendments.js';
import type { AuditEvent } from './audit.js';
import type { ClauseState, Comment, Desk, Thread } from './discussion.js';
import type { ArchiveRecord, ArchiveRecordDetail, ArchiveResult, ComparisonResponse, Restoration, RevisionDetail, RevisionSummary, SilenceView } from './record.js';
import type { Delegation, DocumentDetail, DocumentSummary, Invitation, Me, Member, User } from './types.js';
import type { Readiness } from '../editor/settled.js';
import type { ImportPreview } from './imports.js';

/**
 * What each call of the API answers, once: the server's handler is checked against it
 * (`c.json({...} satisfies ApiResponses['threads'], 200)`) and the client asks for it
 * (`request<ApiResponses['threads']>`), so the two cannot drift apart unseen.
 */
export interface ApiResponses {
  // /api/auth, /api/me
  authStatus: { firstRun: boolean };
  signUp: { user: User };
  signIn: { user: User };
  signOut: { ok: true };
  me: Me;
  // Workspace
  delegations: { delegations: Delegation[] };
  createDelegation: { delegation: Delegation };
  users: { users: User[] };
  createUser: { user: User };
  createInvitation: { invitation: Invitation };
  // Documents and members
  documents: { documents: DocumentSummary[] };
  createDocument: { document: DocumentSummary };
  importPreview: { preview: ImportPreview; fileName: string };
  /** The document an import created, and its zero draft when it was issued at confirmation. */
  importConfirmed: { document: DocumentSummary; zeroDraft: RevisionSummary | null };
  document: { document: DocumentDetail };
  members: { members: Member[] };
  setMember: { member: Member };
  removeMember: { ok: true };
  settings: { document: DocumentSummary };
  // Discussion, clause status, the desk, the audit log
  threads: { threads: Thread[] };
  thread: { thread: Thread };
  comment: { comment: Comment };
  clauses: { clauses: ClauseState[] };
  clause: { clause: ClauseState };
  desk: Desk;
  audit: { events: AuditEvent[] };
  // Amendments, brackets, alternatives
  amendments: { amendments: AmendmentView[] };
  amendment: { amendment: AmendmentView };
  decided: { decided: string[] };
  brackets: { brackets: BracketChoice[]; alternatives: AlternativeChoiceView[] };
  keptAlternative: { kept: string };
  pickedBracket: { picked: string };
  clearedBracket: { cleared: string[] };
  // Revisions, comparison, silence, adoption, archive
  revisions: { revisions: RevisionSummary[]; restorations: Restoration[] };
  revision: { revision: RevisionSummary };
  revisionDetail: { revision: RevisionDetail };
  restored: { restored: RevisionSummary };
  compare: ComparisonResponse;
  silenceState: { silence: SilenceView | null; history: SilenceView[] };
  silence: { silence: SilenceView };
  readiness: { readiness: Readiness };
  adopted: { record: ArchiveRecord };
  archiveSearch: { results: ArchiveResult[] };
  archiveRecord: { record: ArchiveRecordDetail };
}

import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as Kysely sees it. Timestamps are ISO-8601 strings (UTC, fixed width), which sort and
 * compare the same on SQLite and PostgreSQL; ids are random strings made by the application.
 */

export interface DelegationTable {
  id: string;
  code: string;
  name: string;
  color: string;
  created_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  delegation_id: string | null;
  workspace_role: 'secretariat' | 'archivist' | null;
  created_at: string;
}

/** Sessions: `id` is the SHA-256 (hex) of the session id in the cookie, never the id itself. */
export interface SessionTable {
  id: string;
  user_id: string;
  expires_at: string;
  /** When the session was made; it ends at created_at + the absolute lifetime, however it slides. */
  created_at: string;
}

export interface InvitationTable {
  id: string;
  /** SHA-256 (hex) of the token in the invitation link. */
  token_hash: string;
  email: string;
  delegation_id: string | null;
  workspace_role: 'secretariat' | 'archivist' | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** Set when the secretariat takes the invitation back before it was accepted. */
  revoked_at: string | null;
}

export interface DocumentTable {
  id: string;
  title: string;
  symbol: string | null;
  venue: string | null;
  starts_on: string | null;
  ends_on: string | null;
  numbering: 'un' | 'all';
  /** draft, under a silence procedure (read-only), or adopted (frozen for good). */
  status: 'draft' | 'silence' | 'adopted';
  created_by: string;
  created_at: string;
  updated_at: string;
  /** 0 or 1 (a portable boolean). */
  observers_may_comment: Generated<number>;
  /** Set by the chair: everyone edits, or delegates' changes must come as proposals. */
  editing_phase: Generated<'direct' | 'amendments'>;
  /** The venue's IANA time zone ("Asia/Ulaanbaatar"): dates and deadlines are entered and shown in it. */
  time_zone: Generated<string>;
  /** The language of the text, BCP 47 ("en", "ar", "vi"). */
  language: Generated<string>;
  /** The organisation whose text it is ("un", "asean", "osce"): Akoma Ntoso's country and authority. */
  organisation: Generated<string>;
  /** The symbol the adopted text bears, given by the chair at adoption; null before. */
  final_symbol: Generated<string | null>;
  /**
   * Several instances: until when the text is frozen while a silence or adoption is checked (ISO), so
   * every instance sees it in the database; null when it is not (and always with one instance).
   */
  text_frozen_until: Generated<string | null>;
}

export interface DocumentMemberTable {
  document_id: string;
  user_id: string;
  role: 'chair' | 'delegate' | 'observer';
  added_at: string;
}

/** The append-only log of Yjs updates; folded into document_snapshots by compaction. */
export interface DocumentUpdateTable {
  id: Generated<number>;
  document_id: string;
  data: Uint8Array;
  created_at: string;
}

/** Who first wrote with a Yjs client id in a document (see server/collab/writers.ts). */
export interface DocumentWriterTable {
  document_id: string;
  /** A Yjs client id (uint32); bigint in PostgreSQL, which returns it as a string. */
  client_id: number | string;
  user_id: string;
}

export interface DocumentSnapshotTable {
  document_id: string;
  /** Yjs state as one update. */
  data: Uint8Array;
  /** The id of the last log entry folded in; entries after it are applied on top. */
  through_update_id: number;
  updated_at: string;
}

export interface ThreadTable {
  id: string;
  document_id: string;
  clause_id: string;
  quote_text: string | null;
  /** Yjs relative positions, base64. */
  quote_start: string | null;
  quote_end: string | null;
  status: 'open' | 'resolved';
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_by: string;
  created_at: string;
  last_activity_at: string;
}

export interface CommentTable {
  id: string;
  thread_id: string;
  document_id: string;
  author_id: string;
  body: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

export interface ClauseStatusTable {
  document_id: string;
  clause_id: string;
  status: 'open' | 'adRef' | 'agreed';
  updated_by: string;
  updated_at: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  document_id: string;
  actor_id: string | null;
  /** The actor's delegation at the time, kept even if they later move. */
  delegation_code: string | null;
  action: string;
  target_type: 'thread' | 'comment' | 'clause' | 'document';
  target_id: string;
  /** JSON. */
  detail: string;
  created_at: string;
}

export interface AmendmentPositionTable {
  document_id: string;
  amendment_id: string;
  delegation_id: string;
  position: 'support' | 'oppose';
  user_id: string;
  updated_at: string;
}

export interface AmendmentDecisionTable {
  document_id: string;
  amendment_id: string;
  clause_id: string;
  delegation_code: string | null;
  author_id: string | null;
  summary: string;
  inserted: string;
  deleted: string;
  decision: 'accepted' | 'rejected' | 'withdrawn';
  decided_by: string;
  decided_at: string;
}

export interface RevisionTable {
  id: string;
  document_id: string;
  /** 0 for the zero draft, N for Rev.N. */
  number: number;
  symbol: string;
  note: string | null;
  issued_by: string;
  issued_at: string;
  /** 0 or 1: whether issuing renumbered the labels cleanly. */
  renumbered: number;
  /** JSON: [{clauseId, from, to}] for every label the renumbering changed. */
  label_map: string;
  /** The Yjs state of the text when issued. */
  state: Uint8Array;
  /** The same text as ProseMirror JSON of the shared schema. */
  content: string;
  /** The negotiation when issued (server/services/rendition.ts), JSON; null for revisions issued before it was kept. */
  negotiation: string | null;
}

export interface SilenceProcedureTable {
  id: string;
  document_id: string;
  started_by: string;
  started_at: string;
  deadline: string;
  ended_at: string | null;
  outcome: 'broken' | 'adopted' | 'withdrawn' | null;
  broken_by: string | null;
  broken_delegation: string | null;
  statement: string | null;
}

export interface ArchiveRecordTable {
  document_id: string;
  title: string;
  symbol: string;
  venue: string | null;
  body: string | null;
  adopted_at: string;
  year: number;
  adopted_by: string | null;
  /** "chair": adopted by the chair; "silence": a silence procedure expired unbroken. */
  via: 'chair' | 'silence';
  numbering: 'un' | 'all';
  /** SHA-256 (hex) of final_text. */
  text_hash: string;
  /** The symbol the text bore as a draft (symbol is the final one); null when they are the same. */
  draft_symbol: Generated<string | null>;
  /** The document's time zone when adopted: the record's dates are shown in it. */
  time_zone: Generated<string>;
  language: Generated<string>;
  /** The canonical final text (the plain-text export of the adopted text). */
  final_text: string;
  /** The final text as ProseMirror JSON. */
  content: string;
  recorded_at: string;
}

export interface ArchiveDelegationTable {
  document_id: string;
  delegation_id: string;
  code: string;
  name: string;
}

export interface Database {
  delegations: DelegationTable;
  users: UserTable;
  sessions: SessionTable;
  invitations: InvitationTable;
  documents: DocumentTable;
  document_members: DocumentMemberTable;
  document_updates: DocumentUpdateTable;
  document_snapshots: DocumentSnapshotTable;
  document_writers: DocumentWriterTable;
  threads: ThreadTable;
  comments: CommentTable;
  clause_statuses: ClauseStatusTable;
  audit_events: AuditEventTable;
  amendment_positions: AmendmentPositionTable;
  amendment_decisions: AmendmentDecisionTable;
  revisions: RevisionTable;
  silence_procedures: SilenceProcedureTable;
  archive_records: ArchiveRecordTable;
  archive_delegations: ArchiveDelegationTable;
}

export type DelegationRow = Selectable<DelegationTable>;
export type NewDelegation = Insertable<DelegationTable>;
export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type InvitationRow = Selectable<InvitationTable>;
export type DocumentRow = Selectable<DocumentTable>;
export type NewDocument = Insertable<DocumentTable>;
export type DocumentUpdate = Updateable<DocumentTable>;
export type DocumentMemberRow = Selectable<DocumentMemberTable>;
export type ThreadRow = Selectable<ThreadTable>;
export type CommentRow = Selectable<CommentTable>;
export type ClauseStatusRow = Selectable<ClauseStatusTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type RevisionRow = Selectable<RevisionTable>;
export type SilenceProcedureRow = Selectable<SilenceProcedureTable>;
export type ArchiveRecordRow = Selectable<ArchiveRecordTable>;

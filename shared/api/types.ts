import type { DocumentRole, WorkspaceRole } from './schemas.js';
import type { NumberingStyle } from '../labels.js';

/** Response shapes of the HTTP API. */

export interface Delegation {
  id: string;
  code: string;
  name: string;
  color: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  delegationId: string | null;
  workspaceRole: WorkspaceRole | null;
}

export interface Me {
  user: User;
  delegation: Delegation | null;
  workspaceRole: WorkspaceRole | null;
}

/** A draft; under a silence procedure (nobody edits; any delegation may break silence); adopted (frozen). */
export type DocumentStatus = 'draft' | 'silence' | 'adopted';

/** What the person asking may do with a document, as the server's policy decides it. */
export interface DocumentAbilities {
  read: boolean;
  edit: boolean;
  manageMembers: boolean;
  /** Open threads and reply (observers only where the document allows it). */
  comment: boolean;
  /** The chair's powers: resolve and reopen threads, set clause status, edit agreed text. */
  chair: boolean;
  /** Read the audit log (chair and secretariat). */
  readAudit: boolean;
  /** Change document settings (secretariat and chair). */
  configure: boolean;
  /** Issue a revision and restore one (the chair, on a draft). */
  issueRevision: boolean;
  /** Put the text under silence (the chair, on a draft). */
  startSilence: boolean;
  /** Break a running silence with a statement (a delegation). */
  breakSilence: boolean;
  /** Withdraw the text from silence (the chair). */
  withdrawSilence: boolean;
  /** Adopt the text (the chair, on a draft or under silence). */
  adopt: boolean;
}

export interface DocumentSummary {
  id: string;
  title: string;
  symbol: string | null;
  venue: string | null;
  startsOn: string | null;
  endsOn: string | null;
  numbering: NumberingStyle;
  /** The venue's IANA time zone: every date and deadline of the document is entered and shown in it. */
  timeZone: string;
  /** The language of the text (BCP 47). */
  language: string;
  /** The organisation whose text it is ("un", "asean", "osce"). */
  organisation: string;
  /** The symbol the adopted text bears ("SOMTC/2019/1"); null before adoption. */
  finalSymbol: string | null;
  status: DocumentStatus;
  createdAt: string;
  /** A document setting: whether observers may open threads and reply. */
  observersMayComment: boolean;
  /** Set by the chair: "direct" (everyone edits) or "amendments" (delegates propose; only the chair edits). */
  editingPhase: 'direct' | 'amendments';
  /** The asking person's role in this document, if a member. */
  role: DocumentRole | null;
  abilities: DocumentAbilities;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: DocumentRole;
  delegation: Delegation | null;
}

export interface DocumentDetail extends DocumentSummary {
  members: Member[];
}

export interface Invitation {
  id: string;
  email: string;
  token: string;
  expiresAt: string;
}

/** Every error the API returns has this shape. */
export interface ApiError {
  error: {
    status: number;
    message: string;
    /** For validation errors: which field, and what is wrong with it. */
    issues?: { path: string; message: string }[];
  };
}

/** The awareness "user" field each collaboration connection carries; stamped by the server. */
export interface PresenceUser {
  userId: string;
  name: string;
  delegationCode: string | null;
  color: string;
  role: DocumentRole | 'secretariat' | 'archivist';
  readOnly: boolean;
}

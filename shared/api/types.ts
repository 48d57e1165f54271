import type { DocumentRole, WorkspaceRole } from './schemas.js';
import type { NumberingStyle } from '../labels.js';
import type { DocumentAbilities } from '../policy/document.js';
import type { WorkspaceAbilities } from '../policy/workspace.js';

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
  /** What the person may do outside any one document, as the policy decides it. */
  abilities: WorkspaceAbilities;
}

/** A draft; under a silence procedure (nobody edits; any delegation may break silence); adopted (frozen). */
export type DocumentStatus = 'draft' | 'silence' | 'adopted';

/**
 * What the person asking may do with a document, and in the workspace: the policy's action lists
 * (shared/policy) mapped to booleans, so a new action is in the abilities without a second list.
 */
export type { DocumentAbilities } from '../policy/document.js';
export type { WorkspaceAbilities } from '../policy/workspace.js';

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

import { z } from 'zod';
import { text } from './text.js';
import type { WorkspaceRole } from './roles.js';
import type { Delegation } from './types.js';

/**
 * Invitations as the secretariat follows them, what the holder of a link is shown before signing up,
 * and the accounts a chair may add to a document: shapes and inputs of those calls.
 */

/** pending: the link still works; accepted: an account was made with it; revoked or expired: the link is refused. */
export const INVITATION_STATES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

/** An invitation in the secretariat's list. The link itself is shown only once, when it is made. */
export interface InvitationSummary {
  id: string;
  email: string;
  delegation: Delegation | null;
  workspaceRole: WorkspaceRole | null;
  state: InvitationState;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
}

/** What the link's holder sees on the sign-up page: the address the account will have, and whether the link still works. */
export interface InvitationLookup {
  email: string;
  state: InvitationState;
  expiresAt: string;
  delegation: Pick<Delegation, 'code' | 'name'> | null;
}

/** An account a chair (or the secretariat) may add to a document: not a member yet, not an archivist. */
export interface MemberCandidate {
  userId: string;
  name: string;
  email: string;
  delegation: Delegation | null;
}

export interface InvitationResponses {
  invitations: { invitations: InvitationSummary[] };
  revokeInvitation: { invitation: InvitationSummary };
  invitationLookup: { invitation: InvitationLookup };
  memberCandidates: { candidates: MemberCandidate[] };
}

/** The token of an invitation link, as sign-up takes it. */
export const invitationToken = text().min(10, 'must be the whole invitation link').max(200, 'must be the whole invitation link');
export const invitationTokenParam = z.strictObject({ token: invitationToken });
export const invitationIdParam = z.strictObject({ id: text().min(1).max(64) });
export const memberCandidatesQuery = z.strictObject({ document: text().min(1, 'must name a document').max(64) });

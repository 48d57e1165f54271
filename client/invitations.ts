import type { ApiResponses, InvitationBody } from '../shared/api/index.js';
import type { InvitationResponses } from '../shared/api/invitations.js';
import { request } from './api.js';

/** The calls for inviting people and choosing who takes part in a document. */
export const invitationsApi = {
  create: (body: InvitationBody) => request<ApiResponses['createInvitation']>('POST', '/api/invitations', body),
  list: () => request<InvitationResponses['invitations']>('GET', '/api/invitations'),
  revoke: (id: string) => request<InvitationResponses['revokeInvitation']>('POST', `/api/invitations/${encodeURIComponent(id)}/revoke`),
  /** What the link's holder is invited as; a session is not needed (nor wanted: they have no account yet). */
  lookUp: (token: string) => request<InvitationResponses['invitationLookup']>('GET', `/api/auth/invitations/${encodeURIComponent(token)}`, undefined, true),
  candidates: (documentId: string) => request<InvitationResponses['memberCandidates']>('GET', `/api/users/candidates?document=${encodeURIComponent(documentId)}`),
};

/** The link the invited person opens: the sign-up page on this same server. */
export function invitationLink(token: string): string {
  return `${window.location.origin}/sign-up?invitation=${encodeURIComponent(token)}`;
}

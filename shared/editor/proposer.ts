import type { ProposalAttrs } from './marks.js';

/**
 * Who a proposal belongs to. A proposal is its delegation's: the people of one delegation speak for
 * it, so each may extend, withdraw or take back the others' proposals; a person with no delegation
 * (the chair, a secretariat member) owns only their own. The editor's proposing mode (proposing.ts)
 * and the server's guard (server/collab/guard.ts) both decide by the rule below.
 */
export interface ProposalOwner {
  authorId: string;
  delegationCode: string | null;
}

/** Whether a proposal mark's attributes are `owner`'s own (their delegation's, or with none, their own). */
export function isOwnProposal(attrs: Partial<ProposalAttrs> | Record<string, unknown>, owner: ProposalOwner): boolean {
  if (attrs.authorId === owner.authorId) return true;
  return owner.delegationCode !== null && attrs.delegationCode === owner.delegationCode;
}

/** The key an amendment is owned under: its delegation's code, or "user:<id>" for a person with none. */
export function ownerKey(owner: ProposalOwner): string {
  return owner.delegationCode ?? `user:${owner.authorId}`;
}

/** The owner key of a proposal mark's attributes, or null when they name nobody. */
export function markOwnerKey(attrs: Partial<ProposalAttrs> | Record<string, unknown>): string | null {
  if (typeof attrs.delegationCode === 'string' && attrs.delegationCode) return attrs.delegationCode;
  return typeof attrs.authorId === 'string' ? `user:${attrs.authorId}` : null;
}

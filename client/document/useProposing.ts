import { useMemo, useState } from 'react';
import type { Me } from '../../shared/api/index.js';
import { newClauseId } from '../../shared/editor/ids.js';
import type { Proposer } from '../../shared/editor/proposals.js';
import type { ProposingControl } from '../editor/Toolbar.js';
import { NEUTRAL_COLOR } from '../format.js';

export interface Proposing {
  /** Who proposes while proposing is on; null while editing directly. */
  proposer: Proposer | null;
  /** The toolbar's switch between editing directly and proposing changes. */
  proposing: ProposingControl;
  /** Why brackets may not be put, or null. */
  bracketsLocked: string | null;
}

/**
 * Proposing changes: by choice, or always where the policy says one's changes are kept only as one's
 * own proposals (the amendments-only phase, in which only the chair brackets).
 */
export function useProposing(me: Me, editable: boolean, mustPropose: boolean, mayBracket: boolean): Proposing {
  const [wantsProposing, setWantsProposing] = useState(false);
  const on = editable && (mustPropose || wantsProposing);
  const proposer = useMemo<Proposer | null>(
    () =>
      on
        ? {
            authorId: me.user.id,
            authorName: me.user.name,
            delegationCode: me.delegation?.code ?? null,
            color: me.delegation?.color ?? NEUTRAL_COLOR,
            now: () => new Date().toISOString(),
            newAmendmentId: () => `a_${newClauseId().slice(2)}`,
          }
        : null,
    [on, me],
  );
  const color = me.delegation?.color ?? NEUTRAL_COLOR;
  // The same object while nothing in it changes, so the toolbar does not re-render with the page.
  const proposing = useMemo<ProposingControl>(
    () => ({
      on,
      locked: mustPropose
        ? 'Amendments only: the chair has asked for changes as proposals, so your edits are proposed for the chair to accept or reject'
        : null,
      color,
      toggle: () => setWantsProposing((was) => !was),
    }),
    [on, mustPropose, color],
  );
  const bracketsLocked = mayBracket ? null : 'Amendments only: the chair puts text in square brackets in this phase';
  return { proposer, proposing, bracketsLocked };
}

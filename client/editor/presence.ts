import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceUser } from '../../shared/api/index.js';
import { NEUTRAL_COLOR } from '../../shared/colors.js';

/**
 * Presence from awareness states. The server stamps each connection's "user" field, so what others
 * see of a person comes from the server; the shape is still checked, as awareness is just JSON.
 */

const ROLES: readonly PresenceUser['role'][] = ['chair', 'delegate', 'observer', 'secretariat', 'archivist'];

export function presenceOf(value: unknown): PresenceUser | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.userId !== 'string' || typeof v.name !== 'string') return null;
  const role = ROLES.find((r) => r === v.role) ?? 'observer';
  return {
    userId: v.userId,
    name: v.name,
    delegationCode: typeof v.delegationCode === 'string' ? v.delegationCode : null,
    color: typeof v.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(v.color) ? v.color : NEUTRAL_COLOR,
    role,
    readOnly: v.readOnly === true,
  };
}

export interface Present {
  /** Awareness client ids of this person's connections (a person may have several tabs open). */
  clientIds: number[];
  user: PresenceUser;
  isSelf: boolean;
}

function present(awareness: Awareness, selfUserId: string): Present[] {
  const byUser = new Map<string, Present>();
  awareness.getStates().forEach((state, clientId) => {
    const user = presenceOf((state as { user?: unknown }).user);
    if (!user) return;
    const isSelf = clientId === awareness.clientID || user.userId === selfUserId;
    const known = byUser.get(user.userId);
    if (known) {
      known.clientIds.push(clientId);
      // The server's stamp on another connection is more trustworthy than our own local guess.
      if (clientId !== awareness.clientID) known.user = user;
    } else byUser.set(user.userId, { clientIds: [clientId], user, isSelf });
  });
  return [...byUser.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.user.name.localeCompare(b.user.name));
}

/** What the page shows of the people present: who, in which connections, as whom. */
export function presenceSignature(people: readonly Present[]): string {
  return JSON.stringify(people.map((p) => [p.clientIds, p.isSelf, p.user]));
}

/** The people in the document now, yourself first, one entry per person (none before connecting). */
export function usePresence(awareness: Awareness | null, selfUserId: string): Present[] {
  const [people, setPeople] = useState<Present[]>([]);
  useEffect(() => {
    if (!awareness) {
      setPeople([]);
      return;
    }
    // Awareness says "change" whenever anyone's caret moves, on every keystroke of theirs and of this
    // person: the list (and the page it renders) changes only when who is here, or how, changes.
    let shown = '';
    const update = () => {
      const next = present(awareness, selfUserId);
      const signature = presenceSignature(next);
      if (signature === shown) return;
      shown = signature;
      setPeople(next);
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness, selfUserId]);
  return people;
}

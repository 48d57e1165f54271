import { useEffect, useMemo, useState } from 'react';
import type { DocumentDetail, EditingPhase, Me } from '../../shared/api/index.js';
import { documentAbilities, mustPropose, subjectOfDocument, type DocumentAbilities } from '../../shared/policy/document.js';

export interface LiveAbilities {
  /** The editing phase as last heard: from the document, a live settings event, or the chair's own switch. */
  phase: EditingPhase;
  setPhase: (phase: EditingPhase) => void;
  /** What the person may do: the server's abilities, or the same policy run here for a phase not yet reloaded. */
  abilities: DocumentAbilities;
  /** Changes are kept only as one's own proposals. */
  mustPropose: boolean;
}

/**
 * The page's abilities, following a live change of the editing phase at once: until the document is
 * loaded again, the shared policy (the one the server runs) answers for the new phase. The page
 * decides nothing itself.
 */
export function useLiveAbilities(d: DocumentDetail, me: Me): LiveAbilities {
  const [phase, setPhase] = useState<EditingPhase>(d.editingPhase);
  useEffect(() => setPhase(d.editingPhase), [d.editingPhase]);
  const abilities = useMemo(
    () => (phase === d.editingPhase ? d.abilities : documentAbilities(me.user, { ...subjectOfDocument(d), editingPhase: phase })),
    [d, phase, me.user],
  );
  return { phase, setPhase, abilities, mustPropose: mustPropose(abilities) };
}

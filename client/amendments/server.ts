import { useCallback, useEffect, useRef, useState } from 'react';
import type { AmendmentStatus, AmendmentView } from '../../shared/api/index.js';
import { api, errorMessage } from '../api.js';

/**
 * The amendments of one document as the server lists them, with what only it knows (delegations'
 * support and opposition, the chair's decisions, the proposer's name). Pages reload the list on the
 * document's 'amendments' events. No editor code here: the views without the text load this alone.
 */

export interface AmendmentList {
  loaded: boolean;
  error: string | null;
  amendments: readonly AmendmentView[];
}

const EMPTY: AmendmentList = { loaded: false, error: null, amendments: [] };

/** The server's list, reloaded by `reload()` (a burst of calls makes one request). */
export function useServerAmendments(documentId: string, query: { status?: AmendmentStatus } = {}): [AmendmentList, () => void, (view: AmendmentView) => void] {
  const [list, setList] = useState<AmendmentList>(EMPTY);
  const [generation, setGeneration] = useState(0);
  const status = query.status;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let live = true;
    api.amendments(documentId, status ? { status } : {}).then(
      ({ amendments }) => live && setList({ loaded: true, error: null, amendments }),
      (error: unknown) => live && setList((l) => ({ ...l, error: errorMessage(error) })),
    );
    return () => {
      live = false;
    };
  }, [documentId, status, generation]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const reload = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      setGeneration((g) => g + 1);
    }, 120);
  }, []);

  /** An amendment the server answered with (a position taken, a decision), until the next reload. */
  const upsert = useCallback((view: AmendmentView) => {
    setList((l) => ({ ...l, amendments: l.amendments.some((a) => a.id === view.id) ? l.amendments.map((a) => (a.id === view.id ? view : a)) : [...l.amendments, view] }));
  }, []);

  return [list, reload, upsert];
}



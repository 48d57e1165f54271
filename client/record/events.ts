import { useEffect, useRef, useState } from 'react';
import type { RevisionSummary, StatusEvent } from '../../shared/api/index.js';

/**
 * The procedure's live events, `revision` (issued or restored) and `status` (silence started,
 * broken, adopted), come on the document's one event stream (discussion/events.ts). The page that
 * holds the stream relays them here, so the procedure bar hears them without a stream of its own.
 */

export type ProcedureEvent = { type: 'revision'; revision: RevisionSummary; restored: boolean } | StatusEvent;

export interface ProcedureEventHandlers {
  onEvent(event: ProcedureEvent): void;
  /** The stream is back after an interruption: events may have been missed. */
  onResumed?(): void;
}

/** Fans the page's procedure events out to whoever listens. */
export class ProcedureRelay {
  private readonly listeners = new Set<ProcedureEventHandlers>();

  listen(handlers: ProcedureEventHandlers): () => void {
    this.listeners.add(handlers);
    return () => this.listeners.delete(handlers);
  }

  event(event: ProcedureEvent): void {
    for (const l of this.listeners) l.onEvent(event);
  }

  resumed(): void {
    for (const l of this.listeners) l.onResumed?.();
  }
}

export function useProcedureRelay(): ProcedureRelay {
  return useState(() => new ProcedureRelay())[0];
}

export function useProcedureEvents(relay: ProcedureRelay, handlers: ProcedureEventHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => relay.listen({ onEvent: (e) => latest.current.onEvent(e), onResumed: () => latest.current.onResumed?.() }), [relay]);
}

import { useEffect, useRef, useState } from 'react';
import type { DocumentEvent } from '../../shared/api/index.js';
import { api, ApiRequestError } from '../api.js';

/**
 * The document's live events (GET /api/documents/:id/events, Server-Sent Events): new threads,
 * replies, resolutions, clause status, settings, reverted changes, amendments' positions and
 * decisions, the chair's bracket choices, revisions issued and the document's status (silence,
 * adoption), within a second everywhere.
 *
 * EventSource reconnects by itself. After an interruption the page reloads what it shows (events
 * sent meanwhile are not replayed). When the server ends the stream because access ended, the
 * document itself answers 401 or 403: then the stream stays closed and the page is told.
 */

export interface DocumentEventHandlers {
  onEvent(event: DocumentEvent): void;
  /** The stream is back after an interruption: reload, as events may have been missed. */
  onResumed?(): void;
  /** The person may no longer read the document (403/404); 401 is handled by the app (sign-in). */
  onAccessEnded?(): void;
}

const EVENT_TYPES: DocumentEvent['type'][] = ['thread', 'clauseStatus', 'settings', 'reverted', 'amendments', 'bracket', 'revision', 'status', 'adoptionFailed'];

export type EventStreamState = 'connecting' | 'live' | 'interrupted' | 'ended';

export function useDocumentEvents(documentId: string, handlers: DocumentEventHandlers, enabled = true): EventStreamState {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const [state, setState] = useState<EventStreamState>('connecting');

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let ended = false;
    let interrupted = false;
    let failures = 0;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let checking = false;

    const end = () => {
      ended = true;
      source?.close();
      source = null;
      if (retry) clearTimeout(retry);
      setState('ended');
    };

    /** Asks the API whether the document is still ours; stops for good if it is not. */
    const checkAccess = () => {
      if (checking) return;
      checking = true;
      api.document(documentId).then(
        () => {
          checking = false;
        },
        (error: unknown) => {
          checking = false;
          if (ended || !(error instanceof ApiRequestError)) return;
          if (error.status === 401) end();
          else if (error.status === 403 || error.status === 404) {
            end();
            latest.current.onAccessEnded?.();
          }
        },
      );
    };

    const connect = () => {
      if (ended) return;
      const es = new EventSource(`/api/documents/${encodeURIComponent(documentId)}/events`);
      source = es;
      for (const type of EVENT_TYPES) {
        es.addEventListener(type, (message) => {
          let event: DocumentEvent;
          try {
            event = JSON.parse((message as MessageEvent<string>).data) as DocumentEvent;
          } catch {
            return;
          }
          if (!event || typeof event !== 'object' || !EVENT_TYPES.includes(event.type)) return;
          latest.current.onEvent(event);
        });
      }
      es.onopen = () => {
        failures = 0;
        setState('live');
        if (interrupted) {
          interrupted = false;
          latest.current.onResumed?.();
        }
      };
      es.onerror = () => {
        if (ended) return;
        interrupted = true;
        failures++;
        setState('interrupted');
        // The server closes the stream when access ends: ask why before the browser retries forever.
        if (failures === 1 || failures % 5 === 0) checkAccess();
        if (es.readyState === EventSource.CLOSED) {
          // The browser gave up (an error status): try again ourselves, more slowly each time.
          source = null;
          const delay = Math.min(30_000, 1_000 * 2 ** Math.min(failures, 5));
          retry = setTimeout(connect, delay);
        }
      };
    };

    connect();
    return () => {
      ended = true;
      source?.close();
      if (retry) clearTimeout(retry);
    };
  }, [documentId, enabled]);

  return state;
}

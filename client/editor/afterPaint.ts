import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';

/**
 * What a keystroke must do before its frame is drawn is to change the text on the screen; sending
 * the change to the room, saving it on this device and telling the room where the caret went can
 * wait until that frame is painted (a few milliseconds later). Each costs a message or a database
 * transaction per keystroke, so here they are gathered and done once the frame is painted: one
 * message, one saved update, one caret for all the keystrokes of a frame. Nothing is lost: a change
 * not yet sent is in the Yjs document, which the server's next sync sends anyway, and what waits to
 * be saved on this device is saved when the page is hidden or closed.
 */

type UpdateHandler = (update: Uint8Array, origin: unknown) => void;
type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
type AwarenessHandler = (change: AwarenessChange, origin: unknown) => void;

/** The longest a batch waits when no frame comes (a hidden page draws none). */
const AT_MOST_MS = 100;

/** Calls `run` once the next frame is painted (or after AT_MOST_MS without frames), once per call of schedule. */
function afterPaintScheduler(run: () => void): { schedule: () => void; cancel: () => void } {
  let frame = 0;
  let task: ReturnType<typeof setTimeout> | undefined;
  let fallback: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    cancel();
    run();
  };
  const cancel = () => {
    if (frame) cancelAnimationFrame(frame);
    clearTimeout(task);
    clearTimeout(fallback);
    frame = 0;
    task = fallback = undefined;
  };
  return {
    schedule: () => {
      if (fallback !== undefined) return;
      // A task posted from the frame's callback runs once that frame is laid out and painted.
      if (typeof requestAnimationFrame === 'function') {
        frame = requestAnimationFrame(() => {
          task = setTimeout(fire, 0);
        });
      }
      fallback = setTimeout(fire, AT_MOST_MS);
    },
    cancel,
  };
}

export interface Deferred {
  /** Does now what waits. */
  flush(): void;
  /** Does what waits and hands the events back to the original handler. */
  stop(): void;
  /** Forgets what waits and stops listening (the handler's owner is thrown away). */
  drop(): void;
}

export interface DeferredUpdates extends Deferred {
  /**
   * Runs `change` without the handler hearing of the updates it makes (nor anything else that
   * happens meanwhile). With no one listening, Yjs does not encode the transaction as an update at
   * all: for a whole text that is most of the cost of applying it.
   */
  unheard(change: () => void): void;
}

/**
 * Hands the document's updates to `handler` after paint, merged, instead of one by one as they
 * happen. Updates whose origin is `ownOrigin` are the handler's own (what it received): it ignores
 * them, so they are not gathered.
 */
export function deferDocUpdates(doc: Y.Doc, handler: UpdateHandler, ownOrigin: unknown): DeferredUpdates {
  let pending: Uint8Array[] = [];
  const flush = () => {
    scheduler.cancel();
    if (!pending.length) return;
    const update = pending.length === 1 ? pending[0]! : Y.mergeUpdates(pending);
    pending = [];
    handler(update, null);
  };
  const scheduler = afterPaintScheduler(flush);
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === ownOrigin) return;
    pending.push(update);
    scheduler.schedule();
  };
  /** What listens now: the deferring listener, the handler itself once stopped, nothing once dropped. */
  let listening: UpdateHandler | null = onUpdate;
  doc.off('update', handler);
  doc.on('update', onUpdate);
  return {
    flush,
    stop: () => {
      flush();
      doc.off('update', onUpdate);
      doc.on('update', handler);
      listening = handler;
    },
    drop: () => {
      scheduler.cancel();
      pending = [];
      doc.off('update', onUpdate);
      listening = null;
    },
    unheard: (change) => {
      const listener = listening;
      if (listener) doc.off('update', listener);
      try {
        change();
      } finally {
        if (listener) doc.on('update', listener);
      }
    },
  };
}

/** Hands awareness's updates to `handler` after paint: every client changed since, in one message. */
export function deferAwarenessUpdates(awareness: Awareness, handler: AwarenessHandler): Deferred {
  const changed = new Set<number>();
  const removed = new Set<number>();
  const flush = () => {
    scheduler.cancel();
    if (!changed.size && !removed.size) return;
    const change = { added: [], updated: [...changed].filter((c) => !removed.has(c)), removed: [...removed] };
    changed.clear();
    removed.clear();
    handler(change, null);
  };
  const scheduler = afterPaintScheduler(flush);
  const onUpdate = ({ added, updated, removed: gone }: AwarenessChange) => {
    for (const c of [...added, ...updated]) {
      changed.add(c);
      removed.delete(c);
    }
    for (const c of gone) removed.add(c);
    scheduler.schedule();
  };
  awareness.off('update', handler);
  awareness.on('update', onUpdate);
  return {
    flush,
    stop: () => {
      flush();
      awareness.off('update', onUpdate);
      awareness.on('update', handler);
    },
    drop: () => {
      scheduler.cancel();
      changed.clear();
      removed.clear();
      awareness.off('update', onUpdate);
    },
  };
}

import type { DocumentEvent } from '../../shared/api/discussion.js';

export interface Subscriber {
  userId: string;
  sessionId: string;
  send(event: DocumentEvent): void;
  /** Ends the stream (access ended). */
  close(): void;
}

/**
 * Live events per document (threads, clause status, settings, reverted changes), fanned out to every
 * open event stream of that document on this instance.
 */
export class EventHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();

  subscribe(documentId: string, subscriber: Subscriber): () => void {
    let set = this.subscribers.get(documentId);
    if (!set) this.subscribers.set(documentId, (set = new Set()));
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (!set.size) this.subscribers.delete(documentId);
    };
  }

  publish(documentId: string, event: DocumentEvent): void {
    for (const s of this.subscribers.get(documentId) ?? []) s.send(event);
  }

  /** A member was removed: their streams on that document end. */
  accessRevoked(documentId: string, userId: string): void {
    for (const s of [...(this.subscribers.get(documentId) ?? [])]) if (s.userId === userId) s.close();
  }

  /** A session ended: its streams end everywhere. */
  closeSession(sessionId: string): void {
    for (const set of this.subscribers.values()) for (const s of [...set]) if (s.sessionId === sessionId) s.close();
  }

  closeAll(): void {
    for (const set of this.subscribers.values()) for (const s of [...set]) s.close();
  }
}

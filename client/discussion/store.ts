import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ClauseState, Comment, DocumentEvent, Thread } from '../../shared/api/index.js';
import { api, errorMessage } from '../api.js';

/**
 * The discussion of one open document, as this page knows it: its threads and its clauses' status.
 * Loaded over HTTP, then kept current by the document's event stream (upserts by id).
 */

export interface DiscussionSnapshot {
  loaded: boolean;
  error: string | null;
  /** Oldest first. */
  threads: readonly Thread[];
  clauses: Readonly<Record<string, ClauseState>>;
}

const byCreation = (a: Thread, b: Thread) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

export class DiscussionStore {
  private snapshot: DiscussionSnapshot = { loaded: false, error: null, threads: [], clauses: {} };
  private listeners = new Set<() => void>();
  private loading: Promise<void> | null = null;

  constructor(readonly documentId: string) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DiscussionSnapshot => this.snapshot;

  private set(patch: Partial<DiscussionSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** (Re)loads everything: on opening, and after the event stream was interrupted. */
  load(): Promise<void> {
    this.loading ??= Promise.all([api.threads(this.documentId), api.clauses(this.documentId)])
      .then(
        ([{ threads }, { clauses }]) => {
          this.set({
            loaded: true,
            error: null,
            threads: [...threads].sort(byCreation),
            clauses: Object.fromEntries(clauses.map((c) => [c.clauseId, c])),
          });
        },
        (error: unknown) => this.set({ error: errorMessage(error) }),
      )
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  upsertThread(thread: Thread) {
    const threads = this.snapshot.threads.filter((t) => t.id !== thread.id);
    threads.push(thread);
    this.set({ threads: threads.sort(byCreation) });
  }

  /** A comment the server answered with: into its thread, until the thread's own event arrives. */
  upsertComment(comment: Comment) {
    const thread = this.snapshot.threads.find((t) => t.id === comment.threadId);
    if (!thread) return;
    const comments = thread.comments.some((c) => c.id === comment.id)
      ? thread.comments.map((c) => (c.id === comment.id ? comment : c))
      : [...thread.comments, comment];
    this.upsertThread({ ...thread, comments, lastActivityAt: comment.editedAt ? thread.lastActivityAt : comment.createdAt });
  }

  setClause(clause: ClauseState) {
    this.set({ clauses: { ...this.snapshot.clauses, [clause.clauseId]: clause } });
  }

  apply(event: DocumentEvent) {
    if (event.type === 'thread') this.upsertThread(event.thread);
    else if (event.type === 'clauseStatus') this.setClause(event.clause);
  }
}

/** One store per document page, loaded once. */
export function useDiscussionStore(documentId: string): [DiscussionStore, DiscussionSnapshot] {
  const [store] = useState(() => new DiscussionStore(documentId));
  useEffect(() => {
    void store.load();
  }, [store]);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return [store, snapshot];
}

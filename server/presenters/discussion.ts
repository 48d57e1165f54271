import type * as Y from 'yjs';
import type { Db } from '../../db/index.js';
import type { CommentRow, ThreadRow } from '../../db/schema.js';
import { authorsByIds, type AuthorRow } from '../../db/repos/authors.js';
import { listComments } from '../../db/repos/threads.js';
import type { Author, Comment, Thread } from '../../shared/api/discussion.js';
import { currentQuote } from '../../shared/editor/anchors.js';
import { paragraphHomes } from '../../shared/editor/yjs.js';
import { NEUTRAL_COLOR } from '../../shared/colors.js';

/** Threads as the API shows them: authors with their delegation, the quote as it stands now. */

export function presentAuthor(id: string, authors: Map<string, AuthorRow>): Author {
  const a = authors.get(id);
  return {
    userId: id,
    name: a?.name ?? 'former member',
    delegation: a?.delegation_code ? { code: a.delegation_code, color: a.delegation_color ?? NEUTRAL_COLOR } : null,
  };
}

function presentComment(row: CommentRow, authors: Map<string, AuthorRow>): Comment {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    threadId: row.thread_id,
    author: presentAuthor(row.author_id, authors),
    body: deleted ? '' : row.body,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deleted,
  };
}

export async function presentThreads(db: Db, rows: readonly ThreadRow[], doc: Y.Doc | null): Promise<Thread[]> {
  const comments = await listComments(db, rows.map((r) => r.id));
  const authors = await authorsByIds(db, [
    ...rows.flatMap((r) => [r.created_by, ...(r.resolved_by ? [r.resolved_by] : [])]),
    ...comments.map((c) => c.author_id),
  ]);
  const homes = doc ? paragraphHomes(doc) : null;
  return rows.map((row) => {
    const anchor = row.quote_start && row.quote_end ? { start: row.quote_start, end: row.quote_end } : null;
    return {
      id: row.id,
      // The paragraph the thread's words stand in now: its own, or the one it was made a sub-paragraph of.
      clauseId: homes?.get(row.clause_id) ?? row.clause_id,
      quote: anchor && row.quote_text !== null ? { text: row.quote_text, anchor, current: doc ? currentQuote(doc, anchor, { clauseId: row.clause_id, text: row.quote_text }) : row.quote_text } : null,
      status: row.status,
      resolution:
        row.status === 'resolved' && row.resolved_by && row.resolved_at
          ? { note: row.resolution_note, by: presentAuthor(row.resolved_by, authors), at: row.resolved_at }
          : null,
      createdBy: presentAuthor(row.created_by, authors),
      createdAt: row.created_at,
      lastActivityAt: row.last_activity_at,
      comments: comments.filter((c) => c.thread_id === row.id).map((c) => presentComment(c, authors)),
    };
  });
}

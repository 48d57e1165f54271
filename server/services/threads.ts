import type { AppDeps } from '../context.js';
import type { Db } from '../../db/index.js';
import type { Actor } from '../policies/actor.js';
import type { DocumentRow } from '../../db/schema.js';
import { findComment, findThread, insertComment, insertThread, listThreads, updateLiveComment, updateThreadIf } from '../../db/repos/threads.js';
import { anchorClauseId, currentQuote } from '../../shared/editor/anchors.js';
import { clauseIndex } from '../../shared/editor/yjs.js';
import type { Comment, Thread } from '../../shared/api/discussion.js';
import type { z } from 'zod';
import type { threadBody, threadQuery } from '../../shared/api/discussion.js';
import { newId } from '../ids.js';
import { timestamp } from '../../db/time.js';
import { audit } from './discussion.js';
import { presentThreads } from '../presenters/discussion.js';
import { Conflict, Forbidden, Invalid, NotFound } from './errors.js';
import { canOnItem, documentAbilities, subjectOf } from '../policies/document.js';
import type { DocumentAccess } from './access.js';

/**
 * Discussion threads and their comments. Each change goes on record in the same transaction, and the
 * whole thread, as it now stands, is announced to every member.
 */

async function presentOne(deps: AppDeps, documentId: string, threadId: string): Promise<Thread> {
  const row = await findThread(deps.db, documentId, threadId);
  if (!row) throw new NotFound(`no thread ${threadId} in this document`);
  const [thread] = await deps.rooms.readDocument(documentId, (doc) => presentThreads(deps.db, [row], doc));
  return thread!;
}

async function announce(deps: AppDeps, documentId: string, threadId: string): Promise<Thread> {
  const thread = await presentOne(deps, documentId, threadId);
  await deps.bus.publish({ type: 'thread.changed', documentId, thread });
  return thread;
}

function commentOf(thread: Thread, commentId: string): Comment {
  return thread.comments.find((cm) => cm.id === commentId)!;
}

export async function threadsOf(deps: AppDeps, document: DocumentRow, query: z.infer<typeof threadQuery>): Promise<Thread[]> {
  const rows = await listThreads(deps.db, document.id, query);
  return deps.rooms.readDocument(document.id, (doc) => presentThreads(deps.db, rows, doc));
}

export async function openThread(deps: AppDeps, actor: Actor, document: DocumentRow, body: z.infer<typeof threadBody>): Promise<Thread> {
  // The clause must exist in the text now, and a quote must stand inside that clause.
  const check = await deps.rooms.readDocument(document.id, (doc) => ({
    exists: clauseIndex(doc, document.numbering).some((cl) => cl.id === body.clauseId),
    quoteClause: body.quote ? anchorClauseId(doc, body.quote.anchor) : null,
    quoteNow: body.quote ? currentQuote(doc, body.quote.anchor) : null,
  }));
  if (!check.exists) throw new NotFound(`no clause ${body.clauseId} in this document`);
  if (body.quote && check.quoteClause !== body.clauseId) {
    throw new Invalid('quote.anchor: must stand inside the clause the thread is on', [{ path: 'quote.anchor', message: 'not inside the clause' }]);
  }
  if (body.quote && check.quoteNow !== body.quote.text) {
    throw new Invalid('quote.text: must be the words between the anchor positions', [{ path: 'quote.text', message: 'does not match the words at the anchor' }]);
  }
  const now = timestamp();
  const threadId = newId('t');
  await deps.db.transaction().execute(async (trx) => {
    await insertThread(trx, {
      id: threadId,
      document_id: document.id,
      clause_id: body.clauseId,
      quote_text: body.quote?.text ?? null,
      quote_start: body.quote?.anchor.start ?? null,
      quote_end: body.quote?.anchor.end ?? null,
      status: 'open',
      resolution_note: null,
      resolved_by: null,
      resolved_at: null,
      created_by: actor.id,
      created_at: now,
      last_activity_at: now,
    });
    await insertComment(trx, { id: newId('cm'), thread_id: threadId, document_id: document.id, author_id: actor.id, body: body.body, created_at: now, edited_at: null, deleted_at: null });
    await audit(trx, actor, document.id, 'thread.opened', { type: 'thread', id: threadId }, { clauseId: body.clauseId, quote: body.quote?.text ?? null });
  });
  return announce(deps, document.id, threadId);
}

export async function addComment(deps: AppDeps, actor: Actor, document: DocumentRow, threadId: string, text: string): Promise<Comment> {
  const thread = await findThread(deps.db, document.id, threadId);
  if (!thread) throw new NotFound(`no thread ${threadId} in this document`);
  if (thread.status === 'resolved') throw new Conflict('this thread is resolved: the chair may reopen it');
  const now = timestamp();
  const commentId = newId('cm');
  await deps.db.transaction().execute(async (trx) => {
    // Touch the thread only while it is open: a reply racing a resolution loses, with a 409.
    if (!(await updateThreadIf(trx, thread.id, 'open', { last_activity_at: now }))) throw new Conflict('this thread is resolved: the chair may reopen it');
    await insertComment(trx, { id: commentId, thread_id: thread.id, document_id: document.id, author_id: actor.id, body: text, created_at: now, edited_at: null, deleted_at: null });
    await audit(trx, actor, document.id, 'comment.added', { type: 'comment', id: commentId }, { threadId: thread.id, clauseId: thread.clause_id });
  });
  return commentOf(await announce(deps, document.id, thread.id), commentId);
}

/** A comment the asker may change: the policy's item rule (only its author, and only while they may comment). */
async function ownComment(deps: AppDeps, actor: Actor, access: DocumentAccess, commentId: string, verb: string) {
  const comment = await findComment(deps.db, access.document.id, commentId);
  if (!comment) throw new NotFound(`no comment ${commentId} in this document`);
  const abilities = documentAbilities(actor, subjectOf(access.document, access.role));
  if (!canOnItem(abilities, { id: actor.id, delegationCode: null }, 'editOwnComment', { authorId: comment.author_id, delegationCode: null })) {
    throw new Forbidden(`only its author ${verb} a comment`);
  }
  return comment;
}

const RESOLVED_COMMENTS = 'this thread is resolved: its comments stay as they were when it was settled; the chair may reopen it';

/**
 * A resolved thread records how a point was settled, so its comments are not changed afterwards. The
 * check runs inside the change's transaction as a write that succeeds only while the thread is open
 * (it changes nothing, and holds the thread's row until the commit): an edit racing a resolution loses.
 */
async function whileThreadOpen(trx: Db, threadId: string): Promise<void> {
  if (!(await updateThreadIf(trx, threadId, 'open', { status: 'open' }))) throw new Conflict(RESOLVED_COMMENTS);
}

export async function editComment(deps: AppDeps, actor: Actor, access: DocumentAccess, commentId: string, text: string): Promise<Comment> {
  const { document } = access;
  const comment = await ownComment(deps, actor, access, commentId, 'edits');
  if (comment.deleted_at) throw new Conflict('this comment was deleted');
  await deps.db.transaction().execute(async (trx) => {
    await whileThreadOpen(trx, comment.thread_id);
    if (!(await updateLiveComment(trx, comment.id, { body: text, edited_at: timestamp() }))) throw new Conflict('this comment was deleted');
    await audit(trx, actor, document.id, 'comment.edited', { type: 'comment', id: comment.id }, { threadId: comment.thread_id });
  });
  return commentOf(await announce(deps, document.id, comment.thread_id), comment.id);
}

export async function deleteComment(deps: AppDeps, actor: Actor, access: DocumentAccess, commentId: string): Promise<Comment> {
  const { document } = access;
  const comment = await ownComment(deps, actor, access, commentId, 'deletes');
  if (!comment.deleted_at) {
    await deps.db.transaction().execute(async (trx) => {
      await whileThreadOpen(trx, comment.thread_id);
      // The row stays, so the thread shows "deleted" where the comment was; its words do not.
      if (!(await updateLiveComment(trx, comment.id, { body: '', deleted_at: timestamp() }))) return; // deleted a moment ago
      await audit(trx, actor, document.id, 'comment.deleted', { type: 'comment', id: comment.id }, { threadId: comment.thread_id });
    });
  }
  return commentOf(await announce(deps, document.id, comment.thread_id), comment.id);
}

export async function resolveThread(deps: AppDeps, actor: Actor, document: DocumentRow, threadId: string, note: string | null): Promise<Thread> {
  const thread = await findThread(deps.db, document.id, threadId);
  if (!thread) throw new NotFound(`no thread ${threadId} in this document`);
  if (thread.status === 'resolved') throw new Conflict('this thread is already resolved');
  await deps.db.transaction().execute(async (trx) => {
    const changed = await updateThreadIf(trx, thread.id, 'open', { status: 'resolved', resolution_note: note, resolved_by: actor.id, resolved_at: timestamp() });
    if (!changed) throw new Conflict('this thread is already resolved');
    await audit(trx, actor, document.id, 'thread.resolved', { type: 'thread', id: thread.id }, { clauseId: thread.clause_id, note });
  });
  return announce(deps, document.id, thread.id);
}

export async function reopenThread(deps: AppDeps, actor: Actor, document: DocumentRow, threadId: string): Promise<Thread> {
  const thread = await findThread(deps.db, document.id, threadId);
  if (!thread) throw new NotFound(`no thread ${threadId} in this document`);
  if (thread.status === 'open') throw new Conflict('this thread is open');
  await deps.db.transaction().execute(async (trx) => {
    const changed = await updateThreadIf(trx, thread.id, 'resolved', { status: 'open', resolution_note: null, resolved_by: null, resolved_at: null, last_activity_at: timestamp() });
    if (!changed) throw new Conflict('this thread is open');
    await audit(trx, actor, document.id, 'thread.reopened', { type: 'thread', id: thread.id }, { clauseId: thread.clause_id });
  });
  return announce(deps, document.id, thread.id);
}

import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { commentBody, resolveBody, threadBody, threadQuery } from '../../shared/api/discussion.js';
import { findComment, findThread, insertComment, insertThread, listThreads, updateLiveComment, updateThreadIf } from '../../db/repos/threads.js';
import { audit, presentThreads } from '../services/discussion.js';
import { anchorClauseId, currentQuote } from '../../shared/editor/anchors.js';
import { clauseIndex } from '../../shared/editor/yjs.js';
import { newId } from '../ids.js';
import { timestamp } from '../../db/time.js';
import type { Thread } from '../../shared/api/discussion.js';

/** Discussion threads anchored to clauses, and their comments. */
export function threadRoutes(deps: AppDeps) {
  const { db, rooms } = deps;

  async function presentOne(documentId: string, threadId: string): Promise<Thread> {
    const row = await findThread(db, documentId, threadId);
    if (!row) throw notFound(`no thread ${threadId} in this document`);
    const [thread] = await rooms.readDocument(documentId, (doc) => presentThreads(db, [row], doc));
    return thread!;
  }

  async function publish(documentId: string, threadId: string): Promise<Thread> {
    const thread = await presentOne(documentId, threadId);
    await deps.bus.publish({ type: 'thread.changed', documentId, thread });
    return thread;
  }

  return new Hono<AppEnv>()
    .get('/:id/threads', validate('query', threadQuery), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      const rows = await listThreads(db, document.id, c.req.valid('query'));
      const threads = await rooms.readDocument(document.id, (doc) => presentThreads(db, rows, doc));
      return c.json({ threads }, 200);
    })

    .post('/:id/threads', validate('json', threadBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'comment');
      const body = c.req.valid('json');
      // The clause must exist in the text now, and a quote must stand inside that clause.
      const check = await rooms.readDocument(document.id, (doc) => ({
        exists: clauseIndex(doc, document.numbering).some((cl) => cl.id === body.clauseId),
        quoteClause: body.quote ? anchorClauseId(doc, body.quote.anchor) : null,
        quoteNow: body.quote ? currentQuote(doc, body.quote.anchor) : null,
      }));
      if (!check.exists) throw notFound(`no clause ${body.clauseId} in this document`);
      if (body.quote && check.quoteClause !== body.clauseId) {
        throw badRequest('quote.anchor: must stand inside the clause the thread is on', [{ path: 'quote.anchor', message: 'not inside the clause' }]);
      }
      if (body.quote && check.quoteNow !== body.quote.text) {
        throw badRequest('quote.text: must be the words between the anchor positions', [{ path: 'quote.text', message: 'does not match the words at the anchor' }]);
      }
      const now = timestamp();
      const threadId = newId('t');
      await db.transaction().execute(async (trx) => {
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
      return c.json({ thread: await publish(document.id, threadId) }, 201);
    })

    .post('/:id/threads/:threadId/comments', validate('json', commentBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'comment');
      const thread = await findThread(db, document.id, c.req.param('threadId'));
      if (!thread) throw notFound(`no thread ${c.req.param('threadId')} in this document`);
      if (thread.status === 'resolved') throw conflict('this thread is resolved: the chair may reopen it');
      const now = timestamp();
      const commentId = newId('cm');
      await db.transaction().execute(async (trx) => {
        // Touch the thread only while it is open: a reply racing a resolution loses, with a 409.
        if (!(await updateThreadIf(trx, thread.id, 'open', { last_activity_at: now }))) throw conflict('this thread is resolved: the chair may reopen it');
        await insertComment(trx, { id: commentId, thread_id: thread.id, document_id: document.id, author_id: actor.id, body: c.req.valid('json').body, created_at: now, edited_at: null, deleted_at: null });
        await audit(trx, actor, document.id, 'comment.added', { type: 'comment', id: commentId }, { threadId: thread.id, clauseId: thread.clause_id });
      });
      const presented = await publish(document.id, thread.id);
      return c.json({ comment: presented.comments.find((cm) => cm.id === commentId)! }, 201);
    })

    .patch('/:id/comments/:commentId', validate('json', commentBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'comment');
      const comment = await findComment(db, document.id, c.req.param('commentId'));
      if (!comment) throw notFound(`no comment ${c.req.param('commentId')} in this document`);
      if (comment.author_id !== actor.id) throw forbidden('only its author edits a comment');
      if (comment.deleted_at) throw conflict('this comment was deleted');
      await db.transaction().execute(async (trx) => {
        if (!(await updateLiveComment(trx, comment.id, { body: c.req.valid('json').body, edited_at: timestamp() }))) throw conflict('this comment was deleted');
        await audit(trx, actor, document.id, 'comment.edited', { type: 'comment', id: comment.id }, { threadId: comment.thread_id });
      });
      const presented = await publish(document.id, comment.thread_id);
      return c.json({ comment: presented.comments.find((cm) => cm.id === comment.id)! }, 200);
    })

    .delete('/:id/comments/:commentId', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'comment');
      const comment = await findComment(db, document.id, c.req.param('commentId'));
      if (!comment) throw notFound(`no comment ${c.req.param('commentId')} in this document`);
      if (comment.author_id !== actor.id) throw forbidden('only its author deletes a comment');
      if (!comment.deleted_at) {
        await db.transaction().execute(async (trx) => {
          // The row stays, so the thread shows "deleted" where the comment was; its words do not.
          if (!(await updateLiveComment(trx, comment.id, { body: '', deleted_at: timestamp() }))) return; // deleted a moment ago
          await audit(trx, actor, document.id, 'comment.deleted', { type: 'comment', id: comment.id }, { threadId: comment.thread_id });
        });
      }
      const presented = await publish(document.id, comment.thread_id);
      return c.json({ comment: presented.comments.find((cm) => cm.id === comment.id)! }, 200);
    })

    .post('/:id/threads/:threadId/resolve', validate('json', resolveBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      const thread = await findThread(db, document.id, c.req.param('threadId'));
      if (!thread) throw notFound(`no thread ${c.req.param('threadId')} in this document`);
      if (thread.status === 'resolved') throw conflict('this thread is already resolved');
      const note = c.req.valid('json').note || null;
      await db.transaction().execute(async (trx) => {
        const changed = await updateThreadIf(trx, thread.id, 'open', { status: 'resolved', resolution_note: note, resolved_by: actor.id, resolved_at: timestamp() });
        if (!changed) throw conflict('this thread is already resolved');
        await audit(trx, actor, document.id, 'thread.resolved', { type: 'thread', id: thread.id }, { clauseId: thread.clause_id, note });
      });
      return c.json({ thread: await publish(document.id, thread.id) }, 200);
    })

    .post('/:id/threads/:threadId/reopen', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      const thread = await findThread(db, document.id, c.req.param('threadId'));
      if (!thread) throw notFound(`no thread ${c.req.param('threadId')} in this document`);
      if (thread.status === 'open') throw conflict('this thread is open');
      await db.transaction().execute(async (trx) => {
        const changed = await updateThreadIf(trx, thread.id, 'resolved', { status: 'open', resolution_note: null, resolved_by: null, resolved_at: null, last_activity_at: timestamp() });
        if (!changed) throw conflict('this thread is open');
        await audit(trx, actor, document.id, 'thread.reopened', { type: 'thread', id: thread.id }, { clauseId: thread.clause_id });
      });
      return c.json({ thread: await publish(document.id, thread.id) }, 200);
    });
}

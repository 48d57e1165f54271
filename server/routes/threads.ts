import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { commentBody, resolveBody, threadBody, threadQuery } from '../../shared/api/discussion.js';
import { addComment, deleteComment, editComment, openThread, reopenThread, resolveThread, threadsOf } from '../services/threads.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** Discussion threads anchored to clauses, and their comments. */
export function threadRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/:id/threads', validate('query', threadQuery), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      return c.json({ threads: await threadsOf(deps, document, c.req.valid('query')) } satisfies ApiResponses['threads'], 200);
    })

    .post('/:id/threads', validate('json', threadBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'comment');
      return c.json({ thread: await openThread(deps, actor, document, c.req.valid('json')) } satisfies ApiResponses['thread'], 201);
    })

    .post('/:id/threads/:threadId/comments', validate('json', commentBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'comment');
      return c.json({ comment: await addComment(deps, actor, document, c.req.param('threadId'), c.req.valid('json').body) } satisfies ApiResponses['comment'], 201);
    })

    .patch('/:id/comments/:commentId', validate('json', commentBody), async (c) => {
      const actor = requireActor(c);
      const access = await authorizeDocument(db, actor, c.req.param('id'), 'editOwnComment');
      return c.json({ comment: await editComment(deps, actor, access, c.req.param('commentId'), c.req.valid('json').body) } satisfies ApiResponses['comment'], 200);
    })

    .delete('/:id/comments/:commentId', async (c) => {
      const actor = requireActor(c);
      const access = await authorizeDocument(db, actor, c.req.param('id'), 'editOwnComment');
      return c.json({ comment: await deleteComment(deps, actor, access, c.req.param('commentId')) } satisfies ApiResponses['comment'], 200);
    })

    .post('/:id/threads/:threadId/resolve', validate('json', resolveBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      return c.json({ thread: await resolveThread(deps, actor, document, c.req.param('threadId'), c.req.valid('json').note || null) } satisfies ApiResponses['thread'], 200);
    })

    .post('/:id/threads/:threadId/reopen', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      return c.json({ thread: await reopenThread(deps, actor, document, c.req.param('threadId')) } satisfies ApiResponses['thread'], 200);
    });
}

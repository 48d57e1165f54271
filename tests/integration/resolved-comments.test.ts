import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import type { ApiError } from '../../shared/api/types.js';
import type { AuditEvent, Comment, Desk, Thread } from '../../shared/api/discussion.js';

/**
 * A resolved thread records how a point was settled: nobody changes its comments afterwards, their
 * author included, until the chair reopens it.
 */

let server: TestServer;
let n: Negotiation;
let path: string;
let thread: Thread;
let comment: Comment;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  path = `/api/documents/${n.documentId}`;
  const desk = await n.chair.api.json<Desk>('GET', `${path}/desk`);
  const op = desk.clauses.find((c) => c.kind === 'operative')!.clauseId;
  thread = (await n.mys.api.json<{ thread: Thread }>('POST', `${path}/threads`, { clauseId: op, body: 'Malaysia proposes "urge" for "encourage".' }, 201)).thread;
  comment = (await n.mys.api.json<{ comment: Comment }>('POST', `${path}/threads/${thread.id}/comments`, { body: 'Supported by IDN in the informals.' }, 201)).comment;
  await n.chair.api.json('POST', `${path}/threads/${thread.id}/resolve`, { note: 'Agreed: "urge".' });
});

afterAll(async () => {
  await server?.stop();
});

async function refusal(res: Response): Promise<ApiError['error']> {
  return ((await res.json()) as ApiError).error;
}

async function storedThread(): Promise<Thread> {
  const { threads } = await n.chair.api.json<{ threads: Thread[] }>('GET', `${path}/threads`);
  return threads.find((t) => t.id === thread.id)!;
}

describe('the comments of a resolved thread', () => {
  it('their author cannot edit one: 409, saying the thread is resolved and the chair may reopen it', async () => {
    const res = await n.mys.api.request('PATCH', `${path}/comments/${comment.id}`, { body: 'Malaysia never supported this.' });
    expect(res.status).toBe(409);
    const error = await refusal(res);
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/thread is resolved.*chair may reopen it/);
  });

  it('their author cannot delete one: 409', async () => {
    const res = await n.mys.api.request('DELETE', `${path}/comments/${thread.comments[0]!.id}`);
    expect(res.status).toBe(409);
    expect((await refusal(res)).message).toMatch(/thread is resolved/);
  });

  it('the chair cannot edit their own comment in it either', async () => {
    await n.chair.api.json('POST', `${path}/threads/${thread.id}/reopen`);
    const own = (await n.chair.api.json<{ comment: Comment }>('POST', `${path}/threads/${thread.id}/comments`, { body: 'The chair takes note.' }, 201)).comment;
    await n.chair.api.json('POST', `${path}/threads/${thread.id}/resolve`, {});
    const res = await n.chair.api.request('PATCH', `${path}/comments/${own.id}`, { body: 'The chair agrees.' });
    expect(res.status).toBe(409);
  });

  it('nothing refused left a trace: the comments read as written, and the log holds no edit or deletion', async () => {
    const stored = await storedThread();
    expect(stored.status).toBe('resolved');
    expect(stored.comments.find((c) => c.id === comment.id)).toMatchObject({ body: 'Supported by IDN in the informals.', editedAt: null, deleted: false });
    expect(stored.comments[0]).toMatchObject({ body: 'Malaysia proposes "urge" for "encourage".', deleted: false });
    const { events } = await n.chair.api.json<{ events: AuditEvent[] }>('GET', `${path}/audit`);
    expect(events.filter((e) => e.action === 'comment.edited' || e.action === 'comment.deleted')).toEqual([]);
  });

  it('once the chair reopens the thread, its author edits and deletes again', async () => {
    await n.chair.api.json('POST', `${path}/threads/${thread.id}/reopen`);
    const edited = (await n.mys.api.json<{ comment: Comment }>('PATCH', `${path}/comments/${comment.id}`, { body: 'Supported by IDN and PHL in the informals.' })).comment;
    expect(edited).toMatchObject({ body: 'Supported by IDN and PHL in the informals.', deleted: false });
    expect(edited.editedAt).not.toBeNull();
    const deleted = (await n.mys.api.json<{ comment: Comment }>('DELETE', `${path}/comments/${comment.id}`)).comment;
    expect(deleted.deleted).toBe(true);
  });
});

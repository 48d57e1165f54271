import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../helpers/server.js';
import { ApiClient, negotiation, type Negotiation, type Person } from '../helpers/api.js';
import { clauseText, collabClient, waitFor, type CollabClient } from '../helpers/collab.js';
import { EventStream } from '../helpers/events.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { newClauseId } from '../../shared/editor/ids.js';
import { encodeAnchor, type Anchor } from '../../shared/editor/anchors.js';
import type { ApiError, DocumentSummary } from '../../shared/api/types.js';
import type { AuditEvent, ClauseState, Comment, Desk, DocumentEvent, Thread } from '../../shared/api/discussion.js';

let server: TestServer;
let n: Negotiation;
const clients: CollabClient[] = [];
const streams: EventStream[] = [];

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
});

afterAll(async () => {
  for (const s of streams) s.close();
  for (const c of clients) c.destroy();
  await server?.stop();
});

// ---------------------------------------------------------------------------------------------
// Helpers

interface TestDocument {
  id: string;
  /** /api/documents/:id */
  path: string;
  /** The skeleton's preambular and operative paragraphs. */
  pp: string;
  op: string;
}

/** A new draft with the negotiation's chair, both delegates and the observer as members. */
async function newDocument(title: string): Promise<TestDocument> {
  const sec = n.secretariat.api;
  const { document } = await sec.json<{ document: DocumentSummary }>('POST', '/api/documents', { title, numbering: 'all' }, 201);
  const path = `/api/documents/${document.id}`;
  const roles: [Person, string][] = [[n.chair, 'chair'], [n.mys, 'delegate'], [n.idn, 'delegate'], [n.observer, 'observer']];
  for (const [p, role] of roles) await sec.json('PUT', `${path}/members/${p.user.id}`, { role });
  const desk = await n.chair.api.json<Desk>('GET', `${path}/desk`);
  const pp = desk.clauses.find((c) => c.kind === 'preambular')!.clauseId;
  const op = desk.clauses.find((c) => c.kind === 'operative')!.clauseId;
  return { id: document.id, path, pp, op };
}

function join(documentId: string, cookie: string): CollabClient {
  const client = collabClient(server.wsUrl, documentId, cookie, server.origin);
  clients.push(client);
  return client;
}

async function subscribe(documentId: string, cookie: string): Promise<EventStream> {
  const stream = await EventStream.open(server.url, `/api/documents/${documentId}/events`, cookie);
  streams.push(stream);
  await stream.next('ready');
  return stream;
}

async function openThread(api: ApiClient, doc: TestDocument, body = 'We propose to strengthen this paragraph.', clauseId = doc.op): Promise<Thread> {
  return (await api.json<{ thread: Thread }>('POST', `${doc.path}/threads`, { clauseId, body }, 201)).thread;
}

async function reply(api: ApiClient, doc: TestDocument, threadId: string, body = 'We can support this.'): Promise<Comment> {
  return (await api.json<{ comment: Comment }>('POST', `${doc.path}/threads/${threadId}/comments`, { body }, 201)).comment;
}

async function threads(api: ApiClient, doc: TestDocument, query = ''): Promise<Thread[]> {
  return (await api.json<{ threads: Thread[] }>('GET', `${doc.path}/threads${query}`)).threads;
}

async function auditLog(doc: TestDocument, api = n.chair.api): Promise<AuditEvent[]> {
  return (await api.json<{ events: AuditEvent[] }>('GET', `${doc.path}/audit`)).events;
}

async function serverText(doc: TestDocument): Promise<string> {
  return (await n.chair.api.request('GET', `${doc.path}/text`)).text();
}

async function untilServerHas(doc: TestDocument, check: (text: string) => boolean, what: string): Promise<void> {
  const start = Date.now();
  for (;;) {
    const text = await serverText(doc);
    if (check(text)) return;
    if (Date.now() - start > 10_000) throw new Error(`timed out waiting for the server to hold ${what}; it holds:\n${text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function part(doc: Y.Doc, name: 'preamble' | 'operative'): Y.XmlElement {
  return doc.getXmlFragment(FRAGMENT).toArray().find((e) => e instanceof Y.XmlElement && e.nodeName === name) as Y.XmlElement;
}

/** The running text of the clause with this id, as a Yjs XmlText. */
function textById(doc: Y.Doc, clauseId: string): Y.XmlText {
  for (const name of ['preamble', 'operative'] as const) {
    const clause = part(doc, name).toArray().find((c) => c instanceof Y.XmlElement && c.getAttribute('id') === clauseId) as Y.XmlElement | undefined;
    if (clause) return (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  }
  throw new Error(`no clause ${clauseId}`);
}

/** Appends a clause with this text to the preamble or the operative part; returns its id. */
function addClause(doc: Y.Doc, name: 'preamble' | 'operative', text: string): string {
  const id = newClauseId();
  const clause = new Y.XmlElement('clause');
  clause.setAttribute('id', id);
  clause.setAttribute('kind', name === 'preamble' ? 'preambular' : 'operative');
  const body = new Y.XmlElement('clauseText');
  body.insert(0, [new Y.XmlText(text)]);
  clause.insert(0, [body]);
  part(doc, name).insert(part(doc, name).length, [clause]);
  return id;
}

/** An anchor around `words` in a clause's text, as the editor builds it. */
function anchorAround(text: Y.XmlText, words: string): Anchor {
  const from = text.toString().indexOf(words);
  if (from < 0) throw new Error(`"${words}" is not in "${text.toString()}"`);
  return encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from), Y.createRelativePositionFromTypeIndex(text, from + words.length));
}

async function errorOf(res: Response): Promise<ApiError['error']> {
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as ApiError;
  expect(body.error.status).toBe(res.status);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

// ---------------------------------------------------------------------------------------------
// 1. Who may do what

type Column = 'anonymous' | 'nonMember' | 'observer' | 'delegate' | 'chair' | 'secretariat' | 'observerMayComment';

/** In the order they run: the observer with comment rights last, after the document allows it. */
const COLUMNS: { column: Column; who: string }[] = [
  { column: 'anonymous', who: 'someone not signed in' },
  { column: 'nonMember', who: 'a non-member' },
  { column: 'observer', who: 'an observer (observers may not comment)' },
  { column: 'delegate', who: 'a delegate' },
  { column: 'chair', who: 'the chair' },
  { column: 'secretariat', who: 'the secretariat' },
  { column: 'observerMayComment', who: 'an observer, once the document lets observers comment' },
];

type Row = Record<Column, number>;
/** One row of the matrix, in the column order of the table below. */
function row(anonymous: number, nonMember: number, observer: number, observerMayComment: number, delegate: number, chair: number, secretariat: number): Row {
  return { anonymous, nonMember, observer, observerMayComment, delegate, chair, secretariat };
}

describe('who may do what with discussion, status, desk, audit, settings and events', () => {
  let doc: TestDocument;
  /** An open thread everyone replies to. */
  let shared: Thread;
  /** A comment by the MYS delegate: "another member's comment" for everyone else. */
  let mysComment: Comment;
  /** Written while observers could comment; the setting is off again when the plain observer column runs. */
  let observerComment: Comment;
  /** Written by the outsider while they were a member; they have been removed since. */
  let outsiderComment: Comment;

  const apiOf = (column: Column): ApiClient =>
    ({
      anonymous: new ApiClient(server.url),
      nonMember: n.outsider.api,
      observer: n.observer.api,
      observerMayComment: n.observer.api,
      delegate: n.idn.api, // IDN; the fixtures are written by MYS
      chair: n.chair.api,
      secretariat: n.secretariat.api,
    })[column];

  /** A comment of this column's own (or, for someone never signed in, any comment: 401 comes first). */
  async function ownComment(column: Column): Promise<string> {
    if (column === 'anonymous') return mysComment.id;
    if (column === 'nonMember') return outsiderComment.id;
    if (column === 'observer') return observerComment.id;
    return (await reply(apiOf(column), doc, shared.id, `A reply of ${column}'s own.`)).id;
  }

  async function resolved(): Promise<Thread> {
    const thread = await openThread(n.mys.api, doc);
    return (await n.chair.api.json<{ thread: Thread }>('POST', `${doc.path}/threads/${thread.id}/resolve`, {})).thread;
  }

  // Rows read: row(anonymous, non-member, observer, observer who may comment, delegate, chair, secretariat).
  const routes: { does: string; expected: Row; call: (api: ApiClient, column: Column) => Promise<Response> }[] = [
    {
      does: 'lists the threads',
      expected: row(401, 403, 200, 200, 200, 200, 200),
      call: (api) => api.request('GET', `${doc.path}/threads`),
    },
    {
      does: 'opens a thread on a clause',
      expected: row(401, 403, 403, 201, 201, 201, 201),
      call: (api) => api.request('POST', `${doc.path}/threads`, { clauseId: doc.op, body: 'Replace "encourage" with "urge".' }),
    },
    {
      does: 'replies to a thread',
      expected: row(401, 403, 403, 201, 201, 201, 201),
      call: (api) => api.request('POST', `${doc.path}/threads/${shared.id}/comments`, { body: 'Support.' }),
    },
    {
      does: 'edits their own comment',
      expected: row(401, 403, 403, 200, 200, 200, 200),
      call: async (api, column) => api.request('PATCH', `${doc.path}/comments/${await ownComment(column)}`, { body: 'Edited.' }),
    },
    {
      does: "edits another member's comment",
      expected: row(401, 403, 403, 403, 403, 403, 403),
      call: (api) => api.request('PATCH', `${doc.path}/comments/${mysComment.id}`, { body: 'Not yours.' }),
    },
    {
      does: 'deletes their own comment',
      expected: row(401, 403, 403, 200, 200, 200, 200),
      call: async (api, column) => api.request('DELETE', `${doc.path}/comments/${await ownComment(column)}`),
    },
    {
      does: "deletes another member's comment",
      expected: row(401, 403, 403, 403, 403, 403, 403),
      call: (api) => api.request('DELETE', `${doc.path}/comments/${mysComment.id}`),
    },
    {
      does: 'resolves a thread',
      expected: row(401, 403, 403, 403, 403, 200, 403),
      call: async (api) => api.request('POST', `${doc.path}/threads/${(await openThread(n.mys.api, doc)).id}/resolve`, { note: 'Agreed to merge with OP5' }),
    },
    {
      does: 'reopens a thread',
      expected: row(401, 403, 403, 403, 403, 200, 403),
      call: async (api) => api.request('POST', `${doc.path}/threads/${(await resolved()).id}/reopen`),
    },
    {
      does: "sets a clause's status",
      expected: row(401, 403, 403, 403, 403, 200, 403),
      call: (api) => api.request('PUT', `${doc.path}/clauses/${doc.pp}/status`, { status: 'adRef' }),
    },
    {
      does: 'reads the clause statuses',
      expected: row(401, 403, 200, 200, 200, 200, 200),
      call: (api) => api.request('GET', `${doc.path}/clauses`),
    },
    {
      does: "reads the chair's desk",
      expected: row(401, 403, 200, 200, 200, 200, 200),
      call: (api) => api.request('GET', `${doc.path}/desk`),
    },
    {
      does: 'reads the audit log',
      expected: row(401, 403, 403, 403, 403, 200, 200),
      call: (api) => api.request('GET', `${doc.path}/audit`),
    },
    {
      does: "changes the document's settings",
      expected: row(401, 403, 403, 403, 403, 200, 200),
      // Asks for the setting as the column runs with, so a refused or allowed change leaves it so.
      call: (api, column) => api.request('PATCH', `${doc.path}/settings`, { observersMayComment: column === 'observerMayComment' }),
    },
    {
      does: 'follows the live event stream',
      expected: row(401, 403, 200, 200, 200, 200, 200),
      call: (api) => api.request('GET', `${doc.path}/events`),
    },
  ];

  beforeAll(async () => {
    doc = await newDocument('Permission matrix');
    shared = await openThread(n.mys.api, doc, 'Shall we discuss OP1?');
    mysComment = await reply(n.mys.api, doc, shared.id, 'MYS wrote this.');

    await n.secretariat.api.json('PATCH', `${doc.path}/settings`, { observersMayComment: true });
    observerComment = await reply(n.observer.api, doc, shared.id, 'An observer wrote this while allowed.');
    await n.secretariat.api.json('PATCH', `${doc.path}/settings`, { observersMayComment: false });

    await n.secretariat.api.json('PUT', `${doc.path}/members/${n.outsider.user.id}`, { role: 'delegate' });
    outsiderComment = await reply(n.outsider.api, doc, shared.id, 'Written before being removed.');
    await n.secretariat.api.json('DELETE', `${doc.path}/members/${n.outsider.user.id}`);
  });

  for (const { column, who } of COLUMNS) {
    describe(who, () => {
      if (column === 'observerMayComment') {
        beforeAll(async () => {
          await n.chair.api.json('PATCH', `${doc.path}/settings`, { observersMayComment: true });
        });
      }
      for (const route of routes) {
        const expected = route.expected[column];
        it(`${route.does}: ${expected}`, async () => {
          const res = await route.call(apiOf(column), column);
          let detail = '';
          if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
          else detail = await res.text();
          expect(res.status, `${who} ${route.does}: ${detail}`).toBe(expected);
          if (expected >= 400) expect((JSON.parse(detail) as ApiError).error.status).toBe(expected);
        });
      }
    });
  }

  it("nothing refused above left a trace: MYS's comment is as written and only the chair's and secretariat's reads and changes are in the log", async () => {
    const [thread] = await threads(n.chair.api, doc, `?clauseId=${doc.op}&status=open`).then((all) => all.filter((t) => t.id === shared.id));
    const comment = thread!.comments.find((c) => c.id === mysComment.id)!;
    expect(comment).toMatchObject({ body: 'MYS wrote this.', editedAt: null, deleted: false });
    const log = await auditLog(doc);
    const actors = new Set(log.filter((e) => e.action === 'thread.resolved' || e.action === 'thread.reopened' || e.action === 'clause.status').map((e) => e.actor?.name));
    expect([...actors]).toEqual([n.chair.user.name]);
    expect(log.filter((e) => e.action === 'document.settings').every((e) => e.actor?.name === n.chair.user.name || e.actor?.name === n.secretariat.user.name)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Validation

describe('bad requests get a clear 4xx and write nothing', () => {
  let doc: TestDocument;
  let other: TestDocument;
  let editor: CollabClient;
  let ppAnchor: Anchor;
  let opAnchor: Anchor;
  /** Around the same words, in the other document's copy of its operative paragraph. */
  let foreignAnchor: Anchor;

  beforeAll(async () => {
    doc = await newDocument('Validation');
    other = await newDocument('Another document');
    editor = join(doc.id, n.mys.api.cookie);
    await editor.synced();
    clauseText(editor.doc, 'preamble', 0).insert(0, 'Recalling the ASEAN Charter and its principles,');
    clauseText(editor.doc, 'operative', 0).insert(0, 'Encourage closer dialogue with civil society;');
    await untilServerHas(doc, (t) => t.includes('ASEAN Charter') && t.includes('civil society'), 'both paragraphs');
    ppAnchor = anchorAround(textById(editor.doc, doc.pp), 'the ASEAN Charter');
    opAnchor = anchorAround(textById(editor.doc, doc.op), 'closer dialogue');
    const elsewhere = join(other.id, n.mys.api.cookie);
    await elsewhere.synced();
    clauseText(elsewhere.doc, 'operative', 0).insert(0, 'Encourage closer dialogue with civil society;');
    foreignAnchor = anchorAround(textById(elsewhere.doc, other.op), 'closer dialogue');
    elsewhere.destroy();
  });

  it('refuses bad bodies and queries with 400 naming the field, and opens no thread', async () => {
    const before = await threads(n.chair.api, doc);
    const auditBefore = (await auditLog(doc)).length;
    const quote = (anchor: unknown, text = 'closer dialogue') => ({ clauseId: doc.op, body: 'On the quote.', quote: { text, anchor } });
    const cases: { what: string; method: string; path: string; body?: unknown; message: RegExp }[] = [
      { what: 'no body', method: 'POST', path: `${doc.path}/threads`, message: /clauseId|body/ },
      { what: 'an empty object', method: 'POST', path: `${doc.path}/threads`, body: {}, message: /clauseId: .*body: /s },
      { what: 'a blank comment', method: 'POST', path: `${doc.path}/threads`, body: { clauseId: doc.op, body: '  \n ' }, message: /body: must not be empty/ },
      { what: 'an unknown field', method: 'POST', path: `${doc.path}/threads`, body: { clauseId: doc.op, body: 'x', priority: 'high' }, message: /priority|unrecognized/i },
      { what: 'a comment over 10,000 characters', method: 'POST', path: `${doc.path}/threads`, body: { clauseId: doc.op, body: 'x'.repeat(10_001) }, message: /body: must be at most 10000/ },
      { what: 'a quote anchor that is not base64', method: 'POST', path: `${doc.path}/threads`, body: quote({ start: 'not base64!', end: opAnchor.end }), message: /quote\.anchor\.start: must be base64/ },
      { what: 'a quote anchor with an unknown field', method: 'POST', path: `${doc.path}/threads`, body: quote({ ...opAnchor, middle: opAnchor.start }), message: /middle|unrecognized/i },
      { what: 'a quote without words', method: 'POST', path: `${doc.path}/threads`, body: quote(opAnchor, ''), message: /quote\.text/ },
      { what: 'a quote anchor that is base64 but no position', method: 'POST', path: `${doc.path}/threads`, body: quote({ start: 'AAAA', end: 'AAAA' }), message: /quote\.anchor/ },
      { what: 'a quote anchor from another document', method: 'POST', path: `${doc.path}/threads`, body: quote(foreignAnchor), message: /quote\.anchor: must stand inside the clause/ },
      { what: 'a quote anchor standing in another clause', method: 'POST', path: `${doc.path}/threads`, body: quote(ppAnchor, 'the ASEAN Charter'), message: /quote\.anchor: must stand inside the clause/ },
      { what: 'a reply with an unknown field', method: 'POST', path: `${doc.path}/threads/${before[0]?.id ?? 't_x'}/comments`, body: { body: 'x', html: '<b>x</b>' }, message: /html|unrecognized/i },
      { what: 'a resolution note that is not text', method: 'POST', path: `${doc.path}/threads/t_any/resolve`, body: { note: 5 }, message: /note/ },
      { what: 'a bad status', method: 'PUT', path: `${doc.path}/clauses/${doc.op}/status`, body: { status: 'closed' }, message: /status/ },
      { what: 'no status', method: 'PUT', path: `${doc.path}/clauses/${doc.op}/status`, body: {}, message: /status/ },
      { what: 'a setting that is not a boolean', method: 'PATCH', path: `${doc.path}/settings`, body: { observersMayComment: 'yes' }, message: /observersMayComment/ },
      { what: 'an unknown setting', method: 'PATCH', path: `${doc.path}/settings`, body: { observersMayComment: true, public: true }, message: /public|unrecognized/i },
      { what: 'a bad thread status filter', method: 'GET', path: `${doc.path}/threads?status=pending`, message: /status/ },
    ];
    for (const c of cases) {
      const res = await n.chair.api.request(c.method, c.path, c.body);
      expect(res.status, c.what).toBe(400);
      const error = await errorOf(res);
      expect(error.message, c.what).toMatch(c.message);
    }
    expect(await threads(n.chair.api, doc)).toEqual(before);
    expect((await auditLog(doc)).length).toBe(auditBefore);
    expect((await n.chair.api.json<{ document: { observersMayComment: boolean } }>('GET', doc.path)).document.observersMayComment).toBe(false);
  });

  it('a thread on a clause that is not in the document is a 404, not a dangling thread', async () => {
    const before = await threads(n.mys.api, doc);
    for (const clauseId of ['c_doesnotexist0000000', other.op]) {
      const res = await n.mys.api.request('POST', `${doc.path}/threads`, { clauseId, body: 'Where is this paragraph?' });
      expect(res.status, clauseId).toBe(404);
      expect((await errorOf(res)).message).toMatch(/no clause/);
    }
    expect(await threads(n.mys.api, doc)).toEqual(before);
    const status = await n.chair.api.request('PUT', `${doc.path}/clauses/c_doesnotexist0000000/status`, { status: 'agreed' });
    expect(status.status).toBe(404);
    const clauses = await n.chair.api.json<{ clauses: ClauseState[] }>('GET', `${doc.path}/clauses`);
    expect(clauses.clauses.map((c) => c.clauseId)).not.toContain('c_doesnotexist0000000');
  });

  it('a quote standing in its clause is accepted and shows the quoted words', async () => {
    const { thread } = await n.mys.api.json<{ thread: Thread }>('POST', `${doc.path}/threads`, { clauseId: doc.op, body: 'Closer than what?', quote: { text: 'closer dialogue', anchor: opAnchor } }, 201);
    expect(thread.quote).toEqual({ text: 'closer dialogue', anchor: opAnchor, current: 'closer dialogue' });
  });

  it('replying to a resolved thread, resolving twice and reopening an open thread are conflicts (409)', async () => {
    const thread = await openThread(n.mys.api, doc);
    expect((await n.chair.api.request('POST', `${doc.path}/threads/${thread.id}/reopen`)).status).toBe(409);
    await n.chair.api.json('POST', `${doc.path}/threads/${thread.id}/resolve`, { note: 'Settled.' });
    const again = await n.chair.api.request('POST', `${doc.path}/threads/${thread.id}/resolve`, { note: 'Settled twice.' });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toMatch(/already resolved/);
    const late = await n.idn.api.request('POST', `${doc.path}/threads/${thread.id}/comments`, { body: 'One more thing.' });
    expect(late.status).toBe(409);
    expect((await errorOf(late)).message).toMatch(/resolved/);
    const [now] = (await threads(n.chair.api, doc)).filter((t) => t.id === thread.id);
    expect(now).toMatchObject({ status: 'resolved', resolution: { note: 'Settled.', by: { name: n.chair.user.name } } });
    expect(now!.comments).toHaveLength(1);
  });

  it('when the chair resolves the same thread twice at once, one resolution wins and the others are 409', async () => {
    for (let round = 0; round < 3; round++) {
      const thread = await openThread(n.mys.api, doc, `Round ${round}.`);
      const answers = await Promise.all(
        ['Agreed.', 'Agreed as amended.', 'Merged with OP5.'].map((note) => n.chair.api.request('POST', `${doc.path}/threads/${thread.id}/resolve`, { note })),
      );
      expect(answers.map((r) => r.status).sort(), `round ${round}`).toEqual([200, 409, 409]);
      const resolutions = (await auditLog(doc)).filter((e) => e.action === 'thread.resolved' && e.targetId === thread.id);
      expect(resolutions, `round ${round}`).toHaveLength(1);
    }
  });

  it('unknown threads and comments, and those of another document, are 404', async () => {
    const mine = await openThread(n.mys.api, doc);
    const elsewhere = await openThread(n.mys.api, other);
    const elsewhereComment = elsewhere.comments[0]!.id;
    const cases: [string, string, ApiClient, unknown?][] = [
      ['POST', `${doc.path}/threads/t_nope/comments`, n.mys.api, { body: 'Hello?' }],
      ['POST', `${doc.path}/threads/${elsewhere.id}/comments`, n.mys.api, { body: 'Hello?' }],
      ['POST', `${doc.path}/threads/t_nope/resolve`, n.chair.api, {}],
      ['POST', `${doc.path}/threads/${elsewhere.id}/resolve`, n.chair.api, {}],
      ['POST', `${doc.path}/threads/t_nope/reopen`, n.chair.api],
      ['PATCH', `${doc.path}/comments/cm_nope`, n.mys.api, { body: 'Edit.' }],
      ['PATCH', `${doc.path}/comments/${elsewhereComment}`, n.mys.api, { body: 'Edit.' }],
      ['DELETE', `${doc.path}/comments/cm_nope`, n.mys.api],
      ['DELETE', `${doc.path}/comments/${elsewhereComment}`, n.mys.api],
      ['GET', '/api/documents/doc_nope/threads', n.mys.api],
      ['POST', '/api/documents/doc_nope/threads', n.mys.api, { clauseId: doc.op, body: 'x' }],
      ['GET', '/api/documents/doc_nope/desk', n.mys.api],
    ];
    for (const [method, path, api, body] of cases) {
      const res = await api.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      await errorOf(res);
    }
    const [still] = (await threads(n.mys.api, other)).filter((t) => t.id === elsewhere.id);
    expect(still).toMatchObject({ status: 'open', comments: [{ body: elsewhere.comments[0]!.body, deleted: false, editedAt: null }] });
    expect((await threads(n.mys.api, doc)).find((t) => t.id === mine.id)?.comments).toHaveLength(1);
  });

  it('a thread can be filtered by status and clause', async () => {
    const onPp = await openThread(n.idn.api, doc, 'On the preamble.', doc.pp);
    const byClause = await threads(n.idn.api, doc, `?clauseId=${doc.pp}`);
    expect(byClause.map((t) => t.id)).toEqual([onPp.id]);
    const resolved = await threads(n.idn.api, doc, '?status=resolved');
    expect(resolved.length).toBeGreaterThan(0);
    expect(resolved.every((t) => t.status === 'resolved')).toBe(true);
    const open = await threads(n.idn.api, doc, `?status=open&clauseId=${doc.op}`);
    expect(open.every((t) => t.status === 'open' && t.clauseId === doc.op)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Comments

describe('comments', () => {
  let doc: TestDocument;

  beforeAll(async () => {
    doc = await newDocument('Comments');
  });

  it('a delegate edits her own comment: the body changes and it is marked edited', async () => {
    const thread = await openThread(n.mys.api, doc, 'Insert "and youth" after "women".');
    const first = thread.comments[0]!;
    expect(first).toMatchObject({ editedAt: null, deleted: false, author: { name: n.mys.user.name, delegation: { code: 'MYS' } } });
    const { comment } = await n.mys.api.json<{ comment: Comment }>('PATCH', `${doc.path}/comments/${first.id}`, { body: 'Insert "and youth" after "women and girls".' });
    expect(comment.body).toBe('Insert "and youth" after "women and girls".');
    expect(comment.editedAt).not.toBeNull();
    expect(comment.editedAt! >= first.createdAt).toBe(true);
    expect(comment.createdAt).toBe(first.createdAt);
    const [now] = (await threads(n.idn.api, doc)).filter((t) => t.id === thread.id);
    expect(now!.comments[0]).toEqual(comment);
  });

  it("another member may neither edit nor delete it, not even the chair or the secretariat", async () => {
    const thread = await openThread(n.mys.api, doc, 'Our wording stands.');
    const mine = thread.comments[0]!;
    for (const person of [n.idn, n.chair, n.secretariat]) {
      const edit = await person.api.request('PATCH', `${doc.path}/comments/${mine.id}`, { body: 'Someone else’s words.' });
      expect(edit.status, person.user.name).toBe(403);
      expect((await errorOf(edit)).message).toMatch(/author/);
      const del = await person.api.request('DELETE', `${doc.path}/comments/${mine.id}`);
      expect(del.status, person.user.name).toBe(403);
    }
    const [now] = (await threads(n.mys.api, doc)).filter((t) => t.id === thread.id);
    expect(now!.comments).toEqual([mine]);
  });

  it('a deleted comment leaves a "deleted" mark in its place, and can no longer be edited', async () => {
    const thread = await openThread(n.mys.api, doc, 'Can we agree on "prevent"?');
    const middle = await reply(n.idn.api, doc, thread.id, 'Indonesia prefers "counter".');
    const last = await reply(n.mys.api, doc, thread.id, 'Then "prevent and counter".');
    const { comment } = await n.idn.api.json<{ comment: Comment }>('DELETE', `${doc.path}/comments/${middle.id}`);
    expect(comment).toMatchObject({ id: middle.id, deleted: true, body: '', author: { name: n.idn.user.name, delegation: { code: 'IDN' } } });

    const [now] = (await threads(n.chair.api, doc)).filter((t) => t.id === thread.id);
    expect(now!.comments.map((c) => c.id)).toEqual([thread.comments[0]!.id, middle.id, last.id]);
    expect(now!.comments[1]).toMatchObject({ deleted: true, body: '', createdAt: middle.createdAt });
    expect(now!.comments[2]).toMatchObject({ deleted: false, body: 'Then "prevent and counter".' });
    expect(JSON.stringify(now)).not.toContain('Indonesia prefers');

    const edit = await n.idn.api.request('PATCH', `${doc.path}/comments/${middle.id}`, { body: 'Back again.' });
    expect(edit.status).toBe(409);
    const again = await n.idn.api.json<{ comment: Comment }>('DELETE', `${doc.path}/comments/${middle.id}`);
    expect(again.comment).toMatchObject({ deleted: true, body: '' });
  });

  it('bodies come back exactly as written, as plain text, never turned into HTML', async () => {
    const body = '<script>alert(1)</script>\nline two';
    const res = await n.mys.api.request('POST', `${doc.path}/threads`, { clauseId: doc.op, body });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const { thread } = (await res.json()) as { thread: Thread };
    expect(thread.comments[0]!.body).toBe(body);

    const withLink = 'See <b>the Manila text</b> & https://asean.org/?a=1&b=2\n\n— "quoted"';
    const replied = await reply(n.idn.api, doc, thread.id, withLink);
    expect(replied.body).toBe(withLink);
    const edited = await n.idn.api.json<{ comment: Comment }>('PATCH', `${doc.path}/comments/${replied.id}`, { body: `${withLink}\n<img src=x onerror=alert(2)>` });
    expect(edited.comment.body).toBe(`${withLink}\n<img src=x onerror=alert(2)>`);

    const [now] = (await threads(n.chair.api, doc)).filter((t) => t.id === thread.id);
    expect(now!.comments.map((c) => c.body)).toEqual([body, `${withLink}\n<img src=x onerror=alert(2)>`]);
    const raw = await (await n.chair.api.request('GET', `${doc.path}/threads`)).text();
    expect(raw).not.toContain('&lt;');
    expect(raw).not.toContain('<br');
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Quote anchors

describe('a quote follows its words', () => {
  it('through concurrent edits from two delegations, and says so once the words are deleted', async () => {
    const doc = await newDocument('Quote anchors');
    const a = join(doc.id, n.mys.api.cookie);
    const b = join(doc.id, n.idn.api.cookie);
    await Promise.all([a.synced(), b.synced()]);

    const original = 'Encourage closer dialogue with civil society organisations;';
    clauseText(a.doc, 'operative', 0).insert(0, original);
    await waitFor(() => textById(b.doc, doc.op)?.toString() === original, 'the text to reach the second delegate');
    await untilServerHas(doc, (t) => t.includes(original), 'the clause text');

    const words = 'dialogue with civil';
    const anchor = anchorAround(textById(a.doc, doc.op), words);
    const { thread } = await n.mys.api.json<{ thread: Thread }>('POST', `${doc.path}/threads`, { clauseId: doc.op, body: 'Which dialogue?', quote: { text: words, anchor } }, 201);
    expect(thread.quote).toEqual({ text: words, anchor, current: words });

    // Neither client has seen the other's edits when it makes its own.
    const ta = textById(a.doc, doc.op);
    const tb = textById(b.doc, doc.op);
    ta.insert(0, 'Strongly ');
    ta.insert(ta.toString().indexOf('organisations'), 'and academic ');
    tb.insert(0, 'Further ');
    tb.insert(tb.toString().indexOf('closer'), 'much ');
    tb.insert(tb.length, ' and the private sector');
    await waitFor(() => ta.toString() === tb.toString() && ta.toString().includes('Strongly') && tb.toString().includes('academic'), 'the two copies to converge');
    const merged = ta.toString();
    expect(merged).toMatch(/Strongly .*Further |Further .*Strongly /);
    expect(merged).toContain('much closer dialogue with civil society and academic organisations; and the private sector');
    await untilServerHas(doc, (t) => t.includes(merged), 'the merged clause');

    let [now] = await threads(n.chair.api, doc, `?clauseId=${doc.op}`);
    expect(now!.quote).toEqual({ text: words, anchor, current: words });

    ta.delete(merged.indexOf(words), words.length);
    await waitFor(() => !tb.toString().includes(words), 'the deletion to reach the second delegate');
    await untilServerHas(doc, (t) => t.includes('much closer  society'), 'the deletion');
    [now] = await threads(n.chair.api, doc, `?clauseId=${doc.op}`);
    expect(now!.quote).toEqual({ text: words, anchor, current: null });
    a.destroy();
    b.destroy();
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Live events

type EventOf<T extends DocumentEvent['type']> = Extract<DocumentEvent, { type: T }>;

describe('every open copy hears of discussion and status changes', () => {
  let doc: TestDocument;

  beforeAll(async () => {
    doc = await newDocument('Live events');
  });

  it('a thread, a reply, a resolution and a status change reach two other members within a second', async () => {
    const delegate = await subscribe(doc.id, n.mys.api.cookie);
    const observer = await subscribe(doc.id, n.observer.api.cookie);
    expect(delegate.status).toBe(200);
    const both = <T extends DocumentEvent['type']>(type: T, match: (e: EventOf<T>) => boolean) =>
      Promise.all([delegate.next<EventOf<T>>(type, match), observer.next<EventOf<T>>(type, match)]);

    const thread = await openThread(n.idn.api, doc, 'Indonesia proposes "prevent and counter".');
    const [opened] = await both('thread', (e) => e.thread.id === thread.id && e.thread.comments.length === 1);
    expect(opened.thread).toMatchObject({ clauseId: doc.op, status: 'open', createdBy: { name: n.idn.user.name, delegation: { code: 'IDN' } } });
    expect(opened.thread.comments[0]!.body).toBe('Indonesia proposes "prevent and counter".');

    const answer = await reply(n.chair.api, doc, thread.id, 'The chair invites views.');
    const [replied, repliedToo] = await both('thread', (e) => e.thread.id === thread.id && e.thread.comments.length === 2);
    expect(replied.thread.comments[1]).toEqual(answer);
    expect(repliedToo).toEqual(replied);

    await n.chair.api.json('POST', `${doc.path}/threads/${thread.id}/resolve`, { note: 'Agreed to merge with OP5' });
    const [resolved] = await both('thread', (e) => e.thread.id === thread.id && e.thread.status === 'resolved');
    expect(resolved.thread.resolution).toMatchObject({ note: 'Agreed to merge with OP5', by: { name: n.chair.user.name, delegation: { code: 'PHL' } } });

    await n.chair.api.json('PUT', `${doc.path}/clauses/${doc.op}/status`, { status: 'adRef' });
    const [status, statusToo] = await both('clauseStatus', (e) => e.clause.clauseId === doc.op);
    expect(status.clause).toMatchObject({ clauseId: doc.op, status: 'adRef', updatedBy: { name: n.chair.user.name } });
    expect(statusToo).toEqual(status);

    await n.chair.api.json('PATCH', `${doc.path}/settings`, { observersMayComment: true });
    await both('settings', (e) => e.observersMayComment);
    delegate.close();
    observer.close();
  });

  it("a removed member's stream ends, while the others' goes on; they may not open it again", async () => {
    const staying = await subscribe(doc.id, n.mys.api.cookie);
    const leaving = await subscribe(doc.id, n.observer.api.cookie);
    await n.secretariat.api.json('DELETE', `${doc.path}/members/${n.observer.user.id}`);
    expect(await leaving.endsWithin(1_000)).toBe(true);

    const thread = await openThread(n.idn.api, doc, 'After the observer left.');
    await staying.next<EventOf<'thread'>>('thread', (e) => e.thread.id === thread.id);
    expect(leaving.events.some((e) => e.type === 'thread' && (e.data as EventOf<'thread'>).thread.id === thread.id)).toBe(false);
    expect(staying.endedAt).toBeNull();

    const again = await n.observer.api.request('GET', `${doc.path}/events`);
    expect(again.status).toBe(403);
    await again.body?.cancel();
    staying.close();
  });

  it("signing out ends that session's stream, not the same person's other sessions", async () => {
    const second = new ApiClient(server.url);
    await second.signIn(n.idn.user.email);
    const signingOut = await subscribe(doc.id, second.cookie);
    const otherSession = await subscribe(doc.id, n.idn.api.cookie);
    const cookie = second.cookie;
    await second.json('POST', '/api/auth/sign-out');
    expect(await signingOut.endsWithin(1_000)).toBe(true);

    const thread = await openThread(n.mys.api, doc, 'After IDN signed out elsewhere.');
    await otherSession.next<EventOf<'thread'>>('thread', (e) => e.thread.id === thread.id);
    expect(otherSession.endedAt).toBeNull();
    const stale = await fetch(`${server.url}${doc.path}/events`, { headers: { cookie } });
    expect(stale.status).toBe(401);
    await stale.body?.cancel();
    otherSession.close();
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Audit

describe('the audit log', () => {
  it('records every discussion and status action with actor, delegation and target; the chair and the secretariat read it, delegates do not', async () => {
    const doc = await newDocument('Audit');
    const thread = await openThread(n.mys.api, doc, 'Malaysia opens.');
    const answer = await reply(n.idn.api, doc, thread.id, 'Indonesia answers.');
    await n.mys.api.json('PATCH', `${doc.path}/comments/${thread.comments[0]!.id}`, { body: 'Malaysia opens, revised.' });
    await n.idn.api.json('DELETE', `${doc.path}/comments/${answer.id}`);
    await n.chair.api.json('POST', `${doc.path}/threads/${thread.id}/resolve`, { note: 'Agreed to merge with OP5' });
    await n.chair.api.json('POST', `${doc.path}/threads/${thread.id}/reopen`);
    await n.chair.api.json('PUT', `${doc.path}/clauses/${doc.pp}/status`, { status: 'agreed' });

    const log = await auditLog(doc, n.chair.api);
    const mys = { name: n.mys.user.name, delegation: { code: 'MYS' } };
    const idn = { name: n.idn.user.name, delegation: { code: 'IDN' } };
    const chair = { name: n.chair.user.name, delegation: { code: 'PHL' } };
    const expected = [
      { action: 'thread.opened', actor: mys, targetType: 'thread', targetId: thread.id, detail: { clauseId: doc.op } },
      { action: 'comment.added', actor: idn, targetType: 'comment', targetId: answer.id, detail: { threadId: thread.id } },
      { action: 'comment.edited', actor: mys, targetType: 'comment', targetId: thread.comments[0]!.id, detail: { threadId: thread.id } },
      { action: 'comment.deleted', actor: idn, targetType: 'comment', targetId: answer.id, detail: { threadId: thread.id } },
      { action: 'thread.resolved', actor: chair, targetType: 'thread', targetId: thread.id, detail: { note: 'Agreed to merge with OP5' } },
      { action: 'thread.reopened', actor: chair, targetType: 'thread', targetId: thread.id },
      { action: 'clause.status', actor: chair, targetType: 'clause', targetId: doc.pp, detail: { from: 'open', to: 'agreed' } },
    ];
    // Newest first.
    expect(log.map((e) => e.action)).toEqual(expected.map((e) => e.action).reverse());
    expect([...log].reverse()).toMatchObject(expected);
    for (const e of log) expect(Number.isNaN(Date.parse(e.createdAt)), e.action).toBe(false);
    expect(JSON.stringify(log)).not.toContain('Indonesia answers.');

    expect(await auditLog(doc, n.secretariat.api)).toEqual(log);
    for (const person of [n.mys, n.idn, n.observer]) {
      expect((await person.api.request('GET', `${doc.path}/audit`)).status, person.user.name).toBe(403);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 7. The chair's desk

describe("the chair's desk", () => {
  let doc: TestDocument;
  let ids: string[];

  beforeAll(async () => {
    doc = await newDocument('Desk');
    const chair = join(doc.id, n.chair.api.cookie);
    await chair.synced();
    clauseText(chair.doc, 'preamble', 0).insert(0, 'Recalling the ASEAN Charter,');
    clauseText(chair.doc, 'operative', 0).insert(0, 'Encourage Member States to develop National Action Plans;');
    addClause(chair.doc, 'preamble', 'Recognising the role of women in peacebuilding,');
    addClause(chair.doc, 'operative', 'Call for closer dialogue with civil society;');
    addClause(chair.doc, 'operative', 'Invite dialogue partners to support these efforts;');
    addClause(chair.doc, 'operative', 'Decide to remain seized of the matter.');
    ids = (['preamble', 'operative'] as const).flatMap((name) => part(chair.doc, name).toArray().map((c) => (c as Y.XmlElement).getAttribute('id') as string));
    await untilServerHas(doc, (t) => t.includes('remain seized'), 'all six paragraphs');
    chair.destroy();
  });

  async function desk(api = n.chair.api): Promise<Desk> {
    return api.json<Desk>('GET', `${doc.path}/desk`);
  }

  it('counts the clauses by status, and the counts add up to the clauses', async () => {
    const before = await desk();
    expect(before.clauses.map((c) => c.clauseId)).toEqual(ids);
    expect(before.total).toBe(6);
    expect(before.counts).toEqual({ open: 6, adRef: 0, agreed: 0 });
    expect(before.clauses.map((c) => c.kind)).toEqual(['preambular', 'preambular', 'operative', 'operative', 'operative', 'operative']);
    expect(before.clauses[0]).toMatchObject({ excerpt: 'Recalling the ASEAN Charter,', status: 'open', openThreads: 0 });

    for (const [id, status] of [[ids[0], 'agreed'], [ids[2], 'agreed'], [ids[3], 'adRef'], [ids[4], 'agreed'], [ids[4], 'open']] as const) {
      await n.chair.api.json('PUT', `${doc.path}/clauses/${id}/status`, { status });
    }
    const after = await desk(n.mys.api);
    expect(after.total).toBe(6);
    expect(after.counts).toEqual({ open: 3, adRef: 1, agreed: 2 });
    expect(after.clauses.map((c) => c.status)).toEqual(['agreed', 'open', 'agreed', 'adRef', 'open', 'open']);
    const { clauses } = await n.mys.api.json<{ clauses: ClauseState[] }>('GET', `${doc.path}/clauses`);
    for (const c of after.clauses) expect(clauses.find((s) => s.clauseId === c.clauseId)?.status ?? 'open', c.label).toBe(c.status);
    expect(clauses.find((s) => s.clauseId === ids[3])).toMatchObject({ status: 'adRef', updatedBy: { name: n.chair.user.name, delegation: { code: 'PHL' } } });
  });

  it('shows open threads per clause', async () => {
    const t1 = await openThread(n.mys.api, doc, 'First on OP1.', ids[2]);
    await openThread(n.idn.api, doc, 'Second on OP1.', ids[2]);
    await openThread(n.idn.api, doc, 'On OP2.', ids[3]);
    await n.chair.api.json('POST', `${doc.path}/threads/${t1.id}/resolve`, {});
    const now = await desk();
    expect(now.clauses.map((c) => c.openThreads)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(now.recentActivity[0]).toMatchObject({ action: 'thread.resolved', targetId: t1.id });
    await n.chair.api.json('POST', `${doc.path}/threads/${t1.id}/reopen`);
    expect((await desk()).clauses.map((c) => c.openThreads)).toEqual([0, 0, 2, 1, 0, 0]);
  });

  it("lists a delegate's unanswered thread, oldest first, and drops it once the chair replies", async () => {
    const fresh = await newDocument('Desk, unanswered');
    const waiting = await openThread(n.mys.api, fresh, 'Malaysia waits for the chair.', fresh.op);
    await new Promise((r) => setTimeout(r, 5));
    const later = await openThread(n.idn.api, fresh, 'Indonesia waits too.', fresh.pp);
    await openThread(n.chair.api, fresh, 'The chair asks a question.', fresh.op);
    const unanswered = async () => (await n.idn.api.json<Desk>('GET', `${fresh.path}/desk`)).oldestUnanswered;

    let list = await unanswered();
    expect(list.map((u) => u.threadId)).toEqual([waiting.id, later.id]);
    expect(list[0]).toMatchObject({ clauseId: fresh.op, by: { name: n.mys.user.name, delegation: { code: 'MYS' } }, since: waiting.createdAt });
    const label = (await n.chair.api.json<Desk>('GET', `${fresh.path}/desk`)).clauses.find((c) => c.clauseId === fresh.op)!.label;
    expect(list[0]!.label).toBe(label);

    await reply(n.chair.api, fresh, waiting.id, 'The chair will consult.');
    list = await unanswered();
    expect(list.map((u) => u.threadId)).toEqual([later.id]);

    const again = await reply(n.mys.api, fresh, waiting.id, 'Malaysia follows up.');
    list = await unanswered();
    expect(list.map((u) => u.threadId)).toEqual([later.id, waiting.id]);
    expect(list[1]).toMatchObject({ since: again.createdAt, by: { name: n.mys.user.name } });

    await n.chair.api.json('POST', `${fresh.path}/threads/${later.id}/resolve`, { note: 'Taken up in OP1.' });
    expect((await unanswered()).map((u) => u.threadId)).toEqual([waiting.id]);
  });
});

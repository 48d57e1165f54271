import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestCluster } from '../helpers/cluster.js';
import { ApiClient, negotiation, type Negotiation } from '../helpers/api.js';
import {
  addOperativeClause,
  attempt,
  clauseText,
  collabClient,
  operativeClauseBody,
  operativeClauseText,
  operativePart,
  serverCopy,
  syncRoundTrip,
  upgradeStatus,
  waitFor,
  type CollabClient,
} from '../helpers/collab.js';
import { EventStream } from '../helpers/events.js';
import type { TestServer } from '../helpers/server.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { CloseCode } from '../../shared/close-codes.js';

// Two instances on one PostgreSQL database and one Redis, each in its own process: people of one
// document connected to different instances work on one text, as they would on one server.

let cluster: TestCluster;
let a: TestServer;
let b: TestServer;
let n: Negotiation;
const clients: CollabClient[] = [];

function join(instance: TestServer, cookie: string, documentId = n.documentId): CollabClient {
  const client = collabClient(instance.wsUrl, documentId, cookie, instance.origin);
  clients.push(client);
  return client;
}

/** The same person's session, talking to another instance (sessions live in the shared database). */
function on(instance: TestServer, api: ApiClient): ApiClient {
  const other = new ApiClient(instance.url);
  other.cookie = api.cookie;
  return other;
}





beforeAll(async () => {
  cluster = await TestCluster.start(2);
  [a, b] = cluster.instances as [TestServer, TestServer];
  n = await negotiation(a.url);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await cluster?.stop();
});

describe('one document, two instances', () => {
  it('edits made through either instance reach everyone, and both instances store the same text', async () => {
    const chair = join(a, n.chair.api.cookie);
    const delegate = join(b, n.mys.api.cookie);
    await Promise.all([chair.synced(), delegate.synced()]);
    const first = addOperativeClause(chair.doc, 'Encourage closer dialogue with civil society;');
    await waitFor(() => operativeClauseText(delegate.doc, first) !== null, 'the chair\'s paragraph to reach the delegate on the other instance');
    operativeClauseBody(delegate.doc, first)!.insert(0, 'Strongly ');
    await waitFor(() => operativeClauseText(chair.doc, first)?.startsWith('Strongly ') === true, 'the delegate\'s words to reach the chair on the other instance');
    // Typed at the same moment on both instances: both orders of the log converge.
    for (let i = 0; i < 20; i++) {
      operativeClauseBody(chair.doc, first)!.insert(operativeClauseBody(chair.doc, first)!.length, ` c${i}`);
      operativeClauseBody(delegate.doc, first)!.insert(0, `d${i} `);
    }
    await waitFor(() => operativeClauseText(chair.doc, first) === operativeClauseText(delegate.doc, first) && operativeClauseText(chair.doc, first)!.includes('c19') && operativeClauseText(chair.doc, first)!.includes('d19'), 'both copies to converge');
    const viaA = await serverCopy(a.wsUrl, n.documentId, n.idn.api.cookie, a.origin);
    const viaB = await serverCopy(b.wsUrl, n.documentId, n.idn.api.cookie, b.origin);
    expect(operativeClauseText(viaA, first)).toBe(operativeClauseText(chair.doc, first));
    expect(operativeClauseText(viaB, first)).toBe(operativeClauseText(chair.doc, first));
    // What each instance renders from its text (GET /text reads the room) is the same.
    const [textA, textB] = await Promise.all([on(a, n.idn.api).request('GET', `/api/documents/${n.documentId}/text`), on(b, n.idn.api).request('GET', `/api/documents/${n.documentId}/text`)]);
    expect(await textA.text()).toBe(await textB.text());
  });

  it('carets and presence of people on the other instance are seen, stamped with who they are', async () => {
    const here = join(a, n.chair.api.cookie);
    const there = join(b, n.idn.api.cookie);
    await Promise.all([here.synced(), there.synced()]);
    there.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
    await waitFor(() => here.provider.awareness.getStates().get(there.doc.clientID)?.cursor !== undefined, 'the caret from the other instance');
    // The server stamps the person, on whichever instance they are: not what the page claimed.
    expect(here.provider.awareness.getStates().get(there.doc.clientID)?.user).toMatchObject({ name: 'Budi Santoso' });
    there.destroy();
    await waitFor(() => !here.provider.awareness.getStates().has(there.doc.clientID), 'the caret to go when its socket closes on the other instance');
  });

  it('live events published through one instance reach streams on the other', async () => {
    const stream = await EventStream.open(b.url, `/api/documents/${n.documentId}/events`, n.idn.api.cookie);
    try {
      const writer = join(a, n.chair.api.cookie);
      await writer.synced();
      const clauseId = addOperativeClause(writer.doc, 'Recognise the role of women in preventing violent extremism;');
      await syncRoundTrip(writer);
      const posted = await n.chair.api.json<{ thread: { id: string } }>('POST', `/api/documents/${n.documentId}/threads`, { clauseId, body: 'Replace "recognise" with "affirm".' }, 201);
      const heard = await stream.next<{ thread: { id: string } }>('thread', (t) => t.thread.id === posted.thread.id, 5_000);
      expect(heard.thread.id).toBe(posted.thread.id);
    } finally {
      stream.close();
    }
  });

  it('a clause the chair agreed through one instance is locked on the other as soon as the chair has the answer', async () => {
    const chair = join(a, n.chair.api.cookie);
    const delegate = join(b, n.mys.api.cookie);
    await Promise.all([chair.synced(), delegate.synced()]);
    const clauseId = addOperativeClause(chair.doc, 'Call upon Member States to develop National Action Plans;');
    await waitFor(() => operativeClauseText(delegate.doc, clauseId) !== null, 'the paragraph to reach the other instance');
    const res = await n.chair.api.request('PUT', `/api/documents/${n.documentId}/clauses/${clauseId}/status`, { status: 'agreed' });
    expect(res.status).toBe(200);
    // No waiting: the instant the chair has the answer, the other instance refuses.
    const close = await attempt(b.wsUrl, n.documentId, n.mys.api.cookie, b.origin, (doc) => operativeClauseBody(doc, clauseId)!.insert(0, 'NOT '));
    expect(close).toMatchObject({ code: CloseCode.refused });
    const copy = await serverCopy(b.wsUrl, n.documentId, n.idn.api.cookie, b.origin);
    expect(operativeClauseText(copy, clauseId)).toBe('Call upon Member States to develop National Action Plans;');
  });

  it('the amendments-only phase the chair set through one instance holds on the other at once', async () => {
    const chair = join(a, n.chair.api.cookie);
    await chair.synced();
    const clauseId = addOperativeClause(chair.doc, 'Encourage closer dialogue with academia;');
    await syncRoundTrip(chair);
    await n.chair.api.json('PATCH', `/api/documents/${n.documentId}/settings`, { editingPhase: 'amendments' });
    const close = await attempt(b.wsUrl, n.documentId, n.mys.api.cookie, b.origin, (doc) => operativeClauseBody(doc, clauseId)!.insert(0, 'Strongly '));
    expect(close).toMatchObject({ code: CloseCode.refused });
    expect(operativeClauseText(await serverCopy(b.wsUrl, n.documentId, n.idn.api.cookie, b.origin), clauseId)).toBe('Encourage closer dialogue with academia;');
    await n.chair.api.json('PATCH', `/api/documents/${n.documentId}/settings`, { editingPhase: 'direct' });
    expect(await attempt(b.wsUrl, n.documentId, n.mys.api.cookie, b.origin, (doc) => operativeClauseBody(doc, clauseId)!.insert(0, 'Strongly '))).toBeNull();
  });

  it('signing out through one instance closes the sockets that session holds on the other', async () => {
    const api = new ApiClient(a.url);
    await api.signIn('budi@kemlu.example');
    const socket = join(b, api.cookie);
    await socket.synced();
    const res = await api.request('POST', '/api/auth/sign-out');
    expect(res.status).toBeLessThan(300);
    await waitFor(() => socket.closes.some((c) => c.code === CloseCode.sessionEnded), 'the socket on the other instance to close');
    socket.provider.disconnect();
  });

  it('removing a member through one instance closes their socket on the other, and they cannot reconnect there', async () => {
    const api = new ApiClient(a.url);
    await api.signIn('expert@unwomen.example');
    const socket = join(b, api.cookie);
    await socket.synced();
    await n.secretariat.api.json('DELETE', `/api/documents/${n.documentId}/members/${n.observer.user.id}`);
    await waitFor(() => socket.closes.some((c) => c.code === CloseCode.accessRevoked), 'the socket on the other instance to close with 4403');
    socket.provider.disconnect();
    expect(await upgradeStatus(`${b.wsUrl}/${n.documentId}`, { origin: b.origin, cookie: api.cookie })).toBe(403);
  });

  it("a delegate's role changed through one instance makes their socket on the other reconnect with it: as an observer, nothing typed is stored", async () => {
    const api = new ApiClient(a.url);
    await api.signIn('budi@kemlu.example');
    const socket = join(b, api.cookie);
    await socket.synced();
    // The provider is y-websocket's own, unmodified: 4509 is in the range it reconnects after.
    const before = clauseText(socket.doc, 'operative', 0).toString();
    await n.secretariat.api.json('PUT', `/api/documents/${n.documentId}/members/${n.idn.user.id}`, { role: 'observer' });
    await waitFor(() => socket.closes.some((c) => c.code === CloseCode.roleChanged), 'the socket on the other instance to be told of the new role');
    await socket.synced();
    clauseText(socket.doc, 'operative', 0).insert(0, 'AS AN OBSERVER ');
    await syncRoundTrip(socket);
    for (const instance of [a, b]) {
      expect(clauseText(await serverCopy(instance.wsUrl, n.documentId, n.chair.api.cookie, instance.origin), 'operative', 0).toString()).toBe(before);
    }
    await n.secretariat.api.json('PUT', `/api/documents/${n.documentId}/members/${n.idn.user.id}`, { role: 'delegate' });
  });

  it('silence started through one instance freezes the text on the other: its sockets reconnect read-only and nothing typed there is stored', async () => {
    const chair = join(a, n.chair.api.cookie);
    const delegate = join(b, n.mys.api.cookie);
    await Promise.all([chair.synced(), delegate.synced()]);
    clauseText(chair.doc, 'preamble', 0).insert(0, 'Recalling the ASEAN Charter;');
    clauseText(chair.doc, 'operative', 0).insert(0, 'Agree to strengthen cooperation;');
    await syncRoundTrip(chair);
    const stream = await EventStream.open(b.url, `/api/documents/${n.documentId}/events`, n.idn.api.cookie);
    try {
      await n.chair.api.json('POST', `/api/documents/${n.documentId}/silence`, { deadline: new Date(Date.now() + 3_600_000).toISOString() }, 201);
      await stream.next<{ status: string }>('status', (e) => e.status === 'silence', 5_000);
      await waitFor(() => delegate.closes.some((c) => c.code === CloseCode.statusChanged), 'the socket on the other instance to be told about silence');
      await delegate.synced();
      const before = await (await on(b, n.idn.api).request('GET', `/api/documents/${n.documentId}/text`)).text();
      operativeClauseBody(delegate.doc, clauseIdsOf(delegate.doc)[0]!)!.insert(0, 'UNDER SILENCE ');
      await syncRoundTrip(delegate);
      const copyA = await serverCopy(a.wsUrl, n.documentId, n.idn.api.cookie, a.origin);
      const copyB = await serverCopy(b.wsUrl, n.documentId, n.idn.api.cookie, b.origin);
      for (const copy of [copyA, copyB]) expect(copy.getXmlFragment(FRAGMENT).toString()).not.toContain('UNDER SILENCE');
      expect(await (await on(a, n.idn.api).request('GET', `/api/documents/${n.documentId}/text`)).text()).toBe(before);
    } finally {
      stream.close();
    }
  });
});

function clauseIdsOf(doc: Y.Doc): string[] {
  return operativePart(doc)
    .toArray()
    .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
    .map((c) => c.getAttribute('id') as string);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import { BalancedCluster, answeringUpstream } from '../helpers/nginx.js';
import { ApiClient, negotiation, type Negotiation, type Person } from '../helpers/api.js';
import { clausePlainText, clauseText, collabClient, serverCopy, syncRoundTrip, upgradeStatus, waitFor, type CollabClient } from '../helpers/collab.js';
import { EventStream } from '../helpers/events.js';
import type { DocumentSummary, User } from '../../shared/api/types.js';
import type { Desk, DocumentEvent, Thread } from '../../shared/api/discussion.js';

// Two instances behind a real nginx (docs/nginx.conf), round robin, no stickiness: whichever instance
// nginx picks for a request, a socket or an event stream, the person is served as by one server.

let balanced: BalancedCluster;
let n: Negotiation;
const clients: CollabClient[] = [];
const streams: EventStream[] = [];

beforeAll(async () => {
  balanced = await BalancedCluster.start(2);
  n = await negotiation(balanced.nginx.url);
});

afterAll(async () => {
  for (const s of streams) s.close();
  for (const c of clients) c.destroy();
  await balanced?.stop();
});

const FOREIGN_ORIGIN = 'https://drafts.attacker.example';

/** The instance that answered (host:port), from the X-Accord-Upstream nginx tags responses with. */
function servedBy(res: Response): string {
  const upstream = res.headers.get('x-accord-upstream');
  if (!upstream) throw new Error(`no X-Accord-Upstream on ${res.status} ${res.url}`);
  return answeringUpstream(upstream);
}

/**
 * Repeats `request` until both instances have answered it (round robin takes turns, so two or three
 * tries), and returns every answer. A request that never reaches one of them fails the test.
 */
async function onEveryInstance<T>(request: () => Promise<{ upstream: string; value: T }>): Promise<{ upstream: string; value: T }[]> {
  const answers: { upstream: string; value: T }[] = [];
  for (let tries = 0; tries < 8; tries++) {
    answers.push(await request());
    if (balanced.upstreams.every((u) => answers.some((a) => a.upstream === u))) return answers;
  }
  throw new Error(`not served by every instance (${balanced.upstreams.join(', ')}): ${answers.map((a) => a.upstream).join(', ')}`);
}

/** A new draft with the negotiation's chair and both delegates as members, made through nginx. */
async function newDocument(title: string): Promise<{ id: string; path: string; op: string }> {
  const sec = n.secretariat.api;
  const { document } = await sec.json<{ document: DocumentSummary }>('POST', '/api/documents', { title, numbering: 'all' }, 201);
  const path = `/api/documents/${document.id}`;
  for (const [p, role] of [[n.chair, 'chair'], [n.mys, 'delegate'], [n.idn, 'delegate']] as [Person, string][]) {
    await sec.json('PUT', `${path}/members/${p.user.id}`, { role });
  }
  const desk = await n.chair.api.json<Desk>('GET', `${path}/desk`);
  return { id: document.id, path, op: desk.clauses.find((c) => c.kind === 'operative')!.clauseId };
}

function join(documentId: string, person: Person, origin = balanced.nginx.origin): CollabClient {
  const client = collabClient(balanced.nginx.wsUrl, documentId, person.api.cookie, origin);
  clients.push(client);
  return client;
}

describe('a plain round-robin load balancer in front of two instances', () => {
  it('sends requests to both instances in turn, with no stickiness', async () => {
    const upstreams = [];
    for (let i = 0; i < 6; i++) upstreams.push(servedBy(await n.mys.api.request('GET', '/api/me')));
    expect(new Set(upstreams)).toEqual(new Set(balanced.upstreams));
    // Round robin with one nginx worker: strictly in turn, whatever connection the client reuses.
    for (let i = 1; i < upstreams.length; i++) expect(upstreams[i]).not.toBe(upstreams[i - 1]);
    // nginx's own log says the same.
    const logged = balanced.nginx.requests().filter((r) => r.uri === '/api/me' && r.status === 200);
    expect(new Set(logged.map((r) => r.upstream))).toEqual(new Set(balanced.upstreams));
  });

  it('keeps a person signed in through nginx whichever instance serves each request, and signed out on all once they sign out', async () => {
    const api = new ApiClient(balanced.nginx.url);
    const signIn = await api.request('POST', '/api/auth/sign-in', { email: n.idn.user.email, password: 'accord-test-password' }, { origin: balanced.nginx.origin });
    expect(signIn.status).toBe(200);
    expect(api.cookie).not.toBe('');

    const me = await onEveryInstance(async () => {
      const res = await api.request('GET', '/api/me');
      return { upstream: servedBy(res), value: { status: res.status, body: (await res.json()) as { user: User | null } } };
    });
    for (const { value } of me) {
      expect(value.status).toBe(200);
      expect(value.body.user?.email).toBe(n.idn.user.email);
    }
    const documents = await onEveryInstance(async () => {
      const res = await api.request('GET', `/api/documents/${n.documentId}`);
      return { upstream: servedBy(res), value: res.status };
    });
    expect(documents.map((d) => d.value)).toEqual(documents.map(() => 200));

    const signOut = await api.request('POST', '/api/auth/sign-out', undefined, { origin: balanced.nginx.origin });
    expect(signOut.status).toBeLessThan(300);
    // The session is gone from PostgreSQL: no instance takes the old cookie.
    const stale = new ApiClient(balanced.nginx.url);
    stale.cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('accord_session='))!;
    const after = await onEveryInstance(async () => {
      const res = await stale.request('GET', `/api/documents/${n.documentId}`);
      return { upstream: servedBy(res), value: res.status };
    });
    expect(after.map((a) => a.value)).toEqual(after.map(() => 401));
  });

  it("takes writes that carry nginx's origin on every instance and refuses a foreign origin on every instance", async () => {
    const doc = await newDocument('Plan of Action on Maritime Cooperation');
    const openThread = async (body: string, origin: string) => {
      const res = await n.mys.api.request('POST', `${doc.path}/threads`, { clauseId: doc.op, body }, { origin });
      return { upstream: servedBy(res), value: { status: res.status, body } };
    };
    let count = 0;
    const taken = await onEveryInstance(() => openThread(`Taken ${++count}`, balanced.nginx.origin));
    const refused = await onEveryInstance(() => openThread(`Refused ${++count}`, FOREIGN_ORIGIN));
    // An instance's own address is not the public one either: behind nginx, PUBLIC_URL is.
    const direct = await onEveryInstance(() => openThread(`Direct ${++count}`, `http://${balanced.upstreams[0]}`));
    expect(taken.map((t) => t.value.status)).toEqual(taken.map(() => 201));
    expect([...refused, ...direct].map((r) => r.value.status)).toEqual([...refused, ...direct].map(() => 403));

    // Read back through nginx: the taken threads are there, the refused ones never were.
    const { threads } = await n.chair.api.json<{ threads: Thread[] }>('GET', `${doc.path}/threads`);
    const bodies = threads.map((t) => t.comments[0]?.body).sort();
    expect(bodies).toEqual(taken.map((t) => t.value.body).sort());

    // The socket upgrade checks Origin too, on both instances.
    const url = `${balanced.nginx.wsUrl}/${doc.id}`;
    const foreign = [];
    for (let i = 0; i < 4; i++) foreign.push(await upgradeStatus(url, { cookie: n.mys.api.cookie, origin: FOREIGN_ORIGIN }));
    expect(foreign).toEqual([403, 403, 403, 403]);
    await expect
      .poll(() => new Set(balanced.nginx.requests().filter((r) => r.uri === `/collab/${doc.id}` && r.status === 403).map((r) => r.upstream)))
      .toEqual(new Set(balanced.upstreams));
    expect(await upgradeStatus(url, { cookie: n.mys.api.cookie, origin: balanced.nginx.origin })).toBe(101);
  });

  it('opens a collaboration socket through nginx, syncs the document and stores what is typed for every instance', async () => {
    const doc = await newDocument('Joint Statement on Combating Trafficking in Persons');
    const writer = join(doc.id, n.mys);
    await writer.synced();
    clauseText(writer.doc, 'operative', 0).insert(0, 'Calls upon Member States to ratify the Convention');
    await syncRoundTrip(writer);
    expect(writer.closes).toEqual([]);
    writer.destroy();

    // Fresh readers through nginx, one after another, land on both instances: each has the text
    // (the writer's instance from its room, the other from PostgreSQL).
    const readers = [];
    for (let i = 0; i < 4; i++) {
      const copy = await serverCopy(balanced.nginx.wsUrl, doc.id, n.idn.api.cookie, balanced.nginx.origin);
      readers.push(clausePlainText(copy, 'operative', 0));
    }
    expect(readers).toEqual(readers.map(() => 'Calls upon Member States to ratify the Convention'));
    await expect
      .poll(() => new Set(balanced.nginx.requests().filter((r) => r.uri === `/collab/${doc.id}` && r.status === 101).map((r) => r.upstream)))
      .toEqual(new Set(balanced.upstreams));
  });

  it('passes a live event stream through nginx as events happen', async () => {
    const doc = await newDocument('Declaration on the Protection of Migrant Workers');
    const stream = await EventStream.open(balanced.nginx.url, `${doc.path}/events`, n.idn.api.cookie);
    streams.push(stream);
    await stream.next('ready', () => true, 5_000);

    // One thread opened through each instance. What is checked here is nginx passing the stream
    // on: the thread opened on the stream's own instance arrives (the other's travels through Redis,
    // checked below).
    let count = 0;
    const opened = await onEveryInstance(async () => {
      const res = await n.mys.api.request('POST', `${doc.path}/threads`, { clauseId: doc.op, body: `Point ${++count}` }, { origin: balanced.nginx.origin });
      expect(res.status).toBe(201);
      return { upstream: servedBy(res), value: ((await res.json()) as { thread: Thread }).thread.id };
    });
    const ids = new Set(opened.map((o) => o.value));
    await stream.next<Extract<DocumentEvent, { type: 'thread' }>>('thread', (e) => ids.has(e.thread.id), 5_000);
    const received = new Set(stream.events.filter((e) => e.type === 'thread').map((e) => (e.data as Extract<DocumentEvent, { type: 'thread' }>).thread.id));

    // Which instance held the stream: nginx logs it once it closes.
    stream.close();
    const streamLine = () => balanced.nginx.requests().find((r) => r.uri === `${doc.path}/events`);
    await expect.poll(streamLine).toBeDefined();
    const holder = streamLine()!.upstream;
    expect(balanced.upstreams).toContain(holder);
    for (const o of opened.filter((o) => o.upstream === holder)) expect(received.has(o.value)).toBe(true);
  });
});

/** A client through nginx, and the instance nginx gave its socket to (X-Accord-Upstream of the 101). */
async function joinThroughNginx(documentId: string, person: Person): Promise<{ client: CollabClient; upstream: string }> {
  const client = collabClient(balanced.nginx.wsUrl, documentId, person.api.cookie, balanced.nginx.origin);
  clients.push(client);
  // y-websocket made its socket in the constructor; in Node it is ws's (the helper's polyfill), whose
  // 'upgrade' event shows the 101's headers.
  const ws = client.provider.ws as unknown as WebSocket;
  const upstream = await new Promise<string>((resolve) => ws.once('upgrade', (res: IncomingMessage) => resolve(answeringUpstream(String(res.headers['x-accord-upstream'])))));
  await client.synced();
  return { client, upstream };
}

/** Two clients of one document whose sockets nginx gave to different instances. */
async function onTwoInstances(documentId: string, a: Person, b: Person): Promise<[CollabClient, CollabClient, string]> {
  const first = await joinThroughNginx(documentId, a);
  for (let tries = 0; tries < 6; tries++) {
    const second = await joinThroughNginx(documentId, b);
    if (second.upstream !== first.upstream) return [first.client, second.client, first.upstream];
    second.client.destroy();
  }
  throw new Error('nginx never gave the second socket to the other instance');
}

describe('through nginx, clients on different instances', () => {
  it('converge on each other\'s edits and see each other\'s carets', async () => {
    const doc = await newDocument('Joint Statement on Cybersecurity Cooperation');
    const [mys, idn] = await onTwoInstances(doc.id, n.mys, n.idn);

    clauseText(mys.doc, 'operative', 0).insert(0, 'Encourages');
    await syncRoundTrip(mys);
    await waitFor(() => clausePlainText(idn.doc, 'operative', 0) === 'Encourages', 'the edit made on the other instance');
    clauseText(idn.doc, 'operative', 0).insert('Encourages'.length, ' Member States');
    await syncRoundTrip(idn);
    await waitFor(() => clausePlainText(mys.doc, 'operative', 0) === 'Encourages Member States', 'the edit back');

    mys.provider.awareness.setLocalStateField('user', { name: 'Aisyah Rahman', delegationCode: 'MYS', color: '#c0392b' });
    await waitFor(() => idn.provider.awareness.getStates().has(mys.doc.clientID), 'the caret of the other instance');
    expect(mys.closes).toEqual([]);
    expect(idn.closes).toEqual([]);
  });

  it('receive live events from writes the other instance served', async () => {
    const doc = await newDocument('Declaration on Disaster Management');
    const stream = await EventStream.open(balanced.nginx.url, `${doc.path}/events`, n.idn.api.cookie);
    streams.push(stream);
    await stream.next('ready', () => true, 5_000);
    const opened: { upstream: string; id: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await n.mys.api.request('POST', `${doc.path}/threads`, { clauseId: doc.op, body: `Point ${i}` }, { origin: balanced.nginx.origin });
      expect(res.status).toBe(201);
      opened.push({ upstream: servedBy(res), id: ((await res.json()) as { thread: Thread }).thread.id });
    }
    expect(new Set(opened.map((o) => o.upstream))).toEqual(new Set(balanced.upstreams));
    for (const o of opened) await stream.next<Extract<DocumentEvent, { type: 'thread' }>>('thread', (e) => e.thread.id === o.id, 5_000);
  });

  // Last in the file: an instance stays down afterwards (nginx takes it back only after fail_timeout).
  it('carry on through nginx when an instance is killed: requests go to the other, the socket reconnects to it and nothing typed is lost', async () => {
    const doc = await newDocument('Chairman\'s Statement on Regional Connectivity');
    const [mys, idn, mysUpstream] = await onTwoInstances(doc.id, n.mys, n.idn);
    clauseText(mys.doc, 'operative', 0).insert(0, 'Welcomes');
    await syncRoundTrip(mys);
    await waitFor(() => clausePlainText(idn.doc, 'operative', 0) === 'Welcomes', 'the first edit');

    const victim = balanced.instances[balanced.upstreams.indexOf(mysUpstream)]!;
    await victim.crash();
    // Typed while the socket is down: y-websocket keeps it and sends it once it has reconnected.
    clauseText(mys.doc, 'operative', 0).insert('Welcomes'.length, ' the Master Plan');

    // nginx tries the dead instance, is refused, and passes the request to the other (proxy_next_upstream).
    const survivors = [];
    for (let i = 0; i < 4; i++) {
      const res = await n.chair.api.request('GET', `${doc.path}/desk`);
      expect(res.status).toBe(200);
      survivors.push(servedBy(res));
    }
    expect(new Set(survivors)).toEqual(new Set(balanced.upstreams.filter((u) => u !== mysUpstream)));

    await waitFor(() => clausePlainText(idn.doc, 'operative', 0) === 'Welcomes the Master Plan', 'the edit typed while its instance was down', 20_000);
    clauseText(idn.doc, 'operative', 0).insert('Welcomes the Master Plan'.length, ' on ASEAN Connectivity');
    await syncRoundTrip(idn);
    await waitFor(() => clausePlainText(mys.doc, 'operative', 0) === 'Welcomes the Master Plan on ASEAN Connectivity', 'the edit back after the reconnect');
  });
});

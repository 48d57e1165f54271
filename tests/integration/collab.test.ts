import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { clauseText, collabClient, rawSocket, upgradeStatus, waitFor, type CollabClient } from '../helpers/collab.js';
import { MAX_FRAME_BYTES } from '../../shared/limits.js';

let server: TestServer;
let n: Negotiation;
const clients: CollabClient[] = [];

function join(cookie: string, documentId = n.documentId): CollabClient {
  const client = collabClient(server.wsUrl, documentId, cookie, server.origin);
  clients.push(client);
  return client;
}

async function serverText(): Promise<string> {
  const res = await n.chair.api.request('GET', `/api/documents/${n.documentId}/text`);
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('co-editing over the y-websocket protocol', () => {
  it('two delegates typing into the same operative paragraph converge, and a latecomer gets the full text', async () => {
    const a = join(n.mys.api.cookie);
    const b = join(n.idn.api.cookie);
    await Promise.all([a.synced(), b.synced()]);
    expect(a.fragment.toString()).toContain('<clause');

    clauseText(a.doc, 'operative', 0).insert(0, 'Encourage Member States ');
    clauseText(b.doc, 'operative', 0).insert(0, 'to mainstream gender ');
    await waitFor(() => a.fragment.toString() === b.fragment.toString() && a.fragment.toString().includes('mainstream') && a.fragment.toString().includes('Encourage'), 'the two copies to converge');

    const late = join(n.chair.api.cookie);
    await late.synced();
    await waitFor(() => late.fragment.toString() === a.fragment.toString(), 'the latecomer to receive the text');
    const text = await serverText();
    expect(text).toMatch(/^OP1 .*Encourage Member States/m);
    expect(text).toMatch(/mainstream gender/);
  });

  it("an observer's edits never reach the server's copy or the other clients", async () => {
    const delegate = join(n.mys.api.cookie);
    const observer = join(n.observer.api.cookie);
    await Promise.all([delegate.synced(), observer.synced()]);
    clauseText(observer.doc, 'preamble', 0).insert(0, 'OBSERVER WAS HERE ');
    // A marker from a delegate after the observer's edit: once it arrives, the observer's would have too.
    clauseText(delegate.doc, 'operative', 0).insert(0, 'Marker ');
    await waitFor(() => observer.fragment.toString().includes('Marker'), 'the delegate edit to reach the observer');
    const third = join(n.idn.api.cookie);
    await third.synced();
    await waitFor(() => third.fragment.toString().includes('Marker'), 'the marker');
    expect(third.fragment.toString()).not.toContain('OBSERVER WAS HERE');
    expect(delegate.fragment.toString()).not.toContain('OBSERVER WAS HERE');
    expect(await serverText()).not.toContain('OBSERVER WAS HERE');
  });

  it("the server stamps each caret with the person's name, delegation and colour, whatever the client claims", async () => {
    const a = join(n.mys.api.cookie);
    const b = join(n.idn.api.cookie);
    await Promise.all([a.synced(), b.synced()]);
    a.provider.awareness.setLocalStateField('user', { name: 'Someone Else', delegationCode: 'THA', color: '#000000' });
    await waitFor(() => {
      const state = b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { name?: string } } | undefined;
      return state?.user?.name === 'Aisyah Rahman';
    }, 'the stamped awareness state');
    const state = b.provider.awareness.getStates().get(a.doc.clientID) as { user: Record<string, unknown> };
    expect(state.user).toMatchObject({ name: 'Aisyah Rahman', delegationCode: 'MYS', color: '#c0392b', role: 'delegate', readOnly: false });
  });
});

describe('who may open the socket', () => {
  it('refuses anonymous callers (401), non-members (403), a foreign Origin and a missing Origin (403) before the socket opens', async () => {
    const url = `${server.wsUrl}/${n.documentId}`;
    expect(await upgradeStatus(url, { origin: server.origin })).toBe(401);
    expect(await upgradeStatus(url, { origin: server.origin, cookie: 'accord_session=forged' })).toBe(401);
    expect(await upgradeStatus(url, { origin: server.origin, cookie: n.outsider.api.cookie })).toBe(403);
    expect(await upgradeStatus(url, { origin: 'http://evil.example', cookie: n.mys.api.cookie })).toBe(403);
    expect(await upgradeStatus(url, { cookie: n.mys.api.cookie })).toBe(403);
    expect(await upgradeStatus(`${server.wsUrl}/doc_nope`, { origin: server.origin, cookie: n.mys.api.cookie })).toBe(404);
    expect(await upgradeStatus(url, { origin: server.origin, cookie: n.mys.api.cookie })).toBe(101);
  });
});

describe('bad frames close only their own connection', () => {
  async function healthyPair() {
    const a = join(n.mys.api.cookie);
    const b = join(n.idn.api.cookie);
    await Promise.all([a.synced(), b.synced()]);
    return { a, b };
  }

  async function stillCoEditing(a: CollabClient, b: CollabClient, marker: string) {
    clauseText(a.doc, 'preamble', 0).insert(0, marker);
    await waitFor(() => b.fragment.toString().includes(marker), `${marker} to reach the other client`);
  }

  it('a malformed frame closes that connection with 1007 and a reason; others keep editing', async () => {
    const { a, b } = await healthyPair();
    const bad = rawSocket(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
    await bad.opened;
    bad.ws.send(new Uint8Array([0, 2, 200, 1, 2])); // a sync update whose length runs past the frame
    const closed = await bad.closed;
    expect(closed.code).toBe(1007);
    expect(closed.reason).toMatch(/malformed/);
    await stillCoEditing(a, b, 'AfterMalformed ');
  });

  it('an update that cannot be applied closes that connection only', async () => {
    const { a, b } = await healthyPair();
    const bad = rawSocket(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
    await bad.opened;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, new Uint8Array([255, 255, 255, 255, 15, 1, 2, 3, 4, 5, 6, 7]));
    bad.ws.send(encoding.toUint8Array(encoder));
    const closed = await bad.closed;
    expect(closed.code).toBe(1007);
    await stillCoEditing(a, b, 'AfterGarbage ');
  });

  it('an unknown message type and a text frame are refused with a reason', async () => {
    const unknown = rawSocket(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
    await unknown.opened;
    unknown.ws.send(new Uint8Array([42]));
    expect(await unknown.closed).toMatchObject({ code: 1007, reason: expect.stringMatching(/unknown message type 42/) });

    const text = rawSocket(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
    await text.opened;
    text.ws.send('hello');
    expect((await text.closed).code).toBe(1003);
  });

  it('a frame over the size limit closes that connection with 1009; others keep editing', async () => {
    const { a, b } = await healthyPair();
    const big = rawSocket(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
    await big.opened;
    big.ws.send(new Uint8Array(MAX_FRAME_BYTES + 1024));
    expect((await big.closed).code).toBe(1009);
    await stillCoEditing(a, b, 'AfterOversized ');
  });

  it('a connection that floods is closed with 1008', async () => {
    const flood = rawSocket(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
    await flood.opened;
    const query = new Uint8Array([3]);
    for (let i = 0; i < 5000 && flood.ws.readyState === flood.ws.OPEN; i++) flood.ws.send(query);
    expect((await flood.closed).code).toBe(1008);
  });
});

describe('sessions and membership end access on open sockets', () => {
  it('removing a member closes their socket with 4403, and they cannot reconnect', async () => {
    const res = await n.secretariat.api.request('PUT', `/api/documents/${n.documentId}/members/${n.outsider.user.id}`, { role: 'delegate' });
    expect(res.status).toBe(200);
    const c = join(n.outsider.api.cookie);
    await c.synced();
    const del = await n.secretariat.api.request('DELETE', `/api/documents/${n.documentId}/members/${n.outsider.user.id}`);
    expect(del.status).toBe(200);
    await waitFor(() => c.closes.some((e) => e.code === 4403), 'the socket to close with 4403');
    expect(await upgradeStatus(`${server.wsUrl}/${n.documentId}`, { origin: server.origin, cookie: n.outsider.api.cookie })).toBe(403);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestCluster } from '../helpers/cluster.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { clauseText, collabClient, serverCopy, syncRoundTrip, waitFor, type CollabClient } from '../helpers/collab.js';
import type { TestServer } from '../helpers/server.js';
import type { DocumentSummary } from '../../shared/api/types.js';

// Nothing any client received is lost when an instance dies or Redis goes away in the middle of a
// burst: an update is stored in PostgreSQL before any client on any instance sees it, and what a dead
// instance never stored, its clients send again to the instance they reconnect to.

// Storage is slowed down on purpose, so that the killed instance has updates in flight.
const STORAGE_DELAY_MS = 20;
const DOCUMENTS = 3;

let cluster: TestCluster | null = null;
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await cluster?.stop();
  cluster = null;
});

function join(instance: TestServer, documentId: string, cookie: string): CollabClient {
  const client = collabClient(instance.wsUrl, documentId, cookie, instance.origin);
  clients.push(client);
  return client;
}

/** A client that lost its instance reconnects to another, with everything its copy holds (as y-websocket would). */
function reconnect(client: CollabClient, instance: TestServer, documentId: string, cookie: string): CollabClient {
  client.provider.destroy();
  const moved = join(instance, documentId, cookie);
  Y.applyUpdate(moved.doc, Y.encodeStateAsUpdate(client.doc));
  return moved;
}

async function documents(n: Negotiation, count: number): Promise<string[]> {
  const ids = [n.documentId];
  for (let i = 1; i < count; i++) {
    const doc = (await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title: `Joint Statement ${i}`, symbol: `ASEAN/PVE/2017/L.${i + 1}`, venue: 'Kuala Lumpur', startsOn: '2017-12-06', endsOn: '2017-12-07', numbering: 'all' }, 201)).document;
    for (const [p, role] of [[n.chair, 'chair'], [n.mys, 'delegate'], [n.idn, 'delegate']] as const) {
      await n.secretariat.api.json('PUT', `/api/documents/${doc.id}/members/${p.user.id}`, { role });
    }
    ids.push(doc.id);
  }
  return ids;
}

/** Types a token every few ms into the first operative paragraph; returns how to stop, and what it typed. */
function typeInto(client: CollabClient, who: string, everyMs = 5) {
  const typed: string[] = [];
  const timer = setInterval(() => {
    const token = `${who}${typed.length}`;
    clauseText(client.doc, 'operative', 0).insert(0, `${token} `);
    typed.push(token);
  }, everyMs);
  return { typed, stop: () => clearInterval(timer) };
}

function words(doc: Y.Doc): Set<string> {
  return new Set(clauseText(doc, 'operative', 0).toString().split(/\s+/).filter(Boolean));
}

async function seedParagraph(instance: TestServer, documentId: string, cookie: string): Promise<void> {
  const chair = join(instance, documentId, cookie);
  await chair.synced();
  clauseText(chair.doc, 'operative', 0).insert(0, 'Encourage closer dialogue; ');
  await syncRoundTrip(chair);
}

describe('nothing acknowledged is lost across instances', () => {
  it('kill -9 of one instance mid-burst on several documents: everything any client received is in the text after its clients reconnect elsewhere', async () => {
    cluster = await TestCluster.start(2, { FAULT_STORAGE_DELAY_MS: String(STORAGE_DELAY_MS) });
    const [a, b] = cluster.instances as [TestServer, TestServer];
    const n = await negotiation(b.url);
    const ids = await documents(n, DOCUMENTS);
    for (const id of ids) await seedParagraph(b, id, n.chair.api.cookie);

    const runs = ids.map((id, d) => {
      const onA = join(a, id, n.mys.api.cookie);
      const onB = join(b, id, n.idn.api.cookie);
      const watcherOnA = join(a, id, n.chair.api.cookie);
      return { id, d, onA, onB, watcherOnA };
    });
    await Promise.all(runs.flatMap((r) => [r.onA.synced(), r.onB.synced(), r.watcherOnA.synced()]));
    const typing = runs.map((r) => ({ a: typeInto(r.onA, `a${r.d}x`), b: typeInto(r.onB, `b${r.d}x`) }));
    await new Promise((resolve) => setTimeout(resolve, 600));
    await a.crash();
    // What every client holds at the moment of the kill: all of it must survive.
    const received = runs.map((r) => [...words(r.onA.doc), ...words(r.onB.doc), ...words(r.watcherOnA.doc)]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const t of typing) {
      t.a.stop();
      t.b.stop();
    }
    expect(typing.every((t) => t.a.typed.length > 20 && t.b.typed.length > 20)).toBe(true);

    // The clients of the dead instance reconnect to the living one, with what they hold.
    const moved = runs.map((r) => ({ ...r, onA: reconnect(r.onA, b, r.id, n.mys.api.cookie), watcherOnA: reconnect(r.watcherOnA, b, r.id, n.chair.api.cookie) }));
    await Promise.all(moved.flatMap((r) => [r.onA.synced(), r.watcherOnA.synced()]));
    for (const [i, r] of moved.entries()) {
      await syncRoundTrip(r.onA);
      await syncRoundTrip(r.watcherOnA);
      const stored = words(await serverCopy(b.wsUrl, r.id, n.idn.api.cookie, b.origin));
      const lost = received[i]!.filter((w) => !stored.has(w));
      expect(lost, `document ${i}: words clients had that the text lost`).toEqual([]);
      for (const t of [...typing[i]!.a.typed, ...typing[i]!.b.typed]) expect(stored.has(t), `document ${i}: ${t} typed but not stored`).toBe(true);
      await waitFor(() => words(r.onB.doc).size === stored.size, `document ${i}: the client on the living instance to have everything`);
    }
  }, 120_000);

  it('Redis connections dropped mid-burst: no update is lost, no instance stalls, and every copy converges', async () => {
    cluster = await TestCluster.start(2);
    const [a, b] = cluster.instances as [TestServer, TestServer];
    const n = await negotiation(a.url);
    const ids = await documents(n, 2);
    for (const id of ids) await seedParagraph(a, id, n.chair.api.cookie);
    const runs = ids.map((id, d) => ({ id, d, onA: join(a, id, n.mys.api.cookie), onB: join(b, id, n.idn.api.cookie) }));
    await Promise.all(runs.flatMap((r) => [r.onA.synced(), r.onB.synced()]));
    const typing = runs.map((r) => ({ a: typeInto(r.onA, `a${r.d}y`), b: typeInto(r.onB, `b${r.d}y`) }));
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Every connection the instances hold to Redis is dropped (as a Redis restart would), twice.
    const redis = cluster.redis();
    try {
      for (let round = 0; round < 2; round++) {
        const list = (await redis.client('LIST')) as string;
        const theirs = list
          .split('\n')
          .filter((line) => line.includes(`@${cluster!.redisPrefix} `))
          .map((line) => /id=(\d+)/.exec(line)![1]!);
        expect(theirs.length).toBe(4);
        for (const id of theirs) await redis.client('KILL', 'ID', id);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      redis.disconnect();
    }
    // Typing went on throughout: the instances did not wait on Redis to store.
    await Promise.all(runs.map((r) => syncRoundTrip(r.onA, 5_000)));
    for (const t of typing) {
      t.a.stop();
      t.b.stop();
    }
    for (const [i, r] of runs.entries()) {
      const typed = [...typing[i]!.a.typed, ...typing[i]!.b.typed];
      await waitFor(() => typed.every((t) => words(r.onA.doc).has(t) && words(r.onB.doc).has(t)), `document ${i}: both clients to have every word typed on either instance`, 15_000);
      const viaA = words(await serverCopy(a.wsUrl, r.id, n.chair.api.cookie, a.origin));
      const viaB = words(await serverCopy(b.wsUrl, r.id, n.chair.api.cookie, b.origin));
      expect([...viaA].sort()).toEqual([...viaB].sort());
      for (const t of typed) expect(viaA.has(t), `document ${i}: ${t} not stored`).toBe(true);
    }
    // And both instances go on relaying once Redis is back.
    const last = runs[0]!;
    clauseText(last.onA.doc, 'operative', 0).insert(0, 'afterwards ');
    await waitFor(() => words(last.onB.doc).has('afterwards'), 'an edit after the outage to cross instances');
  }, 120_000);
});

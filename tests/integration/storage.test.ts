import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { clauseLength, clausePlainText, clauseText, collabClient, rawSocket, serverCopy, syncRoundTrip, waitFor, type CollabClient } from '../helpers/collab.js';
import { openDatabase, type Db } from '../../db/index.js';
import { COMPACT_AFTER_UPDATES } from '../../shared/limits.js';
import type { DocumentSummary } from '../../shared/api/types.js';

let server: TestServer;
let n: Negotiation;
let db: Db;
const clients: CollabClient[] = [];

function join(cookie: string, documentId = n.documentId): CollabClient {
  const client = collabClient(server.wsUrl, documentId, cookie, server.origin);
  clients.push(client);
  return client;
}

async function logLength(documentId: string): Promise<number> {
  const row = await db.selectFrom('document_updates').select((eb) => eb.fn.countAll<number | string>().as('n')).where('document_id', '=', documentId).executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  // The test reads the server's database directly, to see what is stored, as an operator would.
  db = openDatabase(server.database.url);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await db?.destroy();
  await server?.stop();
});

describe('the update log', () => {
  it('is folded into a snapshot as it grows, and a restart restores the text from snapshot and log', async () => {
    const writer = join(n.mys.api.cookie);
    const reader = join(n.idn.api.cookie);
    await Promise.all([writer.synced(), reader.synced()]);
    const text = clauseText(writer.doc, 'operative', 0);
    // One keystroke at a time, each waited for, so each is its own entry in the log.
    for (let i = 0; i < COMPACT_AFTER_UPDATES + 20; i++) {
      text.insert(text.length, i % 10 === 9 ? ' ' : 'x');
      const expected = text.length;
      await waitFor(() => clauseLength(reader.doc, 'operative', 0) === expected, 'the keystroke to arrive');
    }
    // Compaction runs in the background, after the write that crossed the threshold.
    await expect.poll(() => logLength(n.documentId)).toBeLessThan(100);
    const snapshot = await db.selectFrom('document_snapshots').selectAll().where('document_id', '=', n.documentId).executeTakeFirst();
    expect(snapshot).toBeDefined();
    expect(Number(snapshot!.through_update_id)).toBeGreaterThan(0);
    expect(await logLength(n.documentId)).toBeLessThan(100);

    const before = await (await n.chair.api.request('GET', `/api/documents/${n.documentId}/text`)).text();
    await server.restart();
    const after = await (await n.chair.api.request('GET', `/api/documents/${n.documentId}/text`)).text();
    expect(after).toBe(before);
    expect(after).toContain('xxxxxxxxx xxxxxxxxx');
  });
});

describe('a document whose stored state cannot be read', () => {
  it('is refused with 4500 and never overwritten, while other documents keep working', async () => {
    const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title: 'Chairman’s Summary' }, 201);
    for (const role of ['delegate'] as const) {
      await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.mys.user.id}`, { role });
    }
    const garbage = new Uint8Array([0xff, 0xfe, 0x00, 0x13, 0x37, 0x42, 0x99, 0x01]);
    await db.updateTable('document_updates').set({ data: garbage }).where('document_id', '=', document.id).execute();
    const storedBefore = await db.selectFrom('document_updates').select(['id', 'data']).where('document_id', '=', document.id).execute();

    const socket = rawSocket(server.wsUrl, document.id, n.mys.api.cookie, server.origin);
    await socket.opened;
    // Whatever the client sends, nothing reaches storage.
    socket.ws.send(new Uint8Array([0, 2, 1, 0]));
    const closed = await socket.closed;
    expect(closed.code).toBe(4500);
    expect(closed.reason).toMatch(/cannot be loaded/);

    const storedAfter = await db.selectFrom('document_updates').select(['id', 'data']).where('document_id', '=', document.id).execute();
    expect(storedAfter.map((r) => [r.id, Buffer.from(r.data).toString('hex')])).toEqual(storedBefore.map((r) => [r.id, Buffer.from(r.data).toString('hex')]));
    expect(await db.selectFrom('document_snapshots').selectAll().where('document_id', '=', document.id).execute()).toEqual([]);

    const textRes = await n.mys.api.request('GET', `/api/documents/${document.id}/text`);
    expect(textRes.status).toBe(503);

    const healthy = join(n.idn.api.cookie);
    await healthy.synced();
    expect(healthy.fragment.toString()).toContain('<clause');
  });
});

describe('a document read from its snapshot alone', () => {
  // After a restart (shutdown folds every log into a snapshot) the room sends the snapshot's bytes to a
  // client opening afresh at once, and applies them itself as its queue's first task.
  it('sends the stored text to a client opening afresh, and its state vector to one that holds a copy', async () => {
    const writer = join(n.mys.api.cookie);
    await writer.synced();
    const text = clauseText(writer.doc, 'operative', 0);
    text.insert(text.length, ' Kept through the restart.');
    await syncRoundTrip(writer);
    writer.destroy();
    const before = await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
    await server.restartGracefully();
    expect(await logLength(n.documentId)).toBe(0);

    // A copy made before the restart, with an edit made offline since.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(before));
    clauseText(offline, 'operative', 0).insert(0, 'Offline: ');
    const socket = rawSocket(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
    const serverStep1 = new Promise<Uint8Array>((resolve) => {
      socket.ws.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 0) return; // sync, step 1
        resolve(decoding.readVarUint8Array(decoder));
      });
    });
    await socket.opened;
    // The server's step 1 is the stored text's state vector (not an empty one, which would ask for
    // the whole copy back): the client answers with its offline edit alone.
    const stateVector = await serverStep1;
    expect(Y.decodeStateVector(stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(before)));
    const afresh = join(n.idn.api.cookie);
    await afresh.synced();
    expect(afresh.fragment.toString()).toBe(before.getXmlFragment('default').toString());
    // The client answers with what the server lacks, its offline edit alone, and it is stored.
    const edit = Y.encodeStateAsUpdate(offline, stateVector);
    const step2 = encoding.createEncoder();
    encoding.writeVarUint(step2, 0); // sync
    encoding.writeVarUint(step2, 1); // step 2
    encoding.writeVarUint8Array(step2, edit);
    socket.ws.send(encoding.toUint8Array(step2));
    await waitFor(() => clausePlainText(afresh.doc, 'operative', 0).startsWith('Offline: '), 'the offline edit to reach the other client');
    const stored = await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
    expect(clausePlainText(stored, 'operative', 0)).toMatch(/^Offline: .*Kept through the restart\.$/);
    expect(edit.byteLength).toBeLessThan(Y.encodeStateAsUpdate(offline).byteLength / 4);
    socket.ws.close();
  });

  it('whose snapshot cannot be read is refused with 4500 and never overwritten', async () => {
    const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title: 'Joint Media Statement' }, 201);
    await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.mys.user.id}`, { role: 'delegate' });
    const garbage = new Uint8Array([0xff, 0xfe, 0x00, 0x13, 0x37, 0x42, 0x99, 0x01]);
    const last = await db.selectFrom('document_updates').select((eb) => eb.fn.max('id').as('id')).where('document_id', '=', document.id).executeTakeFirstOrThrow();
    await db.deleteFrom('document_updates').where('document_id', '=', document.id).execute();
    await db.deleteFrom('document_snapshots').where('document_id', '=', document.id).execute();
    await db.insertInto('document_snapshots').values({ document_id: document.id, data: garbage, through_update_id: Number(last.id), updated_at: new Date().toISOString() }).execute();

    const socket = rawSocket(server.wsUrl, document.id, n.mys.api.cookie, server.origin);
    await socket.opened;
    socket.ws.send(new Uint8Array([0, 2, 1, 0]));
    const closed = await socket.closed;
    expect(closed).toEqual({ code: 4500, reason: expect.stringMatching(/cannot be loaded/) as string });
    const snapshots = await db.selectFrom('document_snapshots').select('data').where('document_id', '=', document.id).execute();
    expect(snapshots.map((r) => Buffer.from(r.data).toString('hex'))).toEqual([Buffer.from(garbage).toString('hex')]);
    expect(await logLength(document.id)).toBe(0);
    // The room that failed is forgotten; the next socket is refused the same way, not served a stale room.
    const again = rawSocket(server.wsUrl, document.id, n.mys.api.cookie, server.origin);
    expect((await again.closed).code).toBe(4500);
  });
});

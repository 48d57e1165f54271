import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { clauseLength, clauseText, collabClient, rawSocket, waitFor, type CollabClient } from '../helpers/collab.js';
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

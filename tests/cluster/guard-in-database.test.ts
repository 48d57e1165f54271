import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestCluster } from '../helpers/cluster.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { attempt, clauseText, collabClient, operativePart, serverCopy, syncRoundTrip, type CollabClient } from '../helpers/collab.js';
import type { TestServer } from '../helpers/server.js';
import { openDatabase, type Db } from '../../db/index.js';
import { setTextFrozen } from '../../db/repos/documents.js';
import { CloseCode } from '../../shared/close-codes.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';

// With several instances, an instance can miss an event (cut off from Redis at that moment). The guard
// then still holds, because a commit re-reads it in PostgreSQL: here the guard is changed in the
// database behind the instance's back, with no event at all, and the instance must not store what it
// now forbids.

let cluster: TestCluster;
let instance: TestServer;
let n: Negotiation;
let db: Db;
const clients: CollabClient[] = [];

beforeAll(async () => {
  cluster = await TestCluster.start(1);
  instance = cluster.instances[0]!;
  n = await negotiation(instance.url);
  db = openDatabase(cluster.database.url);
  // Someone keeps the document open, so the room (and its stale guard) stays in memory.
  const chair = collabClient(instance.wsUrl, n.documentId, n.chair.api.cookie, instance.origin);
  clients.push(chair);
  await chair.synced();
  clauseText(chair.doc, 'operative', 0).insert(0, 'Encourage closer dialogue with civil society;');
  await syncRoundTrip(chair);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await db?.destroy();
  await cluster?.stop();
});

function operativeText(doc: Y.Doc): string {
  return clauseText(doc, 'operative', 0).toString();
}

async function stored(): Promise<string> {
  return operativeText(await serverCopy(instance.wsUrl, n.documentId, n.idn.api.cookie, instance.origin));
}

function firstClauseId(doc: Y.Doc): string {
  return (operativePart(doc).get(0) as Y.XmlElement).getAttribute('id') as string;
}

describe('the guard as PostgreSQL holds it', () => {
  it('a clause agreed in the database with no event reaching the room: the edit is not stored, and once the room reloads it is refused', async () => {
    const copy = await serverCopy(instance.wsUrl, n.documentId, n.idn.api.cookie, instance.origin);
    await db
      .insertInto('clause_statuses')
      .values({ document_id: n.documentId, clause_id: firstClauseId(copy), status: 'agreed', updated_by: n.chair.user.id, updated_at: new Date().toISOString() })
      .execute();
    const final = await attempt(instance.wsUrl, n.documentId, n.mys.api.cookie, instance.origin, (doc) => {
      clauseText(doc, 'operative', 0).insert(0, 'NOT ');
    });
    expect(final).toMatchObject({ code: CloseCode.refused });
    expect(await stored()).toBe('Encourage closer dialogue with civil society;');
    await db.deleteFrom('clause_statuses').where('document_id', '=', n.documentId).execute();
  });

  it("a client id stored as another person's with no relay reaching the room: what is written with it is not stored, and once the room reloads it is refused", async () => {
    // As another instance would have stored it a moment ago for IDN's delegate.
    const taken = 2_000_000_000 + Math.floor(Math.random() * 100_000_000);
    await db.insertInto('document_writers').values({ document_id: n.documentId, client_id: taken, user_id: n.idn.user.id }).execute();
    const final = await attempt(instance.wsUrl, n.documentId, n.mys.api.cookie, instance.origin, (doc) => {
      // Written under the taken id (and sent at once); the provider's caret keeps the doc's own id.
      const own = doc.clientID;
      doc.clientID = taken;
      clauseText(doc, 'preamble', 0).insert(0, 'AS INDONESIA ');
      doc.clientID = own;
    });
    expect(final).toMatchObject({ code: 1008, reason: expect.stringMatching(/belongs to someone else/) });
    const copy = await serverCopy(instance.wsUrl, n.documentId, n.idn.api.cookie, instance.origin);
    expect(copy.getXmlFragment(FRAGMENT).toString()).not.toContain('AS INDONESIA');
  });

  it('a text frozen for a check in the database with no event: nothing typed is stored', async () => {
    const chair = collabClient(instance.wsUrl, n.documentId, n.chair.api.cookie, instance.origin);
    clients.push(chair);
    await chair.synced();
    await setTextFrozen(db, n.documentId, true, new Date(), 60_000);
    try {
      await attempt(instance.wsUrl, n.documentId, n.mys.api.cookie, instance.origin, (doc) => clauseText(doc, 'operative', 0).insert(0, 'DURING THE CHECK '));
      expect(await stored()).toBe('Encourage closer dialogue with civil society;');
    } finally {
      await setTextFrozen(db, n.documentId, false, new Date(), 0);
    }
  });
});

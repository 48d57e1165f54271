import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, TestCluster } from '../helpers/cluster.js';
import { TestServer } from '../helpers/server.js';
import { ApiClient, negotiation, type Negotiation } from '../helpers/api.js';
import { pveDraft, writeZeroDraft } from '../helpers/page.js';
import { addOperativeClause, collabClient, syncRoundTrip } from '../helpers/collab.js';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../../db/index.js';
import type { DocumentSummary } from '../../shared/api/types.js';
import type { RevisionSummary } from '../../shared/api/record.js';

/**
 * The procedure of one document across instances: two instances, each with its own silence clock
 * looking every 50 ms, on one PostgreSQL database and one Redis. A step taken through both at once
 * is taken once; an expired silence is adopted once, whichever clock sees it first.
 */

let cluster: TestCluster;
let n: Negotiation;
let db: Db;

beforeAll(async () => {
  cluster = await TestCluster.start(2, { SILENCE_CHECK_MS: '50' });
  n = await negotiation(cluster.instances[0]!.url);
  db = openDatabase(cluster.database.url);
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await cluster?.stop();
});

/** The chair, signed in once, talking to instance `i` (sessions live in the shared database). */
function chairVia(i: number): ApiClient {
  const api = new ApiClient(cluster.instances[i]!.url);
  api.cookie = n.chair.api.cookie;
  return api;
}

/** A new document with a settled zero draft (written through instance 0), chaired by the chair. */
async function settledDocument(title: string): Promise<string> {
  const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title, symbol: `SOMTC/2025/L.${title.length}`, numbering: 'un' }, 201);
  await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.chair.user.id}`, { role: 'chair' });
  await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.mys.user.id}`, { role: 'delegate' });
  await writeZeroDraft(cluster.instances[0]!, { ...n, documentId: document.id }, pveDraft(`the role of women in ${title};`), title);
  return document.id;
}

async function auditCount(documentId: string, action: string): Promise<number> {
  const rows = await db.selectFrom('audit_events').select('id').where('document_id', '=', documentId).where('action', '=', action).execute();
  return rows.length;
}

describe('procedure steps taken through two instances at once', () => {
  it('revisions issued through both instances together all get their own number, in one sequence', async () => {
    const id = await settledDocument('maritime security');
    const issue = (i: number, k: number) => chairVia(i).request('POST', `/api/documents/${id}/revisions`, { note: `instance ${i}, request ${k}` });
    const responses = await Promise.all([0, 1, 2, 3].flatMap((k) => [issue(0, k), issue(1, k)]));
    const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, text: await r.text() })));
    expect(bodies.filter((b) => b.status !== 201), 'every issue succeeds: none collides on a number').toEqual([]);
    const numbers = bodies.map((b) => (JSON.parse(b.text) as { revision: RevisionSummary }).revision.number).sort((a, b) => a - b);
    const first = numbers[0]!;
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, k) => first + k));
    const stored = await db.selectFrom('revisions').select('number').where('document_id', '=', id).execute();
    expect(stored.map((r) => r.number).sort((a, b) => a - b)).toEqual(numbers);
  });

  it('silence started through both instances at once starts once; the other gets the conflict one instance gives', async () => {
    const id = await settledDocument('border management');
    const deadline = new Date(Date.now() + 3600_000).toISOString();
    const [a, b] = await Promise.all([0, 1].map((i) => chairVia(i).request('POST', `/api/documents/${id}/silence`, { deadline })));
    const statuses = [a!.status, b!.status].sort();
    expect(statuses).toEqual([201, 409]);
    const refused = [a!, b!].find((r) => r.status === 409)!;
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('the document is no longer a draft');
    const silences = await db.selectFrom('silence_procedures').selectAll().where('document_id', '=', id).execute();
    expect(silences).toHaveLength(1);
    expect(silences[0]!.ended_at).toBeNull();
    expect(await auditCount(id, 'silence.started')).toBe(1);
    // Still under silence, as every instance says: the loser's failure did not thaw it.
    for (const i of [0, 1]) {
      const { document } = await chairVia(i).json<{ document: DocumentSummary }>('GET', `/api/documents/${id}`);
      expect(document.status).toBe('silence');
    }
  });
});

describe('a silence broken through one instance', () => {
  it('leaves the text open to edits through the other, where the document was not open when the thaw was announced', async () => {
    const id = await settledDocument('cybercrime cooperation');
    const deadline = new Date(Date.now() + 3600_000).toISOString();
    await chairVia(0).json('POST', `/api/documents/${id}/silence`, { deadline }, 201);
    const mysVia0 = new ApiClient(cluster.instances[0]!.url);
    mysVia0.cookie = n.mys.api.cookie;
    await mysVia0.json('POST', `/api/documents/${id}/silence/break`, { statement: 'Malaysia cannot join consensus on OP1 as drafted.' }, 200);
    const { document } = await chairVia(1).json<{ document: DocumentSummary }>('GET', `/api/documents/${id}`);
    expect(document.status).toBe('draft');
    // Instance 1 opens the document only now: what it reads from the database must be the thaw.
    const other = cluster.instances[1]!;
    const client = collabClient(other.wsUrl, id, n.mys.api.cookie, other.origin);
    try {
      await client.synced();
      addOperativeClause(client.doc, 'Welcome the thaw of the text after the objection;');
      await syncRoundTrip(client);
      const text = await (await chairVia(0).request('GET', `/api/documents/${id}/text`)).text();
      expect(text).toContain('Welcome the thaw of the text after the objection;');
    } finally {
      client.destroy();
    }
  });
});

/** The procedure locks (advisory, Accord's lock space) held and awaited in the cluster's database. */
async function procedureLocks(): Promise<{ held: number; waiting: number }> {
  const { rows } = await sql<{ granted: boolean }>`select granted from pg_locks where locktype = 'advisory' and classid = ${0x41630001} and database = (select oid from pg_database where datname = current_database())`.execute(db);
  return { held: rows.filter((r) => r.granted).length, waiting: rows.filter((r) => !r.granted).length };
}

describe('an instance that dies in the middle of a step', () => {
  it('leaves nothing locked: the step waiting on another instance goes on at once', async () => {
    // A third instance whose storage takes 10 s, so a step there holds the document's lock that long.
    const slow = await TestServer.startOn(cluster.database, { REDIS_URL, REDIS_PREFIX: cluster.redisPrefix, SILENCE_CHECK_MS: '50', FAULT_STORAGE_DELAY_MS: '10000' });
    try {
      const id = await settledDocument('counter-terrorism');
      await chairVia(0).json('POST', `/api/documents/${id}/revisions`, { note: 'before the changes' }, 201);
      await writeZeroDraft(cluster.instances[0]!, { ...n, documentId: id }, pveDraft('the role of women in counter-terrorism, as amended;'), 'as amended');
      const viaSlow = new ApiClient(slow.url);
      viaSlow.cookie = n.chair.api.cookie;
      // Restoring the text through the slow instance: it takes the lock, then waits on its storage.
      const restoring = viaSlow.request('POST', `/api/documents/${id}/revisions/0/restore`).catch((err: unknown) => err);
      await expect.poll(procedureLocks).toEqual({ held: 1, waiting: 0 });
      // A revision through instance 1 waits for that lock...
      const issuing = chairVia(1).request('POST', `/api/documents/${id}/revisions`, { note: 'after the crash' });
      await expect.poll(procedureLocks).toEqual({ held: 1, waiting: 1 });
      // ...until the instance holding it dies: PostgreSQL drops its connections and their locks.
      await slow.crash();
      const issued = await issuing;
      expect(issued.status).toBe(201);
      expect(await restoring).toBeInstanceOf(Error); // the restoring instance never answered
      expect(await procedureLocks()).toEqual({ held: 0, waiting: 0 });
      expect(await auditCount(id, 'revision.restored')).toBe(0);
    } finally {
      await slow.stop();
    }
  });
});

describe('two silence clocks', () => {
  it('adopt each expired silence exactly once: one archive record, one adoption in the audit, one outcome', async () => {
    const ids: string[] = [];
    for (const title of ['cybercrime', 'trafficking in persons', 'illicit drugs']) ids.push(await settledDocument(title));
    // Silence started through either instance, far from its deadline...
    for (const [k, id] of ids.entries()) {
      await chairVia(k % 2).json('POST', `/api/documents/${id}/silence`, { deadline: new Date(Date.now() + 3600_000).toISOString() }, 201);
    }
    // ...then all three deadlines pass at one moment, for both clocks at once.
    await db.updateTable('silence_procedures').set({ deadline: new Date(Date.now() - 1000).toISOString() }).where('document_id', 'in', ids).where('ended_at', 'is', null).execute();
    for (const id of ids) {
      await expect.poll(async () => (await db.selectFrom('documents').select('status').where('id', '=', id).executeTakeFirst())?.status, { timeout: 20_000 }).toBe('adopted');
    }
    // Both clocks have had many turns since: give them a few more, then count.
    await new Promise((r) => setTimeout(r, 500));
    for (const id of ids) {
      const records = await db.selectFrom('archive_records').select('document_id').where('document_id', '=', id).execute();
      expect(records, id).toHaveLength(1);
      expect(await auditCount(id, 'document.adopted'), id).toBe(1);
      expect(await auditCount(id, 'silence.adoptionFailed'), id).toBe(0);
      const silences = await db.selectFrom('silence_procedures').select('outcome').where('document_id', '=', id).execute();
      expect(silences.map((s) => s.outcome)).toEqual(['adopted']);
    }
    for (const instance of cluster.instances) expect(instance.output).not.toMatch(/adoption failed|check failed/);
  });
});

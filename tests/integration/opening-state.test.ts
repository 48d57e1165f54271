import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { openDatabase, type Db } from '../../db/index.js';
import { appendUpdates, loadRoomGuardState, loadStoredState, openingState } from '../../db/repos/updates.js';
import { timestamp } from '../../db/time.js';
import type { DocumentSummary } from '../../shared/api/types.js';

/**
 * Rooms opening in the same turn of the event loop read their stored text and guard together, in two
 * statements for all of them (openingState): each must get exactly what reading it alone gives, on
 * SQLite and on PostgreSQL (TEST_DATABASE_URL).
 */

let server: TestServer;
let n: Negotiation;
let db: Db;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  db = openDatabase(server.database.url);
});

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

async function newDocument(title: string): Promise<string> {
  const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title }, 201);
  return document.id;
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('rooms opening together', () => {
  it('each read its own text and guard, as each would alone', async () => {
    const created = await newDocument('Joint Statement of the Ministers');
    const logged = await newDocument('Chairman’s Statement');
    await appendUpdates(db, logged, [bytes(0, 0), bytes(0, 0)]);
    // A snapshot alone, and a snapshot with a log after it.
    const folded = await newDocument('Joint Media Statement');
    const foldedLast = await db.selectFrom('document_updates').select((eb) => eb.fn.max('id').as('id')).where('document_id', '=', folded).executeTakeFirstOrThrow();
    await db.deleteFrom('document_updates').where('document_id', '=', folded).execute();
    await db.insertInto('document_snapshots').values({ document_id: folded, data: bytes(1, 2, 3), through_update_id: Number(foldedLast.id), updated_at: timestamp() }).execute();
    const foldedThenLogged = await newDocument('Work Plan 2026-2030');
    const last = await db.selectFrom('document_updates').select((eb) => eb.fn.max('id').as('id')).where('document_id', '=', foldedThenLogged).executeTakeFirstOrThrow();
    await db.insertInto('document_snapshots').values({ document_id: foldedThenLogged, data: bytes(4, 5), through_update_id: Number(last.id), updated_at: timestamp() }).execute();
    await appendUpdates(db, foldedThenLogged, [bytes(0, 0)]);
    // Agreed clauses, an amendments-only phase, a freeze, and writers.
    const guarded = await newDocument('Declaration on Countering Violent Extremism');
    await db.updateTable('documents').set({ editing_phase: 'amendments', text_frozen_until: timestamp(new Date(Date.now() + 3_600_000)) }).where('id', '=', guarded).execute();
    await db
      .insertInto('clause_statuses')
      .values(['op-1', 'op-2', 'pp-1'].map((clause_id, i) => ({ document_id: guarded, clause_id, status: i < 2 ? ('agreed' as const) : ('adRef' as const), updated_by: n.chair.user.id, updated_at: timestamp() })))
      .execute();
    await db
      .insertInto('document_writers')
      .values([
        { document_id: guarded, client_id: 4_000_000_001, user_id: n.mys.user.id },
        { document_id: guarded, client_id: 17, user_id: n.idn.user.id },
      ])
      .execute();
    const ids = [created, logged, folded, foldedThenLogged, guarded, 'no-such-document'];

    const alone = await Promise.all(ids.map(async (id) => ({ stored: await loadStoredState(db, id), guard: await loadRoomGuardState(db, id) })));
    // Asked in one turn (twice for one of them): read together.
    const together = await Promise.all([...ids, guarded].map((id) => openingState(db, id)));
    expect(together.slice(0, ids.length)).toEqual(alone);
    expect(together[ids.length]).toEqual(alone[4]);

    const guard = together[4]!.guard;
    expect(guard.agreedClauseIds.sort()).toEqual(['op-1', 'op-2']);
    expect(guard.document?.editing_phase).toBe('amendments');
    expect([...guard.writers]).toEqual(expect.arrayContaining([[4_000_000_001, n.mys.user.id], [17, n.idn.user.id]]));
    expect(together[2]!.stored).toEqual({ snapshot: { data: bytes(1, 2, 3), throughUpdateId: Number(foldedLast.id) }, updates: [] });
    expect(together[3]!.stored.updates).toHaveLength(1);
    expect(together[5]!.guard.document).toBeNull();
  });
});

import { sql } from 'kysely';
import { logWriterOf, type Db } from '../index.js';
import { TurnBatch } from '../batch.js';
import { TurnAppends } from './turn-appends.js';
import { ownersOf, recordClaims } from './claims.js';
import { timestamp } from '../time.js';
import { textFrozenAt } from './documents.js';

/** The update log and snapshots of collaborative documents. */

export interface StoredState {
  snapshot: { data: Uint8Array; throughUpdateId: number } | null;
  updates: { id: number; data: Uint8Array }[];
}

/** A document's stored state: its snapshot, if any, and the log after it. */
export function loadStoredState(db: Db, documentId: string): Promise<StoredState> {
  // From before the first id: the snapshot is used whatever it covers (even through id 0).
  return loadStoredSince(db, documentId, -1);
}

/** Appends updates in one statement (so all or none are stored); returns the id of the last one. */
export async function appendUpdates(db: Db, documentId: string, updates: readonly Uint8Array[]): Promise<number> {
  const now = timestamp();
  const rows = await db
    .insertInto('document_updates')
    .values(updates.map((data) => ({ document_id: documentId, data, created_at: now })))
    .returning('id')
    .execute();
  return Math.max(...rows.map((r) => Number(r.id)));
}

/**
 * Folds the log into a snapshot: the snapshot holds everything up to `throughUpdateId`, and the log
 * entries it covers are deleted in the same transaction, so a crash leaves either the old pair or
 * the new one, never a gap.
 */
export async function writeSnapshot(db: Db, documentId: string, data: Uint8Array, throughUpdateId: number): Promise<void> {
  const now = timestamp();
  // Through the log writer when there is one, so it is ordered with the appends queued there.
  const writer = logWriterOf(db);
  if (writer) return writer.writeSnapshot(documentId, data, throughUpdateId, now);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('document_snapshots')
      .values({ document_id: documentId, data, through_update_id: throughUpdateId, updated_at: now })
      // Several instances may compact one document: a snapshot never replaces one that covers more.
      .onConflict((oc) =>
        oc.column('document_id').doUpdateSet({ data, through_update_id: throughUpdateId, updated_at: now }).where('document_snapshots.through_update_id', '<', throughUpdateId),
      )
      .execute();
    await trx.deleteFrom('document_updates').where('document_id', '=', documentId).where('id', '<=', throughUpdateId).execute();
  });
}

/** Yjs client ids of a document and who first wrote with each. */
export async function loadWriters(db: Db, documentId: string): Promise<Map<number, string>> {
  const rows = await db.selectFrom('document_writers').select(['client_id', 'user_id']).where('document_id', '=', documentId).execute();
  return new Map(rows.map((r) => [Number(r.client_id), r.user_id]));
}

const turnAppends = new WeakMap<Db, TurnAppends>();

/**
 * Appends updates and records the client ids they claimed, in one transaction: a client id is never
 * stored as written without its owner. Returns the id of the last update once it is committed, in one
 * commit with the other documents' appends of the same turn of the event loop: on a SQLite file by
 * the log writer (db/log-writer), elsewhere in one statement (TurnAppends).
 */
export async function appendUpdatesClaiming(db: Db, documentId: string, updates: readonly Uint8Array[], claims: ReadonlyMap<number, string>): Promise<number> {
  const writer = logWriterOf(db);
  if (writer) return writer.append(documentId, updates, claims, timestamp());
  let appends = turnAppends.get(db);
  if (!appends) turnAppends.set(db, (appends = new TurnAppends(db)));
  return appends.append(documentId, updates, claims);
}

/** What the text's guard depends on, as the database holds it (see appendUpdatesInOrder). */
export interface StoredGuard {
  status: string;
  /** Frozen for a silence or adoption being checked (several instances; see setTextFrozen). */
  frozenForCheck: boolean;
  editingPhase: 'direct' | 'amendments';
  agreedClauseIds: string[];
  /**
   * Client ids this batch claims that the database already gives someone else: claimed through
   * another instance a moment ago, before its relay arrived here (or by a client racing for them).
   */
  clientIdsOfOthers: number[];
}

/** What appendUpdatesInOrder stored: the log's last id before it, and the id of its own last update. */
export interface OrderedAppend {
  previousId: number;
  lastId: number;
}

/**
 * Appends updates when several instances write one document (PostgreSQL): in one transaction that
 * holds the document's advisory lock, so appends of one document are totally ordered across instances
 * and each knows the id that came before it (`previousId`), which lets every other instance notice an
 * update it missed. Before anything is written, `stillValid` sees the guard as stored now (the
 * statement runs after the lock is taken, so it sees every commit before ours); if it returns false
 * (a clause was agreed or the phase changed on another instance since the batch was checked),
 * nothing is stored and null is returned.
 */
export async function appendUpdatesInOrder(
  db: Db,
  documentId: string,
  updates: readonly Uint8Array[],
  claims: ReadonlyMap<number, string>,
  stillValid: (guard: StoredGuard) => boolean,
): Promise<OrderedAppend | null> {
  const now = timestamp();
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'accord-log:' + documentId}, 0))`.execute(trx);
    const { rows } = await sql<{ previous_id: string | number | null; status: string | null; editing_phase: 'direct' | 'amendments' | null; text_frozen_until: string | null; agreed: string[] | null }>`
      SELECT
        (SELECT max(id) FROM document_updates WHERE document_id = ${documentId}) AS previous_id,
        d.status, d.editing_phase, d.text_frozen_until,
        (SELECT array_agg(clause_id) FROM clause_statuses WHERE document_id = ${documentId} AND status = 'agreed') AS agreed
      FROM documents d WHERE d.id = ${documentId}`.execute(trx);
    const row = rows[0];
    const guard: StoredGuard = {
      status: row?.status ?? 'draft',
      frozenForCheck: row ? textFrozenAt(row, new Date()) : false,
      editingPhase: row?.editing_phase ?? 'direct',
      agreedClauseIds: row?.agreed ?? [],
      clientIdsOfOthers: [],
    };
    if (claims.size) {
      const owners = await ownersOf(trx, documentId, [...claims.keys()]);
      guard.clientIdsOfOthers = owners.filter((o) => claims.get(o.client_id) !== o.user_id).map((o) => o.client_id);
    }
    if (!stillValid(guard)) return null;
    // With the log compacted, max(id) may be below the snapshot's: the snapshot's counts as the last.
    let previousId = Number(row?.previous_id ?? 0);
    if (!row?.previous_id) {
      const snapshot = await trx.selectFrom('document_snapshots').select('through_update_id').where('document_id', '=', documentId).executeTakeFirst();
      previousId = Number(snapshot?.through_update_id ?? 0);
    }
    await recordClaims(trx, [...claims].map(([clientId, userId]) => ({ document_id: documentId, client_id: clientId, user_id: userId })));
    const inserted = await trx
      .insertInto('document_updates')
      .values(updates.map((data) => ({ document_id: documentId, data, created_at: now })))
      .returning('id')
      .execute();
    return { previousId, lastId: Math.max(...inserted.map((r) => Number(r.id))) };
  });
}

/**
 * What was stored of a document after `afterId`: the snapshot too if the log before it was compacted
 * away since. An instance that missed updates of a document catches up with this.
 */
export async function loadStoredSince(db: Db, documentId: string, afterId: number): Promise<StoredState> {
  // One statement: the snapshot if it covers more than `afterId`, then the log after whichever is
  // further (opening a thousand documents at once, each statement is a write to the database's socket).
  const { rows } = await sql<{ kind: number; id: string | number; data: Uint8Array }>`
    SELECT 0 AS kind, s.through_update_id AS id, s.data FROM document_snapshots s
      WHERE s.document_id = ${documentId} AND s.through_update_id > ${afterId}
    UNION ALL
    SELECT 1 AS kind, u.id, u.data FROM document_updates u
      WHERE u.document_id = ${documentId}
        AND u.id > COALESCE((SELECT CASE WHEN c.through_update_id > ${afterId} THEN c.through_update_id ELSE ${afterId} END
                               FROM document_snapshots c WHERE c.document_id = ${documentId}), ${afterId})
    ORDER BY kind, id`.execute(db);
  const snapshot = rows[0] && Number(rows[0].kind) === 0 ? rows[0] : null;
  return {
    snapshot: snapshot ? { data: new Uint8Array(snapshot.data), throughUpdateId: Number(snapshot.id) } : null,
    updates: rows.slice(snapshot ? 1 : 0).map((u) => ({ id: Number(u.id), data: new Uint8Array(u.data) })),
  };
}

/** What a room enforces and whom it knows as writers, as stored: read once when it opens. */
export interface RoomGuardState {
  /** Null if there is no such document. */
  document: { status: string; editing_phase: 'direct' | 'amendments'; text_frozen_until: string | null } | null;
  agreedClauseIds: string[];
  writers: Map<number, string>;
}

/**
 * A document's status, phase and freeze, its agreed clauses and its writers' client ids, in one
 * statement (three lists of rows of different kinds, told apart by `kind`).
 */
export async function loadRoomGuardState(db: Db, documentId: string): Promise<RoomGuardState> {
  const { rows } = await sql<{ kind: number; a: string; b: string | null; c: string | null }>`
    SELECT 0 AS kind, d.status AS a, d.editing_phase AS b, d.text_frozen_until AS c FROM documents d WHERE d.id = ${documentId}
    UNION ALL
    SELECT 1 AS kind, cs.clause_id AS a, NULL AS b, NULL AS c FROM clause_statuses cs WHERE cs.document_id = ${documentId} AND cs.status = 'agreed'
    UNION ALL
    SELECT 2 AS kind, w.user_id AS a, CAST(w.client_id AS TEXT) AS b, NULL AS c FROM document_writers w WHERE w.document_id = ${documentId}`.execute(db);
  const state: RoomGuardState = { document: null, agreedClauseIds: [], writers: new Map() };
  for (const row of rows) addGuardRow(state, row);
  return state;
}

/** Documents read together at most by openingState's statements. */
const OPENINGS_PER_STATEMENT = 200;

/**
 * The stored state of many documents, in one statement: each snapshot, and each log after it. Kept
 * beside loadStoredSince, whose one-document statement it repeats with the ids as a list.
 */
async function loadStoredStates(db: Db, documentIds: readonly string[]): Promise<Map<string, StoredState>> {
  const states = new Map<string, StoredState>(documentIds.map((id) => [id, { snapshot: null, updates: [] }]));
  const ids = sql.join(documentIds);
  const { rows } = await sql<{ kind: number; doc: string; id: string | number; data: Uint8Array }>`
    SELECT 0 AS kind, s.document_id AS doc, s.through_update_id AS id, s.data FROM document_snapshots s WHERE s.document_id IN (${ids})
    UNION ALL
    SELECT 1 AS kind, u.document_id AS doc, u.id, u.data FROM document_updates u
      LEFT JOIN document_snapshots c ON c.document_id = u.document_id
      WHERE u.document_id IN (${ids}) AND u.id > COALESCE(c.through_update_id, -1)
    ORDER BY doc, kind, id`.execute(db);
  for (const row of rows) {
    const state = states.get(row.doc)!;
    if (Number(row.kind) === 0) state.snapshot = { data: new Uint8Array(row.data), throughUpdateId: Number(row.id) };
    else state.updates.push({ id: Number(row.id), data: new Uint8Array(row.data) });
  }
  return states;
}

/** What loadRoomGuardState reads, for many documents in one statement. */
async function loadRoomGuardStates(db: Db, documentIds: readonly string[]): Promise<Map<string, RoomGuardState>> {
  const states = new Map<string, RoomGuardState>(documentIds.map((id) => [id, { document: null, agreedClauseIds: [], writers: new Map() }]));
  const ids = sql.join(documentIds);
  const { rows } = await sql<{ kind: number; doc: string; a: string; b: string | null; c: string | null }>`
    SELECT 0 AS kind, d.id AS doc, d.status AS a, d.editing_phase AS b, d.text_frozen_until AS c FROM documents d WHERE d.id IN (${ids})
    UNION ALL
    SELECT 1 AS kind, cs.document_id AS doc, cs.clause_id AS a, NULL AS b, NULL AS c FROM clause_statuses cs WHERE cs.document_id IN (${ids}) AND cs.status = 'agreed'
    UNION ALL
    SELECT 2 AS kind, w.document_id AS doc, w.user_id AS a, CAST(w.client_id AS TEXT) AS b, NULL AS c FROM document_writers w WHERE w.document_id IN (${ids})`.execute(db);
  for (const row of rows) addGuardRow(states.get(row.doc)!, row);
  return states;
}

function addGuardRow(state: RoomGuardState, row: { kind: number; a: string; b: string | null; c: string | null }): void {
  const kind = Number(row.kind);
  if (kind === 0) state.document = { status: row.a, editing_phase: row.b === 'amendments' ? 'amendments' : 'direct', text_frozen_until: row.c };
  else if (kind === 1) state.agreedClauseIds.push(row.a);
  else state.writers.set(Number(row.b), row.a);
}

/** What a room reads when it opens: its stored text and what guards it. */
export interface OpeningState {
  stored: StoredState;
  guard: RoomGuardState;
}

const openings = new WeakMap<Db, TurnBatch<string, OpeningState>>();

/**
 * A room's stored text and guard (two statements), read together with every other room that opens in
 * the same turn of the event loop (TurnBatch): hundreds of documents opening at once, as sockets
 * reconnect after a restart, cost two statements per batch rather than two each.
 */
export function openingState(db: Db, documentId: string): Promise<OpeningState> {
  let batch = openings.get(db);
  if (!batch) {
    batch = new TurnBatch(
      async (documentIds: readonly string[]) => {
        if (documentIds.length === 1) {
          const [stored, guard] = await Promise.all([loadStoredState(db, documentIds[0]!), loadRoomGuardState(db, documentIds[0]!)]);
          return new Map([[documentIds[0]!, { stored, guard }]]);
        }
        const [stored, guards] = await Promise.all([loadStoredStates(db, documentIds), loadRoomGuardStates(db, documentIds)]);
        return new Map(documentIds.map((id) => [id, { stored: stored.get(id)!, guard: guards.get(id)! }]));
      },
      (id) => id,
      OPENINGS_PER_STATEMENT,
    );
    openings.set(db, batch);
  }
  return batch.load(documentId);
}

/** The last stored update id of each of these documents (theirs or their snapshot's). */
export async function lastUpdateIds(db: Db, documentIds: readonly string[]): Promise<Map<string, number>> {
  const last = new Map<string, number>();
  if (!documentIds.length) return last;
  const logs = await db
    .selectFrom('document_updates')
    .select(['document_id', (eb) => eb.fn.max('id').as('last')])
    .where('document_id', 'in', documentIds)
    .groupBy('document_id')
    .execute();
  for (const r of logs) last.set(r.document_id, Number(r.last));
  const snapshots = await db.selectFrom('document_snapshots').select(['document_id', 'through_update_id']).where('document_id', 'in', documentIds).execute();
  for (const s of snapshots) last.set(s.document_id, Math.max(last.get(s.document_id) ?? 0, Number(s.through_update_id)));
  return last;
}

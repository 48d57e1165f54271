import { afterEach, describe, expect, it } from 'vitest';
import { memoryDatabase } from './memory-database.js';
import type { Db } from '../../db/index.js';
import { loadConfig } from '../../server/config.js';
import { createDeps } from '../../server/app.js';
import { createDocument } from '../../server/services/documents.js';
import { insertSilence, listSilences } from '../../db/repos/silence.js';
import { findDocument } from '../../db/repos/documents.js';
import { timestamp } from '../../db/time.js';
import { SilenceClock } from '../../server/services/procedure.js';
import type { Clock } from '../../server/services/clock.js';
import type { AppDeps } from '../../server/context.js';

/** A clock that stands still until the test moves it, and runs the scheduled check only when told. */
class FakeClock implements Clock {
  readonly scheduled: { ms: number; fn: () => void }[] = [];
  constructor(private time: Date) {}
  now(): Date {
    return new Date(this.time);
  }
  every(ms: number, fn: () => void): () => void {
    const entry = { ms, fn };
    this.scheduled.push(entry);
    return () => this.scheduled.splice(this.scheduled.indexOf(entry), 1);
  }
  advance(ms: number): void {
    this.time = new Date(this.time.getTime() + ms);
  }
}

let db: Db | null = null;
let deps: AppDeps | null = null;

afterEach(async () => {
  await deps?.rooms.shutdown();
  await db?.destroy();
  db = deps = null;
});

/** A settled text under silence until `deadline`, straight in the database. */
async function underSilence(deadline: Date): Promise<string> {
  db = await memoryDatabase();
  deps = createDeps(db, loadConfig({}));
  await db.insertInto('users').values({ id: 'usr_chair', email: 'chair@example.org', name: 'Chair', password_hash: 'x', delegation_id: null, workspace_role: null, created_at: timestamp() }).execute();
  const document = await createDocument(db, {
    title: 'Joint statement',
    numbering: 'un',
    createdBy: 'usr_chair',
    draft: { title: 'Joint statement', preambular: [{ text: 'Recalling the charter,' }], operative: [{ text: 'Decides to meet again.' }] },
  });
  await db.updateTable('documents').set({ status: 'silence' }).where('id', '=', document.id).execute();
  const started = new Date(deadline.getTime() - 3600_000);
  await insertSilence(db, { id: 'sil_1', document_id: document.id, started_by: 'usr_chair', started_at: timestamp(started), deadline: timestamp(deadline), ended_at: null, outcome: null, broken_by: null, broken_delegation: null, statement: null });
  return document.id;
}

describe('the silence clock, on its own clock', () => {
  it('adopts when its clock says the deadline has passed, not when the wall clock does', async () => {
    // A deadline far in the real future: only the injected clock can make it pass.
    const deadline = new Date(Date.now() + 30 * 86_400_000);
    const id = await underSilence(deadline);
    const clock = new FakeClock(new Date(deadline.getTime() - 60_000));
    const silenceClock = new SilenceClock(deps!, 5_000, clock);
    silenceClock.start();
    expect(clock.scheduled.map((s) => s.ms)).toEqual([5_000]);
    await silenceClock.check();
    expect((await findDocument(db!, id))?.status).toBe('silence');

    clock.advance(60_000);
    clock.scheduled[0]!.fn();
    await silenceClock.check();
    expect((await findDocument(db!, id))?.status).toBe('adopted');
    const [silence] = await listSilences(db!, id);
    expect(silence?.outcome).toBe('adopted');
    const record = await db!.selectFrom('archive_records').selectAll().where('document_id', '=', id).executeTakeFirst();
    // Adopted as of its deadline, whatever the time of the check.
    expect(record?.adopted_at).toBe(timestamp(deadline));

    await silenceClock.stop();
    expect(clock.scheduled).toEqual([]);
  });
});

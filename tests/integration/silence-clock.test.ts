import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { pveDraft, writeZeroDraft } from '../helpers/page.js';
import { openDatabase } from '../../db/index.js';
import type { DocumentSummary } from '../../shared/api/types.js';
import type { SilenceView } from '../../shared/api/record.js';

/**
 * The silence clock at its edges, on a server that checks deadlines only when it starts (so each
 * test decides when the clock runs): a deadline that has passed is not for breaking any more, and a
 * text that cannot be read when its silence expires neither stops the server nor ends the procedure.
 * Deadlines pass when the test moves them into the past in the database, never by waiting for them
 * (tests/unit/silence-clock.test.ts drives the clock itself with a fake one).
 */

let server: TestServer;
let n: Negotiation;

/** The deadline of the running silence passed a second ago, as far as anyone reading the database is concerned. */
async function expire(id: string): Promise<void> {
  const db = openDatabase(server.database.url);
  try {
    await db.updateTable('silence_procedures').set({ deadline: new Date(Date.now() - 1000).toISOString() }).where('document_id', '=', id).where('ended_at', 'is', null).execute();
  } finally {
    await db.destroy();
  }
}

/** Polls the server (a round trip each time) until `done`, for at most five seconds. */
async function until(done: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 100 && !(await done()); i++) await new Promise((r) => setTimeout(r, 50));
}

async function silenced(title: string, seconds: number): Promise<string> {
  const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title, symbol: `SOMTC/2025/${title.length}`, numbering: 'un' }, 201);
  await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.chair.user.id}`, { role: 'chair' });
  await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.mys.user.id}`, { role: 'delegate' });
  await writeZeroDraft(server, { ...n, documentId: document.id }, pveDraft(`the role of women in ${title};`), title);
  await n.chair.api.json('POST', `/api/documents/${document.id}/silence`, { deadline: new Date(Date.now() + seconds * 1000).toISOString() }, 201);
  return document.id;
}

const statusOf = async (id: string) => (await n.chair.api.json<{ document: DocumentSummary }>('GET', `/api/documents/${id}`)).document.status;

beforeAll(async () => {
  server = await TestServer.start({ SILENCE_CHECK_MS: '600000' });
  n = await negotiation(server.url);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('the silence clock', () => {
  it('once the deadline has passed, silence can no longer be broken or withdrawn: the text is adopted', async () => {
    const id = await silenced('maritime cooperation', 3600);
    await expire(id);
    const late = await n.mys.api.request('POST', `/api/documents/${id}/silence/break`, { statement: 'Too late, but we object.' });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { message: string } }).error.message).toMatch(/deadline has passed/);
    expect((await n.chair.api.request('POST', `/api/documents/${id}/silence/withdraw`, {})).status).toBe(409);
    expect(await statusOf(id)).toBe('silence');
    // The clock's next run (here: the start after a crash) adopts it, as of its deadline.
    await server.crash();
    await server.launch();
    await until(async () => (await statusOf(id)) === 'adopted');
    expect(await statusOf(id)).toBe('adopted');
    const { history } = await n.mys.api.json<{ history: SilenceView[] }>('GET', `/api/documents/${id}/silence`);
    expect(history.map((s) => s.outcome)).toEqual(['adopted']);
  });

  it('a text that cannot be read when its silence expires keeps the server up and the procedure open', async () => {
    const id = await silenced('border management', 3600);
    await server.crash();
    await expire(id);
    const db = openDatabase(server.database.url);
    try {
      await db.deleteFrom('document_snapshots').where('document_id', '=', id).execute();
      await db.updateTable('document_updates').set({ data: new Uint8Array([0xff, 0xfe, 0x00, 0x13, 0x37]) }).where('document_id', '=', id).execute();
    } finally {
      await db.destroy();
    }
    await server.launch();
    await until(() => /expired, but its adoption failed; retrying/.test(server.output));
    // Still serving, the text neither adopted nor sent back to negotiation, and the failure in the log.
    expect((await n.chair.api.request('GET', '/api/me')).status).toBe(200);
    expect(await statusOf(id)).toBe('silence');
    const { silence } = await n.mys.api.json<{ silence: SilenceView | null }>('GET', `/api/documents/${id}/silence`);
    expect(silence?.outcome).toBeNull();
    expect(server.output).toMatch(/expired, but its adoption failed; retrying/);
    const adopt = await n.chair.api.request('POST', `/api/documents/${id}/adopt`, {});
    expect(adopt.status).toBe(503);
  });
});

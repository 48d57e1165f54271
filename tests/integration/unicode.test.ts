import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { clauseText, plainText } from '../helpers/collab.js';
import { EventStream } from '../helpers/events.js';
import { pveDraft, writeZeroDraft } from '../helpers/page.js';
import { openDatabase } from '../../db/index.js';
import { sha256Hex } from '../../db/hash.js';
import { timestamp } from '../../db/time.js';
import { EXPORT_FORMAT_NAMES, type AdoptionFailedEvent, type ArchiveRecord, type ArchiveResult, type RevisionDetail, type RevisionSummary, type SilenceView } from '../../shared/api/record.js';
import type { Desk, Thread } from '../../shared/api/discussion.js';
import type { ApiError, DocumentSummary } from '../../shared/api/types.js';

/**
 * Text no database can keep: NUL (which PostgreSQL refuses in text) and lone surrogates (invalid
 * Unicode). What a person sends with them is a 400 naming the field; a document whose text holds one
 * (a client's update can carry it) is still issued, put under silence and adopted; and an adoption
 * that fails for any reason leaves the chair a silence to withdraw. Run on both databases.
 */

let server: TestServer;
let n: Negotiation;
const streams: EventStream[] = [];

const NUL = '\u0000';
const LONE = '\uD800';

async function errorOf(res: Response): Promise<string> {
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return ((await res.json()) as ApiError).error.message;
}

async function newDocument(title: string, symbol: string): Promise<string> {
  const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title, symbol, venue: 'Kuala Lumpur', numbering: 'un' }, 201);
  await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.chair.user.id}`, { role: 'chair' });
  await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.mys.user.id}`, { role: 'delegate' });
  await writeZeroDraft(server, { ...n, documentId: document.id }, { ...pveDraft(`the role of women in ${title};`), title }, `women in ${title}`);
  return document.id;
}

const statusOf = async (id: string) => (await n.chair.api.json<{ document: DocumentSummary }>('GET', `/api/documents/${id}`)).document.status;

const failuresLogged = () => server.output.match(/expired, but its adoption failed/g)?.length ?? 0;

/**
 * Puts a NUL into OP3 through storage, as an update a client sent before the socket refused such
 * updates would be: written while the server is down, read when the document loads again.
 */
async function storeNulInText(documentId: string, words: string): Promise<void> {
  await server.crash();
  const db = openDatabase(server.database.url);
  try {
    const doc = new Y.Doc();
    const snapshot = await db.selectFrom('document_snapshots').select('data').where('document_id', '=', documentId).executeTakeFirst();
    if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.data));
    for (const row of await db.selectFrom('document_updates').select('data').where('document_id', '=', documentId).orderBy('id').execute()) {
      Y.applyUpdate(doc, new Uint8Array(row.data));
    }
    const before = Y.encodeStateVector(doc);
    const op3 = clauseText(doc, 'operative', 2);
    op3.insert(plainText(op3).indexOf(words) + words.length, NUL);
    const update = Y.encodeStateAsUpdate(doc, before);
    await db.insertInto('document_updates').values({ document_id: documentId, data: update, created_at: timestamp() }).execute();
    doc.destroy();
  } finally {
    await db.destroy();
  }
  await server.launch();
}

async function subscribe(documentId: string): Promise<EventStream> {
  const stream = await EventStream.open(server.url, `/api/documents/${documentId}/events`, n.chair.api.cookie);
  streams.push(stream);
  await stream.next('ready');
  return stream;
}

beforeAll(async () => {
  server = await TestServer.start({ SILENCE_CHECK_MS: '100' });
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft('the importance of the full participation of women;'), 'full participation');
}, 60_000);

afterAll(async () => {
  for (const s of streams) s.close();
  await server?.stop();
});

describe('text that no database can keep is refused, naming the field', () => {
  it('a document title with a NUL or a lone surrogate is a 400', async () => {
    for (const [title, message] of [
      [`Joint Statement${NUL}on Maritime Security`, 'title: must not contain NUL characters'],
      [`Joint Statement on Maritime Security ${LONE}`, 'title: must be valid Unicode text'],
    ] as const) {
      const res = await n.secretariat.api.request('POST', '/api/documents', { title, numbering: 'un' });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toContain(message);
    }
    const venue = await n.secretariat.api.request('POST', '/api/documents', { title: 'Joint Statement', venue: `Kuala${NUL}Lumpur` });
    expect(await errorOf(venue)).toContain('venue: must not contain NUL characters');
  });

  it('a comment, a thread and its quote with a NUL or a lone surrogate are 400s', async () => {
    const path = `/api/documents/${n.documentId}`;
    const desk = await n.chair.api.json<Desk>('GET', `${path}/desk`);
    const op = desk.clauses.find((c) => c.kind === 'operative')!.clauseId;
    const { thread } = await n.mys.api.json<{ thread: Thread }>('POST', `${path}/threads`, { clauseId: op, body: 'We propose to strengthen this paragraph.' }, 201);
    const cases: [string, unknown, string][] = [
      [`${path}/threads/${thread.id}/comments`, { body: `We agree${NUL}.` }, 'body: must not contain NUL characters'],
      [`${path}/threads/${thread.id}/comments`, { body: `We agree ${LONE}.` }, 'body: must be valid Unicode text'],
      [`${path}/threads`, { clauseId: op, body: 'On the quote.', quote: { text: `women${NUL}`, anchor: { start: 'AAAA', end: 'AAAA' } } }, 'quote.text: must not contain NUL characters'],
      [`${path}/threads`, { clauseId: op, body: 'On the quote.', quote: { text: `women ${LONE}`, anchor: { start: 'AAAA', end: 'AAAA' } } }, 'quote.text: must be valid Unicode text'],
      [`${path}/threads`, { clauseId: `${op}${NUL}`, body: 'On OP1.' }, 'clauseId: must not contain NUL characters'],
    ];
    for (const [url, body, message] of cases) {
      const res = await n.mys.api.request('POST', url, body);
      expect(res.status, message).toBe(400);
      expect(await errorOf(res)).toContain(message);
    }
    const edit = await n.mys.api.request('PATCH', `${path}/comments/${thread.comments[0]!.id}`, { body: `Strengthen${NUL}` });
    expect(await errorOf(edit)).toContain('body: must not contain NUL characters');
  });

  it('an archive search with a NUL in its words or its filters is a 400', async () => {
    for (const [query, message] of [
      [`q=${encodeURIComponent(`trafficking${NUL}`)}`, 'q: must not contain NUL characters'],
      [`q=trafficking&venue=${encodeURIComponent(`kuala${NUL}`)}`, 'venue: must not contain NUL characters'],
      [`delegation=${encodeURIComponent(`MYS${NUL}`)}`, 'delegation: must not contain NUL characters'],
    ] as const) {
      const res = await n.chair.api.request('GET', `/api/archive?${query}`);
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toContain(message);
    }
    // A lone surrogate cannot travel in a URL: its UTF-8 form is malformed, and stays as it was typed.
    expect((await n.chair.api.request('GET', '/api/archive?q=%ED%A0%80')).status).toBe(200);
  });

  it('a NUL in an id of the path is a 400, not a server error', async () => {
    for (const url of ['/api/documents/%00', `/api/documents/${n.documentId}/revisions/%00`, '/api/archive/%00']) {
      const res = await n.chair.api.request('GET', url);
      expect([400, 404]).toContain(res.status);
    }
  });

  it('the server answers as before afterwards', async () => {
    expect((await n.chair.api.request('GET', '/api/me')).status).toBe(200);
    expect((await n.chair.api.request('GET', `/api/documents/${n.documentId}`)).status).toBe(200);
  });
});

describe('a text holding a NUL', () => {
  let id: string;

  beforeAll(async () => {
    id = await newDocument('Joint Statement on Cybercrime', 'SOMTC/2025/L.9');
    await storeNulInText(id, 'the role of');
    expect(await (await n.chair.api.request('GET', `/api/documents/${id}/text`)).text()).toContain(`the role of${NUL} women`);
  }, 60_000);

  it('exports in every format', async () => {
    for (const format of EXPORT_FORMAT_NAMES) {
      const res = await n.chair.api.request('GET', `/api/documents/${id}/export?format=${format}`);
      expect(res.status, format).toBe(200);
      await res.arrayBuffer();
    }
  });

  it('is issued as a revision, whose copy of the text leaves the NUL out', async () => {
    const { revision } = await n.chair.api.json<{ revision: RevisionSummary }>('POST', `/api/documents/${id}/revisions`, { note: 'For the second reading.' }, 201);
    const detail = (await n.chair.api.json<{ revision: RevisionDetail }>('GET', `/api/documents/${id}/revisions/${revision.number}`)).revision;
    expect(detail.text).toContain('the role of women in Joint Statement on Cybercrime');
    expect(detail.text).not.toContain(NUL);
    expect((await n.chair.api.request('GET', `/api/documents/${id}/compare?from=${revision.number}&to=live`)).status).toBe(200);
    expect((await n.chair.api.request('GET', `/api/documents/${id}/export?format=docx&revision=${revision.number}`)).status).toBe(200);
  });

  it('is adopted by the clock when its silence expires, and archived without the NUL', async () => {
    const stream = await subscribe(id);
    await n.chair.api.json('POST', `/api/documents/${id}/silence`, { deadline: new Date(Date.now() + 1000).toISOString() }, 201);
    await stream.next('status', (e: { status: string }) => e.status === 'adopted', 10_000);
    const { record } = await n.mys.api.json<{ record: ArchiveRecord }>('GET', `/api/archive/${id}`);
    expect(record.via).toBe('silence');
    expect(record.text).toContain('the role of women in Joint Statement on Cybercrime');
    expect(record.text).not.toContain(NUL);
    expect(sha256Hex(record.text)).toBe(record.hash);
    const { results } = await n.mys.api.json<{ results: ArchiveResult[] }>('GET', `/api/archive?q=cybercrime`);
    expect(results.map((r) => r.documentId)).toContain(id);
    for (const format of ['txt', 'docx', 'pdf'] as const) expect((await n.mys.api.request('GET', `/api/documents/${id}/export?format=${format}`)).status).toBe(200);
  });
});

describe('an adoption by the clock that fails', () => {
  it('leaves the silence open, says why live, and the chair may withdraw the text', async () => {
    const id = await newDocument('Joint Statement on Border Management', 'SOMTC/2025/L.10');
    const stream = await subscribe(id);
    const logged = failuresLogged();
    await n.chair.api.json('POST', `/api/documents/${id}/silence`, { deadline: new Date(Date.now() + 1500).toISOString() }, 201);
    // Storage that refuses the archive record: a row already filed under this document.
    const db = openDatabase(server.database.url);
    try {
      const now = timestamp();
      await db
        .insertInto('archive_records')
        .values({ document_id: id, title: 'In the way', symbol: 'X/1', venue: null, body: null, adopted_at: now, year: 2025, adopted_by: null, via: 'chair', numbering: 'un', text_hash: '', final_text: '', content: '{}', recorded_at: now })
        .execute();
      const failed = await stream.next<AdoptionFailedEvent>('adoptionFailed', () => true, 10_000);
      expect(failed.reason).toMatch(/could not complete the adoption/);
      expect(new Date(failed.retryAt).getTime()).toBeGreaterThan(Date.now());
      // No tight loop: one failure reported, no retry within the next second.
      await new Promise((r) => setTimeout(r, 1000));
      expect(failuresLogged()).toBe(logged + 1);
      expect(server.output).not.toMatch(/adoption failed again/);
      expect(await statusOf(id)).toBe('silence');

      // Past the deadline a delegation still cannot break silence, but the chair can take the text back.
      const late = await n.mys.api.request('POST', `/api/documents/${id}/silence/break`, { statement: 'We object.' });
      expect(late.status).toBe(409);
      expect(await errorOf(late)).toMatch(/adoption failed: only the chair may now withdraw/);
      const withdrawn = await n.chair.api.request('POST', `/api/documents/${id}/silence/withdraw`, { note: 'The archive refused the record; we will adopt it at the meeting.' });
      expect(withdrawn.status).toBe(200);
      expect(((await withdrawn.json()) as { silence: SilenceView }).silence.outcome).toBe('withdrawn');
      expect(await statusOf(id)).toBe('draft');
      await stream.next('status', (e: { status: string }) => e.status === 'draft');

      // Editing reopens, and once the storage is right the chair adopts it.
      await db.deleteFrom('archive_records').where('document_id', '=', id).execute();
    } finally {
      await db.destroy();
    }
    expect((await n.chair.api.request('POST', `/api/documents/${id}/revisions`, {})).status).toBe(201);
    expect((await n.chair.api.request('POST', `/api/documents/${id}/adopt`, {})).status).toBe(200);
    expect(await statusOf(id)).toBe('adopted');
  });

  it('a text that cannot be read when its silence expires can be withdrawn too', async () => {
    const id = await newDocument('Joint Statement on Illicit Drugs', 'SOMTC/2025/L.11');
    await n.chair.api.json('POST', `/api/documents/${id}/silence`, { deadline: new Date(Date.now() + 1000).toISOString() }, 201);
    await server.crash();
    const db = openDatabase(server.database.url);
    try {
      await db.deleteFrom('document_snapshots').where('document_id', '=', id).execute();
      await db.updateTable('document_updates').set({ data: new Uint8Array([0xff, 0xfe, 0x00, 0x13, 0x37]) }).where('document_id', '=', id).execute();
    } finally {
      await db.destroy();
    }
    await new Promise((r) => setTimeout(r, 1200));
    const logged = failuresLogged();
    await server.launch();
    for (let i = 0; i < 100 && failuresLogged() === logged; i++) await new Promise((r) => setTimeout(r, 50));
    expect(failuresLogged()).toBe(logged + 1);
    expect(await statusOf(id)).toBe('silence');
    const withdrawn = await n.chair.api.request('POST', `/api/documents/${id}/silence/withdraw`, {});
    expect(withdrawn.status).toBe(200);
    expect(await statusOf(id)).toBe('draft');
  });
});

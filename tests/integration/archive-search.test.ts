import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../db/index.js';
import { up as foldDiacritics } from '../../db/migrations/2026-12-06T10-00-00-archive-search.js';
import { TestServer } from '../helpers/server.js';
import { ApiClient, negotiation, type Negotiation } from '../helpers/api.js';
import { writeZeroDraft } from '../helpers/page.js';
import type { DeclarationDraft } from '../../shared/editor/content.js';
import type { ArchiveResult } from '../../shared/api/record.js';
import type { DocumentSummary } from '../../shared/api/types.js';

/**
 * Searching the archive as records staff do: names written with or without their diacritics find
 * each other ("Viet Nam" and "Việt Nam", "Turkiye" and "Türkiye"), and a text is found by its final
 * symbol and by the draft symbol it was negotiated under. Runs on SQLite, and on PostgreSQL when
 * TEST_DATABASE_URL is set.
 */

let server: TestServer;
let n: Negotiation;
let archivist: ApiClient;
const ids: Record<'accented' | 'plain' | 'neither', string> = { accented: '', plain: '', neither: '' };

function draft(title: string, operative: string[]): DeclarationDraft {
  return {
    title,
    formula: 'We, the Ministers of the participating States,',
    preambular: [{ lead: 'Recalling', text: 'the commitments made at previous meetings;' }],
    operative: operative.map((text) => ({ lead: 'Welcome', text })),
  };
}

/** A document written, then adopted under a final symbol: the way a record enters the archive. */
async function adopted(title: string, symbol: string, finalSymbol: string, operative: string[], timeZone = 'Europe/Vienna'): Promise<string> {
  const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title, symbol, venue: 'Vienna', numbering: 'un', timeZone }, 201);
  await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.chair.user.id}`, { role: 'chair' });
  await writeZeroDraft(server, { ...n, documentId: document.id }, draft(title, operative), operative.at(-1)!.slice(0, 20));
  await n.chair.api.json('POST', `/api/documents/${document.id}/adopt`, { finalSymbol });
  return document.id;
}

async function search(q: string): Promise<ArchiveResult[]> {
  return (await archivist.json<{ results: ArchiveResult[] }>('GET', `/api/archive?q=${encodeURIComponent(q)}`)).results;
}

const found = async (q: string) => (await search(q)).map((r) => r.documentId).sort();

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await n.secretariat.api.json('POST', '/api/users', { email: 'records@osce.example', name: 'Rosa Records', password: 'accord-test-password', delegationId: null, workspaceRole: 'archivist' }, 201);
  archivist = new ApiClient(server.url);
  await archivist.signIn('records@osce.example');

  ids.accented = await adopted('Joint Statement on Partnership with Việt Nam', 'SOMTC/2019/L.1', 'SOMTC/2019/1', [
    'the chairmanship of Việt Nam of the Senior Officials Meeting in 2020;',
    'the contribution of Türkiye as a dialogue partner on border management;',
  ], 'Asia/Ho_Chi_Minh');
  ids.plain = await adopted('Ministerial Declaration on Border Security', 'OSCE/MC/2024/L.2', 'OSCE/MC/2024/2', [
    'the offer of Viet Nam to share its experience of border management;',
    'the hosting by Turkiye of the next expert workshop;',
  ]);
  ids.neither = await adopted('Declaration on Cybercrime', 'OSCE/MC/2024/L.3', 'OSCE/MC/2024/3', ['the work of the informal working group on cybercrime;']);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('archive search folds diacritics', () => {
  it('finds "Việt Nam" when searched without its diacritics, and "Viet Nam" when searched with them', async () => {
    const both = [ids.accented, ids.plain].sort();
    expect(await found('Viet Nam')).toEqual(both);
    expect(await found('Việt Nam')).toEqual(both);
    expect(await found('viet')).toEqual(both);
    expect(await found('"Viet Nam"')).toEqual(both);
    // Decomposed, as some keyboards send it: the same words.
    expect(await found('Việt Nam'.normalize('NFD'))).toEqual(both);
  });

  it('finds "Türkiye" as "Turkiye", and the other way round', async () => {
    const both = [ids.accented, ids.plain].sort();
    expect(await found('Turkiye')).toEqual(both);
    expect(await found('Türkiye')).toEqual(both);
    expect(await found('Türkiye cybercrime')).toEqual([]);
  });

  it('shows the text as written, with the match marked on the accented word', async () => {
    const hit = (await search('Viet')).find((r) => r.documentId === ids.accented);
    expect(hit?.snippet).toContain('<mark>Việt</mark>');
    const plain = (await search('Việt')).find((r) => r.documentId === ids.plain);
    expect(plain?.snippet).toContain('<mark>Viet</mark>');
    const turkiye = (await search('Turkiye')).find((r) => r.documentId === ids.accented);
    expect(turkiye?.snippet).toContain('<mark>Türkiye</mark>');
  });

  it('still finds words that carry no diacritics, and nothing that is not there', async () => {
    expect(await found('cybercrime')).toEqual([ids.neither]);
    expect(await found('border management')).toEqual([ids.accented, ids.plain].sort());
    expect(await found('Hà Nội')).toEqual([]);
  });
});

describe('archive search by symbol', () => {
  it('finds an adopted text by its final symbol and by the draft symbol it was negotiated under', async () => {
    for (const q of ['SOMTC/2019/1', 'SOMTC/2019/L.1', 'somtc/2019/l.1', ' "SOMTC/2019/L.1" ']) {
      const results = await search(q);
      expect({ q, first: results[0]?.documentId, symbol: results[0]?.symbol }).toEqual({ q, first: ids.accented, symbol: 'SOMTC/2019/1' });
    }
    // With the venue's time zone, in which the page shows the day of adoption.
    expect((await search('SOMTC/2019/L.1'))[0]?.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect((await search('Viet')).map((r) => r.timeZone).sort()).toEqual(['Asia/Ho_Chi_Minh', 'Europe/Vienna']);
    expect((await search('OSCE/MC/2024/L.2'))[0]?.documentId).toBe(ids.plain);
    expect((await search('OSCE/MC/2024/2'))[0]?.documentId).toBe(ids.plain);
    expect((await search('OSCE/MC/2024/3'))[0]?.documentId).toBe(ids.neither);
  });

  it('keeps the other filters on a symbol search', async () => {
    const res = await archivist.json<{ results: ArchiveResult[] }>('GET', `/api/archive?q=${encodeURIComponent('SOMTC/2019/L.1')}&venue=Geneva`);
    expect(res.results).toEqual([]);
    // A delegate finds only the records of their own documents, by symbol as by words.
    expect((await n.mys.api.json<{ results: ArchiveResult[] }>('GET', `/api/archive?q=${encodeURIComponent('SOMTC/2019/L.1')}`)).results).toEqual([]);
  });
});

describe('records filed before diacritics were folded', () => {
  /**
   * Puts the search index back as the record migration made it (no folding, no symbols), with the
   * server down, then runs the archive-search migration on it as an upgrade would.
   */
  async function upgradeFromTheFirstIndex(): Promise<void> {
    await server.crash();
    const db = openDatabase(server.database.url);
    try {
      if (server.database.kind === 'postgres') {
        await sql`alter table archive_records drop column search`.execute(db);
        await sql`drop text search configuration accord_search`.execute(db);
        await sql`alter table archive_records add column search tsvector generated always as (
          setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', final_text), 'B')
        ) stored`.execute(db);
        await sql`create index archive_records_search on archive_records using gin (search)`.execute(db);
      } else {
        await sql`drop table archive_search`.execute(db);
        await sql`create virtual table archive_search using fts5(document_id unindexed, title, body, tokenize = 'porter unicode61')`.execute(db);
        await sql`insert into archive_search (document_id, title, body) select document_id, title, final_text from archive_records`.execute(db);
      }
      await foldDiacritics(db);
    } finally {
      await db.destroy();
    }
    await server.launch();
  }

  it('are found with and without diacritics, and by either symbol, once the archive is upgraded', async () => {
    await upgradeFromTheFirstIndex();
    const both = [ids.accented, ids.plain].sort();
    expect(await found('Viet Nam')).toEqual(both);
    expect(await found('Việt Nam')).toEqual(both);
    expect(await found('Turkiye')).toEqual(both);
    expect(await found('cybercrime')).toEqual([ids.neither]);
    expect((await search('SOMTC/2019/L.1'))[0]?.documentId).toBe(ids.accented);
    expect((await search('Viet')).find((r) => r.documentId === ids.accented)?.snippet).toContain('<mark>Việt</mark>');
  });
});

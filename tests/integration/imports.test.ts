import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation, type Person } from '../helpers/api.js';
import { ZERO_DRAFT, documentXml, wordPackage, zeroDraftDocx } from '../helpers/docx-samples.js';
import type { DocumentSummary } from '../../shared/api/types.js';
import type { ImportPreview } from '../../server/import/docx.js';

/** Importing a zero draft from Word, through the real route: preview, confirm, and files that must be refused. */

let server: TestServer;
let n: Negotiation;

async function upload(person: Person, bytes: Uint8Array, name = 'zero-draft.docx'): Promise<Response> {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
  return fetch(`${server.url}/api/documents/import`, { method: 'POST', body: form, headers: { cookie: person.api.cookie, origin: server.origin } });
}

async function documentCount(): Promise<number> {
  return (await n.secretariat.api.json<{ documents: DocumentSummary[] }>('GET', '/api/documents')).documents.length;
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('importing a zero draft from Word', () => {
  it('previews 4 preambular and 5 operative paragraphs, stores nothing, and creates the document once confirmed', async () => {
    const before = await documentCount();
    const res = await upload(n.secretariat, await zeroDraftDocx());
    expect(res.status).toBe(200);
    const { preview, fileName } = (await res.json()) as { preview: ImportPreview; fileName: string };
    expect(fileName).toBe('zero-draft.docx');
    expect(preview.title).toBe(ZERO_DRAFT.title);
    expect(preview.formula).toBe(ZERO_DRAFT.formula);
    expect(preview.preambular).toHaveLength(4);
    expect(preview.operative).toHaveLength(5);
    expect(preview.preambular[0]).toEqual({ lead: 'Recalling', text: 'the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997,' });
    expect(preview.operative.some((c) => (c.subclauses?.length ?? 0) >= 2)).toBe(true);
    expect(await documentCount()).toBe(before);

    const { warnings: _warnings, ...draft } = preview;
    const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>(
      'POST',
      '/api/documents/import',
      { ...draft, symbol: 'AMMTC/2018/L.1', venue: 'Nay Pyi Taw', numbering: 'un' },
      201,
    );
    expect(document).toMatchObject({ title: ZERO_DRAFT.title, symbol: 'AMMTC/2018/L.1', status: 'draft' });
    const text = await (await n.secretariat.api.request('GET', `/api/documents/${document.id}/text`)).text();
    const labels = text.split('\n').map((line) => /^(PP\d+|OP\d+(\([a-z]\))?)\s/.exec(line)?.[1]).filter(Boolean);
    expect(labels.filter((l) => l!.startsWith('PP'))).toEqual(['PP1', 'PP2', 'PP3', 'PP4']);
    expect(labels.filter((l) => /^OP\d+$/.test(l!))).toEqual(['OP1', 'OP2', 'OP3', 'OP4', 'OP5']);
    expect(text).toContain('PP1 Recalling the ASEAN Declaration on Transnational Crime');
    expect(await documentCount()).toBe(before + 1);
  });

  it('refuses broken and hostile files with a clear 422, and creates nothing', async () => {
    const before = await documentCount();
    const sample = await zeroDraftDocx();
    const billionLaughs = documentXml('').replace(
      '<w:document',
      '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document',
    );
    const cases: [string, Uint8Array, RegExp][] = [
      ['notes.docx', new TextEncoder().encode('Recalling the ASEAN Charter,'), /not a Word document|not a ZIP|not a \.docx/i],
      ['scan.docx', new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'), /PDF/],
      ['half.docx', sample.slice(0, Math.floor(sample.length / 2)), /damaged|broken|truncated|corrupt|cannot be read|not a Word|incomplete/i],
      ['slides.docx', zipSync({ 'ppt/presentation.xml': new TextEncoder().encode('<p/>') }), /word\/document\.xml/],
      ['laughs.docx', wordPackage({ 'word/document.xml': billionLaughs }), /DOCTYPE|entit/i],
      ['bomb.docx', wordPackage({ 'word/document.xml': new Uint8Array(60 * 1024 * 1024) }, 9), /too large|larger|limit|size/i],
    ];
    for (const [name, bytes, message] of cases) {
      const res = await upload(n.secretariat, bytes, name);
      const body = (await res.json()) as { error: { message: string } };
      expect({ name, status: res.status }).toEqual({ name, status: 422 });
      expect(body.error.message).toMatch(message);
      expect(body.error.message.startsWith(`${name}: `)).toBe(true);
    }
    expect(await documentCount()).toBe(before);
    // The server is still there, and still imports.
    expect((await upload(n.secretariat, sample)).status).toBe(200);
  });

  it('is the secretariat’s: anyone else is refused; wrong requests say what is wrong', async () => {
    expect((await upload(n.chair, await zeroDraftDocx())).status).toBe(403);
    const json = await n.secretariat.api.request('POST', '/api/documents/import', 'not json', { 'content-type': 'text/plain' });
    expect(json.status).toBe(415);
    const empty = await n.secretariat.api.request('POST', '/api/documents/import', { title: 'A statement', formula: '', preambular: [], operative: [] });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toContain('at least one operative paragraph');
    const missing = new FormData();
    missing.set('note', 'no file');
    const res = await fetch(`${server.url}/api/documents/import`, { method: 'POST', body: missing, headers: { cookie: n.secretariat.api.cookie, origin: server.origin } });
    expect(res.status).toBe(400);
    const big = await upload(n.secretariat, new Uint8Array(11 * 1024 * 1024));
    expect(big.status).toBe(413);
  });
});

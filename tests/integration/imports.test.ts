import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation, type Person } from '../helpers/api.js';
import { COMPILATION_AUTHORS, ZERO_DRAFT, compilationDocx, documentXml, wordPackage, zeroDraftDocx } from '../helpers/docx-samples.js';
import type { DocumentSummary } from '../../shared/api/types.js';
import type { AmendmentView } from '../../shared/api/amendments.js';
import type { RevisionDetail, RevisionSummary } from '../../shared/api/record.js';
import type { ApiResponses } from '../../shared/api/responses.js';
import type { ImportConfirmBody } from '../../shared/api/schemas.js';
import type { ImportPreview } from '../../server/import/docx.js';

/** Importing a zero draft from Word, through the real route: preview, confirm, and files that must be refused. */

let server: TestServer;
let n: Negotiation;

async function upload(person: Person, bytes: Uint8Array, name = 'zero-draft.docx'): Promise<Response> {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
  return fetch(`${server.url}/api/documents/import`, { method: 'POST', body: form, headers: { cookie: person.api.cookie, origin: server.origin } });
}

async function preview(bytes: Uint8Array): Promise<ImportPreview> {
  const res = await upload(n.secretariat, bytes, 'compilation.docx');
  expect(res.status).toBe(200);
  return ((await res.json()) as { preview: ImportPreview }).preview;
}

/** The preview, confirmed as it stands, with what to do about its tracked changes. */
function confirmation(p: ImportPreview, extra: Partial<ImportConfirmBody>): ImportConfirmBody {
  const { warnings: _w, changes: _c, accordExport: _a, symbol, ...draft } = p;
  return { ...draft, symbol, numbering: 'un', ...extra };
}

async function created(body: ImportConfirmBody): Promise<{ id: string; text: string; amendments: AmendmentView[] }> {
  const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents/import', body, 201);
  // The secretariat reads every draft; the text and the amendments are what the chair will find.
  const text = await (await n.secretariat.api.request('GET', `/api/documents/${document.id}/text`)).text();
  const { amendments } = await n.secretariat.api.json<{ amendments: AmendmentView[] }>('GET', `/api/documents/${document.id}/amendments?status=pending`);
  return { id: document.id, text, amendments };
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

    const { warnings: _warnings, changes: _changes, accordExport: _accord, symbol: _symbol, ...draft } = preview;
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

describe('importing a compilation text with tracked changes and typed brackets', () => {
  it('previews the tracked changes with their authors, the brackets, and the symbol from the page header', async () => {
    const p = await preview(compilationDocx());
    expect(p.symbol).toBe('SOMTC/2019/L.1');
    expect(p.changes.map((c) => [c.author, c.kind, c.label, c.paragraph])).toEqual([
      [COMPILATION_AUTHORS.mys, 'insert', 'OP1', false],
      [COMPILATION_AUTHORS.mys, 'insert', 'OP2bis', true],
      [COMPILATION_AUTHORS.idn, 'delete', 'OP3', false],
    ]);
    expect(p.warnings.some((w) => w.includes('nest or do not pair up'))).toBe(true);
  });

  it('accepting them creates the text Word’s Accept All gives, with the typed brackets as brackets and nothing pending', async () => {
    const { id, text, amendments } = await created(confirmation(await preview(compilationDocx()), { trackedChanges: 'accept' }));
    expect(amendments).toEqual([]);
    expect(text).toContain('OP1 Reaffirm our commitment to the ASEAN Plan of Action in Combating Transnational Crime and its Work Programme;');
    // Accepted, the new paragraph is one of the text, numbered in its place.
    expect(text).toContain('OP3 Encourage Member States to exchange information on foreign terrorist fighters;');
    expect(text).toContain('OP4 Task SOMTC to report on the implementation of this Joint Statement;');
    expect(text).not.toMatch(/\{[+-]|annually/);
    expect(text).toContain('OP2 Member States [shall][should] develop national action plans [to prevent and counter violent extremism];');
    const { brackets } = await n.secretariat.api.json<{ brackets: { group: string; options: { option: number; text: string }[] }[] }>('GET', `/api/documents/${id}/brackets`);
    expect(brackets.map((b) => b.options.map((o) => [o.option, o.text]))).toEqual([
      [
        [0, 'shall'],
        [1, 'should'],
      ],
      [[0, 'to prevent and counter violent extremism']],
    ]);
  });

  it('keeping them makes pending proposals of the delegations the secretariat picked, a new paragraph included', async () => {
    const p = await preview(compilationDocx());
    const attribution: Record<string, string> = { [COMPILATION_AUTHORS.mys]: n.mys.delegation!.id, [COMPILATION_AUTHORS.idn]: n.idn.delegation!.id };
    const proposals = p.changes.map((c) => ({ key: c.id, delegationId: attribution[c.author]!, author: c.author, at: c.at }));
    const { text, amendments } = await created(confirmation(p, { trackedChanges: 'propose', proposals }));
    expect(text).toContain('OP1 Reaffirm our commitment to the ASEAN Plan of Action in Combating Transnational Crime{+ and its Work Programme+};');
    expect(text).toContain('OP2bis {+Encourage Member States to exchange information on foreign terrorist fighters;+}');
    expect(text).toContain('OP3 Task SOMTC to report {-annually -}on the implementation of this Joint Statement;');
    expect(amendments.map((a) => [a.delegationCode, a.kind, a.label, a.paragraph, a.status])).toEqual([
      ['MYS', 'insert', 'OP1', null, 'pending'],
      ['MYS', 'insert', 'OP2bis', 'new', 'pending'],
      ['IDN', 'delete', 'OP3', null, 'pending'],
    ]);
    // Each tracked change is an amendment of its own, under a new id.
    expect(new Set(amendments.map((a) => a.id)).size).toBe(3);
    expect(amendments.every((a) => !p.changes.some((c) => c.id === a.id))).toBe(true);
  });

  it('refuses to keep a tracked change nobody is named for, or one named for an unknown delegation', async () => {
    const p = await preview(compilationDocx());
    const before = await documentCount();
    const missing = await n.secretariat.api.request('POST', '/api/documents/import', confirmation(p, { trackedChanges: 'propose', proposals: [] }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { issues: { path: string; message: string }[] } }).error.issues[0]).toMatchObject({
      path: 'proposals',
      message: expect.stringContaining('needs a delegation'),
    });
    const proposals = p.changes.map((c) => ({ key: c.id, delegationId: 'dlg_nobody', author: c.author, at: c.at }));
    const unknown = await n.secretariat.api.request('POST', '/api/documents/import', confirmation(p, { trackedChanges: 'propose', proposals }));
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('not registered');
    expect(await documentCount()).toBe(before);
  });
});


describe('the imported text is the zero draft', () => {
  const revisionsOf = async (documentId: string) => (await n.secretariat.api.json<{ revisions: RevisionSummary[] }>('GET', `/api/documents/${documentId}/revisions`)).revisions;
  const currentText = async (documentId: string) => (await n.secretariat.api.request('GET', `/api/documents/${documentId}/text`)).text();

  it('confirming issues the text as confirmed as the zero draft, under the document’s symbol, by the secretariat', async () => {
    const p = await preview(await zeroDraftDocx());
    const { document, zeroDraft } = await n.secretariat.api.json<ApiResponses['importConfirmed']>('POST', '/api/documents/import', confirmation(p, { symbol: 'AMMTC/2018/L.1' }), 201);
    expect(zeroDraft).toMatchObject({ number: 0, name: 'Zero draft', symbol: 'AMMTC/2018/L.1', renumbered: false, issuedBy: { userId: n.secretariat.user.id } });
    expect((await revisionsOf(document.id)).map((r) => [r.number, r.symbol])).toEqual([[0, 'AMMTC/2018/L.1']]);

    const { revision } = await n.secretariat.api.json<{ revision: RevisionDetail }>('GET', `/api/documents/${document.id}/revisions/0`);
    // The zero draft holds the text confirmed, every paragraph of the file, and nothing else.
    expect(revision.text).toBe(await currentText(document.id));
    expect(revision.text.startsWith(`${ZERO_DRAFT.title}\n`)).toBe(true);
    for (const clause of [...p.preambular, ...p.operative]) expect(revision.text).toContain([clause.lead, clause.text].filter(Boolean).join(' '));
    const labels = revision.text.split('\n').flatMap((line) => /^(PP\d+|OP\d+)\s/.exec(line)?.[1] ?? []);
    expect(labels).toEqual(['PP1', 'PP2', 'PP3', 'PP4', 'OP1', 'OP2', 'OP3', 'OP4', 'OP5']);
  });

  it('a compilation text kept with its proposals is issued with them pending, as circulated', async () => {
    const p = await preview(compilationDocx());
    const attribution: Record<string, string> = { [COMPILATION_AUTHORS.mys]: n.mys.delegation!.id, [COMPILATION_AUTHORS.idn]: n.idn.delegation!.id };
    const proposals = p.changes.map((c) => ({ key: c.id, delegationId: attribution[c.author]!, author: c.author, at: c.at }));
    const { document, zeroDraft } = await n.secretariat.api.json<ApiResponses['importConfirmed']>('POST', '/api/documents/import', confirmation(p, { trackedChanges: 'propose', proposals }), 201);
    expect(zeroDraft).toMatchObject({ number: 0, symbol: 'SOMTC/2019/L.1' });
    const { revision } = await n.secretariat.api.json<{ revision: RevisionDetail }>('GET', `/api/documents/${document.id}/revisions/zero`);
    expect(revision.text).toBe(await currentText(document.id));
    expect(revision.text).toContain('OP2bis {+Encourage Member States to exchange information on foreign terrorist fighters;+}');
  });

  it('unticked, nothing is issued: the chair issues the zero draft later, from the text as it then stands', async () => {
    const before = await documentCount();
    const p = await preview(await zeroDraftDocx());
    const { document, zeroDraft } = await n.secretariat.api.json<ApiResponses['importConfirmed']>(
      'POST',
      '/api/documents/import',
      confirmation(p, { symbol: 'AMMTC/2018/L.2', issueZeroDraft: false }),
      201,
    );
    expect(zeroDraft).toBeNull();
    expect(await documentCount()).toBe(before + 1);
    expect(await revisionsOf(document.id)).toEqual([]);
    expect((await n.secretariat.api.request('GET', `/api/documents/${document.id}/revisions/0`)).status).toBe(404);

    await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.chair.user.id}`, { role: 'chair' });
    const { revision } = await n.chair.api.json<{ revision: RevisionSummary }>('POST', `/api/documents/${document.id}/revisions`, {}, 201);
    expect(revision).toMatchObject({ number: 0, name: 'Zero draft', symbol: 'AMMTC/2018/L.2' });
  });

  it('only the secretariat confirms an import, and only the chair issues a revision: the server refuses the others', async () => {
    const p = await preview(await zeroDraftDocx());
    const before = await documentCount();
    for (const person of [n.mys, n.chair, n.observer]) {
      const res = await person.api.request('POST', '/api/documents/import', confirmation(p, {}));
      expect({ who: person.user.email, status: res.status }).toEqual({ who: person.user.email, status: 403 });
    }
    expect(await documentCount()).toBe(before);

    // On a document with no revision yet, only its chair may issue the zero draft; not even the secretariat.
    for (const person of [n.mys, n.idn, n.observer, n.secretariat]) {
      const res = await person.api.request('POST', `/api/documents/${n.documentId}/revisions`, {});
      expect({ who: person.user.email, status: res.status }).toEqual({ who: person.user.email, status: 403 });
    }
    expect(await revisionsOf(n.documentId)).toEqual([]);
  });
});

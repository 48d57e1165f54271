import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMParser } from '@xmldom/xmldom';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { TestServer } from '../helpers/server.js';
import { ApiClient, negotiation, type Negotiation } from '../helpers/api.js';
import { pveDraft, writeZeroDraft } from '../helpers/page.js';
import type { ArchiveRecord } from '../../shared/api/record.js';

/**
 * Exports through the real route: every format of the live draft, of a revision and of the adopted
 * text, read back by parsers that are not ours (mammoth for DOCX, pdf.js for PDF, xmldom for XML).
 */

let server: TestServer;
let n: Negotiation;
let archivist: ApiClient;

const OP3 = 'the importance of the role of women in the prevention of violent extremism;';

async function download(api: ApiClient, query: string): Promise<{ res: Response; bytes: Uint8Array }> {
  const res = await api.request('GET', `/api/documents/${n.documentId}/export?${query}`);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const pdfText = async (bytes: Uint8Array) => (await extractText(await getDocumentProxy(bytes), { mergePages: true })).text;
const docxText = async (bytes: Uint8Array) => (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;

function parseXml(text: string, type: 'application/xml' | 'text/html' = 'application/xml') {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(text, type);
  expect(errors).toEqual([]);
  return doc;
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft(OP3), 'prevention of violent extremism');
  await n.chair.api.json('POST', `/api/documents/${n.documentId}/revisions`, { note: 'Zero draft' }, 201);
  await n.secretariat.api.json('POST', '/api/users', { email: 'records@asean.example', name: 'Rosa Records', password: 'accord-test-password', delegationId: null, workspaceRole: 'archivist' }, 201);
  archivist = new ApiClient(server.url);
  await archivist.signIn('records@asean.example');
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('exports of a draft', () => {
  it('every format downloads with its content type and a file name from the symbol', async () => {
    const expected: Record<string, [string, string]> = {
      docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', '.docx'],
      pdf: ['application/pdf', '.pdf'],
      html: ['text/html; charset=utf-8', '.html'],
      md: ['text/markdown; charset=utf-8', '.md'],
      txt: ['text/plain; charset=utf-8', '.txt'],
      json: ['application/json', '.json'],
      akn: ['application/akn+xml; charset=utf-8', '.xml'],
    };
    for (const [format, [type, extension]] of Object.entries(expected)) {
      const { res, bytes } = await download(n.observer.api, `format=${format}`);
      expect({ format, status: res.status, type: res.headers.get('content-type') }).toEqual({ format, status: 200, type });
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="ASEAN-PVE-2017-L\\.1[^"]*\\${extension}"`));
      expect(bytes.length).toBeGreaterThan(100);
    }
  });

  it('DOCX, PDF and Akoma Ntoso read back with their numbering and lead words', async () => {
    const docx = await docxText((await download(n.mys.api, 'format=docx')).bytes);
    expect(docx).toContain('Joint Statement on the Role of Women in Preventing Violent Extremism');
    expect(docx).toMatch(/PP2\s+Noting with concern that violent extremism/);
    expect(docx).toMatch(/OP3\s+Stress the importance of the role of women/);
    const html = (await mammoth.convertToHtml({ buffer: Buffer.from((await download(n.mys.api, 'format=docx')).bytes) })).value;
    expect(html).toContain('<em>Noting with concern</em>');

    const pdf = await pdfText((await download(n.mys.api, 'format=pdf')).bytes);
    expect(pdf).toContain('ASEAN/PVE/2017/L.1');
    expect(pdf).toMatch(/OP2\s+Call upon the SOMTC/);

    const akn = parseXml(utf8((await download(n.mys.api, 'format=akn')).bytes));
    const ns = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';
    expect(akn.documentElement?.localName).toBe('akomaNtoso');
    expect(akn.getElementsByTagNameNS(ns, 'statement')).toHaveLength(1);
    for (const required of ['FRBRWork', 'FRBRExpression', 'FRBRManifestation', 'lifecycle', 'preamble', 'mainBody']) {
      expect({ required, count: akn.getElementsByTagNameNS(ns, required).length }).toEqual({ required, count: 1 });
    }
    expect(akn.getElementsByTagNameNS(ns, 'eventRef').length).toBe(1); // the zero draft
    const paragraphs = Array.from(akn.getElementsByTagNameNS(ns, 'mainBody')[0]!.getElementsByTagNameNS(ns, 'paragraph'));
    expect(paragraphs.map((p) => p.getElementsByTagNameNS(ns, 'num')[0]?.textContent)).toEqual(['OP1', 'OP2', 'OP3']);

    const page = parseXml(utf8((await download(n.mys.api, 'format=html')).bytes), 'text/html');
    expect(page.getElementsByTagName('em').length).toBeGreaterThanOrEqual(5);
    const json = JSON.parse(utf8((await download(n.mys.api, 'format=json')).bytes)) as { declaration: { clauses: { label: string }[] } };
    expect(json.declaration.clauses.map((c) => c.label)).toEqual(['PP1', 'PP2', 'OP1', 'OP2', 'OP3']);
    expect(utf8((await download(n.mys.api, 'format=md')).bytes)).toContain('*Noting with concern*');
    expect(utf8((await download(n.mys.api, 'format=txt')).bytes)).toContain(`OP3 Stress ${OP3}`);
  });

  it('exports a revision by its number, and refuses what it cannot export', async () => {
    const rev = await download(n.mys.api, 'format=txt&revision=0');
    expect(rev.res.status).toBe(200);
    expect(utf8(rev.bytes)).toContain('PP1 Recalling');
    expect((await download(n.mys.api, 'format=txt&revision=4')).res.status).toBe(404);
    const bad = await download(n.mys.api, 'format=exe');
    expect(bad.res.status).toBe(400);
    expect(utf8(bad.bytes)).toContain('format must be one of pdf, docx, html, md, txt, json, akn');
    expect((await download(n.outsider.api, 'format=pdf')).res.status).toBe(403);
    // An archivist reads adopted texts only: not this draft, in no format.
    expect((await download(archivist, 'format=pdf')).res.status).toBe(403);
  });
});

describe('exports of the adopted text', () => {
  it('are clean, numbered as adopted, and the text file hashes to the record', async () => {
    const { record } = await n.chair.api.json<{ record: ArchiveRecord }>('POST', `/api/documents/${n.documentId}/adopt`, { body: 'ASEAN-UN Regional Dialogue on Women, Peace and Security' });
    const txt = await download(archivist, 'format=txt');
    expect(txt.res.status).toBe(200);
    expect(createHash('sha256').update(txt.bytes).digest('hex')).toBe(record.hash);
    expect(txt.res.headers.get('x-accord-text-sha256')).toBe(record.hash);
    // ASEAN style numbers every paragraph: PP1, PP2 become 1., 2.; the operative paragraphs follow.
    expect(utf8(txt.bytes)).toContain(`5. Stress ${OP3}`);

    const pdf = await pdfText((await download(archivist, 'format=pdf')).bytes);
    expect(pdf).toMatch(/1\.\s+Recalling the Joint Statement/);
    expect(pdf).toMatch(/5\.\s+Stress the importance/);
    expect(pdf).not.toContain('OP3');
    const docx = await docxText((await download(archivist, 'format=docx')).bytes);
    expect(docx).toMatch(/3\.\s+Encourage ASEAN Member States/);
    const akn = parseXml(utf8((await download(archivist, 'format=akn')).bytes));
    const ns = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';
    expect(Array.from(akn.getElementsByTagNameNS(ns, 'eventRef')).length).toBe(1); // the zero draft: a version of the text
    // The adoption is a step of the workflow, not a version of the text.
    expect(Array.from(akn.getElementsByTagNameNS(ns, 'step')).map((s) => s.getAttribute('refersTo'))).toContain('#adoption');
  });
});

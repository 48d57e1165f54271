import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { TextSelection } from '@tiptap/pm/state';
import { unzipSync, strFromU8 } from 'fflate';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation, type Person } from '../helpers/api.js';
import { collabClient, type CollabClient } from '../helpers/collab.js';
import { writeZeroDraft, somtcDraft } from '../helpers/page.js';
import { editDeclaration } from '../../server/collab/edit.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { openNewParagraph, proposeParagraphDeletion } from '../../shared/editor/paragraph-proposals.js';
import type { Readiness } from '../../shared/editor/settled.js';
import type { AmendmentView } from '../../shared/api/amendments.js';
import type { ArchiveRecord } from '../../shared/api/record.js';
import type { DocumentSummary } from '../../shared/api/types.js';

/**
 * Settled before sealed, whole-paragraph proposals, and the record's time and identity, through the
 * real server: HTTP for the procedure, y-websocket clients writing the text as a delegate's editor would.
 */

let server: TestServer;
let n: Negotiation;
const clients: CollabClient[] = [];

const draft = somtcDraft;

async function newDocument(title: string, symbol: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title, symbol, venue: 'Ulaanbaatar, Mongolia', numbering: 'un', ...extra }, 201);
  for (const [p, role] of [[n.chair, 'chair'], [n.mys, 'delegate'], [n.idn, 'delegate']] as const) {
    await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${p.user.id}`, { role });
  }
  await writeZeroDraft(server, { ...n, documentId: document.id }, draft(title), 'SOMTC to report');
  return document.id;
}

const text = (id: string) => n.chair.api.request('GET', `/api/documents/${id}/text`).then((r) => r.text());

/** Edits the text as `person`'s editor would, and waits until the server has stored it. */
async function edit(person: Person, id: string, change: (state: EditorState) => Transaction | null, stored: (text: string) => boolean): Promise<void> {
  const client = collabClient(server.wsUrl, id, person.api.cookie, server.origin);
  clients.push(client);
  await client.synced();
  expect(editDeclaration(client.doc, change)).toBe(true);
  for (let i = 0; i < 200 && !stored(await text(id)); i++) await new Promise((r) => setTimeout(r, 25));
  expect(stored(await text(id)), server.output.split('\n').filter((l) => l.includes('refused')).join('\n')).toBe(true);
  client.destroy();
}

/** A transaction state with the caret inside the paragraph whose text starts with `start`. */
function caretIn(state: EditorState, start: string): EditorState {
  const clause = clausesOf(state.doc).find((c) => c.node.textContent.startsWith(start));
  if (!clause) throw new Error(`no paragraph starting ${start}`);
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, clause.pos + 3)));
}

function clauseIdOf(state: EditorState, start: string): string {
  return clausesOf(state.doc).find((c) => c.node.textContent.startsWith(start))!.outline.id;
}

function proposerAttrs(person: Person, amendmentId: string) {
  return { amendmentId, delegationCode: person.delegation!.code, color: person.delegation!.color, authorId: person.user.id, authorName: person.user.name, at: new Date().toISOString() };
}

async function refusal(res: Response): Promise<string> {
  expect(res.status).toBe(409);
  return ((await res.json()) as { error: { message: string } }).error.message;
}

async function clauseIds(id: string): Promise<Map<string, string>> {
  const desk = await n.chair.api.json<{ clauses: { clauseId: string; label: string }[] }>('GET', `/api/documents/${id}/desk`);
  return new Map(desk.clauses.map((c) => [c.label, c.clauseId]));
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('settled before sealed', () => {
  it('silence and adoption are refused while a paragraph is ad ref, naming it; the readiness lists it and the open paragraphs', async () => {
    const id = await newDocument('Joint Statement on Cybercrime', 'SOMTC/2019/L.7');
    const labels = await clauseIds(id);
    for (const label of ['PP1', 'PP2', 'OP1', 'OP3']) await n.chair.api.json('PUT', `/api/documents/${id}/clauses/${labels.get(label)}/status`, { status: 'agreed' });
    await n.chair.api.json('PUT', `/api/documents/${id}/clauses/${labels.get('OP2')}/status`, { status: 'adRef' });

    const { readiness } = await n.chair.api.json<{ readiness: Readiness }>('GET', `/api/documents/${id}/readiness`);
    expect(readiness.unsettled).toEqual([{ clauseId: labels.get('OP2'), label: 'OP2', reasons: ['adRef'] }]);
    expect(readiness.open).toEqual([]);
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    expect(await refusal(await n.chair.api.request('POST', `/api/documents/${id}/silence`, { deadline }))).toBe('the text cannot go under silence yet: OP2 is agreed only ad referendum');
    expect(await refusal(await n.chair.api.request('POST', `/api/documents/${id}/adopt`, {}))).toBe('the text cannot be adopted yet: OP2 is agreed only ad referendum');

    // Confirmed by the capital: open again for the last confirmation, then adoptable.
    await n.chair.api.json('PUT', `/api/documents/${id}/clauses/${labels.get('OP2')}/status`, { status: 'open' });
    const after = (await n.chair.api.json<{ readiness: Readiness }>('GET', `/api/documents/${id}/readiness`)).readiness;
    expect(after).toEqual({ unsettled: [], open: [{ clauseId: labels.get('OP2'), label: 'OP2' }] });
    expect((await n.chair.api.request('POST', `/api/documents/${id}/adopt`, {})).status).toBe(200);
  });

  it('an empty paragraph and literal brackets typed as plain characters are refused, by label', async () => {
    const id = await newDocument('Joint Statement on Arms Smuggling', 'SOMTC/2019/L.8');
    await edit(
      n.chair,
      id,
      (state) => {
        const tr = state.tr;
        const op2 = clausesOf(state.doc).find((c) => c.node.textContent.startsWith('Encourage'))!;
        const at = op2.pos + 1 + 1 + op2.node.textContent.indexOf('the sharing');
        tr.insertText('[shall][should] ', at);
        const pp2 = clausesOf(tr.doc).find((c) => c.node.textContent.startsWith('Noting'))!;
        tr.delete(pp2.pos + 2, pp2.pos + 2 + pp2.node.child(0).content.size);
        return tr;
      },
      (t) => t.includes('[shall][should]') && !t.includes('Noting with concern'),
    );
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    const message = await refusal(await n.chair.api.request('POST', `/api/documents/${id}/silence`, { deadline }));
    expect(message).toBe('the text cannot go under silence yet: PP2 is empty; OP2 holds a literal "[" or "]"');
    expect(await refusal(await n.chair.api.request('POST', `/api/documents/${id}/adopt`, {}))).toContain('PP2 is empty; OP2 holds a literal "[" or "]"');
    const { document } = await n.chair.api.json<{ document: DocumentSummary }>('GET', `/api/documents/${id}`);
    expect(document.status).toBe('draft');
  });
});

describe('a revision keeps the negotiation as it stood when issued', () => {
  it("its compilation text shows the statuses of its day, not today's", async () => {
    const id = await newDocument('Joint Statement on People Smuggling', 'SOMTC/2019/L.12');
    const labels = await clauseIds(id);
    await n.chair.api.json('PUT', `/api/documents/${id}/clauses/${labels.get('OP2')}/status`, { status: 'adRef' });
    await n.chair.api.json('POST', `/api/documents/${id}/revisions`, { note: 'Zero draft' }, 201);
    await n.chair.api.json('PUT', `/api/documents/${id}/clauses/${labels.get('OP2')}/status`, { status: 'agreed' });
    const txt = async (query: string) => (await n.chair.api.request('GET', `/api/documents/${id}/export?format=txt${query}`)).text();
    expect(await txt('&revision=0')).toMatch(/OP2 \(Agreed ad referendum\)/);
    expect(await txt('')).toMatch(/OP2 \(Agreed\)/);
    expect(await txt('')).not.toContain('ad referendum');
  });
});

describe('whole-paragraph proposals', () => {
  it('a delegation proposes deleting PP2 as one amendment; accepted, the paragraph goes whole and the adopted text numbers cleanly', async () => {
    const id = await newDocument('Joint Statement on Wildlife Trafficking', 'SOMTC/2019/L.9', { numbering: 'all' });
    let pp2 = '';
    await edit(
      n.mys,
      id,
      (state) => {
        pp2 = clauseIdOf(state, 'Noting');
        return proposeParagraphDeletion(caretIn(state, 'Noting'), proposerAttrs(n.mys, 'am_pp2'), (a) => a.authorId === n.mys.user.id);
      },
      (t) => t.includes('Noting'),
    );
    const { amendments } = await n.chair.api.json<{ amendments: AmendmentView[] }>('GET', `/api/documents/${id}/amendments`);
    expect(amendments).toHaveLength(1);
    expect(amendments[0]).toMatchObject({ id: 'am_pp2', clauseId: pp2, paragraph: 'delete', summary: 'MYS proposes deleting PP2', status: 'pending' });

    await n.chair.api.json('POST', `/api/documents/${id}/amendments/am_pp2/accept`, {});
    const after = await text(id);
    expect(after).not.toContain('Noting');
    expect(after).not.toMatch(/PP2\s*$/m);
    expect((await clauseIds(id)).has('PP2')).toBe(false);

    await n.chair.api.json('POST', `/api/documents/${id}/adopt`, {});
    const { record } = await n.chair.api.json<{ record: ArchiveRecord }>('GET', `/api/archive/${id}`);
    // Numbered "all": PP1, then OP1..OP3 as 2, 3, 4: no gap, no empty "2.".
    expect(record.text.split('\n').filter((l) => /^\d+\./.test(l)).map((l) => l.split(' ')[0])).toEqual(['1.', '2.', '3.', '4.']);
  });

  it('a proposed new paragraph is one amendment however long the pause; rejected, the paragraph goes whole', async () => {
    const id = await newDocument('Joint Statement on Maritime Crime', 'SOMTC/2019/L.10');
    // The delegate's editor: open a paragraph after OP1, then type in it as a proposal, twice.
    const client = collabClient(server.wsUrl, id, n.idn.api.cookie, server.origin);
    clients.push(client);
    await client.synced();
    const { interceptProposal } = await import('../../shared/editor/proposals.js');
    let clock = Date.parse('2019-06-01T09:00:00Z');
    const proposer = {
      authorId: n.idn.user.id,
      authorName: n.idn.user.name,
      delegationCode: 'IDN',
      color: n.idn.delegation!.color,
      now: () => new Date(clock).toISOString(),
      newAmendmentId: (() => {
        let i = 0;
        return () => `am_new_${++i}`;
      })(),
    };
    const memory = { recent: null };
    let newId = '';
    editDeclaration(client.doc, (state) => {
      const before = caretIn(state, 'Agree');
      const tr = openNewParagraph(before)!;
      const { $from } = tr.selection;
      newId = String($from.node($from.depth - 1).attrs.id);
      const opened = before.apply(tr);
      const typed = interceptProposal(opened.tr.insertText('Welcome the ASEAN Convention Against Trafficking in Persons'), opened, proposer, memory);
      for (const step of typed.steps) tr.step(step);
      return tr;
    });
    clock += 60_000; // a minute later, the same paragraph, the same amendment
    editDeclaration(client.doc, (state) => {
      const clause = clausesOf(state.doc).find((c) => c.node.textContent.startsWith('Welcome'))!;
      const end = clause.pos + 1 + clause.node.child(0).nodeSize - 1;
      const at = state.apply(state.tr.setSelection(TextSelection.create(state.doc, end)));
      return interceptProposal(at.tr.insertText(';'), at, proposer, memory);
    });
    for (let i = 0; i < 200 && !(await text(id)).includes('Persons;'); i++) await new Promise((r) => setTimeout(r, 25));
    const { amendments } = await n.chair.api.json<{ amendments: AmendmentView[] }>('GET', `/api/documents/${id}/amendments`);
    expect(amendments).toHaveLength(1);
    expect(amendments[0]).toMatchObject({ clauseId: newId, paragraph: 'new', summary: "IDN proposes a new paragraph OP1bis: 'Welcome the ASEAN Convention Against Trafficking in Persons;'" });

    await n.chair.api.json('POST', `/api/documents/${id}/amendments/${amendments[0]!.id}/reject`, {});
    expect(await text(id)).not.toContain('Welcome');
    expect([...(await clauseIds(id)).keys()]).toEqual(['PP1', 'PP2', 'OP1', 'OP2', 'OP3']);
  });
});

describe("the record's time and identity", () => {
  it('adopted at 00:30 in Ulaanbaatar (UTC+8) is dated 12 June there, in the record and every export; the final symbol names the record and its files', async () => {
    const id = await newDocument('Joint Statement of the 13th SOMTC', 'SOMTC/2019/L.1', { timeZone: 'Asia/Ulaanbaatar', organisation: 'asean' });
    const { document } = await n.chair.api.json<{ document: DocumentSummary }>('GET', `/api/documents/${id}`);
    expect(document).toMatchObject({ timeZone: 'Asia/Ulaanbaatar', organisation: 'asean', language: 'en', finalSymbol: null });
    const adoptedAt = '2019-06-11T16:30:00.000Z'; // 00:30 on 12 June in Ulaanbaatar
    const res = await n.chair.api.request('POST', `/api/documents/${id}/adopt`, { adoptedAt, finalSymbol: 'SOMTC/2019/1' });
    expect(res.status).toBe(200);

    const { record } = await n.chair.api.json<{ record: ArchiveRecord }>('GET', `/api/archive/${id}`);
    expect(record).toMatchObject({ symbol: 'SOMTC/2019/1', adoptedAt });
    const summary = (await n.chair.api.json<{ document: DocumentSummary }>('GET', `/api/documents/${id}`)).document;
    expect(summary.finalSymbol).toBe('SOMTC/2019/1');

    const exported = async (format: string) => {
      const r = await n.chair.api.request('GET', `/api/documents/${id}/export?format=${format}`);
      expect(r.status).toBe(200);
      return { name: decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(r.headers.get('content-disposition') ?? '')![1]!), body: new Uint8Array(await r.arrayBuffer()) };
    };
    const txt = await exported('txt');
    expect(txt.name).toBe('SOMTC-2019-1-adopted.txt');
    const html = await exported('html');
    expect(new TextDecoder().decode(html.body)).toContain('Adopted on 12 June 2019 at Ulaanbaatar, Mongolia (UTC+08:00)');
    const docx = await exported('docx');
    expect(docx.name).toBe('SOMTC-2019-1-adopted.docx');
    const documentXml = strFromU8(unzipSync(docx.body)['word/document.xml']!);
    expect(documentXml).toContain('12 June 2019');
    expect(documentXml).not.toContain('11 June 2019');
    const akn = new TextDecoder().decode((await exported('akn')).body);
    expect(akn).toContain('date="2019-06-12"');
    expect(akn).not.toContain('date="2019-06-11"');
    expect(akn).toContain('SOMTC/2019/1');
    const pdf = await exported('pdf');
    expect(pdf.name).toBe('SOMTC-2019-1-adopted.pdf');
    const dir = mkdtempSync(join(tmpdir(), 'accord-pdf-'));
    writeFileSync(join(dir, 'adopted.pdf'), pdf.body);
    const pdfText = execFileSync('pdftotext', ['-layout', join(dir, 'adopted.pdf'), '-'], { encoding: 'utf8' });
    expect(pdfText.replace(/\s+/g, ' ')).toContain('Adopted on 12 June 2019');
  });

  it('a time zone or language that does not exist is refused with a clear message', async () => {
    const bad = await n.secretariat.api.request('POST', '/api/documents', { title: 'X', timeZone: 'Mars/Olympus_Mons' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('IANA time zone');
    const lang = await n.secretariat.api.request('POST', '/api/documents', { title: 'X', language: 'not a language' });
    expect(lang.status).toBe(400);
    const id = await newDocument('Joint Statement on Drugs', 'SOMTC/2019/L.11');
    const { document } = await n.chair.api.json<{ document: DocumentSummary }>('PATCH', `/api/documents/${id}/settings`, { timeZone: 'Asia/Ulaanbaatar', language: 'AR' });
    expect(document).toMatchObject({ timeZone: 'Asia/Ulaanbaatar', language: 'ar' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { collabClient, waitFor, type CollabClient, firstOperativeText, plainText } from '../helpers/collab.js';
import type { AuditEvent } from '../../shared/api/discussion.js';

let server: TestServer;
let n: Negotiation;
const clients: CollabClient[] = [];

function join(cookie: string): CollabClient {
  const client = collabClient(server.wsUrl, n.documentId, cookie, server.origin);
  clients.push(client);
  return client;
}

const op1 = firstOperativeText;
const plain = plainText;

let mys: CollabClient;
let idn: CollabClient;

async function bracketChoice(): Promise<void> {
  const body = ((mys.fragment.get(3) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlElement;
  if (!(body.get(0) instanceof Y.XmlText)) body.insert(0, [new Y.XmlText('')]);
  const text = op1(mys.doc)!;
  text.delete(0, text.length);
  text.insert(0, 'Member States ');
  text.insert(text.length, 'shall', { bracket: { bracketId: 'b_one', group: 'b_one', option: 0 } });
  text.insert(text.length, 'should', { bracket: { bracketId: 'b_two', group: 'b_one', option: 1 } });
  text.insert(text.length, ' take measures;', { bracket: null }); // Y.Text would carry the bracket on otherwise
  await waitFor(() => plain(op1(idn.doc)) === 'Member States shallshould take measures;', 'the brackets to reach everyone');
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  mys = join(n.mys.api.cookie);
  idn = join(n.idn.api.cookie);
  await Promise.all([mys.synced(), idn.synced()]);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('square brackets', () => {
  it('a delegate brackets two options; everyone sees them; the chair picks one and every copy has the clean text', async () => {
    await bracketChoice();
    const { brackets } = await n.mys.api.json<{ brackets: { group: string; options: { option: number; text: string }[] }[] }>('GET', `/api/documents/${n.documentId}/brackets`);
    expect(brackets).toMatchObject([{ group: 'b_one', options: [{ option: 0, text: 'shall' }, { option: 1, text: 'should' }] }]);
    const desk = await n.chair.api.json<{ clauses: { label: string; brackets: number }[] }>('GET', `/api/documents/${n.documentId}/desk`);
    expect(desk.clauses.find((c) => c.label === 'OP1')?.brackets).toBe(1);

    // Bracketed text is not agreed text.
    const clauseId = (mys.fragment.get(3) as Y.XmlElement).get(0) instanceof Y.XmlElement ? (((mys.fragment.get(3) as Y.XmlElement).get(0) as Y.XmlElement).getAttribute('id') as string) : '';
    const agree = await n.chair.api.request('PUT', `/api/documents/${n.documentId}/clauses/${clauseId}/status`, { status: 'agreed' });
    expect(agree.status).toBe(409);
    expect(((await agree.json()) as { error: { message: string } }).error.message).toBe('OP1 cannot be agreed while it still has square brackets');
    expect((await n.chair.api.request('PUT', `/api/documents/${n.documentId}/clauses/${clauseId}/status`, { status: 'adRef' })).status).toBe(200);
    expect((await n.chair.api.request('PUT', `/api/documents/${n.documentId}/clauses/${clauseId}/status`, { status: 'open' })).status).toBe(200);

    expect((await n.mys.api.request('POST', `/api/documents/${n.documentId}/brackets/b_one/pick`, { option: 1 })).status).toBe(403);
    expect((await n.secretariat.api.request('POST', `/api/documents/${n.documentId}/brackets/b_one/pick`, { option: 1 })).status).toBe(403);
    expect((await n.chair.api.request('POST', `/api/documents/${n.documentId}/brackets/b_one/pick`, { option: 9 })).status).toBe(404);
    expect((await n.chair.api.request('POST', `/api/documents/${n.documentId}/brackets/b_nope/pick`, { option: 0 })).status).toBe(404);
    expect((await n.chair.api.request('POST', `/api/documents/${n.documentId}/brackets/b_one/pick`, { option: 'x' })).status).toBe(400);

    const res = await n.chair.api.request('POST', `/api/documents/${n.documentId}/brackets/b_one/pick`, { option: 1 });
    expect(res.status).toBe(200);
    for (const c of [mys, idn]) {
      await waitFor(() => plain(op1(c.doc)) === 'Member States should take measures;', 'the picked text on every copy');
      expect(JSON.stringify(op1(c.doc)?.toDelta())).not.toContain('bracket');
    }
    expect(await (await n.chair.api.request('GET', `/api/documents/${n.documentId}/text`)).text()).toContain('OP1 Member States should take measures;');
    const { events } = await n.chair.api.json<{ events: AuditEvent[] }>('GET', `/api/documents/${n.documentId}/audit`);
    expect(events.find((e) => e.action === 'bracket.picked')).toMatchObject({ detail: { picked: 'should', options: ['shall', 'should'] }, actor: { name: n.chair.user.name } });
  });

  it('the chair clears a bracket: its text stays, unbracketed', async () => {
    await bracketChoice();
    expect((await n.chair.api.request('POST', `/api/documents/${n.documentId}/brackets/b_one/clear`)).status).toBe(200);
    await waitFor(() => !JSON.stringify(op1(idn.doc)?.toDelta()).includes('bracket'), 'the brackets to go');
    expect(plain(op1(idn.doc))).toBe('Member States shallshould take measures;');
    expect((await n.idn.api.request('POST', `/api/documents/${n.documentId}/brackets/b_one/clear`)).status).toBe(403);
  });

  it('alternative paragraphs: OP1 alt stands beside OP1; the chair keeps one and it becomes OP1 everywhere', async () => {
    const operative = mys.fragment.get(3) as Y.XmlElement;
    const originalId = (operative.get(0) as Y.XmlElement).getAttribute('id') as string;
    const alternative = new Y.XmlElement('clause');
    alternative.setAttribute('id', 'c_alternative_op1');
    alternative.setAttribute('kind', 'operative');
    alternative.setAttribute('alternativeOf', originalId);
    const body = new Y.XmlElement('clauseText');
    body.insert(0, [new Y.XmlText('Member States must take measures;')]);
    alternative.insert(0, [body]);
    operative.insert(1, [alternative]);
    const text = async () => (await n.chair.api.request('GET', `/api/documents/${n.documentId}/text`)).text();
    await waitFor(() => idn.fragment.toString().includes('c_alternative_op1'), 'the alternative to reach everyone');
    await expect.poll(text).toMatch(/^OP1 alt Member States must take measures;$/m);

    const { alternatives } = await n.mys.api.json<{ alternatives: { clauseId: string; label: string; options: { clauseId: string; label: string }[] }[] }>('GET', `/api/documents/${n.documentId}/brackets`);
    expect(alternatives).toEqual([{ clauseId: originalId, label: 'OP1', options: [expect.objectContaining({ clauseId: originalId, label: 'OP1' }), expect.objectContaining({ clauseId: 'c_alternative_op1', label: 'OP1 alt' })] }]);

    const keep = (api: typeof n.chair.api, body: unknown) => api.request('POST', `/api/documents/${n.documentId}/alternatives/${originalId}/keep`, body);
    expect((await keep(n.mys.api, { keep: 'c_alternative_op1' })).status).toBe(403);
    expect((await keep(n.chair.api, { keep: 'c_elsewhere' })).status).toBe(404);
    expect((await keep(n.chair.api, {})).status).toBe(400);
    expect((await n.chair.api.request('POST', `/api/documents/${n.documentId}/alternatives/c_nope/keep`, { keep: 'c_nope' })).status).toBe(404);
    expect((await keep(n.chair.api, { keep: 'c_alternative_op1' })).status).toBe(200);

    await waitFor(() => !idn.fragment.toString().includes('c_alternative_op1'), 'the choice to be made everywhere');
    const after = await text();
    expect(after).toMatch(/^OP1 Member States must take measures;$/m);
    expect(after).not.toMatch(/alt/);
    const { events } = await n.chair.api.json<{ events: AuditEvent[] }>('GET', `/api/documents/${n.documentId}/audit`);
    expect(events.find((e) => e.action === 'alternative.kept')).toMatchObject({ detail: { kept: 'OP1 alt', options: ['OP1', 'OP1 alt'] } });
  });
});

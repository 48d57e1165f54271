import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../helpers/server.js';
import { ApiClient, negotiation, type Negotiation } from '../helpers/api.js';
import { collabClient, waitFor, type CollabClient, firstOperativeText, plainText } from '../helpers/collab.js';
import type { AmendmentView } from '../../shared/api/amendments.js';
import { EventStream } from '../helpers/events.js';

let server: TestServer;
let n: Negotiation;
const clients: CollabClient[] = [];

function join(cookie: string): CollabClient {
  const client = collabClient(server.wsUrl, n.documentId, cookie, server.origin);
  clients.push(client);
  return client;
}

const op1 = firstOperativeText;
const plain = (doc: Y.Doc) => plainText(op1(doc));

function attribution(id: string, userId: string, code: string, name: string) {
  return { amendmentId: id, delegationCode: code, color: '#1f6feb', authorId: userId, authorName: name, at: new Date().toISOString() };
}

async function amendments(api: ApiClient = n.chair.api, query = ''): Promise<AmendmentView[]> {
  return (await api.json<{ amendments: AmendmentView[] }>('GET', `/api/documents/${n.documentId}/amendments${query}`)).amendments;
}

const ORIGINAL = 'Encourages Member States to integrate a gender perspective;';
let chair: CollabClient;
let mys: CollabClient;
let idn: CollabClient;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  chair = join(n.chair.api.cookie);
  mys = join(n.mys.api.cookie);
  idn = join(n.idn.api.cookie);
  await Promise.all([chair.synced(), mys.synced(), idn.synced()]);
  const body = ((chair.fragment.get(3) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlElement;
  body.insert(0, [new Y.XmlText(ORIGINAL)]);
  await waitFor(() => plain(mys.doc) === ORIGINAL && plain(idn.doc) === ORIGINAL, 'the text to reach everyone');
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('amendments', () => {
  it('two delegations propose concurrently in one clause, and both proposals survive with their own attribution', async () => {
    const stream = await EventStream.open(server.url, `/api/documents/${n.documentId}/events`, n.chair.api.cookie);
    // MYS replaces "Encourages" with "Urges"; IDN inserts at the end; at the same moment.
    const mysText = op1(mys.doc)!;
    mysText.format(0, 'Encourages'.length, { deletion: attribution('a_mys', n.mys.user.id, 'MYS', n.mys.user.name) });
    mysText.insert(0, 'Urges', { insertion: attribution('a_mys', n.mys.user.id, 'MYS', n.mys.user.name) });
    const idnText = op1(idn.doc)!;
    idnText.insert(idnText.length - 1, ' in all policies', { insertion: attribution('a_idn', n.idn.user.id, 'IDN', n.idn.user.name) });
    await waitFor(() => plain(chair.doc).includes('Urges') && plain(chair.doc).includes('in all policies'), 'both proposals to reach the chair');
    await waitFor(() => plain(mys.doc) === plain(idn.doc), 'the copies to converge');

    const list = await amendments();
    expect(list.map((a) => [a.id, a.delegationCode, a.kind, a.status])).toEqual([
      ['a_mys', 'MYS', 'replace', 'pending'],
      ['a_idn', 'IDN', 'insert', 'pending'],
    ]);
    expect(list[0]!.summary).toBe("MYS proposes to replace 'Encourages' with 'Urges' in OP1");
    expect(list[1]!.summary).toBe("IDN proposes to insert 'in all policies' in OP1");
    expect(list[0]!.author.name).toBe(n.mys.user.name);
    const desk = await n.mys.api.json<{ clauses: { label: string; pendingAmendments: number }[] }>('GET', `/api/documents/${n.documentId}/desk`);
    expect(desk.clauses.find((c) => c.label === 'OP1')?.pendingAmendments).toBe(2);
    // Pages without the live text (amendments view, desk) are told that proposals changed.
    await stream.next('amendments', () => true, 2_000);
    stream.close();
  });

  it('other delegations support or oppose; the panel reads like a compilation text', async () => {
    expect((await n.idn.api.request('PUT', `/api/documents/${n.documentId}/amendments/a_mys/position`, { position: 'support' })).status).toBe(200);
    expect((await n.chair.api.request('PUT', `/api/documents/${n.documentId}/amendments/a_mys/position`, { position: 'oppose' })).status).toBe(200);
    expect((await n.mys.api.request('PUT', `/api/documents/${n.documentId}/amendments/a_mys/position`, { position: 'support' })).status).toBe(400);
    expect((await n.observer.api.request('PUT', `/api/documents/${n.documentId}/amendments/a_mys/position`, { position: 'support' })).status).toBe(403);
    expect((await n.idn.api.request('PUT', `/api/documents/${n.documentId}/amendments/a_nope/position`, { position: 'support' })).status).toBe(404);
    expect((await n.idn.api.request('PUT', `/api/documents/${n.documentId}/amendments/a_mys/position`, { position: 'maybe' })).status).toBe(400);
    const mine = (await amendments()).find((a) => a.id === 'a_mys')!;
    expect(mine.compilation).toBe('Proposed by MYS, supported by IDN; opposed by PHL');
    // A clause with amendments pending cannot be agreed.
    const agree = await n.chair.api.request('PUT', `/api/documents/${n.documentId}/clauses/${mine.clauseId}/status`, { status: 'agreed' });
    expect(agree.status).toBe(409);
    expect(((await agree.json()) as { error: { message: string } }).error.message).toMatch(/pending amendments/);
  });

  it('only the chair accepts or rejects; everyone else is refused', async () => {
    const cases: [ApiClient | null, number][] = [
      [null, 401],
      [n.outsider.api, 403],
      [n.observer.api, 403],
      [n.mys.api, 403],
      [n.idn.api, 403],
      [n.secretariat.api, 403],
    ];
    for (const [api, status] of cases) {
      for (const action of ['accept', 'reject']) {
        const res = await (api ?? new ApiClient(server.url)).request('POST', `/api/documents/${n.documentId}/amendments/a_mys/${action}`);
        expect(res.status, `${action} as ${api ? 'member' : 'anonymous'}`).toBe(status);
      }
      const bulk = await (api ?? new ApiClient(server.url)).request('POST', `/api/documents/${n.documentId}/amendments/decide`, { decision: 'accept', clauseId: 'x' });
      expect(bulk.status).toBe(status);
    }
    expect((await amendments()).filter((a) => a.status === 'pending')).toHaveLength(2);
    expect((await n.chair.api.request('POST', `/api/documents/${n.documentId}/amendments/decide`, { decision: 'accept' })).status).toBe(400);
  });

  it('the chair accepts one: every copy shows the new text with no marks, and the decision stays on record', async () => {
    const res = await n.chair.api.request('POST', `/api/documents/${n.documentId}/amendments/a_mys/accept`);
    expect(res.status).toBe(200);
    const expected = 'Urges Member States to integrate a gender perspective in all policies;';
    for (const c of [chair, mys, idn]) await waitFor(() => plain(c.doc) === expected, 'the accepted text everywhere');
    expect(JSON.stringify(op1(chair.doc)!.toDelta())).not.toContain('a_mys');
    const record = (await amendments()).find((a) => a.id === 'a_mys')!;
    expect(record).toMatchObject({ status: 'accepted', summary: "MYS proposes to replace 'Encourages' with 'Urges' in OP1", decision: { by: { name: n.chair.user.name } } });
    expect((await n.chair.api.request('POST', `/api/documents/${n.documentId}/amendments/a_mys/reject`)).status).toBe(404);
  });

  it('the proposer may withdraw their own; nobody else may', async () => {
    expect((await n.mys.api.request('POST', `/api/documents/${n.documentId}/amendments/a_idn/withdraw`)).status).toBe(403);
    expect((await n.idn.api.request('POST', `/api/documents/${n.documentId}/amendments/a_idn/withdraw`)).status).toBe(200);
    for (const c of [chair, mys]) await waitFor(() => plain(c.doc) === 'Urges Member States to integrate a gender perspective;', 'the withdrawn text gone');
    expect((await amendments(n.mys.api, '?status=withdrawn')).map((a) => a.id)).toEqual(['a_idn']);
  });

  it('the chair rejects all of one delegation’s amendments at once', async () => {
    const text = op1(mys.doc)!;
    text.insert(0, 'Strongly ', { insertion: attribution('a_mys2', n.mys.user.id, 'MYS', n.mys.user.name) });
    text.insert(text.length - 1, ' by 2030', { insertion: attribution('a_mys3', n.mys.user.id, 'MYS', n.mys.user.name) });
    await waitFor(() => plain(chair.doc).includes('by 2030'), 'the proposals to arrive');
    await new Promise((r) => setTimeout(r, 100));
    const { decided } = await n.chair.api.json<{ decided: string[] }>('POST', `/api/documents/${n.documentId}/amendments/decide`, { decision: 'reject', delegationCode: 'MYS' });
    expect(decided.sort()).toEqual(['a_mys2', 'a_mys3']);
    await waitFor(() => plain(idn.doc) === 'Urges Member States to integrate a gender perspective;', 'the rejected text gone');
  });
});

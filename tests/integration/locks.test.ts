import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import {
  addOperativeClause,
  attempt,
  collabClient,
  operativeClause,
  operativeClauseText,
  operativePart,
  serverCopy,
  syncRoundTrip,
  waitFor,
  type CollabClient,
} from '../helpers/collab.js';
import { CloseCode } from '../../shared/close-codes.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import type { AuditEvent } from '../../shared/api/discussion.js';

let server: TestServer;
let n: Negotiation;
const clients: CollabClient[] = [];

function join(cookie: string): CollabClient {
  const client = collabClient(server.wsUrl, n.documentId, cookie, server.origin);
  clients.push(client);
  return client;
}





async function serverText(): Promise<string> {
  return (await n.chair.api.request('GET', `/api/documents/${n.documentId}/text`)).text();
}

let agreedId: string;
let openId: string;
let chair: CollabClient;
let delegate: CollabClient;
let bystander: CollabClient;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  chair = join(n.chair.api.cookie);
  delegate = join(n.mys.api.cookie);
  bystander = join(n.idn.api.cookie);
  await Promise.all([chair.synced(), delegate.synced(), bystander.synced()]);
  agreedId = addOperativeClause(chair.doc, 'Call upon Member States to develop National Action Plans;');
  openId = addOperativeClause(chair.doc, 'Encourage closer dialogue with civil society;');
  await waitFor(() => operativeClauseText(delegate.doc, openId) !== null && operativeClauseText(bystander.doc, openId) !== null, 'the clauses to reach everyone');
  const res = await n.chair.api.request('PUT', `/api/documents/${n.documentId}/clauses/${agreedId}/status`, { status: 'agreed' });
  expect(res.status).toBe(200);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

const AGREED = 'Call upon Member States to develop National Action Plans;';

/** A delegate's edit from a fresh client: refused with 4422, or null when it stood. */
function delegateTries(edit: (doc: Y.Doc) => void) {
  return attempt(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin, edit);
}

async function agreedOnServer(): Promise<string | null> {
  const copy = await serverCopy(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin);
  return operativeClauseText(copy, agreedId);
}

describe('agreed clauses are locked on the server', () => {
  it("a delegate's edit of an agreed clause is refused before it touches the text, while an edit of an open clause sent separately stays", async () => {
    const close = await delegateTries((doc) => ((operativeClause(doc, agreedId)!.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'NOT '));
    expect(close).toMatchObject({ code: CloseCode.refused });
    expect(close!.reason).toMatch(/agreed paragraph/);
    expect(await agreedOnServer()).toBe(AGREED);
    expect(operativeClauseText(bystander.doc, agreedId)).toBe(AGREED);

    const open = (operativeClause(delegate.doc, openId)!.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    open.insert(open.length, ' and academia');
    await waitFor(() => operativeClauseText(bystander.doc, openId)?.endsWith('and academia') === true, 'the open clause edit to arrive');
    const stored = await serverText();
    expect(stored).toContain(AGREED);
    expect(stored).not.toContain('NOT Call upon');
    expect(stored).toContain('civil society; and academia');
  });

  it('deleting an agreed clause, its text, its container, or changing its attributes is refused', async () => {
    const attempts: ((doc: Y.Doc) => void)[] = [
      (doc) => {
        const ops = operativePart(doc);
        ops.delete(ops.toArray().findIndex((c) => c instanceof Y.XmlElement && c.getAttribute('id') === agreedId), 1);
      },
      (doc) => ((operativeClause(doc, agreedId)!.get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(5, 6),
      (doc) => operativeClause(doc, agreedId)!.setAttribute('kind', 'preambular'),
      (doc) => ((operativeClause(doc, agreedId)!.get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 4, { bold: true }),
      (doc) => {
        const root = doc.getXmlFragment(FRAGMENT);
        root.delete(root.toArray().findIndex((e) => e instanceof Y.XmlElement && e.nodeName === 'operative'), 1);
      },
    ];
    for (const [i, edit] of attempts.entries()) {
      const close = await delegateTries(edit);
      // Removing the operative part is also a change of the declaration's structure (1008).
      expect(i === attempts.length - 1 ? [1008, CloseCode.refused] : [CloseCode.refused], `attempt ${i}: ${close?.reason}`).toContain(close?.code);
    }
    const copy = await serverCopy(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin);
    expect(operativeClauseText(copy, agreedId)).toBe(AGREED);
    expect(operativeClause(copy, agreedId)!.getAttribute('kind')).toBe('operative');
    expect(await serverText()).toContain(AGREED);
  });

  it('a new paragraph may not take the agreed paragraph\'s id (nor any other paragraph\'s)', async () => {
    for (const id of [agreedId, openId]) {
      const close = await delegateTries((doc) => {
        const clause = new Y.XmlElement('clause');
        clause.setAttribute('id', id);
        clause.setAttribute('kind', 'operative');
        const body = new Y.XmlElement('clauseText');
        body.insert(0, [new Y.XmlText('Forged text;')]);
        clause.insert(0, [body]);
        operativePart(doc).insert(0, [clause]);
      });
      expect(close?.code).toBeGreaterThanOrEqual(1007);
      expect(close!.reason).toMatch(/id/);
    }
    expect(await serverText()).not.toContain('Forged text');
  });

  it('the chair may still change agreed text', async () => {
    const text = (operativeClause(chair.doc, agreedId)!.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(text.length, ' by 2030');
    await waitFor(() => operativeClauseText(bystander.doc, agreedId)?.endsWith('by 2030') === true, "the chair's edit to arrive");
    await syncRoundTrip(chair);
    expect(chair.closes.filter((c) => c.code === CloseCode.refused)).toEqual([]);
    expect(await agreedOnServer()).toBe('Call upon Member States to develop National Action Plans; by 2030');
  });

  it('refused changes are in the audit log with whose they were', async () => {
    const { events } = await n.chair.api.json<{ events: AuditEvent[] }>('GET', `/api/documents/${n.documentId}/audit`);
    const reverted = events.filter((e) => e.action === 'change.reverted');
    expect(reverted.length).toBeGreaterThanOrEqual(2);
    expect(reverted[0]).toMatchObject({ targetType: 'clause', targetId: agreedId, actor: { name: n.mys.user.name, delegation: { code: 'MYS' } } });
    const statusChange = events.find((e) => e.action === 'clause.status');
    expect(statusChange).toMatchObject({ targetId: agreedId, detail: { from: 'open', to: 'agreed' }, actor: { name: n.chair.user.name } });
    expect((await n.mys.api.request('GET', `/api/documents/${n.documentId}/audit`)).status).toBe(403);
  });

  it('after the chair reopens the clause, delegates may edit it again', async () => {
    expect((await n.chair.api.request('PUT', `/api/documents/${n.documentId}/clauses/${agreedId}/status`, { status: 'open' })).status).toBe(200);
    const text = (operativeClause(delegate.doc, agreedId)!.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, 'Strongly ');
    await waitFor(() => operativeClauseText(bystander.doc, agreedId)?.startsWith('Strongly ') === true, 'the edit to arrive');
    await syncRoundTrip(delegate);
    expect(delegate.closes.filter((c) => c.code === CloseCode.refused)).toEqual([]);
    expect(await agreedOnServer()).toMatch(/^Strongly Call upon/);
  });
});

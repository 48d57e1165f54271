import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { collabClient, waitFor, type CollabClient, firstOperativeText, plainText } from '../helpers/collab.js';
import type { AuditEvent } from '../../shared/api/discussion.js';
import type { DocumentSummary } from '../../shared/api/types.js';

let server: TestServer;
let n: Negotiation;
const clients: CollabClient[] = [];

function join(cookie: string): CollabClient {
  const client = collabClient(server.wsUrl, n.documentId, cookie, server.origin);
  clients.push(client);
  return client;
}

/** The running text of OP1, as one XmlText. */
const op1 = (doc: Y.Doc) => firstOperativeText(doc)!;
const plain = plainText;

function proposal(userId: string, code: string) {
  return { amendmentId: `a_${code}_1`, delegationCode: code, color: '#c0392b', authorId: userId, authorName: code, at: '2026-11-22T10:00:00.000Z' };
}

let chair: CollabClient;
let mys: CollabClient;
let idn: CollabClient;
const ORIGINAL = 'Encourage Member States to integrate a gender perspective;';

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  chair = join(n.chair.api.cookie);
  mys = join(n.mys.api.cookie);
  idn = join(n.idn.api.cookie);
  await Promise.all([chair.synced(), mys.synced(), idn.synced()]);
  const body = (((chair.fragment.get(3) as Y.XmlElement).get(0) as Y.XmlElement).get(0)) as Y.XmlElement;
  body.insert(0, [new Y.XmlText(ORIGINAL)]);
  await waitFor(() => mys.fragment.toString().includes('gender perspective') && idn.fragment.toString().includes('gender perspective'), 'the text to reach everyone');
  const { document } = await n.chair.api.json<{ document: DocumentSummary }>('PATCH', `/api/documents/${n.documentId}/settings`, { editingPhase: 'amendments' });
  expect(document.editingPhase).toBe('amendments');
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('"amendments only" phase, enforced on the server', () => {
  it("a delegate's direct edit from a raw client is reverted on every copy", async () => {
    op1(mys.doc).insert(0, 'Strongly ');
    await waitFor(() => plain(op1(mys.doc)) === ORIGINAL, 'the direct edit to be undone on the sender');
    await new Promise((r) => setTimeout(r, 150));
    expect(plain(op1(idn.doc))).toBe(ORIGINAL);
    expect(plain(op1(chair.doc))).toBe(ORIGINAL);
    op1(mys.doc).delete(0, 'Encourage '.length);
    await waitFor(() => plain(op1(mys.doc)) === ORIGINAL, 'the direct deletion to be undone on the sender');
    const { events } = await n.chair.api.json<{ events: AuditEvent[] }>('GET', `/api/documents/${n.documentId}/audit`);
    expect(events.find((e) => e.action === 'change.reverted')).toMatchObject({ actor: { name: n.mys.user.name }, detail: { reason: 'amendments only' } });
  });

  it('its proposals are kept: an insertion and a deletion marked with its own attribution', async () => {
    const text = op1(mys.doc);
    text.insert(text.length - 1, ' in all policies', { insertion: proposal(n.mys.user.id, 'MYS') });
    await waitFor(() => plain(op1(idn.doc)).includes('in all policies'), 'the proposed insertion to arrive');
    op1(idn.doc).format(0, 'Encourage'.length, { deletion: proposal(n.idn.user.id, 'IDN') });
    await waitFor(() => JSON.stringify(op1(mys.doc).toDelta()).includes('"deletion"'), 'the proposed deletion to arrive');
    await new Promise((r) => setTimeout(r, 150));
    const delta = op1(chair.doc).toDelta() as { insert: string; attributes?: Record<string, { delegationCode: string }> }[];
    expect(delta.find((op) => op.insert.includes('in all policies'))?.attributes?.insertion?.delegationCode).toBe('MYS');
    expect(delta.find((op) => op.insert === 'Encourage')?.attributes?.deletion?.delegationCode).toBe('IDN');
  });

  it('a proposal under someone else’s name is reverted, and so is a change of formatting', async () => {
    const before = JSON.stringify(op1(mys.doc).toDelta());
    op1(mys.doc).insert(0, 'Forged ', { insertion: proposal(n.idn.user.id, 'IDN') });
    await waitFor(() => JSON.stringify(op1(mys.doc).toDelta()) === before, 'the forged proposal to be undone');
    op1(mys.doc).format(10, 6, { italic: {} });
    await waitFor(() => JSON.stringify(op1(mys.doc).toDelta()) === before, 'the formatting change to be undone');
    // Accepting one's own proposal by taking its mark off is a direct change too.
    const at = plain(op1(mys.doc)).indexOf(' in all policies');
    op1(mys.doc).format(at, ' in all policies'.length, { insertion: null });
    await waitFor(() => JSON.stringify(op1(mys.doc).toDelta()) === before, 'the unmarking to be undone');
  });

  it('the proposer may take back their own proposed text', async () => {
    const text = op1(mys.doc);
    const at = plain(text).indexOf(' in all policies');
    text.delete(at, ' in all policies'.length);
    await waitFor(() => !plain(op1(chair.doc)).includes('in all policies'), 'the withdrawn text to go everywhere');
    await new Promise((r) => setTimeout(r, 150));
    expect(plain(op1(mys.doc))).not.toContain('in all policies');
  });

  it('a whole new paragraph may be proposed, if all its text is the proposer’s proposal', async () => {
    const operative = mys.fragment.get(3) as Y.XmlElement;
    const clause = new Y.XmlElement('clause');
    clause.setAttribute('id', 'c_proposed_by_mys');
    clause.setAttribute('kind', 'operative');
    const body = new Y.XmlElement('clauseText');
    body.insert(0, [new Y.XmlText()]);
    clause.insert(0, [body]);
    operative.insert(operative.length, [clause]);
    (body.get(0) as Y.XmlText).insert(0, 'Request the Secretariat to report;', { insertion: proposal(n.mys.user.id, 'MYS') });
    await waitFor(() => chair.fragment.toString().includes('c_proposed_by_mys'), 'the proposed paragraph to arrive');
    await new Promise((r) => setTimeout(r, 150));
    expect(mys.fragment.toString()).toContain('Request the Secretariat to report;');

    // A paragraph with unmarked text is a direct change.
    const direct = new Y.XmlElement('clause');
    direct.setAttribute('id', 'c_direct_by_mys');
    direct.setAttribute('kind', 'operative');
    const directBody = new Y.XmlElement('clauseText');
    directBody.insert(0, [new Y.XmlText('Decide to remain seized of the matter;')]);
    direct.insert(0, [directBody]);
    operative.insert(operative.length, [direct]);
    await waitFor(() => !mys.fragment.toString().includes('c_direct_by_mys'), 'the direct paragraph to be undone');
  });

  it('the chair still edits directly', async () => {
    op1(chair.doc).insert(0, 'Further ');
    await waitFor(() => plain(op1(mys.doc)).startsWith('Further '), "the chair's edit to arrive");
    await new Promise((r) => setTimeout(r, 150));
    expect(plain(op1(chair.doc)).startsWith('Further ')).toBe(true);
  });
});

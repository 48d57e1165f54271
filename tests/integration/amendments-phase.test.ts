import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { attempt, attemptOnce, collabClient, serverCopy, waitFor, type CollabClient, firstOperativeText, plainText } from '../helpers/collab.js';
import { CloseCode } from '../../shared/close-codes.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
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

/** Closes other than "try again later" (1013), after which an unmodified client reconnects and resends. */
const refusedOnly = (closes: { code: number }[]) => closes.filter((c) => c.code !== CloseCode.tryAgainLater);

/** An edit by `who` from a fresh client: the refusal it got, or null when it stood. */
function tries(who: Negotiation['mys'], edit: (doc: Y.Doc) => void) {
  return attempt(server.wsUrl, n.documentId, who.api.cookie, server.origin, edit);
}

/** OP1 as the server holds it now (after a sync round trip). */
async function op1OnServer(): Promise<{ plain: string; delta: string }> {
  const copy = await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
  return { plain: plain(op1(copy)), delta: JSON.stringify(op1(copy).toDelta()) };
}

describe('"amendments only" phase, enforced on the server', () => {
  it("a delegate's direct edit from a raw client is refused: nothing of it reaches any copy", async () => {
    expect(await tries(n.mys, (doc) => op1(doc).insert(0, 'Strongly '))).toMatchObject({ code: CloseCode.refused });
    expect(await tries(n.mys, (doc) => op1(doc).delete(0, 'Encourage '.length))).toMatchObject({ code: CloseCode.refused });
    expect((await op1OnServer()).plain).toBe(ORIGINAL);
    expect(plain(op1(idn.doc))).toBe(ORIGINAL);
    const { events } = await n.chair.api.json<{ events: AuditEvent[] }>('GET', `/api/documents/${n.documentId}/audit`);
    expect(events.find((e) => e.action === 'change.reverted')).toMatchObject({ actor: { name: n.mys.user.name }, detail: { reason: 'amendments only' } });
  });

  it('its proposals are kept: an insertion and a deletion marked with its own attribution', async () => {
    const text = op1(mys.doc);
    text.insert(text.length - 1, ' in all policies', { insertion: proposal(n.mys.user.id, 'MYS') });
    await waitFor(() => plain(op1(idn.doc)).includes('in all policies'), 'the proposed insertion to arrive');
    op1(idn.doc).format(0, 'Encourage'.length, { deletion: proposal(n.idn.user.id, 'IDN') });
    await waitFor(() => JSON.stringify(op1(mys.doc).toDelta()).includes('"deletion"'), 'the proposed deletion to arrive');
    const delta = op1(await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin)).toDelta() as { insert: string; attributes?: Record<string, { delegationCode: string }> }[];
    expect(delta.find((op) => op.insert.includes('in all policies'))?.attributes?.insertion?.delegationCode).toBe('MYS');
    expect(delta.find((op) => op.insert === 'Encourage')?.attributes?.deletion?.delegationCode).toBe('IDN');
    expect(refusedOnly(mys.closes)).toEqual([]);
    expect(refusedOnly(idn.closes)).toEqual([]);
  });

  it('proposals speak only for their own delegation: forged names, borrowed amendment ids, others\' marks and formatting are refused', async () => {
    const before = (await op1OnServer()).delta;
    const forged: [string, (doc: Y.Doc) => void][] = [
      ['under IDN\'s name', (doc) => op1(doc).insert(0, 'Forged ', { insertion: proposal(n.idn.user.id, 'IDN') })],
      ['own name, IDN\'s code', (doc) => op1(doc).insert(0, 'Forged ', { insertion: { ...proposal(n.mys.user.id, 'IDN') } })],
      ['added to IDN\'s amendment', (doc) => op1(doc).insert(0, 'Forged ', { insertion: { ...proposal(n.mys.user.id, 'MYS'), amendmentId: 'a_IDN_1' } })],
      ['removing IDN\'s deletion proposal', (doc) => op1(doc).format(0, 'Encourage'.length, { deletion: null })],
      ['turning its proposal into text', (doc) => {
        const at = plain(op1(doc)).indexOf(' in all policies');
        op1(doc).format(at, ' in all policies'.length, { insertion: null });
      }],
      ['a change of formatting', (doc) => op1(doc).format(10, 6, { italic: {} })],
      ['deleting IDN\'s struck-out words', (doc) => op1(doc).delete(0, 'Encourage'.length)],
    ];
    for (const [what, edit] of forged) expect(await tries(n.mys, edit), what).toMatchObject({ code: CloseCode.refused });
    expect((await op1OnServer()).delta).toBe(before);
  });

  it('refusals in a loop rebuild the trial copy at most once a second: the refusing delegation is asked to try again later, others are not', async () => {
    const forged = (doc: Y.Doc) => op1(doc).insert(0, 'Forged ', { insertion: proposal(n.idn.user.id, 'IDN') });
    const closes: (number | undefined)[] = [];
    const started = Date.now();
    while (Date.now() - started < 2_500) closes.push((await attemptOnce(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin, forged))?.code);
    const judged = closes.filter((c) => c === CloseCode.refused).length;
    expect(judged).toBeGreaterThanOrEqual(1);
    expect(judged).toBeLessThanOrEqual(4);
    expect(closes.filter((c) => c === CloseCode.tryAgainLater).length).toBeGreaterThan(judged);
    expect(closes.every((c) => c === CloseCode.refused || c === CloseCode.tryAgainLater)).toBe(true);
    // Meanwhile another delegation's proposal is judged at once.
    expect(await attemptOnce(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin, (doc) => op1(doc).insert(0, 'Also ', { insertion: { ...proposal(n.idn.user.id, 'IDN'), amendmentId: 'a_IDN_2' } }))).toBeNull();
    await tries(n.idn, (doc) => op1(doc).delete(0, 'Also '.length)).then((close) => expect(close).toBeNull());
  });

  it('the proposer may take back their own proposed text, and their delegation its deletion mark', async () => {
    const text = op1(mys.doc);
    const at = plain(text).indexOf(' in all policies');
    text.delete(at, ' in all policies'.length);
    await waitFor(() => !plain(op1(chair.doc)).includes('in all policies'), 'the withdrawn text to go everywhere');
    op1(idn.doc).format(0, 'Encourage'.length, { deletion: null });
    await waitFor(() => !JSON.stringify(op1(chair.doc).toDelta()).includes('"deletion"'), 'the withdrawn deletion to go everywhere');
    expect((await op1OnServer()).plain).toBe(ORIGINAL);
    expect(refusedOnly(mys.closes)).toEqual([]);
    expect(refusedOnly(idn.closes)).toEqual([]);
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
    expect(refusedOnly(mys.closes)).toEqual([]);

    // A paragraph with unmarked text is a direct change.
    const close = await tries(n.mys, (doc) => {
      const direct = new Y.XmlElement('clause');
      direct.setAttribute('id', 'c_direct_by_mys');
      direct.setAttribute('kind', 'operative');
      const directBody = new Y.XmlElement('clauseText');
      directBody.insert(0, [new Y.XmlText('Decide to remain seized of the matter;')]);
      direct.insert(0, [directBody]);
      (doc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement).insert(0, [direct]);
    });
    expect(close).toMatchObject({ code: CloseCode.refused });
    // Nor may another delegation take the proposed paragraph away; its own delegation may.
    const removeProposed = (doc: Y.Doc) => {
      const ops = doc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement;
      ops.delete(ops.toArray().findIndex((c) => c instanceof Y.XmlElement && c.getAttribute('id') === 'c_proposed_by_mys'), 1);
    };
    expect(await tries(n.idn, removeProposed)).toMatchObject({ code: CloseCode.refused });
    expect(await tries(n.mys, removeProposed)).toBeNull();
    const copy = await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
    expect(copy.getXmlFragment(FRAGMENT).toString()).not.toContain('c_direct_by_mys');
    expect(copy.getXmlFragment(FRAGMENT).toString()).not.toContain('c_proposed_by_mys');
  });

  it('the chair still edits directly', async () => {
    op1(chair.doc).insert(0, 'Further ');
    await waitFor(() => plain(op1(mys.doc)).startsWith('Further '), "the chair's edit to arrive");
    expect((await op1OnServer()).plain.startsWith('Further ')).toBe(true);
    expect(refusedOnly(chair.closes)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { attempt, collabClient, firstOperativeText, plainText, serverCopy, waitFor, type CollabClient } from '../helpers/collab.js';
import { CloseCode } from '../../shared/close-codes.js';
import type { AuditEvent } from '../../shared/api/discussion.js';

/**
 * Proposals say truthfully who made them, also while the text is edited directly (issue 9): a
 * delegation may edit plain text and make or take back its own proposals, but only the chair
 * changes or removes another delegation's marks or turns a proposal into text.
 */

let server: TestServer;
let n: Negotiation;
let chair: CollabClient;
const ORIGINAL = 'Encourage Member States to integrate a gender perspective;';

const op1 = (doc: Y.Doc) => firstOperativeText(doc)!;
const mark = (userId: string, code: string, id = `a_${code}`) => ({ amendmentId: id, delegationCode: code, color: '#c0392b', authorId: userId, authorName: code, at: '2026-12-05T10:00:00.000Z' });

async function op1OnServer() {
  const copy = await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
  return { plain: plainText(op1(copy)), delta: JSON.stringify(op1(copy).toDelta()) };
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  chair = collabClient(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
  await chair.synced();
  const body = (((chair.fragment.get(3) as Y.XmlElement).get(0) as Y.XmlElement).get(0)) as Y.XmlElement;
  body.insert(0, [new Y.XmlText(ORIGINAL)]);
  // MYS proposes, while the text is edited directly: " in all policies" and deleting "gender".
  expect(
    await attempt(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin, (doc) => {
      const text = op1(doc);
      text.insert(text.length - 1, ' in all policies', { insertion: mark(n.mys.user.id, 'MYS') });
      text.format(ORIGINAL.indexOf('gender'), 'gender'.length, { deletion: mark(n.mys.user.id, 'MYS') });
    }),
  ).toBeNull();
});

afterAll(async () => {
  chair?.destroy();
  await server?.stop();
});

describe('editing directly, proposals stay truthful', () => {
  it("another delegation may not remove, unmark, extend or take over MYS's proposals", async () => {
    const before = (await op1OnServer()).delta;
    const proposedAt = (doc: Y.Doc) => plainText(op1(doc)).indexOf(' in all policies');
    const tries: [string, (doc: Y.Doc) => void][] = [
      ['deleting its proposed words', (doc) => op1(doc).delete(proposedAt(doc) + 1, 3)],
      ['turning its proposal into text', (doc) => op1(doc).format(proposedAt(doc), ' in all policies'.length, { insertion: null })],
      ['removing its proposal to delete', (doc) => op1(doc).format(ORIGINAL.indexOf('gender'), 'gender'.length, { deletion: null })],
      ['deleting the words it proposed to delete', (doc) => op1(doc).delete(ORIGINAL.indexOf('gender'), 'gender'.length)],
      ['writing in its name', (doc) => op1(doc).insert(0, 'Strongly ', { insertion: mark(n.mys.user.id, 'MYS') })],
      ['adding to its amendment', (doc) => op1(doc).insert(0, 'Strongly ', { insertion: mark(n.idn.user.id, 'IDN', 'a_MYS') })],
    ];
    for (const [what, edit] of tries) {
      const close = await attempt(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin, edit);
      expect(close?.code, what).toBe(CloseCode.refused);
    }
    expect((await op1OnServer()).delta).toBe(before);
    const { events } = await n.chair.api.json<{ events: AuditEvent[] }>('GET', `/api/documents/${n.documentId}/audit`);
    expect(events.filter((e) => e.action === 'change.reverted' && e.detail.reason === 'proposals').length).toBeGreaterThanOrEqual(tries.length);
  });

  it('it may still edit plain text directly, and propose in its own name', async () => {
    expect(await attempt(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin, (doc) => op1(doc).insert(0, 'Further '))).toBeNull();
    expect(await attempt(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin, (doc) => op1(doc).delete(0, 'Further '.length))).toBeNull();
    expect(await attempt(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin, (doc) => op1(doc).format(0, 9, { italic: true }))).toBeNull();
    expect(await attempt(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin, (doc) => op1(doc).insert(0, 'Also ', { insertion: mark(n.idn.user.id, 'IDN') }))).toBeNull();
    expect((await op1OnServer()).plain.startsWith('Also Encourage')).toBe(true);
  });

  it("MYS may take back its own proposals, and the chair may change anyone's", async () => {
    expect(
      await attempt(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin, (doc) => {
        const at = plainText(op1(doc)).indexOf(' in all policies');
        op1(doc).delete(at, ' in all policies'.length);
      }),
    ).toBeNull();
    const at = plainText(op1(chair.doc)).indexOf('Also ');
    op1(chair.doc).delete(at, 'Also '.length);
    await waitFor(() => !plainText(op1(chair.doc)).includes('Also'), "the chair's change");
    const { plain } = await op1OnServer();
    expect(plain).not.toContain('in all policies');
    expect(plain).not.toContain('Also');
    expect(chair.closes).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { TestServer } from '../helpers/server.js';
import { ApiClient, negotiation, type Negotiation, type Person } from '../helpers/api.js';
import { collabClient, syncRoundTrip, waitFor, type CollabClient } from '../helpers/collab.js';
import { EventStream } from '../helpers/events.js';
import { storedText, writeZeroDraft, somtcDraft } from '../helpers/page.js';
import { editDeclaration } from '../../server/collab/edit.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { declarationSchema } from '../../shared/editor/index.js';
import type { ComparisonResponse, RevisionDetail, RevisionSummary, SilenceView, ArchiveRecord, ArchiveResult } from '../../shared/api/record.js';
import type { DocumentSummary, User } from '../../shared/api/types.js';
import { sha256Hex } from '../../db/hash.js';

/**
 * Revisions and their comparison, the silence procedure, adoption and the archive, through the real
 * server: HTTP for the procedure, y-websocket clients for the text.
 */

let server: TestServer;
let n: Negotiation;
let archivist: ApiClient;
const clients: CollabClient[] = [];

const draft = somtcDraft;

function join(person: Person, documentId: string): CollabClient {
  const client = collabClient(server.wsUrl, documentId, person.api.cookie, server.origin);
  clients.push(client);
  return client;
}

/** Edits the text as the chair's copy, through ProseMirror, and waits until the server has stored it. */
async function edit(n: Negotiation, documentId: string, change: (state: EditorState) => Transaction | null, marker: (text: string) => boolean): Promise<void> {
  const client = join(n.chair, documentId);
  await client.synced();
  editDeclaration(client.doc, change);
  const text = () => n.chair.api.request('GET', `/api/documents/${documentId}/text`).then((r) => r.text());
  // The answer to a sync step comes after the server has judged and stored what was sent before it.
  await syncRoundTrip(client);
  expect(marker(await text()), server.output.split('\n').filter((l) => l.includes('refused')).join('\n')).toBe(true);
  client.destroy();
}

/** The position just inside the clause whose text starts with `start` (the end of its running text). */
function clauseEnd(state: EditorState, start: string): number {
  const clause = clausesOf(state.doc).find((c) => c.node.textContent.startsWith(start));
  if (!clause) throw new Error(`no clause starting ${start}`);
  return clause.pos + 1 + clause.node.child(0).nodeSize - 1;
}

async function newDocument(title: string, symbol: string, venue: string): Promise<string> {
  const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents', { title, symbol, venue, numbering: 'un' }, 201);
  for (const [p, role] of [[n.chair, 'chair'], [n.mys, 'delegate'], [n.idn, 'delegate'], [n.observer, 'observer']] as const) {
    await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${p.user.id}`, { role });
  }
  const text = draft(title);
  await writeZeroDraft(server, { ...n, documentId: document.id }, text, 'SOMTC to report');
  return document.id;
}

beforeAll(async () => {
  server = await TestServer.start({ SILENCE_CHECK_MS: '100' });
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, draft('Joint Statement of the 13th ASEAN Ministerial Meeting on Transnational Crime'), 'SOMTC to report');
  await n.secretariat.api.json<{ user: User }>('POST', '/api/users', { email: 'records@asean.example', name: 'Rosa Records', password: 'accord-test-password', delegationId: null, workspaceRole: 'archivist' }, 201);
  archivist = new ApiClient(server.url);
  await archivist.signIn('records@asean.example');
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('revisions', () => {
  let zero: RevisionSummary;

  it('the chair issues the zero draft under the base symbol; delegates may not; every member reads it', async () => {
    const refused = await n.mys.api.request('POST', `/api/documents/${n.documentId}/revisions`, { note: 'mine' });
    expect(refused.status).toBe(403);
    const bad = await n.chair.api.request('POST', `/api/documents/${n.documentId}/revisions`, { note: 5 });
    expect(bad.status).toBe(400);
    ({ revision: zero } = await n.chair.api.json<{ revision: RevisionSummary }>('POST', `/api/documents/${n.documentId}/revisions`, { note: 'Zero draft circulated by the Chair' }, 201));
    expect(zero).toMatchObject({ number: 0, name: 'Zero draft', symbol: 'ASEAN/PVE/2017/L.1', note: 'Zero draft circulated by the Chair', issuedBy: { name: 'Maria Santos' } });
    const { revisions } = await n.observer.api.json<{ revisions: RevisionSummary[] }>('GET', `/api/documents/${n.documentId}/revisions`);
    expect(revisions.map((r) => r.symbol)).toEqual(['ASEAN/PVE/2017/L.1']);
    const { revision } = await n.idn.api.json<{ revision: RevisionDetail }>('GET', `/api/documents/${n.documentId}/revisions/0`);
    expect(revision.text).toContain('OP3 Task the SOMTC to report');
    expect((await n.outsider.api.request('GET', `/api/documents/${n.documentId}/revisions`)).status).toBe(403);
    expect((await n.idn.api.request('GET', `/api/documents/${n.documentId}/revisions/7`)).status).toBe(404);
  });

  it('Rev.1 renumbers OP2bis to OP3 and keeps the mapping; the comparison finds changed, added, moved and deleted paragraphs by id', async () => {
    await edit(
      n,
      n.documentId,
      (state) => {
        const tr = state.tr;
        // OP1: "strengthen" becomes "deepen"; a new paragraph after OP2 (OP2bis); OP3 deleted; PP1 moved after PP2.
        const op1 = clausesOf(state.doc).find((c) => c.node.textContent.startsWith('Agree'))!;
        const from = op1.pos + 1 + 1 + op1.node.textContent.indexOf('strengthen');
        tr.insertText('deepen', from, from + 'strengthen'.length);
        const op2 = clausesOf(tr.doc).find((c) => c.node.textContent.startsWith('Encourage'))!;
        const clause = declarationSchema.nodes.clause!.create({ id: 'c_op2bis', kind: 'operative', number: null }, [
          declarationSchema.nodes.clauseText!.create(null, declarationSchema.text('Welcome the adoption of the ASEAN Convention Against Trafficking in Persons;')),
        ]);
        tr.insert(op2.pos + op2.node.nodeSize, clause);
        const op3 = clausesOf(tr.doc).find((c) => c.node.textContent.startsWith('Task'))!;
        tr.delete(op3.pos, op3.pos + op3.node.nodeSize);
        const pp1 = clausesOf(tr.doc).find((c) => c.node.textContent.startsWith('Recalling'))!;
        const node = pp1.node;
        tr.delete(pp1.pos, pp1.pos + node.nodeSize);
        const pp2 = clausesOf(tr.doc).find((c) => c.node.textContent.startsWith('Noting'))!;
        tr.insert(pp2.pos + pp2.node.nodeSize, node);
        return tr;
      },
      (text) => text.includes('OP2bis Welcome') && !text.includes('SOMTC'),
    );

    const compareLive = await n.mys.api.json<ComparisonResponse>('GET', `/api/documents/${n.documentId}/compare?from=0&to=live`);
    expect(compareLive.summary).toBe('1 paragraph changed, 1 added, 1 moved, OP3 deleted');

    const { revision } = await n.chair.api.json<{ revision: RevisionSummary }>('POST', `/api/documents/${n.documentId}/revisions`, { note: 'After the first reading', renumber: true }, 201);
    expect(revision).toMatchObject({ number: 1, name: 'Rev.1', symbol: 'ASEAN/PVE/2017/L.1/Rev.1', renumbered: true });
    expect(revision.labelMap).toContainEqual({ clauseId: 'c_op2bis', from: 'OP2bis', to: 'OP3' });
    // From now on the live text is labelled cleanly too.
    expect(await storedText(n)).toContain('OP3 Welcome the adoption');

    const cmp = await n.idn.api.json<ComparisonResponse>('GET', `/api/documents/${n.documentId}/compare?from=0&to=Rev.1`);
    expect(cmp.from).toMatchObject({ name: 'Zero draft', symbol: 'ASEAN/PVE/2017/L.1' });
    expect(cmp.to).toMatchObject({ name: 'Rev.1', symbol: 'ASEAN/PVE/2017/L.1/Rev.1' });
    expect(cmp.counts).toEqual({ changed: 1, added: 1, proposed: 0, removed: 1, moved: 1, unchanged: 2 });
    const byLabel = new Map(cmp.clauses.map((c) => [`${c.change}:${c.label}`, c]));
    const changed = byLabel.get('changed:OP1')!;
    expect(changed.words).toEqual(
      expect.arrayContaining([
        { op: 'delete', text: 'strengthen' },
        { op: 'insert', text: 'deepen' },
      ]),
    );
    expect(changed.words.filter((w) => w.op === 'equal').map((w) => w.text).join('')).toContain('cooperation in combating trafficking');
    expect(byLabel.get('added:OP3')).toMatchObject({ fromLabel: null, toLabel: 'OP3', clauseId: 'c_op2bis' });
    expect(byLabel.get('removed:OP3')).toMatchObject({ fromLabel: 'OP3', toLabel: null, fromText: expect.stringContaining('SOMTC') });
    // PP1 moved below PP2: matched by id, so it is "moved", and its label follows the renumbering.
    const moved = cmp.clauses.find((c) => c.change === 'moved')!;
    expect(moved).toMatchObject({ fromLabel: 'PP1', toLabel: 'PP2', moved: true });
    expect(moved.toText).toContain('Recalling');
    // Removed paragraphs stand where they stood: after the paragraph that preceded them.
    expect(cmp.clauses.filter((c) => c.kind === 'operative').map((c) => `${c.change} ${c.label}`)).toEqual(['changed OP1', 'unchanged OP2', 'removed OP3', 'added OP3']);
    expect(cmp.summary).toBe('1 paragraph changed, 1 added, 1 moved, OP3 deleted');

    // The revision is immutable: editing the live text leaves Rev.1 as issued.
    await edit(n, n.documentId, (state) => state.tr.insertText(' and capacity building', clauseEnd(state, 'Encourage') - 1), (t) => t.includes('capacity building'));
    const rev1 = await n.idn.api.json<{ revision: RevisionDetail }>('GET', `/api/documents/${n.documentId}/revisions/1`);
    expect(rev1.revision.text).not.toContain('capacity building');
    const live = await n.idn.api.json<ComparisonResponse>('GET', `/api/documents/${n.documentId}/compare?from=1&to=live`);
    expect(live.summary).toBe('1 paragraph changed');
    expect(live.clauses.find((c) => c.change === 'changed')?.words).toContainEqual({ op: 'insert', text: ' and capacity building' });
  });

  it('refuses comparisons it cannot make with a clear error', async () => {
    const missing = await n.mys.api.request('GET', `/api/documents/${n.documentId}/compare?from=9&to=live`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe('no revision 9 of this document');
    expect((await n.mys.api.request('GET', `/api/documents/${n.documentId}/compare?to=live`)).status).toBe(400);
  });

  it('the chair restores the zero draft as the current text; it is recorded and announced', async () => {
    const stream = await EventStream.open(server.url, `/api/documents/${n.documentId}/events`, n.mys.api.cookie);
    expect((await n.mys.api.request('POST', `/api/documents/${n.documentId}/revisions/0/restore`)).status).toBe(403);
    await n.chair.api.json('POST', `/api/documents/${n.documentId}/revisions/zero/restore`);
    await stream.next<{ restored: boolean; revision: RevisionSummary }>('revision', (e) => e.restored && e.revision.number === 0);
    stream.close();
    const same = await n.mys.api.json<ComparisonResponse>('GET', `/api/documents/${n.documentId}/compare?from=0&to=live`);
    expect(same.summary).toBe('No changes');
    const { restorations } = await n.mys.api.json<{ restorations: { revisionNumber: number; by: { name: string } }[] }>('GET', `/api/documents/${n.documentId}/revisions`);
    expect(restorations).toEqual([expect.objectContaining({ revisionNumber: 0, by: expect.objectContaining({ name: 'Maria Santos' }) })]);
  });
});

describe('the silence procedure', () => {
  const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

  it('a delegation breaks silence with a statement: everyone hears it live, and editing reopens', async () => {
    const id = await newDocument('Joint Statement on Cybercrime Cooperation', 'SOMTC/2024/L.2', 'Vientiane');
    expect((await n.mys.api.request('POST', `/api/documents/${id}/silence`, { deadline: inAnHour() })).status).toBe(403);
    expect((await n.chair.api.request('POST', `/api/documents/${id}/silence`, { deadline: '2020-01-01T00:00:00Z' })).status).toBe(422);
    expect((await n.chair.api.request('POST', `/api/documents/${id}/silence`, { deadline: 'tomorrow' })).status).toBe(400);
    expect((await n.mys.api.request('POST', `/api/documents/${id}/silence/break`, { statement: 'nothing to break' })).status).toBe(403);

    const mysCopy = join(n.mys, id);
    await mysCopy.synced();
    const stream = await EventStream.open(server.url, `/api/documents/${id}/events`, n.idn.api.cookie);
    const { silence } = await n.chair.api.json<{ silence: SilenceView }>('POST', `/api/documents/${id}/silence`, { deadline: inAnHour() }, 201);
    expect(silence).toMatchObject({ outcome: null, startedBy: { name: 'Maria Santos' } });
    await stream.next<{ status: string }>('status', (e) => e.status === 'silence');
    const doc = await n.idn.api.json<{ document: DocumentSummary }>('GET', `/api/documents/${id}`);
    expect(doc.document).toMatchObject({ status: 'silence', abilities: { edit: false, breakSilence: true, adopt: false } });

    // Read-only for everyone: the socket reconnects read-only, and what is typed is not taken.
    await waitFor(() => mysCopy.closes.some((c) => c.code === 4300), 'the socket to be told about silence');
    await mysCopy.synced();
    const before = await storedText({ ...n, documentId: id });
    const closesBefore = mysCopy.closes.length;
    editDeclaration(mysCopy.doc, (state) => state.tr.insertText(' UNDER SILENCE', clauseEnd(state, 'Agree') - 1));
    // The edit left on the open socket and was judged before the answer to the sync step came back.
    expect(mysCopy.provider.ws?.readyState).toBe(1);
    await syncRoundTrip(mysCopy);
    expect(mysCopy.fragment.toString()).toContain('UNDER SILENCE');
    expect(mysCopy.closes.length).toBe(closesBefore);
    expect(await storedText({ ...n, documentId: id })).toBe(before);
    // And the chair's text-changing powers wait too.
    expect((await n.chair.api.request('POST', `/api/documents/${id}/revisions`, {})).status).toBe(403);

    expect((await n.mys.api.request('POST', `/api/documents/${id}/silence/break`, { statement: '' })).status).toBe(400);
    const broken = await n.mys.api.json<{ silence: SilenceView }>('POST', `/api/documents/${id}/silence/break`, {
      statement: 'Malaysia is unable to join consensus on OP2 pending consultations with capital.',
    });
    expect(broken.silence).toMatchObject({ outcome: 'broken', brokenBy: { name: 'Aisyah Rahman', delegation: { code: 'MYS' } } });
    const event = await stream.next<{ status: string; silence: SilenceView }>('status', (e) => e.status === 'draft');
    expect(event.silence.statement).toBe('Malaysia is unable to join consensus on OP2 pending consultations with capital.');
    stream.close();
    expect((await n.idn.api.request('POST', `/api/documents/${id}/silence/break`, { statement: 'again' })).status).toBe(403);

    // Editing is open again.
    await edit(n, id, (state) => state.tr.insertText(' in full', clauseEnd(state, 'Agree') - 1), (t) => t.includes('in full'));
    const { history } = await n.observer.api.json<{ history: SilenceView[] }>('GET', `/api/documents/${id}/silence`);
    expect(history).toHaveLength(1);
  });

  it('the chair may withdraw the text from silence; delegates may not', async () => {
    const id = await newDocument('Joint Statement on Border Management', 'SOMTC/2024/L.6', 'Vientiane');
    await n.chair.api.json('POST', `/api/documents/${id}/silence`, { deadline: inAnHour() }, 201);
    const stream = await EventStream.open(server.url, `/api/documents/${id}/events`, n.mys.api.cookie);
    expect((await n.mys.api.request('POST', `/api/documents/${id}/silence/withdraw`, {})).status).toBe(403);
    const { silence } = await n.chair.api.json<{ silence: SilenceView }>('POST', `/api/documents/${id}/silence/withdraw`, { note: 'The deadline was set a week too early.' });
    expect(silence).toMatchObject({ outcome: 'withdrawn', statement: 'The deadline was set a week too early.' });
    const event = await stream.next<{ status: string; silence: SilenceView }>('status', (e) => e.status === 'draft');
    expect(event.silence.outcome).toBe('withdrawn');
    stream.close();
    expect((await n.chair.api.request('POST', `/api/documents/${id}/silence/withdraw`, {})).status).toBe(403);
    await edit(n, id, (state) => state.tr.insertText(' at the border', clauseEnd(state, 'Agree') - 1), (t) => t.includes('at the border'));
  });

  it('a text with square brackets or pending amendments cannot go under silence', async () => {
    const id = await newDocument('Joint Statement on Drug Control', 'SOMTC/2024/L.3', 'Vientiane');
    await edit(
      n,
      id,
      (state) => {
        const end = clauseEnd(state, 'Agree');
        return state.tr.insertText(' [fully]', end - 1).addMark(end, end + 7, declarationSchema.marks.bracket!.create({ bracketId: 'b1', group: 'b1', option: 0 }));
      },
      (t) => t.includes('[fully]'),
    );
    const res = await n.chair.api.request('POST', `/api/documents/${id}/silence`, { deadline: inAnHour() });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/OP1 holds square brackets/);
    // Refused, the text stays open for editing.
    await edit(n, id, (state) => state.tr.insertText(' now', clauseEnd(state, 'Encourage') - 1), (t) => t.includes('agencies; now') || t.includes('agencies now') || t.includes(' now'));
  });

  it('a silence that expires unbroken adopts the text on time', async () => {
    const id = await newDocument('Joint Statement on Maritime Security', 'SOMTC/2024/L.4', 'Vientiane');
    const deadline = new Date(Date.now() + 1500).toISOString();
    await n.chair.api.json('POST', `/api/documents/${id}/silence`, { deadline }, 201);
    const stream = await EventStream.open(server.url, `/api/documents/${id}/events`, n.idn.api.cookie);
    await stream.next('status', (e: { status: string }) => e.status === 'adopted', 10_000);
    stream.close();
    const { record } = await n.idn.api.json<{ record: ArchiveRecord }>('GET', `/api/archive/${id}`);
    expect(record).toMatchObject({ via: 'silence', adoptedAt: deadline, symbol: 'SOMTC/2024/L.4', venue: 'Vientiane' });
    expect(record.delegations.map((d) => d.code)).toEqual(['IDN', 'MYS', 'PHL']);
    expect(sha256Hex(record.text)).toBe(record.hash);
    const { history } = await n.idn.api.json<{ history: SilenceView[] }>('GET', `/api/documents/${id}/silence`);
    expect(history[0]).toMatchObject({ outcome: 'adopted' });
  });

  it('a silence whose deadline passes while the server is down adopts the text when it comes back', async () => {
    const id = await newDocument('Joint Statement on Illicit Firearms', 'SOMTC/2024/L.5', 'Vientiane');
    await n.chair.api.json('POST', `/api/documents/${id}/silence`, { deadline: new Date(Date.now() + 1000).toISOString() }, 201);
    await server.crash();
    await new Promise((r) => setTimeout(r, 1500));
    await server.launch();
    for (let i = 0; i < 100; i++) {
      const { document } = await n.chair.api.json<{ document: DocumentSummary }>('GET', `/api/documents/${id}`);
      if (document.status === 'adopted') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const { document } = await n.chair.api.json<{ document: DocumentSummary }>('GET', `/api/documents/${id}`);
    expect(document.status).toBe('adopted');
    expect((await n.idn.api.json<{ record: ArchiveRecord }>('GET', `/api/archive/${id}`)).record.via).toBe('silence');
  });
});

describe('adoption', () => {
  let id: string;

  it('the chair adopts: date, venue, body, participants and the hash of the canonical text are recorded', async () => {
    id = await newDocument('Joint Statement of the 19th ASEAN Ministerial Meeting on Transnational Crime', 'AMMTC/2025/L.1', 'Kuala Lumpur');
    // A paragraph inserted after OP2 is OP2bis until the adoption renumbers it.
    await edit(
      n,
      id,
      (state) => {
        const op2 = clausesOf(state.doc).find((c) => c.node.textContent.startsWith('Encourage'))!;
        const clause = declarationSchema.nodes.clause!.create({ id: 'c_adopt_bis', kind: 'operative', number: null }, [
          declarationSchema.nodes.clauseText!.create(null, [
            declarationSchema.text('Welcome', [declarationSchema.marks.italic!.create()]),
            declarationSchema.text(' the entry into force of the ASEAN Convention Against Trafficking in Persons;'),
          ]),
        ]);
        return state.tr.insert(op2.pos + op2.node.nodeSize, clause);
      },
      (t) => t.includes('OP2bis Welcome'),
    );
    expect((await n.mys.api.request('POST', `/api/documents/${id}/adopt`, {})).status).toBe(403);
    expect((await n.chair.api.request('POST', `/api/documents/${id}/adopt`, { venue: 7 })).status).toBe(400);
    const { record } = await n.chair.api.json<{ record: ArchiveRecord }>('POST', `/api/documents/${id}/adopt`, {
      adoptedAt: '2025-10-23T10:00:00Z',
      body: '19th ASEAN Ministerial Meeting on Transnational Crime',
    });
    expect(record).toMatchObject({ via: 'chair', venue: 'Kuala Lumpur', body: '19th ASEAN Ministerial Meeting on Transnational Crime', adoptedAt: '2025-10-23T10:00:00.000Z', adoptedBy: { name: 'Maria Santos' } });
    expect(record.delegations).toEqual([
      { code: 'IDN', name: 'Indonesia' },
      { code: 'MYS', name: 'Malaysia' },
      { code: 'PHL', name: 'Philippines' },
    ]);
    // The canonical text: clean numbers in UN style (preambular paragraphs unnumbered), lead words kept.
    expect(record.text).toBe(
      [
        'Joint Statement of the 19th ASEAN Ministerial Meeting on Transnational Crime',
        'We, the Ministers responsible for transnational crime of the ASEAN Member States,',
        'Recalling the ASEAN Declaration on Transnational Crime adopted in Manila in 1997;',
        'Noting with concern the growing threat of trafficking in persons and people smuggling;',
        '1. Agree to strengthen cooperation in combating trafficking in persons;',
        '2. Encourage the sharing of information among law enforcement agencies;',
        '3. Welcome the entry into force of the ASEAN Convention Against Trafficking in Persons;',
        '4. Task the SOMTC to report on the implementation of this Statement;',
        '',
      ].join('\n'),
    );
    expect(record.hash).toBe(sha256Hex(record.text));
    // Adoption renumbered the labels cleanly: the live text reads as the record does.
    const live = await storedText({ ...n, documentId: id });
    expect(live).toContain('OP3 Welcome the entry into force');
    expect(live).toContain('OP4 Task the SOMTC');
    expect((await n.chair.api.request('POST', `/api/documents/${id}/adopt`, {})).status).toBe(403);
  });

  it('after adoption every write path is refused, on every route and on the socket', async () => {
    const doc = `/api/documents/${id}`;
    const writes: [Person, string, string, unknown][] = [
      [n.chair, 'POST', `${doc}/revisions`, {}],
      [n.chair, 'POST', `${doc}/revisions/0/restore`, undefined],
      [n.chair, 'POST', `${doc}/silence`, { deadline: new Date(Date.now() + 3600_000).toISOString() }],
      [n.mys, 'POST', `${doc}/silence/break`, { statement: 'late' }],
      [n.chair, 'POST', `${doc}/silence/withdraw`, {}],
      [n.chair, 'POST', `${doc}/adopt`, {}],
      [n.mys, 'POST', `${doc}/threads`, { clauseId: 'x', body: 'A late remark' }],
      [n.chair, 'PUT', `${doc}/clauses/x/status`, { status: 'agreed' }],
      [n.chair, 'PATCH', `${doc}/settings`, { editingPhase: 'amendments' }],
      [n.secretariat, 'PUT', `${doc}/members/${n.outsider.user.id}`, { role: 'delegate' }],
      [n.secretariat, 'DELETE', `${doc}/members/${n.mys.user.id}`, undefined],
      [n.chair, 'POST', `${doc}/amendments/decide`, { decision: 'accept', clauseId: 'x' }],
      [n.chair, 'POST', `${doc}/brackets/b1/pick`, { option: 0 }],
      [n.chair, 'POST', `${doc}/alternatives/x/keep`, { keep: 'y' }],
      [n.chair, 'POST', `${doc}/brackets/b1/clear`, undefined],
      [n.mys, 'POST', `${doc}/threads/t1/comments`, { body: 'A late reply' }],
      [n.mys, 'PATCH', `${doc}/comments/c1`, { body: 'edited' }],
      [n.mys, 'DELETE', `${doc}/comments/c1`, undefined],
      [n.chair, 'POST', `${doc}/threads/t1/resolve`, {}],
      [n.chair, 'POST', `${doc}/threads/t1/reopen`, undefined],
      [n.idn, 'PUT', `${doc}/amendments/a1/position`, { position: 'support' }],
      [n.chair, 'POST', `${doc}/amendments/a1/accept`, undefined],
      [n.mys, 'POST', `${doc}/amendments/a1/withdraw`, undefined],
    ];
    for (const [person, method, path, body] of writes) {
      const res = await person.api.request(method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
    }
    const before = await storedText({ ...n, documentId: id });
    const copy = join(n.chair, id);
    await copy.synced();
    editDeclaration(copy.doc, (state) => state.tr.insertText(' AFTER ADOPTION', clauseEnd(state, 'Agree') - 1));
    // The edit left on the open socket and was judged before the answer to the sync step came back.
    expect(copy.provider.ws?.readyState).toBe(1);
    await syncRoundTrip(copy);
    expect(copy.fragment.toString()).toContain('AFTER ADOPTION');
    expect(copy.closes).toEqual([]);
    expect(await storedText({ ...n, documentId: id })).toBe(before);
    const { document } = await n.chair.api.json<{ document: DocumentSummary }>('GET', doc);
    expect(document.abilities).toMatchObject({ edit: false, comment: false, chair: false, configure: false, manageMembers: false, adopt: false });
  });
});

describe('the archive', () => {
  it('finds adopted texts by phrase, ranked, with highlighted snippets, and honours filters', async () => {
    const { results } = await archivist.json<{ results: ArchiveResult[] }>('GET', `/api/archive?q=${encodeURIComponent('"law enforcement agencies"')}`);
    expect(results.length).toBeGreaterThanOrEqual(3);
    expect(results[0]!.snippet).toMatch(/<mark>law<\/mark> <mark>enforcement<\/mark> <mark>agencies<\/mark>|<mark>law enforcement agencies<\/mark>/);
    const titleHit = await archivist.json<{ results: ArchiveResult[] }>('GET', `/api/archive?q=${encodeURIComponent('maritime')}`);
    expect(titleHit.results.map((r) => r.symbol)).toEqual(['SOMTC/2024/L.4']);
    const byYear = await archivist.json<{ results: ArchiveResult[] }>('GET', '/api/archive?q=trafficking&year=2025');
    expect(byYear.results.map((r) => r.symbol)).toEqual(['AMMTC/2025/L.1']);
    const byVenue = await archivist.json<{ results: ArchiveResult[] }>('GET', '/api/archive?q=trafficking&venue=kuala');
    expect(byVenue.results.map((r) => r.symbol)).toEqual(['AMMTC/2025/L.1']);
    const byDelegation = await archivist.json<{ results: ArchiveResult[] }>('GET', '/api/archive?q=trafficking&delegation=mys');
    expect(byDelegation.results.length).toBeGreaterThanOrEqual(3);
    const none = await archivist.json<{ results: ArchiveResult[] }>('GET', '/api/archive?q=trafficking&delegation=THA');
    expect(none.results).toEqual([]);
    expect((await archivist.request('GET', '/api/archive?year=nineteen')).status).toBe(400);
  });

  it('an archivist never sees a draft in progress; the secretariat sees every adopted text; members their own', async () => {
    // "Cybercrime" is a draft again (its silence was broken): it is in no archive search, for anyone.
    const cyber = await archivist.json<{ results: ArchiveResult[] }>('GET', '/api/archive?q=cybercrime');
    expect(cyber.results).toEqual([]);
    const { documents } = await archivist.json<{ documents: DocumentSummary[] }>('GET', '/api/documents');
    expect(documents.every((d) => d.status === 'adopted')).toBe(true);
    expect((await archivist.request('GET', `/api/documents/${n.documentId}/text`)).status).toBe(403);
    expect((await archivist.request('GET', `/api/documents/${n.documentId}/revisions`)).status).toBe(403);
    expect((await archivist.request('GET', `/api/archive/${n.documentId}`)).status).toBe(403);
    const sec = await n.secretariat.api.json<{ results: ArchiveResult[] }>('GET', '/api/archive?q=trafficking');
    expect(sec.results.length).toBeGreaterThanOrEqual(3);
    const outsider = await n.outsider.api.json<{ results: ArchiveResult[] }>('GET', '/api/archive?q=trafficking');
    expect(outsider.results).toEqual([]);
    const member = await n.mys.api.json<{ results: ArchiveResult[] }>('GET', '/api/archive?q=trafficking');
    expect(member.results.length).toBeGreaterThanOrEqual(3);
    // The member's draft still has no record.
    expect((await n.mys.api.request('GET', `/api/archive/${n.documentId}`)).status).toBe(404);
  });
});

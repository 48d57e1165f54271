import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOMParser } from '@xmldom/xmldom';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { clauseText, collabClient, plainText, type CollabClient } from '../helpers/collab.js';
import { pveDraft, storedText, writeZeroDraft } from '../helpers/page.js';
import { encodeAnchor } from '../../shared/editor/anchors.js';
import type { Comment, Desk, Thread } from '../../shared/api/discussion.js';
import type { Rendition } from '../../server/export/rendition.js';

/**
 * A draft exported through the real route as a compilation text: the chair's statuses, the positions
 * delegations took on a proposal and the open discussion come from the database and appear in HTML,
 * Markdown, plain text and JSON; the document's language and time zone shape the HTML and the dates.
 */

let server: TestServer;
let n: Negotiation;
let mys: CollabClient;

const OP3 = 'the importance of the role of women in the prevention of violent extremism;';
const ZONE = 'Asia/Kuala_Lumpur'; // UTC+08:00

async function download(format: string): Promise<string> {
  const res = await n.mys.api.request('GET', `/api/documents/${n.documentId}/export?format=${format}`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The local day and time (in Kuala Lumpur) of a comment, as the exports show it. */
function localStamp(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const pad = (v: number) => String(v).padStart(2, '0');
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

let replyAt = '';

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  await writeZeroDraft(server, n, pveDraft(OP3), 'prevention of violent extremism');
  const path = `/api/documents/${n.documentId}`;
  await n.chair.api.json('PATCH', `${path}/settings`, { timeZone: ZONE });

  // PP2 agreed ad referendum at the table.
  const desk = await n.chair.api.json<Desk>('GET', `${path}/desk`);
  const id = (label: string) => desk.clauses.find((c) => c.label === label)!.clauseId;
  await n.chair.api.json('PUT', `${path}/clauses/${id('PP2')}/status`, { status: 'adRef' });

  // MYS proposes words in OP2; IDN supports, the chair's delegation (PHL) opposes.
  mys = collabClient(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
  await mys.synced();
  const op2 = clauseText(mys.doc, 'operative', 1);
  const at = plainText(op2).indexOf(' of this Dialogue');
  op2.insert(at, ' and of civil society', {
    insertion: { amendmentId: 'a_mys', delegationCode: 'MYS', color: '#c0392b', authorId: n.mys.user.id, authorName: n.mys.user.name, at: new Date().toISOString() },
  });
  for (let i = 0; i < 200 && !(await storedText(n)).includes('and of civil society'); i++) await new Promise((r) => setTimeout(r, 50));
  await n.idn.api.json('PUT', `${path}/amendments/a_mys/position`, { position: 'support' });
  await n.chair.api.json('PUT', `${path}/amendments/a_mys/position`, { position: 'oppose' });

  // IDN opens a thread on words of OP1, MYS answers; another thread on OP1 is resolved.
  const op1 = clauseText(mys.doc, 'operative', 0);
  const from = plainText(op1).indexOf('gender perspective');
  const anchor = encodeAnchor(Y.createRelativePositionFromTypeIndex(op1, from), Y.createRelativePositionFromTypeIndex(op1, from + 'gender perspective'.length));
  const { thread } = await n.idn.api.json<{ thread: Thread }>('POST', `${path}/threads`, { clauseId: id('OP1'), body: 'Whose perspective?\nWe would rather say "a gender-responsive approach".', quote: { text: 'gender perspective', anchor } }, 201);
  const reply = await n.mys.api.json<{ comment: Comment }>('POST', `${path}/threads/${thread.id}/comments`, { body: 'We can accept that.' }, 201);
  replyAt = reply.comment.createdAt;
  const settled = await n.mys.api.json<{ thread: Thread }>('POST', `${path}/threads`, { clauseId: id('OP1'), body: 'A typo in OP1?' }, 201);
  await n.chair.api.json('POST', `${path}/threads/${settled.thread.id}/resolve`, { note: 'Corrected' });
}, 60_000);

afterAll(async () => {
  mys?.destroy();
  await server?.stop();
});

describe('a draft exported as a compilation text', () => {
  it('plain text shows the ad ref paragraph, who supports and opposes the proposal, and the open thread after its paragraph', async () => {
    const lines = (await download('txt')).split('\n');
    expect(lines.find((l) => l.startsWith('PP2 '))).toBe('PP2 (Agreed ad referendum) Noting with concern that violent extremism has grown to be multifaceted;');
    expect(lines.find((l) => l.startsWith('PP1 '))).toMatch(/^PP1 Recalling/);
    const op2 = lines.findIndex((l) => l.startsWith('OP2 '));
    expect(lines[op2]).toBe('OP2 Call upon the SOMTC to take into account the recommendations{+ and of civil society+} of this Dialogue;');
    expect(lines[op2 + 1]).toMatch(/^ {4}MYS proposes to insert “and of civil society” \(Aisyah Rahman, \d+ \w+ \d{4}\)\. Supported by IDN\. Opposed by PHL\.$/);
    const op1 = lines.findIndex((l) => l.startsWith('OP1 '));
    expect(lines.slice(op1 + 1, op2)).toEqual([
      '    Open thread on “gender perspective”:',
      expect.stringMatching(/^ {6}IDN — Budi Santoso, \d+ \w+ \d{4}, \d\d:\d\d: Whose perspective\?$/),
      '        We would rather say "a gender-responsive approach".',
      `      MYS — Aisyah Rahman, ${localStamp(replyAt)}: We can accept that.`,
      '    Resolved thread on OP1: Corrected.',
    ]);
  });

  it('Markdown keeps CriticMarkup with the positions, the status after the label, and the thread as a block quote', async () => {
    const md = await download('md');
    expect(md).toContain('**PP2** (**Agreed ad referendum**) *Noting with concern* that violent extremism');
    expect(md).toMatch(/\{\+\+ and of civil society\+\+\}\{>>MYS — Aisyah Rahman, \d+ \w+ \d{4}; supported by IDN; opposed by PHL<<\}/);
    expect(md).toContain('> **Open thread on “gender perspective”**');
    expect(md).toContain(`> *MYS — Aisyah Rahman, ${localStamp(replyAt)}:*  \n> We can accept that.`);
    expect(md).toContain('> Resolved thread on OP1: Corrected.');
  });

  it('HTML states its language, badges the status, attributes the proposal inline and follows OP1 with its discussion', async () => {
    const html = await download('html');
    const doc = new DOMParser().parseFromString(html, 'application/xhtml+xml');
    expect(doc.documentElement?.getAttribute('lang')).toBe('en');
    expect(doc.documentElement?.getAttribute('dir')).toBe('ltr');
    const divs = Array.from(doc.getElementsByTagName('div'));
    const clause = (label: string) => divs.find((d) => d.getAttribute('data-label') === label)!;
    expect(clause('PP2').getAttribute('data-status')).toBe('adRef');
    expect(clause('PP2').textContent).toContain('Agreed ad referendum');
    expect(clause('PP1').textContent).not.toContain('Agreed');
    expect(clause('OP2').textContent?.replace(/\s+/g, ' ')).toContain('and of civil society (MYS; supported by IDN; opposed by PHL) of this Dialogue;');
    const op1 = clause('OP1').textContent?.replace(/\s+/g, ' ') ?? '';
    expect(op1).toContain('Open thread on “gender perspective”');
    expect(op1).toContain(`MYS — Aisyah Rahman, ${localStamp(replyAt)}: We can accept that.`);
    expect(op1).toContain('Resolved thread on OP1: Corrected.');
    expect(Array.from(clause('OP1').getElementsByTagName('mark')).map((m) => m.textContent)).toEqual(['gender perspective']);
  });

  it('JSON carries statuses, positions and threads with the language, direction and time zone', async () => {
    const { declaration: d } = JSON.parse(await download('json')) as { declaration: Rendition };
    expect({ language: d.language, direction: d.direction, timeZone: d.timeZone, finalSymbol: d.finalSymbol }).toEqual({ language: 'en', direction: 'ltr', timeZone: ZONE, finalSymbol: null });
    const clause = (label: string) => d.clauses.find((c) => c.label === label)!;
    expect(d.clauses.map((c) => c.status)).toEqual(['open', 'adRef', 'open', 'open', 'open']);
    const proposal = clause('OP2').runs.find((r) => r.insertion)!;
    expect(proposal.insertion).toMatchObject({ amendmentId: 'a_mys', delegation: 'MYS', supporters: ['IDN'], opponents: ['PHL'] });
    const [open, resolved] = clause('OP1').threads;
    expect(open).toMatchObject({ status: 'open', quote: { text: 'gender perspective' } });
    const words = clause('OP1').runs.map((r) => r.text).join('');
    expect(words.slice(open!.quote!.start, open!.quote!.end)).toBe('gender perspective');
    expect(open!.comments.map((c) => [c.delegation, c.author, c.body])).toEqual([
      ['IDN', 'Budi Santoso', 'Whose perspective?\nWe would rather say "a gender-responsive approach".'],
      ['MYS', 'Aisyah Rahman', 'We can accept that.'],
    ]);
    expect(resolved).toMatchObject({ status: 'resolved', resolutionNote: 'Corrected', quote: null });
  });

  it('an Arabic text exports right to left', async () => {
    await n.chair.api.json('PATCH', `/api/documents/${n.documentId}/settings`, { language: 'ar' });
    const html = await download('html');
    expect(html).toMatch(/<html [^>]*lang="ar" xml:lang="ar" dir="rtl"/);
    const { declaration } = JSON.parse(await download('json')) as { declaration: Rendition };
    expect([declaration.language, declaration.direction]).toEqual(['ar', 'rtl']);
  });
});

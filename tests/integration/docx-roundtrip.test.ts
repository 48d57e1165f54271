import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation, type Person } from '../helpers/api.js';
import { writeZeroDraft } from '../helpers/page.js';
import type { Delegation, DocumentSummary } from '../../shared/api/types.js';
import type { AmendmentView } from '../../shared/api/amendments.js';
import type { ImportConfirmBody } from '../../shared/api/schemas.js';
import type { DeclarationDraft, DraftRun } from '../../shared/editor/content.js';
import type { ProposalAttrs } from '../../shared/editor/marks.js';
import type { ImportPreview } from '../../server/import/docx.js';

/**
 * Accord's own Word export, imported again through the real routes: a draft in mid-negotiation comes
 * back with the same paragraphs, labels (OP2bis, "OP3 alt"), sub-paragraphs, brackets and pending
 * proposals of the same delegations; an adopted text comes back as the same clean paragraphs.
 */

let server: TestServer;
let n: Negotiation;

interface Brackets {
  brackets: { group: string; options: { option: number; text: string }[] }[];
  alternatives: { label: string | null; options: { label: string | null; excerpt: string }[] }[];
}

const text = (value: string, marks: Omit<DraftRun, 'text'> = {}): DraftRun => ({ text: value, ...marks });

function proposal(person: Person, amendmentId: string): ProposalAttrs {
  return {
    amendmentId,
    delegationCode: person.delegation!.code,
    color: person.delegation!.color,
    authorId: person.user.id,
    authorName: person.user.name,
    at: '2017-12-06T03:15:00.000Z',
  };
}

/** The draft in mid-negotiation, as the chair writes it into the document. */
function negotiated(): DeclarationDraft {
  return {
    title: 'Joint Statement on the Role of Women in Preventing Violent Extremism',
    formula: 'We, the participants of the ASEAN-UN Regional Dialogue on Women, Peace and Security,',
    preambular: [
      { lead: 'Recalling', text: 'the Joint Statement on Promoting Women, Peace and Security in ASEAN;' },
      {
        text: '',
        marked: {
          text: [
            text('Noting with concern', { italic: true }),
            text(' that violent extremism has grown to be '),
            text('multifaceted', { bracket: { group: 'g1', option: 0 } }),
            text('transnational', { bracket: { group: 'g1', option: 1 } }),
            text(';'),
          ],
          subclauses: [],
        },
      },
    ],
    operative: [
      {
        text: '',
        marked: {
          text: [text('Encourage', { italic: true }), text(' ASEAN Member States to integrate a gender perspective into policies'), text(' and programmes', { insertion: 'mys-words' }), text(';')],
          subclauses: [],
        },
      },
      {
        text: '',
        marked: {
          text: [text('Call upon', { italic: true }), text(' the SOMTC to take into account:')],
          subclauses: [[text('the recommendations of this Dialogue;')], [text('the '), text('regional', { bracket: { group: 'g2', option: 0 } }), text(' plans of action;')]],
        },
      },
      {
        text: '',
        number: null,
        marked: {
          text: [text('Invite', { italic: true, insertion: 'mys-paragraph' }), text(' UN Women to support national action plans, in particular:', { insertion: 'mys-paragraph' })],
          subclauses: [[text('through regional workshops;', { insertion: 'mys-paragraph' })]],
        },
      },
      {
        text: '',
        marked: {
          text: [text('Stress', { italic: true }), text(' the '), text('importance', { deletion: 'idn-words' }), text('critical importance', { insertion: 'idn-words' }), text(' of the role of women;')],
          subclauses: [],
        },
      },
      { lead: 'Stress', text: 'the role of women in the prevention of violent extremism;', alternativeOf: 3 },
      {
        text: '',
        marked: { text: [text('Decide', { italic: true, deletion: 'idn-paragraph' }), text(' to convene the Dialogue again in 2019.', { deletion: 'idn-paragraph' })], subclauses: [] },
      },
    ],
    proposals: {
      'mys-words': proposal(n.mys, 'a_mys_words'),
      'mys-paragraph': proposal(n.mys, 'a_mys_paragraph'),
      'idn-words': proposal(n.idn, 'a_idn_words'),
      'idn-paragraph': proposal(n.idn, 'a_idn_paragraph'),
    },
  };
}

async function exported(person: Person, documentId: string): Promise<Uint8Array> {
  const res = await person.api.request('GET', `/api/documents/${documentId}/export?format=docx`);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

async function previewOf(bytes: Uint8Array): Promise<ImportPreview> {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], 'exported.docx'));
  const res = await fetch(`${server.url}/api/documents/import`, { method: 'POST', body: form, headers: { cookie: n.secretariat.api.cookie, origin: server.origin } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { preview: ImportPreview }).preview;
}

/** Confirms the preview as it stands; tracked changes kept, each for the delegation its author names. */
async function confirmed(preview: ImportPreview, numbering: 'un' | 'all', trackedChanges: 'accept' | 'propose'): Promise<string> {
  const { delegations } = await n.secretariat.api.json<{ delegations: Delegation[] }>('GET', '/api/delegations');
  const byCode = new Map(delegations.map((d) => [d.code, d.id]));
  const { warnings: _w, changes, accordExport: _a, symbol, ...draft } = preview;
  const body: ImportConfirmBody = {
    ...draft,
    symbol,
    numbering,
    trackedChanges,
    proposals: changes.map((c) => ({ key: c.id, delegationId: byCode.get(c.delegation ?? '')!, author: c.author, at: c.at })),
  };
  const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>('POST', '/api/documents/import', body, 201);
  return document.id;
}

const plainText = async (documentId: string) => (await n.secretariat.api.request('GET', `/api/documents/${documentId}/text`)).text();
const pending = async (documentId: string) =>
  (await n.secretariat.api.json<{ amendments: AmendmentView[] }>('GET', `/api/documents/${documentId}/amendments?status=pending`)).amendments.map((a) => ({
    delegation: a.delegationCode,
    kind: a.kind,
    label: a.label,
    paragraph: a.paragraph,
    inserted: a.inserted,
    deleted: a.deleted,
  }));
const brackets = async (documentId: string) => {
  const b = await n.secretariat.api.json<Brackets>('GET', `/api/documents/${documentId}/brackets`);
  return {
    brackets: b.brackets.map((g) => g.options.map((o) => [o.option, o.text])),
    alternatives: b.alternatives.map((a) => [a.label, a.options.map((o) => [o.label, o.excerpt])]),
  };
};

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('a draft exported to Word and imported again', () => {
  it('comes back with the same paragraphs, labels, sub-paragraphs, brackets and pending proposals', async () => {
    await writeZeroDraft(server, n, negotiated(), 'convene the Dialogue again');
    const original = await plainText(n.documentId);
    expect(original).toContain('OP2bis {+Invite UN Women to support national action plans, in particular:+}');
    expect(original).toContain('OP3 alt Stress the role of women');

    // The negotiation around the words travels in the file too: a status, a thread, a position.
    const amendments = await n.chair.api.json<{ amendments: AmendmentView[] }>('GET', `/api/documents/${n.documentId}/amendments`);
    const mysWords = amendments.amendments.find((a) => a.inserted === ' and programmes')!;
    await n.chair.api.json('PUT', `/api/documents/${n.documentId}/clauses/${mysWords.clauseId}/status`, { status: 'adRef' });
    await n.idn.api.json('PUT', `/api/documents/${n.documentId}/amendments/${mysWords.id}/position`, { position: 'support' });
    await n.idn.api.json('POST', `/api/documents/${n.documentId}/threads`, { clauseId: mysWords.clauseId, body: 'Which programmes are meant?' }, 201);

    const preview = await previewOf(await exported(n.chair, n.documentId));
    expect(preview.accordExport).toBe(true);
    expect(preview.symbol).toBe('ASEAN/PVE/2017/L.1');
    expect(preview.title).toBe('Joint Statement on the Role of Women in Preventing Violent Extremism');
    expect(preview.formula).toBe('We, the participants of the ASEAN-UN Regional Dialogue on Women, Peace and Security,');
    expect(preview.changes.map((c) => [c.delegation, c.author, c.label])).toEqual([
      ['MYS', 'MYS — Aisyah Rahman', 'OP1'],
      ['MYS', 'MYS — Aisyah Rahman', 'OP2bis'],
      ['IDN', 'IDN — Budi Santoso', 'OP3'],
      ['IDN', 'IDN — Budi Santoso', 'OP4'],
    ]);
    expect(preview.warnings.every((w) => /comment/.test(w))).toBe(true);

    const imported = await confirmed(preview, 'all', 'propose');
    const title = (t: string) => t.split('\n').slice(1).join('\n');
    expect(title(await plainText(imported))).toBe(title(original));
    expect(await pending(imported)).toEqual(await pending(n.documentId));
    expect(await brackets(imported)).toEqual(await brackets(n.documentId));
  });

  it('with its tracked changes accepted instead, reads as Word’s Accept All leaves it', async () => {
    const imported = await confirmed(await previewOf(await exported(n.chair, n.documentId)), 'all', 'accept');
    const text = await plainText(imported);
    expect(await pending(imported)).toEqual([]);
    expect(text).not.toMatch(/\{[+-]|convene the Dialogue again/);
    expect(text).toContain('OP1 Encourage ASEAN Member States to integrate a gender perspective into policies and programmes;');
    expect(text).toContain('OP2bis Invite UN Women to support national action plans, in particular:');
    expect(text).toContain('OP3 Stress the critical importance of the role of women;');
  });
});

describe('an adopted text exported to Word and imported again', () => {
  it('comes back as the same paragraphs, preambular and operative, with their sub-paragraphs', async () => {
    const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>(
      'POST',
      '/api/documents',
      { title: 'Joint Statement on Preventing and Countering Violent Extremism', symbol: 'SOMTC/2019/L.1', numbering: 'un' },
      201,
    );
    await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.chair.user.id}`, { role: 'chair' });
    await writeZeroDraft(
      server,
      { ...n, documentId: document.id },
      {
        title: 'Joint Statement on Preventing and Countering Violent Extremism',
        formula: 'We, the Heads of Delegation of the Member States of ASEAN, meeting in Surabaya, Indonesia,',
        preambular: [
          { lead: 'Recalling', text: 'the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;' },
          { lead: 'Recognising', text: 'the critical role of women and youth in preventing the rise and spread of violent extremism;' },
        ],
        operative: [
          { lead: 'Agree', text: 'to strengthen cooperation through SOMTC, including:', subclauses: ['the exchange of information on trafficking routes;', 'joint training of law enforcement officers;'] },
          { text: 'Member States should develop national action plans to prevent and counter violent extremism;' },
          { lead: 'Task', text: 'SOMTC to report on the implementation of this Joint Statement.' },
        ],
      },
      'implementation of this Joint Statement',
    );
    await n.chair.api.json('POST', `/api/documents/${document.id}/adopt`, { body: 'ASEAN Senior Officials Meeting on Transnational Crime' });
    const adopted = await plainText(document.id);

    const preview = await previewOf(await exported(n.chair, document.id));
    expect(preview.accordExport).toBe(true);
    expect(preview.warnings).toEqual([]);
    expect(preview.changes).toEqual([]);
    expect([preview.preambular.length, preview.operative.length]).toEqual([2, 3]);
    const imported = await confirmed(preview, 'un', 'accept');
    expect(await plainText(imported)).toBe(adopted);
  });
});

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { DOMParser, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom';
import type { Browser } from 'playwright-core';
import { declarationSchema } from '../../shared/editor/index.js';
import { exportRendition, type ExportFormat } from '../../server/export/index.js';
import { canonicalText, renditionOf, type Negotiation, type Rendition, type RenditionMeta } from '../../server/export/rendition.js';
import { artifact, launchChromium } from '../helpers/browser.js';

/**
 * The exports of a draft as compilation texts (each paragraph's status, who proposes what with who
 * supports and opposes it, whole-paragraph proposals, the discussion), and of the adopted text without
 * any of it; HTML in its language and direction, on screen and on paper.
 */

// ---- a draft under negotiation at SOMTC, in Jakarta's time zone -------------------------------------

const TITLE = 'Joint Statement of the ASEAN Senior Officials Meeting on Transnational Crime';
const FORMULA = 'We, the Heads of Delegation of the Member States of ASEAN, meeting in Surabaya, Indonesia,';
const ZONE = 'Asia/Jakarta'; // UTC+07:00: 20:30 UTC on 4 August is 03:30 on 5 August there

type Mark = NonNullable<JSONContent['marks']>[number];
const italic: Mark = { type: 'italic' };

function proposer(amendmentId: string, delegationCode: string, authorName: string, at = '2019-08-05T02:30:00.000Z') {
  return { amendmentId, delegationCode, color: '#aa3300', authorId: `u-${delegationCode}`, authorName, at };
}
const MYS_INSERT = proposer('am-mys-1', 'MYS', 'Delegate of Malaysia');
const MYS_REPLACE = proposer('am-mys-2', 'MYS', 'Delegate of Malaysia');
const MYS_DELETE = proposer('am-mys-3', 'MYS', 'Delegate of Malaysia');
const VNM_NEW = proposer('am-vnm-1', 'VNM', 'Delegate of Viet Nam');
const SGP_STRIKE = proposer('am-sgp-1', 'SGP', 'Delegate of Singapore');

const insertion = (attrs: ReturnType<typeof proposer>): Mark => ({ type: 'insertion', attrs });
const deletion = (attrs: ReturnType<typeof proposer>): Mark => ({ type: 'deletion', attrs });
const bracket = (bracketId: string, group: string, option: number): Mark => ({ type: 'bracket', attrs: { bracketId, group, option } });

function text(value: string, ...marks: Mark[]): JSONContent {
  return marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value };
}

function clause(id: string, kind: 'preambular' | 'operative', number: number | null, content: JSONContent[], subclauses: JSONContent[][] = []): JSONContent {
  return {
    type: 'clause',
    attrs: { id, kind, number },
    content: [{ type: 'clauseText', content }, ...subclauses.map((c, i) => ({ type: 'subclause', attrs: { id: `${id}-s${i}` }, content: c }))],
  };
}

const ID = { pp1: 'c_pp1', pp2: 'c_pp2', pp3: 'c_pp3', op1: 'c_op1', op2: 'c_op2', op2bis: 'c_op2bis', op3: 'c_op3', op4: 'c_op4' };

/**
 * PP1 agreed, PP2 agreed ad ref, PP3 proposed for deletion by SGP; OP1 with an insertion by MYS that
 * IDN and THA support and SGP opposes, and threads on it; OP2 with MYS replacing a word and two
 * sub-paragraphs; OP2bis a new paragraph by VNM; OP3 a choice in brackets with a thread on the whole
 * paragraph; OP4 with a deletion by MYS.
 */
function draftJSON(): JSONContent {
  return {
    type: 'doc',
    content: [
      { type: 'title', content: [text(TITLE)] },
      { type: 'formula', content: [text(FORMULA)] },
      {
        type: 'preamble',
        content: [
          clause(ID.pp1, 'preambular', 1, [text('Recalling', italic), text(' the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;')]),
          clause(ID.pp2, 'preambular', 2, [text('Noting with concern', italic), text(' the growing threat of trafficking in persons and cybercrime in the region;')]),
          clause(ID.pp3, 'preambular', 3, [text('Recognising', italic, deletion(SGP_STRIKE)), text(' the role of women and youth in preventing violent extremism;', deletion(SGP_STRIKE))]),
        ],
      },
      {
        type: 'operative',
        content: [
          clause(ID.op1, 'operative', 1, [
            text('Reaffirm', italic),
            text(' our commitment to the ASEAN Plan of Action in Combating Transnational Crime'),
            text(' and its Work Programme', insertion(MYS_INSERT)),
            text(', which guides the cooperation of our law enforcement agencies across the region;'),
          ]),
          clause(
            ID.op2,
            'operative',
            2,
            [text('Resolve', italic, insertion(MYS_REPLACE)), text('Agree', italic, deletion(MYS_REPLACE)), text(' to strengthen cooperation through SOMTC, including:')],
            [[text('the exchange of information on trafficking routes;')], [text('joint training of law enforcement officers;')]],
          ),
          clause(ID.op2bis, 'operative', null, [
            text('Encourage', italic, insertion(VNM_NEW)),
            text(' Member States to ratify the United Nations Convention against Transnational Organized Crime;', insertion(VNM_NEW)),
          ]),
          clause(ID.op3, 'operative', 3, [
            text('Member States '),
            text('shall', bracket('br-1', 'br-1', 0)),
            text('should', bracket('br-2', 'br-1', 1)),
            text(' develop national action plans to prevent and counter violent extremism;'),
          ]),
          clause(ID.op4, 'operative', 4, [
            text('Task', italic),
            text(' SOMTC to report '),
            text('annually ', deletion(MYS_DELETE)),
            text('on the implementation of this Joint Statement.'),
          ]),
        ],
      },
    ],
  };
}

const NEGOTIATION: Negotiation = {
  statuses: new Map([
    [ID.pp1, 'agreed'],
    [ID.pp2, 'adRef'],
  ]),
  positions: new Map([
    ['am-mys-1', { supporters: ['IDN', 'THA'], opponents: ['SGP'] }],
    ['am-vnm-1', { supporters: ['MYS'], opponents: [] }],
    ['am-sgp-1', { supporters: ['THA'], opponents: ['IDN'] }],
  ]),
  threads: new Map([
    [
      ID.op1,
      [
        {
          id: 'th-open',
          status: 'open' as const,
          quoteText: 'Work Programme',
          resolutionNote: null,
          comments: [
            { author: 'Budi Santoso', delegation: 'IDN', at: '2019-08-04T20:30:00.000Z', body: 'Which work programme is meant?\nThe one for 2016-2025?' },
            { author: 'Aisyah Rahman', delegation: 'MYS', at: '2019-08-05T01:05:00.000Z', body: 'Yes, the one adopted in Kuala Lumpur.' },
          ],
        },
        {
          id: 'th-done',
          status: 'resolved' as const,
          quoteText: 'law enforcement agencies',
          resolutionNote: 'Kept as drafted',
          comments: [{ author: 'Maria Santos', delegation: 'PHL', at: '2019-08-05T02:00:00.000Z', body: 'Police, or all agencies?' }],
        },
      ],
    ],
    [ID.op3, [{ id: 'th-op3', status: 'open' as const, quoteText: null, resolutionNote: null, comments: [{ author: 'Observer of UNODC', delegation: null, at: '2019-08-05T03:00:00.000Z', body: 'The UNODC model plan may help.' }] }]],
  ]),
};

function meta(overrides: Partial<RenditionMeta> = {}): RenditionMeta {
  return {
    documentId: 'doc-somtc-2019',
    symbol: 'SOMTC/2019/L.1',
    baseSymbol: 'SOMTC/2019/L.1',
    finalSymbol: null,
    createdAt: '2019-07-10T02:00:00.000Z',
    timeZone: ZONE,
    language: 'en',
    direction: 'ltr',
    organisation: 'asean',
    numbering: 'un',
    stage: 'live',
    clean: false,
    revisionNumber: null,
    date: '2019-08-05T11:00:00.000Z',
    venue: 'Surabaya, Indonesia',
    lifecycle: [{ kind: 'revision', number: 0, symbol: 'SOMTC/2019/L.1', date: '2019-07-15T08:00:00.000Z', note: null }],
    adoption: null,
    ...overrides,
  };
}

function draftRendition(): Rendition {
  return renditionOf(declarationSchema.nodeFromJSON(draftJSON()), meta(), NEGOTIATION);
}

/** The text as adopted: no marks left; given the negotiation too, which a clean text must ignore. */
function adoptedRendition(): Rendition {
  const json = draftJSON();
  // The chair accepted MYS's proposals: the deleted words go, the inserted ones stay, unmarked.
  const struck = (node: JSONContent) => !!node.marks?.some((m) => m.type === 'deletion');
  const strip = (node: JSONContent): JSONContent => ({ ...node, marks: node.marks?.filter((m) => m.type === 'italic'), content: node.content?.filter((n) => !struck(n)).map(strip) });
  const [title, formula, preamble, operative] = json.content!;
  const clean: JSONContent = {
    type: 'doc',
    content: [
      title!,
      formula!,
      { ...preamble!, content: preamble!.content!.slice(0, 2).map(strip) },
      { ...operative!, content: operative!.content!.filter((c) => c.attrs?.id !== ID.op2bis && c.attrs?.id !== ID.op3).map(strip) },
    ],
  };
  const adoption = { adoptedAt: '2019-08-06T07:30:00.000Z', venue: 'Surabaya, Indonesia', body: 'SOMTC', delegations: [{ code: 'IDN', name: 'Indonesia' }], hash: '' };
  const rendition = renditionOf(declarationSchema.nodeFromJSON(clean), meta({ symbol: 'SOMTC/2019/1', finalSymbol: 'SOMTC/2019/1', stage: 'adopted', clean: true, date: adoption.adoptedAt, adoption }), NEGOTIATION);
  rendition.adoption!.hash = createHash('sha256').update(canonicalText(rendition)).digest('hex');
  return rendition;
}

/** The same negotiation in Arabic: right to left, labels on the right. */
function arabicRendition(clean = false): Rendition {
  const json: JSONContent = {
    type: 'doc',
    content: [
      { type: 'title', content: [text('بيان مشترك بشأن منع التطرف العنيف')] },
      { type: 'formula', content: [text('نحن، رؤساء الوفود،')] },
      { type: 'preamble', content: [clause(ID.pp1, 'preambular', 1, [text('إذ نشير', italic), text(' إلى إعلان رابطة أمم جنوب شرق آسيا بشأن الجريمة عبر الوطنية؛')])] },
      {
        type: 'operative',
        content: [
          clause(ID.op1, 'operative', 1, [text('نؤكد من جديد', italic), text(' التزامنا بخطة العمل'), text(' وبرنامج عملها', insertion(MYS_INSERT)), text(' لمكافحة الجريمة عبر الوطنية في المنطقة بأسرها؛')]),
          clause(ID.op2, 'operative', 2, [text('نشجع', italic), text(' الدول الأعضاء على التصديق على اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية؛')]),
        ],
      },
    ],
  };
  const negotiation: Negotiation = {
    statuses: new Map([[ID.op2, 'adRef']]),
    positions: new Map([['am-mys-1', { supporters: ['IDN'], opponents: ['SGP'] }]]),
    threads: new Map([[ID.op1, [{ id: 'th-ar', status: 'open', quoteText: 'برنامج عملها', resolutionNote: null, comments: [{ author: 'Budi Santoso', delegation: 'IDN', at: '2019-08-05T03:00:00.000Z', body: 'أي برنامج؟' }] }]]]),
  };
  const overrides: Partial<RenditionMeta> = { language: 'ar', direction: 'rtl', ...(clean ? { stage: 'adopted', clean: true } : {}) };
  return renditionOf(declarationSchema.nodeFromJSON(json), meta(overrides), negotiation);
}

// ---- readers -------------------------------------------------------------------------------------------

const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function exported(rendition: Rendition, format: ExportFormat): Promise<string> {
  return utf8((await exportRendition(rendition, format)).body);
}

function parseXhtml(source: string): XmlDocument {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => void problems.push(`${level}: ${msg}`) }).parseFromString(source, 'application/xhtml+xml');
  expect(problems).toEqual([]);
  return doc;
}

function elements(parent: XmlDocument | XmlElement, name: string): XmlElement[] {
  return Array.from(parent.getElementsByTagName(name));
}

function byClass(parent: XmlDocument | XmlElement, className: string): XmlElement[] {
  return elements(parent, '*').filter((e) => (e.getAttribute('class') ?? '').split(' ').includes(className));
}

function clauseDiv(doc: XmlDocument, label: string): XmlElement {
  const div = elements(doc, 'div').find((d) => d.getAttribute('data-label') === label);
  if (!div) throw new Error(`no clause ${label}`);
  return div;
}

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

// ---- tests ---------------------------------------------------------------------------------------------

describe('the renditions under test', () => {
  it('carry the negotiation in the draft and none of it in the adopted text', () => {
    const draft = draftRendition();
    expect(draft.clauses.map((c) => c.label)).toEqual(['PP1', 'PP2', 'PP3', 'OP1', 'OP2', 'OP2bis', 'OP3', 'OP4']);
    expect(draft.clauses.map((c) => c.status)).toEqual(['agreed', 'adRef', 'open', 'open', 'open', 'open', 'open', 'open']);
    expect(draft.clauses.map((c) => c.proposal?.kind ?? null)).toEqual([null, null, 'deletion', null, null, 'insertion', null, null]);
    expect(draft.clauses[3]!.threads.map((t) => t.quote?.text)).toEqual(['Work Programme', 'law enforcement agencies']);
    const adopted = adoptedRendition();
    expect(adopted.clauses.map((c) => c.marker)).toEqual(['', '', '1.', '2.', '3.']);
    expect(adopted.clauses.every((c) => c.status === null && c.proposal === null && c.threads.length === 0)).toBe(true);
  });
});

describe('plain text', () => {
  it('of a draft reads like a compilation text: statuses, who proposes what with positions, whole paragraphs, the discussion', async () => {
    const txt = await exported(draftRendition(), 'txt');
    const lines = txt.split('\n');
    expect(lines).toContain('PP1 (Agreed) Recalling the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;');
    expect(lines).toContain('PP2 (Agreed ad referendum) Noting with concern the growing threat of trafficking in persons and cybercrime in the region;');
    // An open paragraph needs no badge.
    expect(lines.find((l) => l.startsWith('OP3 '))).toBe('OP3 Member States [shall][should] develop national action plans to prevent and counter violent extremism;');
    // Notes follow their paragraph (after its sub-paragraphs), indented, before the next paragraph.
    const after = (label: string) => {
      const start = lines.findIndex((l) => l.startsWith(`${label} `));
      const end = lines.findIndex((l, i) => i > start && /^(PP|OP)\d+[a-z]*\s/.test(l));
      return lines.slice(start + 1, end < 0 ? undefined : end);
    };
    expect(after('PP1')).toEqual([]);
    expect(after('PP3')).toEqual(['    SGP proposes deleting PP3 (Delegate of Singapore, 5 August 2019). Supported by THA. Opposed by IDN.']);
    expect(after('OP1')).toEqual([
      '    MYS proposes to insert “and its Work Programme” (Delegate of Malaysia, 5 August 2019). Supported by IDN, THA. Opposed by SGP.',
      '    Open thread on “Work Programme”:',
      '      IDN — Budi Santoso, 5 August 2019, 03:30: Which work programme is meant?',
      '        The one for 2016-2025?',
      '      MYS — Aisyah Rahman, 5 August 2019, 08:05: Yes, the one adopted in Kuala Lumpur.',
      '    Resolved thread on “law enforcement agencies”: Kept as drafted.',
    ]);
    expect(after('OP2')).toEqual([
      'OP2(a) the exchange of information on trafficking routes;',
      'OP2(b) joint training of law enforcement officers;',
      '    MYS proposes to replace “Agree” with “Resolve” (Delegate of Malaysia, 5 August 2019).',
    ]);
    expect(lines.find((l) => l.startsWith('OP2bis '))).toBe('OP2bis {+Encourage Member States to ratify the United Nations Convention against Transnational Organized Crime;+}');
    expect(after('OP2bis')).toEqual(['    VNM proposes a new paragraph OP2bis (Delegate of Viet Nam, 5 August 2019). Supported by MYS.']);
    expect(after('OP3')).toEqual(['    Open thread on OP3:', '      Observer of UNODC, 5 August 2019, 10:00: The UNODC model plan may help.']);
    expect(after('OP4')).toEqual(['    MYS proposes to delete “annually” (Delegate of Malaysia, 5 August 2019).', '', 'Times are in Asia/Jakarta time (UTC+07:00).', '']);
  });

  it('of the adopted text stays exactly its canonical text, with nothing of the negotiation', async () => {
    const adopted = adoptedRendition();
    const txt = await exported(adopted, 'txt');
    expect(txt).toBe(canonicalText(adopted));
    expect(createHash('sha256').update(txt).digest('hex')).toBe(adopted.adoption!.hash);
    expect(txt).not.toMatch(/Agreed|propos|thread|Supported|Opposed|MYS|\{[+-]/i);
  });
});

describe('Markdown', () => {
  it('of a draft keeps CriticMarkup and adds statuses, positions, whole-paragraph proposals and threads as notes', async () => {
    const md = await exported(draftRendition(), 'md');
    const blocks = md.split('\n\n');
    expect(blocks).toContain('**PP1** (**Agreed**) *Recalling* the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;');
    expect(blocks.find((b) => b.startsWith('**PP2**'))).toMatch(/^\*\*PP2\*\* \(\*\*Agreed ad referendum\*\*\) \*Noting with concern\*/);
    expect(blocks.find((b) => b.startsWith('**OP3**'))).toMatch(/^\*\*OP3\*\* Member States \\\[shall\\\]/);
    // Positions in the proposal's own comment.
    expect(md).toContain('{++ and its Work Programme++}{>>MYS — Delegate of Malaysia, 5 August 2019; supported by IDN, THA; opposed by SGP<<}');
    expect(md).toContain('{--annually --}{>>MYS — Delegate of Malaysia, 5 August 2019<<}');
    // A whole paragraph: its words marked without a comment each, and one note saying it in words.
    const op2bis = blocks.findIndex((b) => b.startsWith('**OP2bis**'));
    expect(blocks[op2bis]).toBe('**OP2bis** {++*Encourage* Member States to ratify the United Nations Convention against Transnational Organized Crime;++}');
    expect(blocks[op2bis + 1]).toBe('> VNM proposes a new paragraph OP2bis (Delegate of Viet Nam, 5 August 2019). Supported by MYS.');
    const pp3 = blocks.findIndex((b) => b.startsWith('**PP3**'));
    expect(blocks[pp3]).not.toContain('{>>');
    expect(blocks[pp3 + 1]).toBe('> SGP proposes deleting PP3 (Delegate of Singapore, 5 August 2019). Supported by THA. Opposed by IDN.');
    // Threads as block quotes after their paragraph: the quoted words, each comment with delegation, author and local time.
    const op1 = blocks.findIndex((b) => b.startsWith('**OP1**'));
    expect(blocks.slice(op1 + 1, op1 + 3)).toEqual([
      [
        '> **Open thread on “Work Programme”**',
        '>',
        '> *IDN — Budi Santoso, 5 August 2019, 03:30:*  ',
        '> Which work programme is meant?  ',
        '> The one for 2016-2025?',
        '>',
        '> *MYS — Aisyah Rahman, 5 August 2019, 08:05:*  ',
        '> Yes, the one adopted in Kuala Lumpur.',
      ].join('\n'),
      '> Resolved thread on “law enforcement agencies”: Kept as drafted.',
    ]);
    expect(blocks[op1 + 3]).toMatch(/^\*\*OP2\*\* \{\+\+\*Resolve\*\+\+\}\{--\*Agree\*--\}/);
    expect(md).toContain('> **Open thread on OP3**');
    expect(md).toContain('Times are in Asia/Jakarta time (UTC+07:00).');
  });

  it('of the adopted text shows none of the negotiation', async () => {
    const md = await exported(adoptedRendition(), 'md');
    expect(md).not.toMatch(/Agreed|propos|thread|Supported|Opposed|MYS|\{\+\+|\{--|^>/im);
    expect(md).toContain('1\\. *Reaffirm* our commitment');
  });
});

describe('JSON', () => {
  it('of a draft carries the negotiation in a stable shape, with the text’s language, direction and time zone', async () => {
    const draft = draftRendition();
    const parsed = JSON.parse(await exported(draft, 'json')) as { format: string; version: number; declaration: Rendition };
    expect(parsed).toMatchObject({ format: 'accord-declaration', version: 1 });
    const d = parsed.declaration;
    expect(d).toEqual(draft);
    expect({ language: d.language, direction: d.direction, timeZone: d.timeZone, finalSymbol: d.finalSymbol }).toEqual({ language: 'en', direction: 'ltr', timeZone: ZONE, finalSymbol: null });
    // Every clause of a draft has all three fields, open ones included.
    for (const c of d.clauses) expect(Object.keys(c)).toEqual(expect.arrayContaining(['status', 'proposal', 'threads']));
    expect(d.clauses.map((c) => c.status)).toEqual(['agreed', 'adRef', 'open', 'open', 'open', 'open', 'open', 'open']);
    const op1 = d.clauses[3]!;
    expect(op1.runs[2]).toEqual({
      text: ' and its Work Programme',
      insertion: { amendmentId: 'am-mys-1', delegation: 'MYS', author: 'Delegate of Malaysia', at: MYS_INSERT.at, supporters: ['IDN', 'THA'], opponents: ['SGP'] },
    });
    const quote = op1.threads[0]!.quote!;
    expect(op1.runs.map((r) => r.text).join('').slice(quote.start, quote.end)).toBe('Work Programme');
    expect(op1.threads[0]!.comments[0]).toEqual({ author: 'Budi Santoso', delegation: 'IDN', at: '2019-08-04T20:30:00.000Z', body: 'Which work programme is meant?\nThe one for 2016-2025?' });
    expect(op1.threads[1]).toMatchObject({ status: 'resolved', resolutionNote: 'Kept as drafted' });
    expect(d.clauses[5]!.proposal).toEqual({ kind: 'insertion', by: { amendmentId: 'am-vnm-1', delegation: 'VNM', author: 'Delegate of Viet Nam', at: VNM_NEW.at, supporters: ['MYS'], opponents: [] } });
    expect(d.clauses[2]!.proposal).toMatchObject({ kind: 'deletion', by: { delegation: 'SGP', supporters: ['THA'], opponents: ['IDN'] } });
  });

  it('of the adopted text carries none of the negotiation', async () => {
    const adopted = adoptedRendition();
    const raw = await exported(adopted, 'json');
    const d = (JSON.parse(raw) as { declaration: Record<string, unknown> & { clauses: Record<string, unknown>[] } }).declaration;
    expect(d.finalSymbol).toBe('SOMTC/2019/1');
    expect(d.timeZone).toBe(ZONE);
    for (const c of d.clauses) {
      expect(Object.keys(c)).not.toContain('status');
      expect(Object.keys(c)).not.toContain('proposal');
      expect(Object.keys(c)).not.toContain('threads');
    }
    expect(raw).not.toMatch(/"(insertion|deletion|bracket|supporters|opponents|comments)"/);
    expect(d.clauses.map((c) => c.marker)).toEqual(['', '', '1.', '2.', '3.']);
  });
});

describe('HTML', () => {
  it('states its language and direction; Accord’s English words say they are English', async () => {
    const en = parseXhtml(await exported(draftRendition(), 'html'));
    expect(en.documentElement?.getAttribute('lang')).toBe('en');
    expect(en.documentElement?.getAttribute('dir')).toBe('ltr');
    const ar = parseXhtml(await exported(arabicRendition(), 'html'));
    const root = ar.documentElement!;
    expect([root.getAttribute('lang'), root.getAttribute('xml:lang'), root.getAttribute('dir')]).toEqual(['ar', 'ar', 'rtl']);
    for (const english of [...byClass(ar, 'legend'), ...byClass(ar, 'notes'), ...byClass(ar, 'attribution'), ...byClass(ar, 'status'), ...byClass(ar, 'stage')]) {
      expect([english.getAttribute('lang'), english.getAttribute('dir')]).toEqual(['en', 'ltr']);
    }
    expect(byClass(ar, 'status').map((s) => s.textContent)).toEqual(['Agreed ad referendum']);
    // The quoted words are Arabic inside the English note.
    expect(byClass(ar, 'quote')[0]?.getAttribute('lang')).toBe('ar');
    const adopted = parseXhtml(await exported(arabicRendition(true), 'html'));
    expect(adopted.documentElement?.getAttribute('dir')).toBe('rtl');
  });

  it('of a draft shows statuses beside labels, positions inline, whole-paragraph proposals as one, and open threads after their paragraph', async () => {
    const html = await exported(draftRendition(), 'html');
    const doc = parseXhtml(html);
    const statuses = elements(doc, 'div').filter((d) => d.getAttribute('data-label')).map((d) => [d.getAttribute('data-label'), d.getAttribute('data-status'), squash(byClass(d, 'status')[0]?.textContent)]);
    expect(statuses).toEqual([
      ['PP1', 'agreed', 'Agreed'],
      ['PP2', 'adRef', 'Agreed ad referendum'],
      ['PP3', 'open', ''],
      ['OP1', 'open', ''],
      ['OP2', 'open', ''],
      ['OP2bis', 'open', ''],
      ['OP3', 'open', ''],
      ['OP4', 'open', ''],
    ]);
    // The badge stands right after the label.
    const pp2 = byClass(clauseDiv(doc, 'PP2'), 'text')[0]!;
    expect(squash(pp2.textContent)).toMatch(/^PP2 Agreed ad referendum Noting with concern/);

    // Each proposal: its words, then who proposes it with who supports and opposes it, in parentheses.
    const op1 = clauseDiv(doc, 'OP1');
    expect(squash(byClass(op1, 'text')[0]!.textContent)).toBe(
      'OP1 Reaffirm our commitment to the ASEAN Plan of Action in Combating Transnational Crime and its Work Programme (MYS; supported by IDN, THA; opposed by SGP), which guides the cooperation of our law enforcement agencies across the region;',
    );
    const ins = elements(op1, 'ins')[0]!;
    expect(ins.textContent).toBe(' and its Work Programme');
    expect((ins.nextSibling as XmlElement).textContent).toBe(' ');
    // A replacement is attributed once, after both its parts.
    const op2 = byClass(clauseDiv(doc, 'OP2'), 'text')[0]!;
    expect(squash(op2.textContent)).toBe('OP2 ResolveAgree (MYS) to strengthen cooperation through SOMTC, including:');

    // A whole-paragraph proposal: the paragraph marked as one, with no attribution of its own words, and said in words.
    const op2bis = clauseDiv(doc, 'OP2bis');
    expect(op2bis.getAttribute('class')).toContain('proposed-paragraph');
    expect([op2bis.getAttribute('data-proposal'), op2bis.getAttribute('data-delegation')]).toEqual(['insertion', 'VNM']);
    expect(byClass(op2bis, 'attribution')).toHaveLength(0);
    expect(elements(op2bis, 'ins').map((e) => e.textContent).join('')).toBe('Encourage Member States to ratify the United Nations Convention against Transnational Organized Crime;');
    expect(squash(byClass(op2bis, 'notes')[0]?.textContent)).toBe('VNM proposes a new paragraph OP2bis (Delegate of Viet Nam, 5 August 2019). Supported by MYS.');
    const pp3 = clauseDiv(doc, 'PP3');
    expect(pp3.getAttribute('class')).toContain('proposed-deletion');
    expect(squash(byClass(pp3, 'notes')[0]?.textContent)).toBe('SGP proposes deleting PP3 (Delegate of Singapore, 5 August 2019). Supported by THA. Opposed by IDN.');

    // The discussion after its paragraph: the open thread in full, the resolved one in a line.
    const notes = byClass(op1, 'notes')[0]!;
    const thread = elements(notes, 'section')[0]!;
    expect(squash(byClass(thread, 'thread-head')[0]?.textContent)).toBe('Open thread on “Work Programme”');
    expect(elements(thread, 'li').map((li) => squash(li.textContent))).toEqual([
      'IDN — Budi Santoso, 5 August 2019, 03:30: Which work programme is meant?The one for 2016-2025?',
      'MYS — Aisyah Rahman, 5 August 2019, 08:05: Yes, the one adopted in Kuala Lumpur.',
    ]);
    expect(elements(thread, 'br')).toHaveLength(1);
    expect(squash(byClass(notes, 'resolved')[0]?.textContent)).toBe('Resolved thread on “law enforcement agencies”: Kept as drafted.');
    // The quoted words are marked in the paragraph; a resolved thread's are not.
    expect(elements(op1, 'mark').map((m) => [m.textContent, m.getAttribute('data-threads')])).toEqual([['Work Programme', 'th-open']]);
    expect(squash(byClass(clauseDiv(doc, 'OP3'), 'thread-head')[0]?.textContent)).toBe('Open thread on OP3');
    expect(squash(byClass(doc, 'legend')[0]?.textContent)).toContain('Times are in Asia/Jakarta time (UTC+07:00).');
    // Nothing after a paragraph without notes.
    expect(byClass(clauseDiv(doc, 'PP1'), 'notes')).toHaveLength(0);
  });

  it('prints a hostile symbol in its page margins as text, without breaking the stylesheet or the markup', async () => {
    const symbol = 'X"; } body { display: none } </style><script>alert(1)</script> [&] \\';
    const html = await exported({ ...draftRendition(), symbol }, 'html');
    const doc = parseXhtml(html);
    expect(elements(doc, 'script')).toHaveLength(0);
    const css = elements(doc, 'style')[0]!.textContent ?? '';
    expect(css).not.toMatch(/[<&[\]]|display: none/);
    expect(css).toContain('@top-right { content: "X\\22 \\3b  \\7d  body');
  });

  it('of the adopted text shows none of the negotiation', async () => {
    const doc = parseXhtml(await exported(adoptedRendition(), 'html'));
    const text = squash(elements(doc, 'body')[0]?.textContent);
    expect(text).not.toMatch(/Agreed|propos|thread|Supported|Opposed|MYS|Times are/i);
    for (const name of ['ins', 'del', 'mark', 'aside']) expect(elements(doc, name)).toHaveLength(0);
    expect(byClass(doc, 'status')).toHaveLength(0);
    expect(elements(doc, 'div').every((d) => d.getAttribute('data-status') === null)).toBe(true);
  });
});

// ---- on paper: Chromium prints the HTML, poppler reads the PDF back ----------------------------------

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

interface PrintedPage {
  width: number;
  height: number;
  words: Word[];
}

/** Every word of a PDF with its box, as `pdftotext -bbox` reads it. */
function wordsOf(pdf: string): PrintedPage[] {
  const xhtml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  const pages: PrintedPage[] = [];
  for (const page of xhtml.split('<page ').slice(1)) {
    const size = /width="([\d.]+)" height="([\d.]+)"/.exec(page)!;
    const words = [...page.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)].map((m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
    }));
    pages.push({ width: Number(size[1]), height: Number(size[2]), words });
  }
  return pages;
}

/** Pairs of words drawn over one another (boxes overlapping by more than a sliver). */
function overlaps(words: readonly Word[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      const a = words[i]!;
      const b = words[j]!;
      const x = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const y = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      if (x > 1 && y > 2) found.push(`"${a.text}" over "${b.text}"`);
    }
  }
  return found;
}

describe('HTML on paper', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'accord-print-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Prints the HTML to A4 as a reader's browser would, then reads it back: its text in reading order, and its words' boxes. */
  async function print(rendition: Rendition, name: string): Promise<{ text: string; pages: PrintedPage[] }> {
    const page = await browser.newPage();
    try {
      await page.setContent(await exported(rendition, 'html'), { waitUntil: 'load' });
      const pdf = join(dir, `${name}.pdf`);
      writeFileSync(pdf, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
      // The first page, small, to look at: tests/artifacts/html-print-<name>.png.
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, artifact(`html-print-${name}`)]);
      if (name === 'draft') {
        await page.setViewportSize({ width: 900, height: 1300 });
        await page.screenshot({ path: artifact('html-print-draft-screen.png'), fullPage: true });
      }
      // -layout: the lines as they stand on paper, a label and its words on one.
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\f/g, '\n').replace(/^ +/gm, '');
      return { text, pages: wordsOf(pdf) };
    } finally {
      await page.close();
    }
  }

  function expectLegible(pages: readonly PrintedPage[]): void {
    for (const page of pages) {
      expect(overlaps(page.words)).toEqual([]);
      // Nothing drawn off the paper (a label pushed out of its line would be).
      const off = page.words.filter((w) => w.xMin < 0 || w.xMax > page.width || w.yMin < 0 || w.yMax > page.height).map((w) => w.text);
      expect(off).toEqual([]);
    }
  }

  it('a draft keeps its labels, statuses and attributions in order, nothing over anything', async () => {
    const { text, pages } = await print(draftRendition(), 'draft');
    expectLegible(pages);
    const flat = squash(text);
    // Each label starts its line, followed by its paragraph's first words.
    for (const [label, first] of [
      ['PP1', 'Agreed Recalling'],
      ['PP2', 'Agreed ad referendum Noting'],
      ['PP3', 'Recognising'],
      ['OP1', 'Reaffirm'],
      ['OP2', 'Resolve'],
      ['OP2bis', 'Encourage'],
      ['OP3', 'Member States'],
      ['OP4', 'Task'],
    ] as const) {
      expect(text, label).toMatch(new RegExp(`^${label}\\s+${first.replace(/ /g, '\\s+')}`, 'm'));
    }
    const order = ['PP1', 'PP2', 'PP3', 'OP1', 'OP2', '(a)', '(b)', 'OP2bis', 'OP3', 'OP4'].map((label) => text.search(new RegExp(`^${label.replace(/[()]/g, '\\$&')}\\s`, 'm')));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    // Attributions inline, in parentheses, right after the words they attribute.
    expect(flat).toContain('and its Work Programme (MYS; supported by IDN, THA; opposed by SGP), which guides');
    expect(flat).toContain('to report annually (MYS) on the implementation');
    expect(flat).toContain('VNM proposes a new paragraph OP2bis (Delegate of Viet Nam, 5 August 2019). Supported by MYS.');
    expect(flat).toContain('Open thread on “Work Programme” IDN — Budi Santoso, 5 August 2019, 03:30: Which work programme is meant?');
    // Every page is numbered; the pages after the first bear the symbol at the top.
    expect(pages.length).toBe(2);
    expect(text).toMatch(/^1\s*\/\s*2$/m);
    expect(text).toMatch(/^SOMTC\/2019\/L\.1\n+OP3/m);
    // The notes come after their paragraph, before the next one.
    expect(flat.indexOf('Open thread on “Work Programme”')).toBeGreaterThan(flat.indexOf('across the region;'));
    expect(flat.indexOf('Open thread on “Work Programme”')).toBeLessThan(flat.search(/OP2 Resolve/));
  });

  it('proposals stay distinguishable without colour: underlined and struck through', async () => {
    const page = await browser.newPage();
    try {
      await page.setContent(await exported(draftRendition(), 'html'));
      await page.emulateMedia({ media: 'print' });
      const styles = await page.evaluate(() => {
        const look = (selector: string) => {
          const el = document.querySelector(selector)!;
          const s = getComputedStyle(el);
          return { line: s.textDecorationLine, color: s.color };
        };
        return { ins: look('ins'), del: look('del'), newLabel: look('.proposed-paragraph .marker'), goneLabel: look('.proposed-deletion .marker') };
      });
      expect(styles).toEqual({
        ins: { line: 'underline', color: 'rgb(0, 0, 0)' },
        del: { line: 'line-through', color: 'rgb(0, 0, 0)' },
        newLabel: { line: 'underline', color: 'rgb(0, 0, 0)' },
        goneLabel: { line: 'line-through', color: 'rgb(0, 0, 0)' },
      });
    } finally {
      await page.close();
    }
  });

  it('the adopted text keeps its numbers on paper, with nothing of the negotiation', async () => {
    const { text, pages } = await print(adoptedRendition(), 'adopted');
    expectLegible(pages);
    expect(text).toMatch(/^1\.\s+Reaffirm our commitment/m);
    expect(text).toMatch(/^2\.\s+Resolve to strengthen/m);
    expect(text).toMatch(/^\(a\)\s+the exchange of information/m);
    expect(text).toMatch(/^3\.\s+Task SOMTC to report on the implementation/m);
    expect(text).not.toMatch(/Agreed|propos|thread|\(MYS/);
  });

  it('Arabic prints right to left, its labels on the right', async () => {
    const { pages } = await print(arabicRendition(), 'arabic');
    expectLegible(pages);
    const words = pages[0]!.words;
    const width = pages[0]!.width;
    for (const label of ['PP1', 'OP1', 'OP2']) {
      const marker = words.find((w) => w.text === label);
      expect(marker, label).toBeDefined();
      // The label is the rightmost word of its line.
      const line = words.filter((w) => Math.abs(w.yMin - marker!.yMin) < 3);
      expect(Math.max(...line.map((w) => w.xMax)), label).toBe(marker!.xMax);
      expect(marker!.xMin, label).toBeGreaterThan(width / 2);
    }
  });
});

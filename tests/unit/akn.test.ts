import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { declarationSchema } from '../../shared/editor/index.js';
import { newClauseId, newSubclauseId } from '../../shared/editor/ids.js';
import { renderAkn } from '../../server/export/formats/akn.js';
import { canonicalText, renditionOf, type LifecycleEvent, type Rendition, type RenditionMeta } from '../../server/export/rendition.js';
import { aknSchemaErrors } from '../helpers/akn-schema.js';

// One negotiation at SOMTC, exported at every step of its life: zero draft, Rev.1 and Rev.2 (issued
// the same day), the live draft, a silence procedure broken by Thailand, and the adoption.

const AKN = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';

const ZERO: LifecycleEvent = { kind: 'revision', number: 0, symbol: 'SOMTC/2019/L.1', date: '2019-07-15T08:00:00.000Z', note: null };
const REV1: LifecycleEvent = { kind: 'revision', number: 1, symbol: 'SOMTC/2019/L.1/Rev.1', date: '2019-08-05T02:00:00.000Z', note: 'after the first reading' };
const REV2: LifecycleEvent = { kind: 'revision', number: 2, symbol: 'SOMTC/2019/L.1/Rev.2', date: '2019-08-05T09:00:00.000Z', note: null };
const SILENCE: LifecycleEvent = { kind: 'silenceStarted', number: null, symbol: 'SOMTC/2019/L.1/Rev.2', date: '2019-08-05T10:00:00.000Z', note: null };
const BROKEN: LifecycleEvent = { kind: 'silenceBroken', number: null, symbol: 'SOMTC/2019/L.1/Rev.2', date: '2019-08-05T12:00:00.000Z', note: 'Thailand cannot join consensus on OP3 & asks for "should".', delegation: 'THA' };
const SILENCE_AGAIN: LifecycleEvent = { ...SILENCE, date: '2019-08-05T13:00:00.000Z' };
const WITHDRAWN: LifecycleEvent = { kind: 'silenceWithdrawn', number: null, symbol: 'SOMTC/2019/L.1/Rev.2', date: '2019-08-05T14:00:00.000Z', note: 'to hold one more reading' };
const ADOPTED_AT = '2019-08-06T07:30:00.000Z';
const ADOPTION: LifecycleEvent = { kind: 'adoption', number: null, symbol: 'SOMTC/2019/1', date: ADOPTED_AT, note: 'ASEAN Senior Officials Meeting on Transnational Crime' };
const HISTORY = [ZERO, REV1, REV2, SILENCE, BROKEN, SILENCE_AGAIN, WITHDRAWN, ADOPTION];

const MYS = { amendmentId: 'am-mys-1', delegationCode: 'MYS', color: '#aa3300', authorId: 'u-mys', authorName: 'Delegate of Malaysia', at: '2019-08-05T09:30:00.000Z' };

function text(value: string, ...marks: NonNullable<JSONContent['marks']>): JSONContent {
  return marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value };
}

function clause(kind: 'preambular' | 'operative', number: number | null, content: JSONContent[], subclauses: JSONContent[][] = []): JSONContent {
  return {
    type: 'clause',
    attrs: { id: newClauseId(), kind, number },
    content: [{ type: 'clauseText', content }, ...subclauses.map((c) => ({ type: 'subclause', attrs: { id: newSubclauseId() }, content: c }))],
  };
}

/** A draft with what a compilation text holds: lead words, sub-paragraphs, a choice in brackets, proposals. */
function declaration(clean: boolean): JSONContent {
  const choice = clean
    ? [text('Member States should develop national action plans;')]
    : [
        text('Member States '),
        text('shall', { type: 'bracket', attrs: { bracketId: 'br-1', group: 'br-1', option: 0 } }),
        text('should', { type: 'bracket', attrs: { bracketId: 'br-2', group: 'br-1', option: 1 } }),
        text(' develop national action plans'),
        text(' and report on them', { type: 'insertion', attrs: MYS }),
        text(' annually', { type: 'deletion', attrs: { ...MYS, amendmentId: 'am-mys-2' } }),
        text(';'),
      ];
  return {
    type: 'doc',
    content: [
      { type: 'title', content: [text('Joint Statement on Preventing and Countering Violent Extremism')] },
      { type: 'formula', content: [text('We, the Heads of Delegation of the Member States of ASEAN,')] },
      {
        type: 'preamble',
        content: [
          clause('preambular', 1, [text('Recalling', { type: 'italic' }), text(' the ASEAN Declaration on Transnational Crime;')]),
          clause('preambular', 2, [text('Noting', { type: 'italic' }), text(' the role of women and youth;')], [[text('in their communities;')]]),
        ],
      },
      {
        type: 'operative',
        content: [
          clause('operative', 1, [text('Agree', { type: 'italic' }), text(' to strengthen cooperation, including:')], [[text('the exchange of information;')], [text('joint training;')]]),
          clause('operative', 2, choice),
        ],
      },
    ],
  };
}

const IDENTITY = {
  documentId: 'doc_S0MTC-2019_x',
  baseSymbol: 'SOMTC/2019/L.1',
  finalSymbol: null,
  createdAt: '2019-07-10T02:00:00.000Z',
  timeZone: 'Asia/Jakarta',
  language: 'en',
  direction: 'ltr',
  organisation: 'asean',
  numbering: 'un',
  venue: 'Surabaya, Indonesia',
} satisfies Partial<RenditionMeta>;

type Overrides = Partial<RenditionMeta>;

function revision(event: LifecycleEvent, overrides: Overrides = {}): Rendition {
  return renditionOf(declarationSchema.nodeFromJSON(declaration(false)), {
    ...IDENTITY,
    symbol: event.symbol,
    stage: 'revision',
    clean: false,
    revisionNumber: event.number,
    date: event.date,
    lifecycle: HISTORY,
    adoption: null,
    ...overrides,
  });
}

function live(overrides: Overrides = {}): Rendition {
  return renditionOf(declarationSchema.nodeFromJSON(declaration(false)), {
    ...IDENTITY,
    symbol: IDENTITY.baseSymbol,
    stage: 'live',
    clean: false,
    revisionNumber: null,
    date: '2019-08-05T11:00:00.000Z',
    lifecycle: [ZERO, REV1, REV2, SILENCE],
    adoption: null,
    ...overrides,
  });
}

function adopted(overrides: Overrides = {}, adoptedAt = ADOPTED_AT): Rendition {
  const rendition = renditionOf(declarationSchema.nodeFromJSON(declaration(true)), {
    ...IDENTITY,
    finalSymbol: 'SOMTC/2019/1',
    symbol: 'SOMTC/2019/1',
    stage: 'adopted',
    clean: true,
    revisionNumber: null,
    date: adoptedAt,
    lifecycle: [...HISTORY.slice(0, -1), { ...ADOPTION, date: adoptedAt }],
    adoption: {
      adoptedAt,
      venue: 'Surabaya, Indonesia',
      body: 'ASEAN Senior Officials Meeting on Transnational Crime',
      delegations: [
        { code: 'IDN', name: 'Indonesia' },
        { code: 'MYS', name: 'Malaysia' },
        { code: 'THA', name: 'Thailand' },
      ],
      hash: '',
    },
    ...overrides,
  });
  rendition.adoption!.hash = '0'.repeat(64);
  expect(canonicalText(rendition)).toContain('should develop');
  return rendition;
}

// ---- reading the export back -------------------------------------------------------------------------

interface Akn {
  xml: string;
  statement: XmlElement;
  meta: XmlElement;
}

function akn(rendition: Rendition): Akn {
  const xml = renderAkn(rendition);
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => void problems.push(`${level}: ${msg}`) }).parseFromString(xml, 'text/xml');
  expect(problems).toEqual([]);
  const root = doc.documentElement!;
  expect(root.namespaceURI).toBe(AKN);
  const statement = child(root, 'statement');
  return { xml, statement, meta: child(statement, 'meta') };
}

function children(parent: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (!name || (n as XmlElement).localName === name)) out.push(n as XmlElement);
  }
  return out;
}

function child(parent: XmlElement, name: string): XmlElement {
  const found = children(parent, name)[0];
  if (!found) throw new Error(`<${parent.localName}> has no <${name}>`);
  return found;
}

function frbr(a: Akn, level: 'FRBRWork' | 'FRBRExpression' | 'FRBRManifestation', name: string, attribute = 'value'): string | null {
  return child(child(child(a.meta, 'identification'), level), name).getAttribute(attribute);
}

function aliases(a: Akn, level: 'FRBRWork' | 'FRBRExpression'): Record<string, string> {
  return Object.fromEntries(children(child(child(a.meta, 'identification'), level), 'FRBRalias').map((e) => [e.getAttribute('name'), e.getAttribute('value')]));
}

const workUri = (a: Akn) => frbr(a, 'FRBRWork', 'FRBRuri');
const expressionUri = (a: Akn) => frbr(a, 'FRBRExpression', 'FRBRuri');

function eventRefs(a: Akn) {
  const lifecycle = children(a.meta, 'lifecycle')[0];
  return lifecycle ? children(lifecycle, 'eventRef').map((e) => ({ date: e.getAttribute('date'), type: e.getAttribute('type'), refersTo: e.getAttribute('refersTo') })) : [];
}

function steps(a: Akn) {
  const workflow = children(a.meta, 'workflow')[0];
  return workflow
    ? children(workflow, 'step').map((e) => ({ date: e.getAttribute('date'), by: e.getAttribute('by'), outcome: e.getAttribute('outcome'), refersTo: e.getAttribute('refersTo'), note: e.textContent || null }))
    : [];
}

/** Every "#id" the metadata points at, from eventRef, step, FRBRauthor and the text. */
function dangling(a: Akn): string[] {
  const ids = new Set<string>();
  const pointers: string[] = [];
  const walk = (e: XmlElement) => {
    const id = e.getAttribute('eId');
    if (id) ids.add(id);
    for (const attribute of ['source', 'refersTo', 'by', 'outcome', 'href', 'as']) {
      const value = e.getAttribute(attribute);
      if (value?.startsWith('#')) pointers.push(...value.split(' '));
    }
    children(e).forEach(walk);
  };
  walk(a.statement);
  return pointers.filter((p) => !ids.has(p.slice(1)));
}

// ---- tests -------------------------------------------------------------------------------------------

describe('Akoma Ntoso identity', () => {
  const zero = akn(revision(ZERO));
  const rev1 = akn(revision(REV1));
  const rev2 = akn(revision(REV2));
  const draft = akn(live());
  const final = akn(adopted());

  it('names one Work for the whole life of a text: zero draft, revisions, live draft and adopted text', () => {
    const work = '/akn/asean/statement/declaration/2019-07-10/doc_S0MTC-2019_x';
    for (const a of [zero, rev1, rev2, draft, final]) {
      expect(workUri(a)).toBe(work);
      expect(frbr(a, 'FRBRWork', 'FRBRthis')).toBe(`${work}/!main`);
      expect(frbr(a, 'FRBRWork', 'FRBRdate', 'date')).toBe('2019-07-10');
      expect(frbr(a, 'FRBRWork', 'FRBRnumber')).toBe('doc_S0MTC-2019_x');
      expect(aliases(a, 'FRBRWork').draftSymbol).toBe('SOMTC/2019/L.1');
    }
  });

  it('names a distinct Expression for every version, even two revisions issued the same day', () => {
    const uris = [zero, rev1, rev2, draft, final].map(expressionUri);
    expect(new Set(uris).size).toBe(5);
    expect(uris.slice(0, 3)).toEqual([
      '/akn/asean/statement/declaration/2019-07-10/doc_S0MTC-2019_x/eng@2019-07-15;rev.0',
      '/akn/asean/statement/declaration/2019-07-10/doc_S0MTC-2019_x/eng@2019-08-05;rev.1',
      '/akn/asean/statement/declaration/2019-07-10/doc_S0MTC-2019_x/eng@2019-08-05;rev.2',
    ]);
    // The live draft is named by the moment of export on the venue's clock (Jakarta, UTC+7).
    expect(expressionUri(draft)).toBe('/akn/asean/statement/declaration/2019-07-10/doc_S0MTC-2019_x/eng@2019-08-05T18:00:00+07:00;live');
    expect(expressionUri(final)).toBe('/akn/asean/statement/declaration/2019-07-10/doc_S0MTC-2019_x/eng@2019-08-06;adopted');
    expect([zero, rev1, rev2, draft, final].map((a) => frbr(a, 'FRBRExpression', 'FRBRversionNumber'))).toEqual(['rev.0', 'rev.1', 'rev.2', 'live', 'adopted']);
    // The date in the Expression's name is its FRBRdate; the Manifestation is that Expression in XML.
    expect(frbr(rev2, 'FRBRExpression', 'FRBRdate', 'date')).toBe('2019-08-05');
    expect(frbr(draft, 'FRBRExpression', 'FRBRdate', 'date')).toBe('2019-08-05T18:00:00+07:00');
    for (const a of [zero, rev1, rev2, draft, final]) {
      expect(frbr(a, 'FRBRExpression', 'FRBRthis')).toBe(`${expressionUri(a)}/!main`);
      expect(frbr(a, 'FRBRManifestation', 'FRBRuri')).toBe(`${expressionUri(a)}.akn`);
    }
    expect(zero.statement.getAttribute('contains')).toBe('originalVersion');
    expect(final.statement.getAttribute('contains')).toBe('singleVersion');
  });

  it('keeps a revision and the adoption on the same day apart', () => {
    const sameDay = akn(adopted({}, '2019-08-05T10:30:00.000Z'));
    expect(expressionUri(sameDay)).toBe('/akn/asean/statement/declaration/2019-07-10/doc_S0MTC-2019_x/eng@2019-08-05;adopted');
    expect(expressionUri(sameDay)).not.toBe(expressionUri(rev2));
    expect(workUri(sameDay)).toBe(workUri(rev2));
  });

  it('does not move the Work when the base symbol is corrected before the first revision', () => {
    const before = akn(live({ baseSymbol: 'SOMTC/2019/L.l', symbol: 'SOMTC/2019/L.l', lifecycle: [] }));
    const after = akn(live({ lifecycle: [] }));
    expect(workUri(before)).toBe(workUri(after));
    expect(aliases(before, 'FRBRWork').draftSymbol).toBe('SOMTC/2019/L.l');
  });

  it('takes the country and authority from the organisation, and the language from the document', () => {
    const osce = akn(revision(ZERO, { organisation: 'osce', language: 'fr' }));
    expect(frbr(osce, 'FRBRWork', 'FRBRcountry')).toBe('osce');
    expect(frbr(osce, 'FRBRWork', 'FRBRauthor', 'href')).toBe('#authority');
    const authority = children(child(osce.meta, 'references'), 'TLCOrganization').find((e) => e.getAttribute('eId') === 'authority');
    expect(authority?.getAttribute('showAs')).toBe('Organization for Security and Co-operation in Europe');
    expect(workUri(osce)).toMatch(/^\/akn\/osce\/statement\/declaration\//);
    expect(frbr(osce, 'FRBRExpression', 'FRBRlanguage', 'language')).toBe('fra');
    expect(expressionUri(osce)).toMatch(/\/fra@2019-07-15;rev\.0$/);
    expect(frbr(zero, 'FRBRWork', 'FRBRcountry')).toBe('asean');
    expect(frbr(zero, 'FRBRExpression', 'FRBRlanguage', 'language')).toBe('eng');
    const arabic = akn(adopted({ organisation: 'un', language: 'ar' }));
    expect(frbr(arabic, 'FRBRWork', 'FRBRcountry')).toBe('un');
    expect(frbr(arabic, 'FRBRExpression', 'FRBRlanguage', 'language')).toBe('ara');
  });

  it('bears the final symbol in the adopted text, with the draft symbol as an alias', () => {
    expect(child(child(child(final.statement, 'preface'), 'p'), 'docNumber').textContent).toBe('SOMTC/2019/1');
    expect(aliases(final, 'FRBRWork')).toEqual({ draftSymbol: 'SOMTC/2019/L.1', finalSymbol: 'SOMTC/2019/1' });
    expect(aliases(final, 'FRBRExpression')).toEqual({ symbol: 'SOMTC/2019/1' });
    expect(aliases(rev2, 'FRBRExpression')).toEqual({ symbol: 'SOMTC/2019/L.1/Rev.2' });
    expect(final.xml).toContain('finalSymbol="SOMTC/2019/1"');
  });
});

describe('Akoma Ntoso lifecycle and workflow', () => {
  it('lists the versions in the lifecycle: the zero draft generates the text, each revision amends it', () => {
    const final = akn(adopted());
    expect(eventRefs(final)).toEqual([
      { date: '2019-07-15', type: 'generation', refersTo: '#zeroDraft' },
      { date: '2019-08-05', type: 'amendment', refersTo: '#rev1' },
      { date: '2019-08-05', type: 'amendment', refersTo: '#rev2' },
    ]);
    expect(dangling(final)).toEqual([]);
  });

  it('starts the lifecycle at the creation of a document that has no zero draft', () => {
    const draft = akn(live({ lifecycle: [] }));
    expect(eventRefs(draft)).toEqual([{ date: '2019-07-10', type: 'generation', refersTo: '#creation' }]);
    expect(steps(draft)).toEqual([]);
    expect(dangling(draft)).toEqual([]);
  });

  it('records the silence procedure and the adoption as workflow steps, with who acted and the outcome', () => {
    const final = akn(adopted());
    expect(steps(final)).toEqual([
      { date: '2019-08-05', by: '#chair', outcome: '#underSilence', refersTo: '#silenceProcedure', note: null },
      { date: '2019-08-05', by: '#delegation_tha', outcome: '#silenceBroken', refersTo: '#silenceProcedure', note: BROKEN.note },
      { date: '2019-08-05', by: '#chair', outcome: '#underSilence', refersTo: '#silenceProcedure', note: null },
      { date: '2019-08-05', by: '#chair', outcome: '#silenceWithdrawn', refersTo: '#silenceProcedure', note: WITHDRAWN.note },
      { date: '2019-08-06', by: '#author', outcome: '#adopted', refersTo: '#adoption', note: null },
    ]);
    expect(dangling(final)).toEqual([]);
    const references = child(final.meta, 'references');
    const show = (name: string, eId: string) => children(references, name).find((e) => e.getAttribute('eId') === eId)?.getAttribute('showAs');
    expect(show('TLCOrganization', 'delegation_tha')).toBe('Thailand');
    expect(show('TLCOrganization', 'author')).toBe('ASEAN Senior Officials Meeting on Transnational Crime');
    expect(show('TLCPerson', 'chair')).toBe('Chair');
    expect(show('TLCEvent', 'adoption')).toBe('Adoption: SOMTC/2019/1 (ASEAN Senior Officials Meeting on Transnational Crime)');
    expect(show('TLCConcept', 'adopted')).toBe('Adopted');
  });

  it('shows in a revision only the life of the text up to its issue, so its file never changes', () => {
    const rev1 = akn(revision(REV1));
    expect(eventRefs(rev1).map((e) => e.refersTo)).toEqual(['#zeroDraft', '#rev1']);
    expect(steps(rev1)).toEqual([]);
    // Downloaded before or after the adoption (which gives the final symbol), Rev.1 is the same file.
    expect(renderAkn(revision(REV1, { finalSymbol: 'SOMTC/2019/1' }))).toBe(renderAkn(revision(REV1, { lifecycle: [ZERO, REV1] })));
    const rev2 = akn(revision(REV2));
    expect(eventRefs(rev2).map((e) => e.refersTo)).toEqual(['#zeroDraft', '#rev1', '#rev2']);
  });

  it('dates the adoption on the venue’s day: 00:30 in Ulaanbaatar is that day, not the day before in UTC', () => {
    // 2019-06-11T16:30Z is 00:30 on 12 June in Ulaanbaatar (UTC+8).
    const final = akn(adopted({ timeZone: 'Asia/Ulaanbaatar' }, '2019-06-11T16:30:00.000Z'));
    expect(frbr(final, 'FRBRExpression', 'FRBRdate', 'date')).toBe('2019-06-12');
    expect(expressionUri(final)).toMatch(/\/eng@2019-06-12;adopted$/);
    expect(steps(final).at(-1)).toMatchObject({ date: '2019-06-12', outcome: '#adopted' });
    const conclusions = child(final.statement, 'conclusions');
    const date = conclusions.getElementsByTagName('date')[0]!;
    expect(date.getAttribute('date')).toBe('2019-06-12');
    expect(date.textContent).toBe('12 June 2019');
    expect(final.statement.getElementsByTagName('docDate')[0]?.getAttribute('date')).toBe('2019-06-12');
  });
});

describe('Akoma Ntoso against the OASIS schema', () => {
  const cases: [string, () => Rendition][] = [
    ['the zero draft', () => revision(ZERO)],
    ['a revision with proposals and brackets', () => revision(REV2)],
    ['the live draft', () => live()],
    ['the live draft of a new document', () => live({ lifecycle: [] })],
    ['the adopted text (UN style)', () => adopted()],
    ['the adopted text, every paragraph numbered, in Ulaanbaatar', () => adopted({ numbering: 'all', timeZone: 'Asia/Ulaanbaatar' }, '2019-06-11T16:30:00.000Z')],
    ['a text with markup in its words', () => live({ baseSymbol: 'A/<b>&"x"', symbol: 'A/<b>&"x"', venue: '<Hà Nội> & "東京"', organisation: 'un' })],
  ];

  it.each(cases)('validates %s', (_name, make) => {
    expect(aknSchemaErrors(renderAkn(make()))).toEqual([]);
  });

  it('tells an invalid document from a valid one', () => {
    const broken = renderAkn(revision(ZERO)).replace('<FRBRcountry', '<FRBRcountryX');
    expect(aknSchemaErrors(broken).join('\n')).toMatch(/FRBRcountryX/);
  });
});

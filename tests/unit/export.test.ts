import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { DOMParser, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { declarationSchema } from '../../shared/editor/index.js';
import { newClauseId, newSubclauseId } from '../../shared/editor/ids.js';
import { EXPORT_FORMATS, exportRendition, type ExportFormat } from '../../server/export/index.js';
import { canonicalText, renditionOf, type Rendition, type RenditionMeta } from '../../server/export/rendition.js';

// ---- a negotiation at SOMTC, in the words of the seeds ------------------------------------------------

const AKN = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';
const TITLE = 'Joint Statement of the ASEAN Senior Officials Meeting on Transnational Crime on Preventing and Countering Violent Extremism';
const FORMULA = 'We, the Heads of Delegation of the Member States of ASEAN, meeting in Surabaya, Indonesia,';

const MYS = {
  amendmentId: 'am-mys-1',
  delegationCode: 'MYS',
  color: '#aa3300',
  authorId: 'u-mys',
  authorName: 'Delegate of Malaysia',
  at: '2019-08-05T09:30:00.000Z',
};
const MYS_DELETION = { ...MYS, amendmentId: 'am-mys-2', at: '2019-08-05T10:15:00.000Z' };

type Mark = NonNullable<JSONContent['marks']>[number];

function text(value: string, ...marks: Mark[]): JSONContent {
  return marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value };
}
const italic: Mark = { type: 'italic' };
const insertion = (attrs = MYS): Mark => ({ type: 'insertion', attrs });
const deletion = (attrs = MYS_DELETION): Mark => ({ type: 'deletion', attrs });
const bracket = (bracketId: string, group: string, option: number): Mark => ({ type: 'bracket', attrs: { bracketId, group, option } });

function clause(kind: 'preambular' | 'operative', number: number | null, content: JSONContent[], subclauses: JSONContent[][] = []): JSONContent {
  return {
    type: 'clause',
    attrs: { id: newClauseId(), kind, number },
    content: [{ type: 'clauseText', content }, ...subclauses.map((c) => ({ type: 'subclause', attrs: { id: newSubclauseId() }, content: c }))],
  };
}

const PREAMBLE = [
  ['Recalling', ' the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;'],
  ['Noting with concern', ' the growing threat of trafficking in persons, illicit drug trafficking and cybercrime in the region;'],
  ['Recognising', ' the critical role of women and youth in preventing the rise and spread of violent extremism;'],
] as const;

/** The live draft: OP2bis inserted after OP2, a choice [shall][should], an insertion and a deletion by MYS. */
function draftJSON(): JSONContent {
  return {
    type: 'doc',
    content: [
      { type: 'title', content: [text(TITLE)] },
      { type: 'formula', content: [text(FORMULA)] },
      { type: 'preamble', content: PREAMBLE.map(([lead, rest], i) => clause('preambular', i + 1, [text(lead, italic), text(rest)])) },
      {
        type: 'operative',
        content: [
          clause('operative', 1, [
            text('Reaffirm', italic),
            text(' our commitment to the ASEAN Plan of Action in Combating Transnational Crime'),
            text(' and its Work Programme', insertion()),
            text(';'),
          ]),
          clause(
            'operative',
            2,
            [text('Agree', italic), text(' to strengthen cooperation through the Senior Officials Meeting on Transnational Crime (SOMTC), including:')],
            [[text('the exchange of information on trafficking routes and networks;')], [text('joint training of law enforcement officers;')]],
          ),
          clause('operative', null, [
            text('Encourage', italic),
            text(' Member States that have not yet done so to ratify the United Nations Convention against Transnational Organized Crime;'),
          ]),
          clause('operative', 3, [
            text('Member States '),
            text('shall', bracket('br-1', 'br-1', 0)),
            text('should', bracket('br-2', 'br-1', 1)),
            text(' develop national action plans to prevent and counter violent extremism;'),
          ]),
          clause('operative', 4, [
            text('Task', italic),
            text(' SOMTC to report '),
            text('annually ', deletion()),
            text('on the implementation of this Joint Statement to the next ASEAN Ministerial Meeting on Transnational Crime.'),
          ]),
        ],
      },
    ],
  };
}

/** The adopted text: what the chair kept, renumbered, with no marks left. */
function adoptedJSON(): JSONContent {
  const ops = [
    [text('Reaffirm', italic), text(' our commitment to the ASEAN Plan of Action in Combating Transnational Crime and its Work Programme;')],
    [text('Agree', italic), text(' to strengthen cooperation through the Senior Officials Meeting on Transnational Crime (SOMTC), including:')],
    [text('Encourage', italic), text(' Member States that have not yet done so to ratify the United Nations Convention against Transnational Organized Crime;')],
    [text('Member States should develop national action plans to prevent and counter violent extremism;')],
    [text('Task', italic), text(' SOMTC to report annually on the implementation of this Joint Statement to the next ASEAN Ministerial Meeting on Transnational Crime.')],
  ];
  return {
    type: 'doc',
    content: [
      { type: 'title', content: [text(TITLE)] },
      { type: 'formula', content: [text(FORMULA)] },
      { type: 'preamble', content: PREAMBLE.map(([lead, rest], i) => clause('preambular', i + 1, [text(lead, italic), text(rest)])) },
      {
        type: 'operative',
        content: ops.map((content, i) =>
          clause('operative', i + 1, content, i === 1 ? [[text('the exchange of information on trafficking routes and networks;')], [text('joint training of law enforcement officers;')]] : []),
        ),
      },
    ],
  };
}

const LIFECYCLE: RenditionMeta['lifecycle'] = [
  { kind: 'revision', number: 0, symbol: 'SOMTC/2019/L.1', date: '2019-07-15T08:00:00.000Z', note: null },
  { kind: 'revision', number: 1, symbol: 'SOMTC/2019/L.1/Rev.1', date: '2019-08-01T08:00:00.000Z', note: 'after the first reading' },
  { kind: 'revision', number: 2, symbol: 'SOMTC/2019/L.1/Rev.2', date: '2019-08-05T18:00:00.000Z', note: null },
];

function draftRendition(json: JSONContent = draftJSON()): Rendition {
  return renditionOf(declarationSchema.nodeFromJSON(json), {
    documentId: 'doc-somtc-2019',
    symbol: 'SOMTC/2019/L.1',
    baseSymbol: 'SOMTC/2019/L.1',
    finalSymbol: null,
    createdAt: '2019-07-10T02:00:00.000Z',
    timeZone: 'UTC',
    language: 'en',
    direction: 'ltr',
    organisation: 'asean',
    numbering: 'un',
    stage: 'live',
    clean: false,
    revisionNumber: null,
    date: '2019-08-05T11:00:00.000Z',
    venue: 'Surabaya, Indonesia',
    lifecycle: LIFECYCLE.slice(0, 2),
    adoption: null,
  });
}

function adoptedRendition(numbering: 'un' | 'all' = 'un'): Rendition {
  const rendition = renditionOf(declarationSchema.nodeFromJSON(adoptedJSON()), {
    documentId: 'doc-somtc-2019',
    symbol: 'SOMTC/2019/L.1/Rev.2',
    baseSymbol: 'SOMTC/2019/L.1',
    finalSymbol: null,
    createdAt: '2019-07-10T02:00:00.000Z',
    timeZone: 'UTC',
    language: 'en',
    direction: 'ltr',
    organisation: 'asean',
    numbering,
    stage: 'adopted',
    clean: true,
    revisionNumber: 2,
    date: '2019-08-06T07:30:00.000Z',
    venue: 'Surabaya, Indonesia',
    lifecycle: [...LIFECYCLE, { kind: 'adoption', number: null, symbol: 'SOMTC/2019/L.1/Rev.2', date: '2019-08-06T07:30:00.000Z', note: null }],
    adoption: {
      adoptedAt: '2019-08-06T07:30:00.000Z',
      venue: 'Surabaya, Indonesia',
      body: 'ASEAN Senior Officials Meeting on Transnational Crime',
      delegations: [
        { code: 'IDN', name: 'Indonesia' },
        { code: 'MYS', name: 'Malaysia' },
        { code: 'PHL', name: 'Philippines' },
        { code: 'THA', name: 'Thailand' },
        { code: 'VNM', name: 'Viet Nam' },
      ],
      hash: '',
    },
  });
  rendition.adoption!.hash = sha256(canonicalText(rendition));
  return rendition;
}

// ---- independent readers -----------------------------------------------------------------------------

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/**
 * Parses XML strictly: any error or warning from the parser fails the test, except the warning that
 * the text holds U+FFFD, which is how the exports replace unpaired surrogates on purpose.
 */
function parseXml(source: string, mimeType: 'text/xml' | 'application/xhtml+xml' = 'text/xml'): XmlDocument {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level === 'warning' && /replacement character/i.test(msg)) return;
      problems.push(`${level}: ${msg}`);
    },
  }).parseFromString(source, mimeType);
  expect(problems).toEqual([]);
  return doc;
}

function elements(parent: XmlDocument | XmlElement, name: string): XmlElement[] {
  return Array.from(parent.getElementsByTagName(name));
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

async function pdfText(body: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(body)); // pdf.js may detach what it is given
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

function docxPart(body: Uint8Array, path: string): string {
  const part = unzipSync(body)[path];
  if (!part) throw new Error(`no ${path} in the DOCX`);
  return strFromU8(part);
}

async function exported(rendition: Rendition, format: ExportFormat) {
  return exportRendition(rendition, format);
}

// ---- tests -------------------------------------------------------------------------------------------

describe('the renditions under test', () => {
  it('label the draft as negotiators do and number the adopted text cleanly', () => {
    expect(draftRendition().clauses.map((c) => c.marker)).toEqual(['PP1', 'PP2', 'PP3', 'OP1', 'OP2', 'OP2bis', 'OP3', 'OP4']);
    expect(adoptedRendition().clauses.map((c) => c.marker)).toEqual(['', '', '', '1.', '2.', '3.', '4.', '5.']);
  });
});

describe('every format', () => {
  it('names the file after the symbol and declares its content type', async () => {
    const types: Record<ExportFormat, string> = {
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      pdf: 'application/pdf',
      html: 'text/html; charset=utf-8',
      md: 'text/markdown; charset=utf-8',
      txt: 'text/plain; charset=utf-8',
      json: 'application/json',
      akn: 'application/akn+xml; charset=utf-8',
    };
    expect([...EXPORT_FORMATS].sort()).toEqual(Object.keys(types).sort());
    const adopted = adoptedRendition();
    for (const format of EXPORT_FORMATS) {
      const file = await exported(adopted, format);
      expect(file.contentType).toBe(types[format]);
      expect(file.filename).toMatch(/^SOMTC-2019-L\.1-Rev\.2-adopted\.[a-z.]+$/);
      expect(file.body.byteLength).toBeGreaterThan(100);
    }
    expect((await exported(adopted, 'docx')).filename).toBe('SOMTC-2019-L.1-Rev.2-adopted.docx');
    expect((await exported({ ...adopted, symbol: '../../etc/passwd "x"' }, 'pdf')).filename).toBe('etc-passwd-x-adopted.pdf');
    // Each version of a text downloads under its own name.
    const draft = draftRendition();
    expect((await exported(draft, 'docx')).filename).toBe('SOMTC-2019-L.1-draft-2019-08-05-1100.docx');
    expect((await exported({ ...draft, timeZone: 'Asia/Jakarta' }, 'docx')).filename).toBe('SOMTC-2019-L.1-draft-2019-08-05-1800.docx');
    expect((await exported({ ...draft, stage: 'revision', revisionNumber: 0 }, 'pdf')).filename).toBe('SOMTC-2019-L.1-zero-draft.pdf');
    expect((await exported({ ...draft, stage: 'revision', revisionNumber: 2, symbol: 'SOMTC/2019/L.1/Rev.2' }, 'pdf')).filename).toBe('SOMTC-2019-L.1-Rev.2.pdf');
  });
});

describe('plain text', () => {
  it('of the adopted text is exactly its canonical text, so its hash is the integrity hash', async () => {
    const adopted = adoptedRendition();
    const file = await exported(adopted, 'txt');
    expect(utf8(file.body)).toBe(canonicalText(adopted));
    expect(sha256(file.body)).toBe(adopted.adoption!.hash);
    expect(utf8(file.body)).not.toMatch(/[[\]{}]/);
    expect(utf8(file.body).split('\n').slice(0, 4)).toEqual([TITLE, FORMULA, `${PREAMBLE[0][0]}${PREAMBLE[0][1]}`, `${PREAMBLE[1][0]}${PREAMBLE[1][1]}`]);
    expect(utf8(file.body)).toContain('\n1. Reaffirm our commitment');
    expect(utf8(file.body)).toContain('\n(a) the exchange of information');
  });

  it('of a draft reads like a compilation text, with labels, brackets and proposals', async () => {
    const lines = utf8((await exported(draftRendition(), 'txt')).body).split('\n');
    expect(lines.slice(0, 3)).toEqual(['SOMTC/2019/L.1', TITLE, FORMULA]);
    expect(lines).toContain('PP1 Recalling the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;');
    expect(lines).toContain('OP1 Reaffirm our commitment to the ASEAN Plan of Action in Combating Transnational Crime{+ and its Work Programme+};');
    expect(lines).toContain('OP2(a) the exchange of information on trafficking routes and networks;');
    expect(lines).toContain('OP2(b) joint training of law enforcement officers;');
    expect(lines.some((l) => l.startsWith('OP2bis Encourage Member States'))).toBe(true);
    expect(lines).toContain('OP3 Member States [shall][should] develop national action plans to prevent and counter violent extremism;');
    expect(lines.find((l) => l.startsWith('OP4 '))).toContain('to report {-annually -}on the implementation');
  });
});

describe('Markdown', () => {
  it('of a draft shows bold labels, italic lead words, brackets and CriticMarkup proposals', async () => {
    const md = utf8((await exported(draftRendition(), 'md')).body);
    expect(md).toContain(`# ${TITLE}`);
    expect(md).toContain('**PP1** *Recalling* the ASEAN Declaration');
    expect(md).toContain('**OP2bis** *Encourage* Member States');
    expect(md).toContain('**OP2(a)** the exchange of information');
    expect(md).toContain('Member States \\[shall\\]\\[should\\] develop');
    expect(md).toContain('{++ and its Work Programme++}{>>MYS — Delegate of Malaysia, 5 August 2019<<}');
    expect(md).toContain('{--annually --}{>>MYS');
  });

  it('of the adopted text keeps its numbers without becoming a list, and records the adoption', async () => {
    const md = utf8((await exported(adoptedRendition(), 'md')).body);
    const paragraphs = md.split('\n\n');
    expect(paragraphs).toContain('*Recalling* the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;');
    expect(paragraphs).toContain('1\\. *Reaffirm* our commitment to the ASEAN Plan of Action in Combating Transnational Crime and its Work Programme;');
    expect(paragraphs).toContain('(b) joint training of law enforcement officers;');
    // No line starts like an ordered-list item, which a renderer would renumber.
    expect(md).not.toMatch(/^\d+[.)]\s/m);
    expect(md).not.toMatch(/\{\+\+|\{--|\\\[/);
    expect(md).toContain(adoptedRendition().adoption!.hash);
  });
});

describe('HTML', () => {
  it('of a draft is a well-formed document with lead words, markers, brackets and attributed proposals', async () => {
    const html = utf8((await exported(draftRendition(), 'html')).body);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const doc = parseXml(html, 'application/xhtml+xml');
    expect(elements(doc, 'h1')[0]?.textContent).toBe(TITLE);
    expect(elements(doc, 'em').map((e) => e.textContent)).toEqual(expect.arrayContaining(['Recalling', 'Noting with concern', 'Recognising', 'Encourage']));
    expect(elements(doc, 'style')).toHaveLength(1);
    const markers = elements(doc, 'span').filter((s) => s.getAttribute('class') === 'marker').map((s) => s.textContent);
    expect(markers).toEqual(['PP1', 'PP2', 'PP3', 'OP1', 'OP2', '(a)', '(b)', 'OP2bis', 'OP3', 'OP4']);
    const brackets = elements(doc, 'span').filter((s) => s.getAttribute('class') === 'bracket');
    expect(brackets.map((b) => b.textContent)).toEqual(['[shall]', '[should]']);
    const [ins] = elements(doc, 'ins');
    expect(ins?.getAttribute('data-delegation')).toBe('MYS');
    expect(ins?.getAttribute('title')).toBe('Proposed insertion by MYS — Delegate of Malaysia, 5 August 2019');
    expect(ins?.textContent).toBe(' and its Work Programme');
    const [del] = elements(doc, 'del');
    expect(del?.getAttribute('data-delegation')).toBe('MYS');
    expect(del?.textContent).toBe('annually ');
    // The lenient HTML parser reads it the same way.
    const loose = new DOMParser().parseFromString(html, 'text/html');
    expect(Array.from(loose.getElementsByTagName('ins')).map((e) => e.getAttribute('data-delegation'))).toEqual(['MYS']);
  });

  it('of the adopted text has clean numbers, no marks, and the adoption record', async () => {
    const doc = parseXml(utf8((await exported(adoptedRendition(), 'html')).body), 'application/xhtml+xml');
    const markers = elements(doc, 'span').filter((s) => s.getAttribute('class') === 'marker').map((s) => s.textContent);
    expect(markers).toEqual(['1.', '2.', '(a)', '(b)', '3.', '4.', '5.']);
    expect(elements(doc, 'ins')).toHaveLength(0);
    expect(elements(doc, 'del')).toHaveLength(0);
    expect(doc.documentElement?.textContent).not.toMatch(/[[\]]/);
    const footer = elements(doc, 'footer')[0]?.textContent ?? '';
    expect(footer).toContain('Adopted on 6 August 2019 at Surabaya, Indonesia (UTC) by ASEAN Senior Officials Meeting on Transnational Crime');
    expect(footer).toContain('Viet Nam (VNM)');
    expect(footer).toContain(adoptedRendition().adoption!.hash);
  });
});

describe('JSON', () => {
  it('is the rendition in an envelope naming the format', async () => {
    const draft = draftRendition();
    const parsed = JSON.parse(utf8((await exported(draft, 'json')).body)) as { format: string; version: number; declaration: Rendition };
    expect(parsed.format).toBe('accord-declaration');
    expect(parsed.version).toBe(1);
    expect(parsed.declaration.clauses.map((c) => c.label)).toEqual(draft.clauses.map((c) => c.label));
    expect(parsed.declaration).toEqual(draft);
  });
});

describe('DOCX', () => {
  it('of a draft carries labels, italic lead words and the proposals as Word tracked changes', async () => {
    const file = await exported(draftRendition(), 'docx');
    const buffer = Buffer.from(file.body);
    const raw = (await mammoth.extractRawText({ buffer })).value;
    expect(raw).toContain(TITLE);
    expect(raw).toContain(FORMULA);
    for (const label of ['PP1', 'PP3', 'OP1', 'OP2', 'OP2bis', 'OP3', 'OP4']) expect(raw).toMatch(new RegExp(`(^|\\n)${label}\\t`));
    expect(raw).toContain('Combating Transnational Crime and its Work Programme;');
    expect(raw).toContain('Member States [shall][should] develop');
    expect(raw).toContain('(a)\tthe exchange of information');
    const html = (await mammoth.convertToHtml({ buffer })).value;
    expect(html).toContain('<em>Recalling</em>');
    expect(html).toContain('<em>Encourage</em>');

    const xml = docxPart(file.body, 'word/document.xml');
    parseXml(xml);
    expect(xml).toMatch(/<w:ins [^>]*w:author="MYS — Delegate of Malaysia"[^>]*>/);
    expect(xml).toMatch(/<w:del [^>]*w:author="MYS — Delegate of Malaysia"[^>]*>/);
    expect(xml).toContain('<w:delText xml:space="preserve">annually </w:delText>');
    const ids = [...xml.matchAll(/<w:(?:ins|del) [^>]*w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const headers = Object.keys(unzipSync(file.body)).filter((p) => /^word\/header\d*\.xml$/.test(p));
    expect(headers.some((p) => docxPart(file.body, p).includes('SOMTC/2019/L.1'))).toBe(true);
  });

  it('of the adopted text has clean numbers and no tracked changes', async () => {
    const file = await exported(adoptedRendition(), 'docx');
    const buffer = Buffer.from(file.body);
    const raw = (await mammoth.extractRawText({ buffer })).value;
    expect(raw).toContain('1.\tReaffirm our commitment');
    expect(raw).toContain('5.\tTask SOMTC');
    expect(raw).not.toMatch(/\b(PP|OP)\d/);
    expect(raw).not.toMatch(/[[\]]/);
    expect(raw).toContain(adoptedRendition().adoption!.hash);
    expect((await mammoth.convertToHtml({ buffer })).value).toContain('<em>Recalling</em>');
    const xml = docxPart(file.body, 'word/document.xml');
    expect(xml).not.toContain('<w:ins');
    expect(xml).not.toContain('<w:del');
  });
});

describe('PDF', () => {
  it('of a draft shows the title, the labels, brackets and who proposed what', async () => {
    const file = await exported(draftRendition(), 'pdf');
    expect(utf8(file.body.subarray(0, 5))).toBe('%PDF-');
    const text = await pdfText(file.body);
    expect(text).toContain('Joint Statement of the ASEAN Senior Officials Meeting');
    expect(text).toContain('SOMTC/2019/L.1');
    for (const label of ['PP1', 'OP1', 'OP2bis', 'OP4']) expect(text).toContain(label);
    expect(text).toContain('Recalling the ASEAN Declaration');
    expect(text).toMatch(/\[shall\] ?\[should\]/);
    expect(text).toContain('and its Work Programme (MYS)');
    expect(text).toMatch(/1 \/ \d/);
  });

  it('of the adopted text shows clean numbers and the paragraph text', async () => {
    const text = await pdfText((await exported(adoptedRendition(), 'pdf')).body);
    expect(text).toContain('1.');
    expect(text).toContain('Reaffirm our commitment to the ASEAN Plan of Action');
    expect(text).toContain('(a)');
    expect(text).not.toMatch(/\bOP\d/);
    expect(text).toContain('Adopted on 6 August 2019');
  });
});

describe('Akoma Ntoso', () => {
  function statementOf(xml: string): XmlElement {
    const doc = parseXml(xml);
    const root = doc.documentElement!;
    expect(root.localName).toBe('akomaNtoso');
    expect(root.namespaceURI).toBe(AKN);
    const statement = child(root, 'statement');
    expect(statement.getAttribute('name')).toBe('declaration');
    return statement;
  }

  function nums(elementsWithNum: XmlElement[]): string[] {
    return elementsWithNum.map((e) => children(e, 'num')[0]?.textContent ?? '');
  }

  it('of the adopted text identifies the work, records its lifecycle and numbers paragraphs cleanly', async () => {
    const adopted = adoptedRendition();
    const statement = statementOf(utf8((await exported(adopted, 'akn')).body));
    const meta = child(statement, 'meta');
    const identification = child(meta, 'identification');
    expect(identification.getAttribute('source')).toBe('#accord');
    const work = child(identification, 'FRBRWork');
    // One Work for the whole life of the text: the organisation, the day the document was created, its id.
    expect(child(work, 'FRBRthis').getAttribute('value')).toBe('/akn/asean/statement/declaration/2019-07-10/doc-somtc-2019/!main');
    expect(child(work, 'FRBRdate').getAttribute('date')).toBe('2019-07-10');
    expect(child(work, 'FRBRdate').getAttribute('name')).toBe('creation');
    expect(child(work, 'FRBRcountry').getAttribute('value')).toBe('asean');
    const expression = child(identification, 'FRBRExpression');
    expect(child(expression, 'FRBRlanguage').getAttribute('language')).toBe('eng');
    const manifestation = child(identification, 'FRBRManifestation');
    expect(child(manifestation, 'FRBRuri').getAttribute('value')).toMatch(/\.akn$/);

    // The lifecycle lists versions of the text; the adoption is a step of the workflow.
    const events = children(child(meta, 'lifecycle'), 'eventRef');
    expect(events).toHaveLength(adopted.lifecycle.filter((e) => e.kind === 'revision').length);
    const references = child(meta, 'references');
    const referenced = new Set(children(references).map((e) => `#${e.getAttribute('eId')}`));
    for (const event of events) {
      expect(referenced).toContain(event.getAttribute('refersTo'));
      expect(referenced).toContain(event.getAttribute('source'));
    }
    expect(events.map((e) => e.getAttribute('date'))).toEqual(['2019-07-15', '2019-08-01', '2019-08-05']);
    expect(children(child(meta, 'workflow'), 'step').map((e) => e.getAttribute('date'))).toEqual(['2019-08-06']);
    expect(children(references, 'TLCEvent').map((e) => e.getAttribute('eId'))).toEqual(['zeroDraft', 'rev1', 'rev2', 'adoption']);
    expect(children(references, 'TLCOrganization').length).toBeGreaterThanOrEqual(5);

    const preface = child(statement, 'preface');
    expect(elements(preface, 'docNumber')[0]?.textContent).toBe('SOMTC/2019/L.1/Rev.2');
    expect(elements(preface, 'docTitle')[0]?.textContent).toBe(TITLE);

    const preamble = child(statement, 'preamble');
    expect(child(preamble, 'formula').getAttribute('name')).toBe('enactingFormula');
    const pps = children(preamble, 'container');
    expect(pps).toHaveLength(3);
    expect(pps.map((p) => p.getAttribute('name'))).toEqual(['preambularParagraph', 'preambularParagraph', 'preambularParagraph']);
    expect(pps.map((p) => p.getAttribute('eId'))).toEqual(['preamble__para_1', 'preamble__para_2', 'preamble__para_3']);
    expect(elements(preamble, 'num')).toHaveLength(0); // UN style: preambular paragraphs are unnumbered
    expect(child(pps[0]!, 'p').textContent).toBe(`${PREAMBLE[0][0]}${PREAMBLE[0][1]}`);
    expect(elements(pps[0]!, 'i')[0]?.textContent).toBe('Recalling');

    const paragraphs = children(child(statement, 'mainBody'), 'paragraph');
    expect(paragraphs).toHaveLength(5);
    expect(nums(paragraphs)).toEqual(['1.', '2.', '3.', '4.', '5.']);
    expect(paragraphs.map((p) => p.getAttribute('eId'))).toEqual(['para_1', 'para_2', 'para_3', 'para_4', 'para_5']);
    const op2 = paragraphs[1]!;
    expect(child(op2, 'intro').textContent).toContain('Agree to strengthen cooperation');
    const points = children(op2, 'point');
    expect(points.map((p) => p.getAttribute('eId'))).toEqual(['para_2__point_a', 'para_2__point_b']);
    expect(nums(points)).toEqual(['(a)', '(b)']);
    expect(elements(statement, 'ins')).toHaveLength(0);
    expect(elements(statement, 'del')).toHaveLength(0);
    expect(child(statement, 'mainBody').textContent).not.toMatch(/[[\]]/);

    const conclusions = child(statement, 'conclusions');
    expect(conclusions.textContent).toContain(adopted.adoption!.hash);
    expect(elements(conclusions, 'organization').length).toBe(6);

    const ids = elements(statement, '*').flatMap((e) => (e.getAttribute('eId') ? [e.getAttribute('eId')] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('of a draft keeps negotiation labels, literal brackets and attributed proposals', async () => {
    const draft = draftRendition();
    const statement = statementOf(utf8((await exported(draft, 'akn')).body));
    const meta = child(statement, 'meta');
    expect(children(child(meta, 'lifecycle'), 'eventRef')).toHaveLength(2);
    const pps = children(child(statement, 'preamble'), 'container');
    expect(pps).toHaveLength(3);
    expect(pps.map((p) => elements(p, 'num')[0]?.textContent)).toEqual(['PP1', 'PP2', 'PP3']);
    const paragraphs = children(child(statement, 'mainBody'), 'paragraph');
    expect(paragraphs).toHaveLength(draft.clauses.filter((c) => c.kind === 'operative').length);
    expect(nums(paragraphs)).toEqual(['OP1', 'OP2', 'OP2bis', 'OP3', 'OP4']);
    expect(paragraphs.map((p) => p.getAttribute('eId'))).toEqual(['para_1', 'para_2', 'para_2bis', 'para_3', 'para_4']);
    expect(paragraphs[3]!.textContent).toContain('Member States [shall][should] develop');
    const [ins] = elements(statement, 'ins');
    expect(ins?.textContent).toBe(' and its Work Programme');
    expect(ins?.getAttribute('refersTo')).toBe('#delegation_mys');
    expect(ins?.getAttribute('title')).toContain('MYS — Delegate of Malaysia');
    expect(elements(statement, 'del')[0]?.textContent).toBe('annually ');
    const organizations = children(child(meta, 'references'), 'TLCOrganization').map((e) => e.getAttribute('eId'));
    expect(organizations).toContain('delegation_mys');
    expect(elements(statement, 'conclusions')).toHaveLength(0);
  });

  it('numbers preambular paragraphs when the style numbers every paragraph', async () => {
    const statement = statementOf(utf8((await exported(adoptedRendition('all'), 'akn')).body));
    const pps = children(child(statement, 'preamble'), 'container');
    expect(pps.map((p) => elements(p, 'num')[0]?.textContent)).toEqual(['1.', '2.', '3.']);
    expect(nums(children(child(statement, 'mainBody'), 'paragraph'))).toEqual(['4.', '5.', '6.', '7.', '8.']);
  });
});

describe('hostile content', () => {
  const HOSTILE_TITLE = 'Statement <script>alert("x")</script> & \'friends\' ]]> <!-- 中文 🙂 \u0001 \uD800';
  const HOSTILE_AUTHOR = '"><script>alert(1)</script> & ]]>';

  function hostileRendition(): Rendition {
    const json = draftJSON();
    const [title, formula, preamble, operative] = json.content!;
    title!.content = [text(HOSTILE_TITLE)];
    formula!.content = [text('We, the Ministers & <b>Heads</b> of Delegation, “meeting” in Hà Nội — 東京,')];
    preamble!.content!.push(clause('preambular', null, [text('<Recalling>', italic), text(' & the ]]> CDATA-ender, "quotes", {++critic++} *stars* [links](x) 😀 \u0007')]));
    operative!.content!.push(
      clause('operative', 5, [
        text('Invite', italic),
        text(' <img src=x onerror=alert(1)> ', insertion({ ...MYS, amendmentId: 'am-h', delegationCode: 'M"Y<S', authorName: HOSTILE_AUTHOR })),
        text('</p></content>', bracket('br-h', 'br-h', 0)),
      ]),
    );
    return draftRendition(json);
  }

  it('cannot break the well-formedness of HTML or Akoma Ntoso', async () => {
    const rendition = hostileRendition();
    const html = parseXml(utf8((await exported(rendition, 'html')).body), 'application/xhtml+xml');
    expect(elements(html, 'script')).toHaveLength(0);
    expect(elements(html, 'img')).toHaveLength(0);
    expect(elements(html, 'b')).toHaveLength(0);
    expect(elements(html, 'h1')[0]?.textContent).toBe('Statement <script>alert("x")</script> & \'friends\' ]]> <!-- 中文 🙂  \uFFFD');
    const hostile = elements(html, 'ins').find((e) => e.getAttribute('data-amendment') === 'am-h');
    expect(hostile?.getAttribute('data-delegation')).toBe('M"Y<S');
    expect(hostile?.getAttribute('title')).toContain(HOSTILE_AUTHOR);
    expect(hostile?.textContent).toBe(' <img src=x onerror=alert(1)> ');

    const akn = parseXml(utf8((await exported(rendition, 'akn')).body));
    expect(elements(akn, 'script')).toHaveLength(0);
    expect(elements(akn, 'docTitle')[0]?.textContent).toContain('<script>alert("x")</script>');
    expect(elements(akn, 'container')).toHaveLength(4);
    expect(elements(akn, 'paragraph')).toHaveLength(6);
    // A code that reads like another delegation's after cleaning still gets its own reference.
    expect(elements(akn, 'ins').map((e) => e.getAttribute('refersTo'))).toEqual(['#delegation_mys', '#delegation_mys_2']);
  });

  it('keeps DOCX readable and its XML well-formed', async () => {
    const file = await exported(hostileRendition(), 'docx');
    parseXml(docxPart(file.body, 'word/document.xml'));
    const raw = (await mammoth.extractRawText({ buffer: Buffer.from(file.body) })).value;
    expect(raw).toContain('<Recalling> & the ]]> CDATA-ender');
    expect(raw).toContain('中文 🙂');
  });

  it('does not crash the PDF, which prints every script it has a face for and U+FFFD for the rest', async () => {
    const file = await exported(hostileRendition(), 'pdf');
    const text = await pdfText(file.body);
    expect(text).toContain('<Recalling> & the ]]> CDATA-ender');
    expect(text).toContain('Hà Nội — 東京,');
    expect(text).toContain('“meeting”');
    expect(text).not.toContain('?');
  });

  it('cannot close CriticMarkup or open Markdown constructs from inside the text', async () => {
    const md = utf8((await exported(hostileRendition(), 'md')).body);
    expect(md).toContain('\\*stars\\* \\[links\\](x)');
    expect(md).toContain('critic');
    expect(md).not.toMatch(/\{\+\+critic|critic\+\+\}/);
    expect(md).toContain('{>>M"Y\\<S');
    expect(md).not.toContain('<script>');
  });

  it('leaves JSON and text intact, character for character', async () => {
    const rendition = hostileRendition();
    const json = JSON.parse(utf8((await exported(rendition, 'json')).body)) as { declaration: Rendition };
    expect(json.declaration.title).toBe(rendition.title); // JSON escapes a lone surrogate as \ud800
    expect(utf8((await exported(rendition, 'txt')).body)).toContain('[</p></content>]');
  });
});

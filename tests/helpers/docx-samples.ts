/**
 * Word files for tests that import a zero draft: the sample draft the secretariat would upload, built
 * with the docx package as Word would write it, and a way to write a package by hand for what the docx
 * package cannot express (tracked paragraph marks, hostile XML).
 */
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, TextRun } from 'docx';
import { strToU8, zipSync } from 'fflate';
import type { ClauseDraft, DeclarationDraft } from '../../shared/editor/content.js';

/** The zero draft of a ministerial joint statement: 4 preambular and 5 operative paragraphs, OP3 with (a), (b). */
export const ZERO_DRAFT = {
  title: 'Joint Statement of the Twelfth ASEAN Ministerial Meeting on Transnational Crime',
  formula:
    'We, the Ministers responsible for transnational crime of the Member States of the Association of Southeast ' +
    'Asian Nations (ASEAN), gathered in Nay Pyi Taw for the Twelfth ASEAN Ministerial Meeting on Transnational Crime,',
  preambular: [
    { lead: 'Recalling', text: 'the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997,' },
    {
      lead: 'Reaffirming',
      text: 'our commitment to the ASEAN Convention Against Trafficking in Persons, Especially Women and Children,',
    },
    {
      lead: 'Noting with concern',
      text: 'the growing use of information and communications technologies by organised criminal groups for illicit drug trafficking, cybercrime and the smuggling of migrants,',
    },
    {
      lead: 'Welcoming',
      text: 'the Manila Declaration to Counter the Rise of Radicalisation and Violent Extremism adopted by the Eleventh AMMTC,',
    },
  ],
  operative: [
    { lead: 'Calls upon', text: 'ASEAN Member States to fully implement the ASEAN Plan of Action Against Trafficking in Persons;' },
    {
      lead: 'Encourages',
      text: 'closer cooperation among law enforcement agencies, including through ASEANAPOL, in the investigation and prosecution of transnational crime;',
    },
    {
      lead: 'Requests',
      text: 'the Senior Officials Meeting on Transnational Crime (SOMTC) to:',
      subclauses: [
        'review the Work Programme to Implement the ASEAN Plan of Action in Combating Transnational Crime (2016-2025);',
        'report on its progress to the Thirteenth AMMTC;',
      ],
    },
    { lead: 'Welcomes', text: 'the offer of Malaysia to host a regional workshop on cybercrime with UNODC in 2019;' },
    { lead: 'Decides', text: 'to convene the Thirteenth AMMTC in the Philippines in 2019.' },
  ],
} satisfies DeclarationDraft & { formula: string; preambular: ClauseDraft[]; operative: ClauseDraft[] };

export interface SampleStyle {
  /** 'word': Word's automatic list numbering (1., (a)); 'manual': "1." and "(a)" typed at the start. */
  numbering?: 'word' | 'manual';
  /** 'italic': lead words in italics; 'plain': the same words in roman type. */
  leads?: 'italic' | 'plain';
}

function clauseRuns(clause: ClauseDraft, leads: 'italic' | 'plain', prefix = ''): TextRun[] {
  const runs = prefix ? [new TextRun(prefix)] : [];
  if (clause.lead) runs.push(new TextRun({ text: clause.lead, italics: leads === 'italic' }), new TextRun(` ${clause.text}`));
  else runs.push(new TextRun(clause.text));
  return runs;
}

/** A .docx of a declaration as a secretariat would type it: a Title-styled title, then formula, PPs and numbered OPs. */
export async function declarationDocx(draft: DeclarationDraft, style: SampleStyle = {}): Promise<Uint8Array> {
  const { numbering = 'word', leads = 'italic' } = style;
  const auto = numbering === 'word';
  const paragraphs: Paragraph[] = [new Paragraph({ text: draft.title, style: 'Title' })];
  if (draft.formula) paragraphs.push(new Paragraph({ text: draft.formula }));
  for (const clause of draft.preambular) paragraphs.push(new Paragraph({ children: clauseRuns(clause, leads) }));
  draft.operative.forEach((clause, i) => {
    paragraphs.push(
      auto
        ? new Paragraph({ children: clauseRuns(clause, leads), numbering: { reference: 'operative', level: 0 } })
        : new Paragraph({ children: clauseRuns(clause, leads, `${i + 1}.\t`) }),
    );
    (clause.subclauses ?? []).forEach((text, j) => {
      paragraphs.push(
        auto
          ? new Paragraph({ text, numbering: { reference: 'operative', level: 1 } })
          : new Paragraph({ text: `(${String.fromCharCode(97 + j)})\t${text}` }),
      );
    });
  });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'operative',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
            { level: 1, format: LevelFormat.LOWER_LETTER, text: '(%2)', alignment: AlignmentType.START },
          ],
        },
      ],
    },
    sections: [{ children: paragraphs }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** The sample zero draft (ZERO_DRAFT) as Word would save it: Title style, italic leads, automatic numbering. */
export async function zeroDraftDocx(): Promise<Uint8Array> {
  return declarationDocx(ZERO_DRAFT);
}

const W_NAMESPACE = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** word/document.xml around the given body content, with Word's namespace bound to w:. */
export function documentXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W_NAMESPACE}"><w:body>${body}</w:body></w:document>`;
}

/** word/styles.xml, word/numbering.xml or a page header around the given content. */
export function partXml(root: 'styles' | 'numbering' | 'hdr', content: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:${root} xmlns:w="${W_NAMESPACE}">${content}</w:${root}>`;
}

/** One paragraph of plain text, optionally with an italic lead, as Word writes it. */
export function paragraphXml(text: string, lead?: string): string {
  const run = (t: string, italic = false) =>
    `<w:r>${italic ? '<w:rPr><w:i/></w:rPr>' : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
  return `<w:p>${lead ? run(lead, true) + run(` ${text}`) : run(text)}</w:p>`;
}

/**
 * A Word package written by hand: the given parts, plus the content types and relationships Word needs,
 * zipped with fflate. Pass 'word/document.xml' (use documentXml) unless testing its absence.
 */
export function wordPackage(parts: Record<string, string | Uint8Array>, level: 0 | 6 | 9 = 6): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
  };
  for (const [name, content] of Object.entries(parts)) files[name] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(files, { level });
}

// ---------------------------------------------------------------------------------------------------
// A compilation text typed in Word: tracked changes by two delegates, typed brackets, a symbol in the header

/** Who made the tracked changes of the compilation sample, as Word records them. */
export const COMPILATION_AUTHORS = { mys: 'Aisyah Rahman', idn: 'IDN — Budi Santoso' } as const;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const run = (text: string, italic = false) => `<w:r>${italic ? '<w:rPr><w:i/></w:rPr>' : ''}<w:t xml:space="preserve">${escape(text)}</w:t></w:r>`;
const deletedRun = (text: string, italic = false) => `<w:r>${italic ? '<w:rPr><w:i/></w:rPr>' : ''}<w:delText xml:space="preserve">${escape(text)}</w:delText></w:r>`;
let revision = 100;
const change = (author: string, date: string) => `w:id="${revision++}" w:author="${escape(author)}" w:date="${date}"`;
const inserted = (author: string, content: string) => `<w:ins ${change(author, '2019-08-05T02:30:00Z')}>${content}</w:ins>`;
const deleted = (author: string, content: string) => `<w:del ${change(author, '2019-08-05T03:10:00Z')}>${content}</w:del>`;

/**
 * A compilation text of the SOMTC statement as delegations mark one up in Word: the symbol in the
 * page header; MYS (author "Aisyah Rahman") proposes words in OP1 and a whole new paragraph after
 * OP2; IDN ("IDN — Budi Santoso") proposes to strike a word of OP3; "[shall][should]" and a lone
 * "[to prevent and counter violent extremism]" in OP2; brackets that nest in OP4.
 */
export function compilationDocx(): Uint8Array {
  const { mys, idn } = COMPILATION_AUTHORS;
  const p = (content: string, props = '') => `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${content}</w:p>`;
  const body =
    p(run('Joint Statement of the ASEAN Senior Officials Meeting on Transnational Crime on Preventing and Countering Violent Extremism'), '<w:pStyle w:val="Title"/>') +
    p(run('We, the Heads of Delegation of the Member States of ASEAN, meeting in Surabaya, Indonesia,')) +
    p(run('Recalling', true) + run(' the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;')) +
    p(run('Noting with concern', true) + run(' the growing threat of trafficking in persons, illicit drug trafficking and cybercrime in the region;')) +
    p(run('Reaffirm', true) + run(' our commitment to the ASEAN Plan of Action in Combating Transnational Crime') + inserted(mys, run(' and its Work Programme')) + run(';')) +
    p(run('Member States [shall][should] develop national action plans [to prevent and counter violent extremism];')) +
    // A paragraph MYS proposes as a whole: its words and its paragraph mark are tracked insertions.
    p(inserted(mys, run('Encourage', true) + run(' Member States to exchange information on foreign terrorist fighters;')), `<w:rPr><w:ins ${change(mys, '2019-08-05T02:31:00Z')}/></w:rPr>`) +
    p(run('Task', true) + run(' SOMTC to report ') + deleted(idn, deletedRun('annually ')) + run('on the implementation of this Joint Statement;')) +
    p(run('Decide', true) + run(' to remain [actively [and closely]] seized of the matter.'));
  return wordPackage({
    'word/document.xml': documentXml(body),
    'word/header1.xml': partXml('hdr', '<w:p><w:pPr><w:jc w:val="right"/></w:pPr>' + run('SOMTC/2019/L.1') + '</w:p>'),
  });
}

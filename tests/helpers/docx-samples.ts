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

/** word/styles.xml or word/numbering.xml around the given content. */
export function partXml(root: 'styles' | 'numbering', content: string): string {
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

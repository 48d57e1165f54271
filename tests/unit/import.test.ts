import { Document, Packer, Paragraph, TextRun } from 'docx';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { acceptDraftProposals, type ClauseDraft, type DeclarationDraft } from '../../shared/editor/content.js';
import { ImportError, readDeclarationDocx, type ImportPreview } from '../../server/import/docx.js';
import { readDeclarationDocxIsolated } from '../../server/import/isolated.js';
import {
  COMPILATION_AUTHORS,
  ZERO_DRAFT,
  compilationDocx,
  declarationDocx,
  documentXml,
  paragraphXml,
  partXml,
  wordPackage,
  zeroDraftDocx,
} from '../helpers/docx-samples.js';

const MB = 1024 * 1024;

/** A document of hand-written body XML. */
function docxOf(body: string, parts: Record<string, string | Uint8Array> = {}): Uint8Array {
  return wordPackage({ 'word/document.xml': documentXml(body), ...parts });
}

/** The minimum a declaration needs around the paragraphs under test: a title and one operative paragraph. */
const TITLE = '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Joint Statement on Cybercrime</w:t></w:r></w:p>';
const LAST_OP = paragraphXml('to remain seized of the matter.', 'Decides');

/** What a preview of a plain file says besides its paragraphs: no symbol, no tracked changes, not Accord's own. */
const PLAIN = { symbol: null, changes: [], accordExport: false };

/** A paragraph as it reads: its marked runs joined, or its lead and text. */
function wordsOf(clause: ClauseDraft): string {
  if (clause.marked) return clause.marked.text.map((r) => r.text).join('');
  return clause.lead ? `${clause.lead} ${clause.text}` : clause.text;
}

/** The message of the ImportError the file is refused with; fails if it is accepted or anything else is thrown. */
function refusal(bytes: Uint8Array): string {
  try {
    readDeclarationDocx(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return (error as ImportError).message;
  }
  throw new Error('expected the file to be refused');
}

/** Sets the uncompressed size the central directory records for one entry, as a forger would. */
function forgeDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    const nameLength = view.getUint16(at + 28, true);
    const entry = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (entry === name) view.setUint32(at + 24, size, true);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return bytes;
}

/** Deterministic bytes, so a failure can be reproduced. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

describe('importing the zero draft the secretariat circulated', () => {
  it('reads the title, the opening formula, 4 preambular and 5 operative paragraphs with their leads', async () => {
    const preview = readDeclarationDocx(await zeroDraftDocx());
    expect(preview.title).toBe('Joint Statement of the Twelfth ASEAN Ministerial Meeting on Transnational Crime');
    expect(preview.formula).toMatch(/^We, the Ministers responsible for transnational crime .* on Transnational Crime,$/);
    expect(preview.preambular.map((c) => c.lead)).toEqual(['Recalling', 'Reaffirming', 'Noting with concern', 'Welcoming']);
    expect(preview.operative.map((c) => c.lead)).toEqual(['Calls upon', 'Encourages', 'Requests', 'Welcomes', 'Decides']);
    expect(preview.preambular[0]).toEqual({
      lead: 'Recalling',
      text: 'the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997,',
    });
    expect(preview.operative[2]).toEqual({
      lead: 'Requests',
      text: 'the Senior Officials Meeting on Transnational Crime (SOMTC) to:',
      subclauses: [
        'review the Work Programme to Implement the ASEAN Plan of Action in Combating Transnational Crime (2016-2025);',
        'report on its progress to the Thirteenth AMMTC;',
      ],
    });
    expect(preview.operative.filter((c) => c.subclauses)).toHaveLength(1);
    expect(preview).toEqual({ ...ZERO_DRAFT, ...PLAIN, warnings: [] });
  });

  it('gives a preview that is a declaration draft as it stands, once the warnings are set aside', async () => {
    const { warnings, symbol: _symbol, changes: _changes, accordExport: _accord, ...draft } = readDeclarationDocx(await zeroDraftDocx());
    const typed: DeclarationDraft = draft;
    expect(warnings).toEqual([]);
    expect(typed.operative).toHaveLength(5);
  });

  it('reads numbers typed by hand ("1.", "(a)") as it reads Word\'s automatic numbering', async () => {
    const preview = readDeclarationDocx(await declarationDocx(ZERO_DRAFT, { numbering: 'manual' }));
    expect(preview).toEqual({ ...ZERO_DRAFT, ...PLAIN, warnings: [] });
  });

  it('finds lead words by their phrase when they are not in italics', async () => {
    const preview = readDeclarationDocx(await declarationDocx(ZERO_DRAFT, { numbering: 'manual', leads: 'plain' }));
    expect(preview).toEqual({ ...ZERO_DRAFT, ...PLAIN, warnings: [] });
  });

  it('keeps italic lead words it does not know, and tells preambular from operative by their form', () => {
    const preview = readDeclarationDocx(
      docxOf(
        TITLE +
          paragraphXml('by the progress made under the ASEAN Political-Security Community Blueprint,', 'Heartened') +
          paragraphXml('the work of ASEANAPOL on cybercrime;', 'Applauds'),
      ),
    );
    expect(preview.preambular).toEqual([
      { lead: 'Heartened', text: 'by the progress made under the ASEAN Political-Security Community Blueprint,' },
    ]);
    expect(preview.operative).toEqual([{ lead: 'Applauds', text: 'the work of ASEANAPOL on cybercrime;' }]);
  });

  it('tells "Welcoming" (preambular) from "Welcomes" (operative), and reads adverbs and "with concern" into the lead', () => {
    const preview = readDeclarationDocx(
      docxOf(
        TITLE +
          paragraphXml('Welcoming the adoption of the ASEAN Convention Against Trafficking in Persons,') +
          paragraphXml('Also recalling the Bali Process on People Smuggling,') +
          paragraphXml('Deeply concerned by the rise of online scams,') +
          paragraphXml('Welcomes the entry into force of the Convention;') +
          paragraphXml('Strongly encourages Member States to share information;') +
          paragraphXml('Notes with appreciation the support of UNODC.'),
      ),
    );
    expect(preview.preambular.map((c) => c.lead)).toEqual(['Welcoming', 'Also recalling', 'Deeply concerned']);
    expect(preview.operative.map((c) => c.lead)).toEqual(['Welcomes', 'Strongly encourages', 'Notes with appreciation']);
    expect(preview.operative[2]!.text).toBe('the support of UNODC.');
  });

  it('takes the whole word when the italics stop inside it, and no lead from a paragraph italic throughout', () => {
    const preview = readDeclarationDocx(
      docxOf(
        TITLE +
          '<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>Recall</w:t></w:r><w:r><w:t xml:space="preserve">ing the ASEAN Charter,</w:t></w:r></w:p>' +
          '<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>Underlining the need for a culture of prevention,</w:t></w:r></w:p>' +
          '<w:p><w:r><w:rPr><w:i w:val="0"/></w:rPr><w:t xml:space="preserve">Urges </w:t></w:r><w:r><w:t>all parties to cooperate;</w:t></w:r></w:p>',
      ),
    );
    expect(preview.preambular).toEqual([
      { lead: 'Recalling', text: 'the ASEAN Charter,' },
      { lead: 'Underlining', text: 'the need for a culture of prevention,' },
    ]);
    expect(preview.operative).toEqual([{ lead: 'Urges', text: 'all parties to cooperate;' }]);
  });

  it('strips stable labels and numbers typed by hand: "PP2", "OP3bis", "1)"', () => {
    const preview = readDeclarationDocx(
      docxOf(
        TITLE +
          paragraphXml('PP1 Recalling the ASEAN Charter,') +
          paragraphXml('OP1. Calls upon Member States to ratify the Convention;') +
          paragraphXml('OP1bis Invites dialogue partners to support the Work Programme;') +
          paragraphXml('2) Decides to remain seized of the matter.'),
      ),
    );
    expect(preview.preambular).toEqual([{ lead: 'Recalling', text: 'the ASEAN Charter,', number: 1 }]);
    expect(preview.operative.map((c) => c.lead)).toEqual(['Calls upon', 'Invites', 'Decides']);
    // A stable label keeps its number (OP1bis stays an insertion after OP1); a number typed by hand follows the place.
    expect(preview.operative.map((c) => c.number)).toEqual([1, null, undefined]);
  });

  it('reads tracked insertions and deletions as proposals, and joins paragraphs whose break was deleted', () => {
    const tracked = 'w:id="1" w:author="MYS" w:date="2024-03-01T10:00:00Z"';
    const preview = readDeclarationDocx(
      docxOf(
        TITLE +
          `<w:p><w:r><w:t xml:space="preserve">Encourages Member States to </w:t></w:r>` +
          `<w:del ${tracked}><w:r><w:delText xml:space="preserve">promote </w:delText></w:r></w:del>` +
          `<w:ins ${tracked}><w:r><w:t xml:space="preserve">foster </w:t></w:r></w:ins>` +
          `<w:r><w:t>regional cooperation;</w:t></w:r></w:p>` +
          // A whole paragraph deleted: its text and its paragraph mark.
          `<w:p><w:pPr><w:rPr><w:del ${tracked}/></w:rPr></w:pPr><w:del ${tracked}><w:r><w:delText>Requests the Secretariat to report;</w:delText></w:r></w:del></w:p>` +
          // Only the break between two paragraphs deleted: they become one.
          `<w:p><w:pPr><w:rPr><w:del ${tracked}/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">Invites ASEANAPOL </w:t></w:r></w:p>` +
          `<w:p><w:r><w:t>to share information on cybercrime;</w:t></w:r></w:p>` +
          LAST_OP,
      ),
    );
    // Accepted, the text reads as Word's "Accept All" leaves it.
    expect(acceptDraftProposals(preview).operative.map(wordsOf)).toEqual([
      'Encourages Member States to foster regional cooperation;',
      'Invites ASEANAPOL to share information on cybercrime;',
      'Decides to remain seized of the matter.',
    ]);
    // Kept, they are proposals: a replacement, and a paragraph proposed for deletion as a whole.
    expect(preview.operative.map(wordsOf)).toEqual([
      'Encourages Member States to promote foster regional cooperation;',
      'Requests the Secretariat to report;',
      'Invites ASEANAPOL to share information on cybercrime;',
      'Decides to remain seized of the matter.',
    ]);
    expect(preview.changes).toEqual([
      { id: expect.any(String), author: 'MYS', delegation: 'MYS', at: '2024-03-01T10:00:00Z', kind: 'replace', inserted: 'foster ', deleted: 'promote ', label: 'OP1', paragraph: false },
      { id: expect.any(String), author: 'MYS', delegation: 'MYS', at: '2024-03-01T10:00:00Z', kind: 'delete', inserted: '', deleted: 'Requests the Secretariat to report;', label: 'OP2', paragraph: true },
    ]);
    expect(preview.warnings).toContain('Paragraph 4 ("Invites ASEANAPOL to share information on cybercrime;") joins two paragraphs of the file: the break between them is deleted in tracked changes.');
  });

  it('reads the docx package\'s tracked runs the same way', async () => {
    const { DeletedTextRun, InsertedTextRun } = await import('docx');
    const change = { id: 1, author: 'IDN', date: '2024-03-01T10:00:00Z' };
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: 'Joint Statement on Trafficking in Persons', style: 'Title' }),
            new Paragraph({
              children: [
                new TextRun('Urges Member States to '),
                new DeletedTextRun({ ...change, text: 'consider ratifying' }),
                new InsertedTextRun({ ...change, text: 'ratify' }),
                new TextRun(' the Convention;'),
              ],
            }),
          ],
        },
      ],
    });
    const preview = readDeclarationDocx(new Uint8Array(await Packer.toBuffer(doc)));
    expect(preview.operative.map((c) => [c.lead, c.text])).toEqual([['Urges', 'Member States to ratify the Convention;']]);
    expect(preview.changes.map((c) => [c.author, c.kind, c.deleted, c.inserted])).toEqual([['IDN', 'replace', 'consider ratifying', 'ratify']]);
  });

  it('reads tabs and line breaks as spaces, normalises whitespace, and honours xml:space', () => {
    const preview = readDeclarationDocx(
      docxOf(
        TITLE +
          '<w:p><w:r><w:t>Calls</w:t><w:tab/><w:t>upon</w:t><w:br/><w:t xml:space="preserve">  Member\u00a0States   to act; </w:t></w:r></w:p>' +
          // Without xml:space="preserve" Word drops the spaces around a run's text.
          '<w:p><w:r><w:t>Requests the </w:t></w:r><w:r><w:t> Secretariat</w:t></w:r><w:r><w:t xml:space="preserve"> to report &amp; to &#8220;monitor&#8221;.</w:t></w:r></w:p>',
      ),
    );
    expect(preview.operative).toEqual([
      { lead: 'Calls upon', text: 'Member States to act;' },
      { lead: 'Requests', text: 'theSecretariat to report & to \u201cmonitor\u201d.' },
    ]);
  });

  it('reads paragraphs inside content controls and leaves tables out, saying so', () => {
    const preview = readDeclarationDocx(
      docxOf(
        TITLE +
          '<w:sdt><w:sdtPr/><w:sdtContent>' +
          paragraphXml('the ASEAN Charter,', 'Recalling') +
          '</w:sdtContent></w:sdt>' +
          '<w:tbl><w:tr><w:tc>' +
          paragraphXml('Delegation') +
          '</w:tc><w:tc>' +
          paragraphXml('Proposal') +
          '</w:tc></w:tr></w:tbl>' +
          LAST_OP,
      ),
    );
    expect(preview.preambular).toEqual([{ lead: 'Recalling', text: 'the ASEAN Charter,' }]);
    expect(preview.operative).toHaveLength(1);
    expect(preview.warnings).toEqual(['A table after paragraph 2 was left out: Accord does not import tables.']);
  });

  it('takes a paragraph it cannot classify after OP2 as operative, and says so', () => {
    const preview = readDeclarationDocx(
      docxOf(
        TITLE +
          paragraphXml('Calls upon Member States to ratify the Convention;') +
          paragraphXml('Encourages closer cooperation among law enforcement agencies;') +
          paragraphXml('Further to the above, the Secretariat will circulate a report.') +
          LAST_OP,
      ),
    );
    expect(preview.operative.map((c) => c.text)).toContain('Further to the above, the Secretariat will circulate a report.');
    expect(preview.warnings).toEqual([
      'Paragraph 4 ("Further to the above, the Secretariat will circulate a ...") could not be classified; taken as operative because it follows OP2.',
      'No preambular paragraphs found; the text starts with its operative part.',
    ]);
  });

  it('makes a paragraph at a deeper Word list level, or lettered in a Word list, a sub-paragraph', () => {
    const numbering = partXml(
      'numbering',
      '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="lowerLetter"/></w:lvl></w:abstractNum>' +
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>' +
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>',
    );
    const listed = (numId: number, level: number, text: string) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
    const preview = readDeclarationDocx(
      docxOf(
        TITLE +
          listed(2, 0, 'Tasks SOMTC to:') +
          listed(1, 0, 'strengthen border management;') +
          listed(1, 0, 'combat illicit drug trafficking;') +
          listed(2, 0, 'Invites the dialogue partners to:') +
          listed(2, 1, 'share information on cybercrime.'),
        { 'word/numbering.xml': numbering },
      ),
    );
    expect(preview.operative).toEqual([
      { lead: 'Tasks', text: 'SOMTC to:', subclauses: ['strengthen border management;', 'combat illicit drug trafficking;'] },
      { lead: 'Invites', text: 'the dialogue partners to:', subclauses: ['share information on cybercrime.'] },
    ]);
  });

  it('knows the title and lead italics by the styles\' names, as a German Word names them', () => {
    const styles = partXml(
      'styles',
      '<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>' +
        '<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style>' +
        '<w:style w:type="character" w:styleId="Hervorhebung"><w:name w:val="Emphasis"/><w:rPr><w:i/></w:rPr></w:style>',
    );
    const preview = readDeclarationDocx(
      docxOf(
        '<w:p><w:r><w:t>SOMTC/2019/L.1</w:t></w:r></w:p>' +
          '<w:p><w:pPr><w:pStyle w:val="Titel"/></w:pPr><w:r><w:t>Bangkok Declaration on Cybercrime</w:t></w:r></w:p>' +
          '<w:p><w:r><w:rPr><w:rStyle w:val="Hervorhebung"/></w:rPr><w:t>Mindful of</w:t></w:r><w:r><w:t xml:space="preserve"> the threat of ransomware,</w:t></w:r></w:p>' +
          '<w:p><w:pPr><w:pStyle w:val="berschrift1"/></w:pPr><w:r><w:t>Cooperation</w:t></w:r></w:p>' +
          LAST_OP,
        { 'word/styles.xml': styles },
      ),
    );
    expect(preview.title).toBe('Bangkok Declaration on Cybercrime');
    expect(preview.preambular).toEqual([{ lead: 'Mindful of', text: 'the threat of ransomware,' }]);
    // The symbol on the first line is offered as the document's, not left out.
    expect(preview.symbol).toBe('SOMTC/2019/L.1');
    expect(preview.warnings).toEqual(['Paragraph 4 ("Cooperation") looks like a heading and was left out.']);
  });

  it('takes the first paragraph as the title when none is styled, and warns when it reads like a clause', () => {
    const plain = readDeclarationDocx(
      docxOf(paragraphXml('ASEAN Ministerial Meeting on Transnational Crime: Joint Statement') + LAST_OP),
    );
    expect(plain.title).toBe('ASEAN Ministerial Meeting on Transnational Crime: Joint Statement');
    expect(plain.warnings).toEqual(['No preambular paragraphs found; the text starts with its operative part.']);

    const untitled = readDeclarationDocx(docxOf(paragraphXml('Recalling the ASEAN Charter,') + paragraphXml('Recalling the Bali Process,') + LAST_OP));
    expect(untitled.title).toBe('Recalling the ASEAN Charter,');
    expect(untitled.preambular).toHaveLength(1);
    expect(untitled.warnings[0]).toBe(
      'No title found: the first paragraph ("Recalling the ASEAN Charter,") was taken as the title. Check the title and that paragraph.',
    );
  });

  it('leaves out a chapeau and the closing line, saying so', () => {
    const preview = readDeclarationDocx(
      docxOf(
        TITLE +
          paragraphXml('Recalling the ASEAN Charter,') +
          paragraphXml('DO HEREBY DECLARE:') +
          LAST_OP +
          paragraphXml('Adopted in Manila, the Philippines, on the Twentieth Day of September in the Year Two Thousand and Seventeen.'),
      ),
    );
    expect(preview.preambular).toHaveLength(1);
    expect(preview.operative).toHaveLength(1);
    expect(preview.warnings).toEqual([
      'Paragraph 3 ("DO HEREBY DECLARE:") was left out: Accord has no place for a chapeau between the preamble and the operative part.',
      'Paragraph 5 ("Adopted in Manila, the Philippines, on the Twentieth Day of ...") was left out: it records where and when the text was adopted.',
    ]);
  });

  it('reads a statement without a preamble, with a warning', () => {
    const preview = readDeclarationDocx(docxOf(TITLE + paragraphXml('We commit to strengthen cooperation against cybercrime.')));
    expect(preview.preambular).toEqual([]);
    expect(preview.operative).toEqual([{ text: 'We commit to strengthen cooperation against cybercrime.' }]);
    expect(preview.warnings).toEqual(['No preambular paragraphs found; the text starts with its operative part.']);
  });
});

describe('importing a compilation text: tracked changes, typed brackets, the symbol', () => {
  it('shows each tracked change as the proposal it would make, with its author and the paragraph it is in', () => {
    const preview = readDeclarationDocx(compilationDocx());
    expect(preview.changes.map(({ id: _id, ...c }) => c)).toEqual([
      { author: COMPILATION_AUTHORS.mys, delegation: null, at: '2019-08-05T02:30:00Z', kind: 'insert', inserted: ' and its Work Programme', deleted: '', label: 'OP1', paragraph: false },
      { author: COMPILATION_AUTHORS.mys, delegation: null, at: '2019-08-05T02:30:00Z', kind: 'insert', inserted: 'Encourage Member States to exchange information on foreign terrorist fighters;', deleted: '', label: 'OP2bis', paragraph: true },
      // The proposed paragraph is OP2bis: the paragraphs after it keep their numbers.
      { author: COMPILATION_AUTHORS.idn, delegation: 'IDN', at: '2019-08-05T03:10:00Z', kind: 'delete', inserted: '', deleted: 'annually ', label: 'OP3', paragraph: false },
    ]);
    // The proposed paragraph is one proposal over every word of it.
    const proposed = preview.operative[2]!.marked!.text;
    expect(new Set(proposed.map((r) => r.insertion)).size).toBe(1);
    expect(proposed.every((r) => r.insertion === preview.changes[1]!.id)).toBe(true);
  });

  it('makes "[shall][should]" one choice of two options and a lone "[...]" a choice of its own', () => {
    const op2 = readDeclarationDocx(compilationDocx()).operative[1]!;
    expect(op2.marked!.text).toEqual([
      { text: 'Member States ' },
      { text: 'shall', bracket: { group: expect.any(String), option: 0 } },
      { text: 'should', bracket: { group: op2.marked!.text[1]!.bracket!.group, option: 1 } },
      { text: ' develop national action plans ' },
      { text: 'to prevent and counter violent extremism', bracket: { group: expect.any(String), option: 0 } },
      { text: ';' },
    ]);
    expect(op2.marked!.text[4]!.bracket!.group).not.toBe(op2.marked!.text[1]!.bracket!.group);
  });

  it('keeps brackets that nest or do not pair up as typed, and says so', () => {
    const preview = readDeclarationDocx(
      docxOf(TITLE + paragraphXml('Urges Member States to act [now;') + paragraphXml('Notes] the report;') + LAST_OP),
    );
    expect(preview.operative.map(wordsOf)).toEqual(['Urges Member States to act [now;', 'Notes] the report;', 'Decides to remain seized of the matter.']);
    expect(preview.operative.every((c) => !c.marked)).toBe(true);
    expect(preview.warnings).toContain('Paragraph 2 ("Urges Member States to act [now;") has square brackets that nest or do not pair up; they were kept as typed.');
    const nested = readDeclarationDocx(compilationDocx());
    expect(wordsOf(nested.operative.at(-1)!)).toBe('Decide to remain [actively [and closely]] seized of the matter.');
    expect(nested.warnings.some((w) => w.includes('[actively [and closely]]') && w.includes('kept as typed'))).toBe(true);
  });

  it('offers the symbol of the page header as the document’s, and one on the first line when the header has none', () => {
    expect(readDeclarationDocx(compilationDocx()).symbol).toBe('SOMTC/2019/L.1');
    for (const [line, symbol] of [
      ['A/RES/70/1', 'A/RES/70/1'],
      ['ASEAN/SOMTC/2019/1', 'ASEAN/SOMTC/2019/1'],
      ['Distr.: General E/CN.6/2019/L.3', 'E/CN.6/2019/L.3'],
      ['SOMTC/2019/L.1/Rev.2', 'SOMTC/2019/L.1'],
    ] as const) {
      const preview = readDeclarationDocx(docxOf(paragraphXml(line) + TITLE + LAST_OP));
      expect({ line, symbol: preview.symbol }).toEqual({ line, symbol });
    }
    // Dates, "and/or" and a resolution cited in a paragraph are no symbol of this document.
    const none = readDeclarationDocx(docxOf(paragraphXml('12/06/2019') + TITLE + paragraphXml('Recalling resolution A/RES/70/1 and/or the Charter,') + LAST_OP));
    expect(none.symbol).toBeNull();
  });

  it('reads "OP4bis" as a paragraph inserted after OP4, and "OP3 alt" as an alternative to OP3', () => {
    const preview = readDeclarationDocx(
      docxOf(
        TITLE +
          paragraphXml('OP3\tEncourages Member States to promote regional cooperation;') +
          paragraphXml('OP3 alt\tInvites Member States to strengthen regional cooperation;') +
          paragraphXml('OP4\tUrges Member States to share information;') +
          paragraphXml('OP4bis\tRequests the Secretariat to report;') +
          paragraphXml('OP4bis alt\tRequests SOMTC to report;'),
      ),
    );
    expect(preview.operative.map((c) => [c.lead, c.number, c.alternativeOf])).toEqual([
      ['Encourages', 3, undefined],
      ['Invites', null, 0],
      ['Urges', 4, undefined],
      ['Requests', null, undefined],
      ['Requests', null, 3],
    ]);
    expect(preview.operative[1]!.text).toBe('Member States to strengthen regional cooperation;');
  });
});

describe('files that cannot be imported are refused with a message saying why', () => {
  it('refuses a text without operative paragraphs', () => {
    expect(refusal(docxOf(TITLE + paragraphXml('the ASEAN Charter,', 'Recalling')))).toMatch(
      /^No operative paragraphs found: Accord looks for paragraphs that open with an operative verb/,
    );
  });

  it('refuses a document with only a title', async () => {
    const doc = new Document({ sections: [{ children: [new Paragraph({ text: 'Joint Statement on Cybercrime', style: 'Title' })] }] });
    expect(refusal(new Uint8Array(await Packer.toBuffer(doc)))).toBe(
      'This document has only a title ("Joint Statement on Cybercrime"); there are no paragraphs to import.',
    );
    expect(refusal(docxOf(TITLE + '<w:p/><w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>'))).toMatch(/only a title/);
  });

  it('refuses an empty document', () => {
    expect(refusal(docxOf('<w:p/>'))).toBe('This Word document is empty: it has no text to import.');
  });

  it('refuses empty bytes', () => {
    expect(refusal(new Uint8Array())).toBe('The file is empty.');
  });

  it('refuses random bytes', () => {
    expect(refusal(pseudoRandomBytes(4096, 7))).toBe('This file is not a Word document (.docx). Upload the .docx file of the draft.');
  });

  it('refuses a PDF, saying it is one', () => {
    expect(refusal(strToU8('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'))).toBe(
      'This file is a PDF, not a Word document. Upload the .docx file of the draft.',
    );
  });

  it('refuses an old-format .doc, saying how to convert it', () => {
    const doc = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...pseudoRandomBytes(504, 1)]);
    expect(refusal(doc)).toMatch(/old-format Word document \(\.doc\) or a password-protected one/);
  });

  it('refuses a Word file cut in half', async () => {
    const docx = await zeroDraftDocx();
    expect(refusal(docx.subarray(0, docx.length >> 1))).toBe(
      'This file is damaged or incomplete and cannot be opened as a Word document. Try saving it again from Word.',
    );
  });

  it('refuses a ZIP without word/document.xml, such as a spreadsheet', () => {
    expect(refusal(wordPackage({ 'xl/workbook.xml': '<workbook/>' }))).toBe('This file is not a Word document (no word/document.xml).');
  });

  it('refuses a document.xml that is not well-formed XML', () => {
    const message = refusal(wordPackage({ 'word/document.xml': documentXml('<w:p><w:r><w:t>Calls upon</w:r></w:p>') }));
    expect(message).toMatch(/^This file is damaged: word\/document\.xml is not well-formed XML \(line 1, column \d+: .*\)\./);
  });

  it('refuses entity expansion (billion laughs) before parsing', () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?><!DOCTYPE w:document [${entities.join('')}]>` + documentXml(paragraphXml('&lol9;')).replace(/^<\?xml[^>]*>/, '');
    expect(refusal(wordPackage({ 'word/document.xml': xml }))).toBe(
      'This file was refused: its word/document.xml contains a DOCTYPE or ENTITY declaration, which Word never writes and which can be used to attack the server.',
    );
  });

  it('refuses an external entity (XXE), in the document or in its styles', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
    const inDocument = xxe + documentXml(paragraphXml('Recalling &xxe;,') + LAST_OP).replace(/^<\?xml[^>]*>/, '');
    expect(refusal(wordPackage({ 'word/document.xml': inDocument }))).toMatch(/^This file was refused: its word\/document\.xml contains a DOCTYPE/);
    const inStyles = xxe.replace('w:document', 'w:styles') + '<w:styles><w:style w:styleId="x"><w:name w:val="&xxe;"/></w:style></w:styles>';
    expect(refusal(docxOf(TITLE + LAST_OP, { 'word/styles.xml': inStyles }))).toMatch(/^This file was refused: its word\/styles\.xml contains a DOCTYPE/);
  });

  it('refuses a zip bomb: 60 MB of zeros declared as the document, without inflating it', () => {
    const bomb = wordPackage({ 'word/document.xml': new Uint8Array(60 * MB) }, 9);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(refusal(bomb)).toBe(
      'The text of this document (word/document.xml) is larger than 20 MB; Accord does not import documents this large.',
    );
  });

  it('refuses a zip bomb whose header lies about its size', () => {
    const bomb = wordPackage({ 'word/document.xml': new Uint8Array(60 * MB) }, 9);
    expect(refusal(forgeDeclaredSize(bomb, 'word/document.xml', 4096))).toBe(
      'This file is damaged or has been tampered with: the size recorded for word/document.xml is wrong.',
    );
  });

  it('refuses a zip bomb whose header under-declares its size within what deflate allows, after a bounded effort', () => {
    // 60 MB of zeros compress to about 60 KB; declared as 100 KB, the entry looks plausible. fflate
    // inflates into a buffer of the declared size only, and what it holds is not XML.
    const bomb = forgeDeclaredSize(wordPackage({ 'word/document.xml': new Uint8Array(60 * MB) }, 9), 'word/document.xml', 100 * 1024);
    expect(refusal(bomb)).toMatch(/^This file is damaged: word\/document\.xml is not well-formed XML/);
  });

  it('refuses a document whose recorded size is larger or smaller than what it unpacks to', async () => {
    const docx = await zeroDraftDocx();
    expect(refusal(forgeDeclaredSize(docx, 'word/document.xml', 19 * MB))).toBe(
      'This file is damaged: word/document.xml does not unpack to the size the file records for it.',
    );
    const actual = new TextEncoder().encode(documentXml(TITLE + LAST_OP)).length;
    const bigger = wordPackage({ 'word/document.xml': documentXml(TITLE + LAST_OP) }, 0);
    expect(refusal(forgeDeclaredSize(bigger, 'word/document.xml', actual + 10))).toMatch(/^This file is damaged/);
    // Under-declared: the part is cut to the recorded size, and what remains is not XML.
    const smaller = wordPackage({ 'word/document.xml': documentXml(TITLE + LAST_OP) });
    expect(refusal(forgeDeclaredSize(smaller, 'word/document.xml', actual - 40))).toMatch(/^This file is damaged: word\/document\.xml is not well-formed XML/);
  });

  it('refuses a file that unpacks to more than 50 MB in all, even in parts it would not read', () => {
    const bomb = docxOf(TITLE + LAST_OP, {
      'word/media/image1.png': new Uint8Array(30 * MB),
      'word/media/image2.png': new Uint8Array(30 * MB),
    });
    expect(refusal(bomb)).toBe('This file unpacks to more than 50 MB; Accord does not read files this large.');
  });

  it('refuses a file with more than 1000 parts', () => {
    const parts: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) parts[`word/media/p${i}.xml`] = '<x/>';
    expect(refusal(docxOf(TITLE + LAST_OP, parts))).toBe(
      'This file has more than 1000 parts; it is not a Word document Accord can read.',
    );
  });

  it('refuses more than 2000 paragraphs', () => {
    const body = TITLE + paragraphXml('Encourages cooperation against cybercrime;').repeat(2000);
    expect(refusal(docxOf(body))).toBe('This document has more than 2,000 paragraphs; Accord imports declarations up to that length.');
  });

  it('refuses a paragraph longer than a paragraph of a draft may be (20,000 characters)', () => {
    const body = TITLE + paragraphXml(`Encourages ${'cooperation '.repeat(2000)}`);
    expect(refusal(docxOf(body))).toBe(
      'Paragraph 2 ("Encourages cooperation cooperation cooperation cooperation ...") is longer than 20,000 characters, ' +
        'the most a paragraph of a draft may hold. Split it in Word, then upload the file again.',
    );
  });

  it('stops reading a paragraph of more than 100,000 characters as soon as it gets there', () => {
    const body = TITLE + paragraphXml(`Encourages ${'cooperation '.repeat(9000)}`);
    expect(refusal(docxOf(body))).toBe('Paragraph 2 is longer than 100,000 characters; Accord does not import paragraphs this long.');
  });

  it('refuses more sub-paragraphs under one paragraph than (a) to (zz)', () => {
    const subs = Array.from({ length: 53 }, (_, i) => paragraphXml(`(${String.fromCharCode(97 + (i % 26)).repeat(1 + Math.floor(i / 26))}) item ${i + 1};`));
    expect(refusal(docxOf(TITLE + paragraphXml('Tasks SOMTC to:') + subs.join('')))).toBe(
      'Paragraph 55 ("(aaa) item 53;") would be sub-paragraph 53 of OP1; a paragraph holds at most 52 sub-paragraphs, (a) to (zz).',
    );
  });

  it('refuses markup nested absurdly deep', () => {
    const body = '<w:sdt><w:sdtContent>'.repeat(300) + LAST_OP + '</w:sdtContent></w:sdt>'.repeat(300);
    expect(refusal(docxOf(TITLE + body))).toMatch(/^This file cannot be read: word\/document\.xml could not be parsed/);
  });

  it('throws nothing but ImportError for damaged variants of a real file', async () => {
    const docx = await zeroDraftDocx();
    const outcomes = new Set<string>();
    for (let seed = 1; seed <= 150; seed++) {
      const damaged = docx.slice();
      const noise = pseudoRandomBytes(8, seed);
      for (let k = 0; k < 4; k++) damaged[(noise[k]! * 7919 * seed) % damaged.length] = noise[k + 4]!;
      const cut = seed % 3 === 0 ? damaged.subarray(0, (seed * 104729) % damaged.length) : damaged;
      try {
        const preview: ImportPreview = readDeclarationDocx(cut);
        outcomes.add('read');
        expect(preview.operative.length).toBeGreaterThan(0);
      } catch (error) {
        expect(error).toBeInstanceOf(ImportError);
        outcomes.add('refused');
      }
    }
    expect(outcomes.has('refused')).toBe(true);
  });
});

describe('reading off the main thread', () => {
  it('reads the sample in a worker thread, as the route does', async () => {
    const preview = await readDeclarationDocxIsolated(await zeroDraftDocx());
    expect(preview.preambular).toHaveLength(4);
    expect(preview.operative).toHaveLength(5);
  });

  it('refuses what it cannot read, with the same clear errors', async () => {
    await expect(readDeclarationDocxIsolated(new TextEncoder().encode('%PDF-1.7'))).rejects.toThrow(ImportError);
  });

  it('stops a reading that takes too long, and says why', async () => {
    const slow = readDeclarationDocxIsolated(await zeroDraftDocx(), 1);
    await expect(slow).rejects.toThrow(ImportError);
    await expect(slow).rejects.toThrow(/took longer than 0.001 seconds/);
  });
});

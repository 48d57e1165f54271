import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { declarationSchema } from '../../shared/editor/index.js';
import { exportRendition } from '../../server/export/index.js';
import { renditionOf, type Negotiation, type RenditionMeta } from '../../server/export/rendition.js';
import { ARTIFACTS, artifact } from '../helpers/browser.js';

/**
 * A declaration in every script Accord prints, exported to PDF through the shared schema and read
 * back by poppler, an independent reader: pdffonts says every font is embedded as a subset, pdftotext
 * gives back each paragraph exactly as written (Arabic in logical order), and the file stays small.
 * The first page of each PDF is kept as a picture in tests/artifacts for a person to look at.
 */

const PARAGRAPHS = {
  vietnamese: 'Hội nghị Quan chức Cao cấp ASEAN về Tội phạm Xuyên quốc gia lần thứ 19 họp tại Hà Nội, Việt Nam, ghi nhận những tiến bộ đạt được;',
  french: 'Réaffirmant leur engagement à l’égard de la Déclaration de l’ASEAN sur la criminalité transnationale, adoptée à Manille, et leur « coopération » régionale ;',
  russian: 'Признавая важную роль женщин и молодёжи в предотвращении насильственного экстремизма и радикализации, ведущих к терроризму;',
  greek: 'Επιβεβαιώνοντας τη δέσμευσή μας για την πρόληψη και την καταπολέμηση του βίαιου εξτρεμισμού·',
  // One line: on a left-to-right page poppler reads the label, on the right, after a line's words.
  arabic: 'إذ نؤكد من جديد التزامنا بميثاق الأمم المتحدة وبمكافحة الاتجار بالأشخاص؛',
  chinese: '重申我们致力于打击跨国犯罪和防止暴力极端主义，并加强东盟成员国之间在执法、情报交流和能力建设方面的合作。',
  japanese: '国境を越える組織犯罪の防止に関する地域協力を強化し、法執行機関の能力を向上させる。',
  korean: '대한민국은 폭력적 극단주의 예방을 위한 아세안 회원국 간의 협력을 환영한다.',
};

/** An Arabic text (right to left) with what its lines must carry in their order: digits and a slash. */
const ARABIC_TEXT = {
  title: 'بيان مشترك بشأن منع التطرف العنيف ومكافحته',
  formula: 'نحن، وزراء الدول الأعضاء في رابطة أمم جنوب شرق آسيا، المجتمعين في جاكرتا،',
  paragraphs: [
    'إذ نشير إلى إعلان رابطة أمم جنوب شرق آسيا بشأن الجريمة عبر الوطنية المعتمد في مانيلا في 20 كانون الأول/ديسمبر 1997؛',
    'وإذ نلاحظ مع القلق تزايد خطر الاتجار بالأشخاص والاتجار غير المشروع بالمخدرات والجرائم الإلكترونية في المنطقة؛',
    'نشجع الدول الأعضاء التي لم تصدق بعد على اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية على أن تفعل ذلك؛',
  ],
};

type Mark = NonNullable<JSONContent['marks']>[number];

function text(value: string, ...marks: Mark[]): JSONContent {
  return marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value };
}

function clause(id: string, kind: 'preambular' | 'operative', number: number | null, content: JSONContent[]): JSONContent {
  return { type: 'clause', attrs: { id, kind, number }, content: [{ type: 'clauseText', content }] };
}

function declaration(title: string, formula: string, preamble: string[], operative: string[]): JSONContent {
  return {
    type: 'doc',
    content: [
      { type: 'title', content: [text(title)] },
      { type: 'formula', content: [text(formula)] },
      { type: 'preamble', content: preamble.map((p, i) => clause(`c_pp${i + 1}`, 'preambular', i + 1, [text(p)])) },
      { type: 'operative', content: operative.map((p, i) => clause(`c_op${i + 1}`, 'operative', i + 1, [text(p)])) },
    ],
  };
}

function meta(extra: Partial<RenditionMeta> = {}): RenditionMeta {
  return {
    documentId: 'doc-somtc-2019',
    symbol: 'SOMTC/2019/L.1',
    baseSymbol: 'SOMTC/2019/L.1',
    finalSymbol: null,
    createdAt: '2019-07-10T02:00:00.000Z',
    timeZone: 'Asia/Ho_Chi_Minh',
    language: 'en',
    direction: 'ltr',
    organisation: 'asean',
    numbering: 'un',
    stage: 'live',
    clean: false,
    revisionNumber: null,
    date: '2019-08-05T11:00:00.000Z',
    venue: 'Hà Nội, Việt Nam',
    lifecycle: [],
    adoption: null,
    ...extra,
  };
}

const NEGOTIATION: Negotiation = {
  statuses: new Map([
    ['c_pp1', 'agreed'],
    ['c_pp2', 'adRef'],
  ]),
  positions: new Map(),
  threads: new Map(),
};

const dir = mkdtempSync(join(tmpdir(), 'accord-pdf-'));
afterAll(() => (process.env.KEEP_PDF ? console.log(dir) : rmSync(dir, { recursive: true, force: true })));

async function written(name: string, doc: JSONContent, m: RenditionMeta, negotiation?: Negotiation): Promise<{ path: string; bytes: number }> {
  const file = await exportRendition(renditionOf(declarationSchema.nodeFromJSON(doc), m, negotiation), 'pdf');
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, file.body);
  return { path, bytes: file.body.byteLength };
}

/**
 * pdftotext's text with only whitespace normalised: runs of it as one space, none between two CJK
 * characters (where a line broke), and none of the directional marks poppler wraps right-to-left
 * lines in; NFC.
 */
function normalised(text: string): string {
  const cjk = '[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u3000-\\u303F\\uFF00-\\uFFEF]';
  return text
    .normalize('NFC')
    .replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .replace(new RegExp(`(?<=${cjk}) (?=${cjk})`, 'gu'), '')
    .trim();
}

function pdftotext(path: string): string {
  return normalised(execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }));
}

/** pdffonts' table: each font's name and whether it is embedded, a subset, and mapped to Unicode. */
function pdffonts(path: string): { name: string; emb: string; sub: string; uni: string }[] {
  const lines = execFileSync('pdffonts', [path], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return lines.map((line) => {
    const cells = line.trim().split(/\s+/);
    return { name: cells[0]!, emb: cells.at(-5)!, sub: cells.at(-4)!, uni: cells.at(-3)! };
  });
}

/** The first page, small, for a person to look at. */
function picture(path: string, name: string): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', path, artifact(name)]);
}

describe('PDF in every script, read back by poppler', () => {
  it('gives back Vietnamese, French, Cyrillic, Greek, Arabic, Chinese, Japanese and Korean exactly, from embedded subsets', async () => {
    const p = PARAGRAPHS;
    const doc = declaration(
      'Tuyên bố chung của Hội nghị Quan chức Cao cấp ASEAN về Tội phạm Xuyên quốc gia',
      'Chúng tôi, Trưởng đoàn các nước thành viên ASEAN, họp tại Hà Nội, Việt Nam,',
      [p.vietnamese, p.french, p.russian, p.greek],
      [p.arabic, p.chinese, p.japanese, p.korean],
    );
    const { path, bytes } = await written('scripts', doc, meta({ language: 'vi' }), NEGOTIATION);
    picture(path, 'pdf-scripts-1');

    const fonts = pdffonts(path);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(
      ['NotoNaskhArabic', 'NotoSerif-Bold', 'NotoSerif-Regular', 'NotoSerifKR-Regular', 'NotoSerifSC-Regular'].sort(),
    );
    for (const font of fonts) expect(font).toMatchObject({ emb: 'yes', sub: 'yes', uni: 'yes' });
    expect(bytes).toBeLessThan(300_000);

    const text = pdftotext(path);
    expect(text).toContain('SOMTC/2019/L.1');
    expect(text).toContain('Tuyên bố chung của Hội nghị Quan chức Cao cấp ASEAN');
    expect(text).toContain('họp tại Hà Nội, Việt Nam,');
    for (const paragraph of Object.values(p)) expect(text).toContain(normalised(paragraph));
    expect(text).toContain('Agreed ad referendum');
    expect(text).not.toMatch(/[?\uFFFD]/);
    expect(text).toMatch(/1 ?\/ ?1/);
  });

  it('gives back a right-to-left text in its order, digits and all, with its labels on the right', async () => {
    const [pp1, pp2, op1] = ARABIC_TEXT.paragraphs as [string, string, string];
    const doc = declaration(ARABIC_TEXT.title, ARABIC_TEXT.formula, [pp1, pp2], [op1]);
    const { path, bytes } = await written('arabic', doc, meta({ language: 'ar', direction: 'rtl', timeZone: 'Asia/Jakarta' }), NEGOTIATION);
    picture(path, 'pdf-scripts-arabic');

    for (const font of pdffonts(path)) expect(font).toMatchObject({ emb: 'yes', sub: 'yes', uni: 'yes' });
    expect(bytes).toBeLessThan(100_000);
    // Poppler puts a right-to-left line back in logical order itself, and is loose about the spaces
    // where a number or an Arabic comma meets the words ("في 20كانون", "نحن ،وزراء", where pdf.js
    // reads "نحن، وزراء"): there, whitespace is not compared. Every character is, in its order.
    const loose = (s: string) => normalised(s).replace(/ ?([0-9\u060C\u061B]+) ?/g, '$1');
    const text = loose(pdftotext(path));
    for (const paragraph of [ARABIC_TEXT.title, ARABIC_TEXT.formula, pp1, pp2, op1]) expect(text).toContain(loose(paragraph));
    expect(text).toContain(normalised(pp2)); // no number, no comma: exact

    // Labels stand at the right margin: in the page's layout, each line ends with its label.
    const layout = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    for (const label of ['PP1', 'PP2', 'OP1']) expect(layout).toMatch(new RegExp(`\\p{sc=Arabic}.*\\s[\\u202A-\\u202E]*${label}[\\u202A-\\u202E]*$`, 'mu'));
  });

  it('prints a compilation text: status, positions, proposals of whole paragraphs, the discussion', async () => {
    const proposer = (amendmentId: string, delegationCode: string, authorName: string) => ({ amendmentId, delegationCode, color: '#aa3300', authorId: `u-${delegationCode}`, authorName, at: '2019-08-05T02:30:00.000Z' });
    const mys = proposer('am-mys', 'MYS', 'Aisyah Rahman');
    const vnm = proposer('am-vnm', 'VNM', 'Nguyễn Thị Hương');
    const sgp = proposer('am-sgp', 'SGP', 'Tan Wei Ling');
    const ins = (attrs: typeof mys): Mark => ({ type: 'insertion', attrs });
    const del = (attrs: typeof mys): Mark => ({ type: 'deletion', attrs });
    const italic: Mark = { type: 'italic' };
    const doc: JSONContent = {
      type: 'doc',
      content: [
        { type: 'title', content: [text('Joint Statement on Preventing and Countering Violent Extremism')] },
        { type: 'formula', content: [text('We, the Heads of Delegation of the Member States of ASEAN, meeting in Hà Nội, Việt Nam,')] },
        {
          type: 'preamble',
          content: [
            clause('c_pp1', 'preambular', 1, [text('Recalling', italic), text(' the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;')]),
            clause('c_pp2', 'preambular', 2, [text('Recognising the role of women and youth in preventing the rise of violent extremism;', del(sgp))]),
          ],
        },
        {
          type: 'operative',
          content: [
            clause('c_op1', 'operative', 1, [text('Reaffirm', italic), text(' our commitment to the ASEAN Plan of Action'), text(' and its Work Programme', ins(mys)), text(';')]),
            clause('c_op2', 'operative', null, [text('Encourage Member States to ratify the United Nations Convention against Transnational Organized Crime;', ins(vnm))]),
            clause('c_op3', 'operative', 2, [text('Task SOMTC to report annually on the implementation of this Joint Statement.')]),
          ],
        },
      ],
    };
    const negotiation: Negotiation = {
      statuses: new Map([['c_pp1', 'agreed']]),
      positions: new Map([
        ['am-mys', { supporters: ['IDN', 'THA'], opponents: ['SGP'] }],
        ['am-vnm', { supporters: ['LAO'], opponents: [] }],
      ]),
      threads: new Map([
        [
          'c_op3',
          [
            {
              id: 't1',
              status: 'open',
              quoteText: 'annually',
              resolutionNote: null,
              comments: [
                { author: 'Budi Santoso', delegation: 'IDN', at: '2019-08-05T02:30:00.000Z', body: 'Annually is too often for a report.' },
                { author: 'Nguyễn Thị Hương', delegation: 'VNM', at: '2019-08-05T03:05:00.000Z', body: 'Việt Nam đề nghị hai năm một lần.' },
              ],
            },
          ],
        ],
      ]),
    };
    const { path } = await written('draft', doc, meta({ timeZone: 'Asia/Jakarta' }), negotiation);
    picture(path, 'pdf-scripts-draft');
    const read = pdftotext(path);
    expect(read).toContain('Reaffirm our commitment to the ASEAN Plan of Action and its Work Programme (MYS; supported by IDN, THA; opposed by SGP);');
    expect(read).toContain('SGP proposes deleting PP2 (Tan Wei Ling, 5 August 2019).');
    expect(read).toContain('VNM proposes a new paragraph OP1bis (Nguyễn Thị Hương, 5 August 2019). Supported by LAO.');
    expect(read).toContain('Open thread on “annually”');
    expect(read).toContain('IDN — Budi Santoso, 5 August 2019, 09:30: Annually is too often for a report.');
    expect(read).toContain('VNM — Nguyễn Thị Hương, 5 August 2019, 10:05: Việt Nam đề nghị hai năm một lần.');
    expect(read).toContain('Times are in Asia/Jakarta time (UTC+07:00).');
  });

  it('a 20-paragraph Latin text stays small and quick to render', async () => {
    const seed = 'Besides underscoring the critical role of women, the Secretary-General also reiterated the need to develop a culture of prevention in ASEAN, including the promotion of value-based education;';
    const doc = declaration('ASEAN-UN Regional Dialogue on Women, Peace and Security', 'We, the participants,', Array(8).fill(seed), Array(12).fill(seed));
    const started = performance.now();
    const { path, bytes } = await written('latin', doc, meta());
    const elapsed = performance.now() - started;
    expect(bytes).toBeLessThan(300_000);
    expect(elapsed).toBeLessThan(5_000);
    expect(pdftotext(path)).toContain(seed);
    for (const font of pdffonts(path)) expect(font).toMatchObject({ emb: 'yes', sub: 'yes' });
  });
});

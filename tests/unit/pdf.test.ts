import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { exportRendition } from '../../server/export/index.js';
import { breakUnits, prepare, textDirection, visualOrder } from '../../server/export/formats/pdf-text.js';
import type { Attribution, Rendition, RenditionClause, RenditionThread } from '../../server/export/rendition.js';

/**
 * The PDF export in every script, read back by pdf.js: fonts embedded and picked per script, Arabic
 * shaped and set right to left, labels that keep off the words, and a draft's negotiation (status,
 * positions, whole-paragraph proposals, discussion) that the adopted text does not carry.
 */

// ---- renditions, built as the exporter receives them ----------------------------------------------------

const VIETNAMESE = 'Hội nghị Quan chức Cao cấp ASEAN về Tội phạm Xuyên quốc gia họp tại Hà Nội, Việt Nam;';
const RUSSIAN = 'Признавая важную роль женщин и молодёжи в предотвращении насильственного экстремизма;';
const GREEK = 'Επιβεβαιώνοντας τη δέσμευσή μας για την πρόληψη του βίαιου εξτρεμισμού·';
const ARABIC = 'إذ نؤكد من جديد التزامنا بميثاق الأمم المتحدة وبمكافحة الاتجار بالأشخاص؛';
const CHINESE = '重申我们致力于打击跨国犯罪和防止暴力极端主义，并加强东盟成员国之间的合作。';
const JAPANESE = '国境を越える組織犯罪の防止に関する協力を強化する。';
const KOREAN = '대한민국은 폭력적 극단주의 예방을 위한 협력을 환영한다.';

function by(delegation: string, extra: Partial<Attribution> = {}): Attribution {
  return { amendmentId: `am-${delegation}`, delegation, author: `Delegate of ${delegation}`, at: '2019-08-05T02:30:00.000Z', supporters: [], opponents: [], ...extra };
}

let ids = 0;
function clause(label: string, text: string, extra: Partial<RenditionClause> = {}): RenditionClause {
  return {
    id: `c${++ids}`,
    kind: label.startsWith('PP') ? 'preambular' : 'operative',
    label,
    cleanNumber: null,
    marker: label,
    alternativeOf: null,
    runs: [{ text }],
    subclauses: [],
    proposal: null,
    status: 'open',
    threads: [],
    ...extra,
  };
}

function draft(clauses: RenditionClause[], extra: Partial<Rendition> = {}): Rendition {
  return {
    documentId: 'doc-somtc-2019',
    title: 'Joint Statement of the ASEAN Senior Officials Meeting on Transnational Crime',
    formula: 'We, the Heads of Delegation of the Member States of ASEAN, meeting in Hà Nội, Việt Nam,',
    symbol: 'SOMTC/2019/L.1',
    baseSymbol: 'SOMTC/2019/L.1',
    finalSymbol: null,
    createdAt: '2019-07-10T02:00:00.000Z',
    timeZone: 'Asia/Jakarta',
    language: 'en',
    direction: 'ltr',
    organisation: 'asean',
    numbering: 'un',
    stage: 'live',
    clean: false,
    revisionNumber: null,
    date: '2019-08-05T11:00:00.000Z',
    venue: 'Surabaya, Indonesia',
    lifecycle: [],
    adoption: null,
    clauses,
    ...extra,
  };
}

const THREAD: RenditionThread = {
  id: 't1',
  status: 'open',
  quote: { text: 'annually', start: 20, end: 28 },
  resolutionNote: null,
  comments: [
    { author: 'Budi Santoso', delegation: 'IDN', at: '2019-08-05T02:30:00.000Z', body: 'Annually is too often for a report.' },
    { author: 'Aisyah Rahman', delegation: 'MYS', at: '2019-08-05T03:05:00.000Z', body: 'Every two years, then.' },
  ],
};

/** A draft in mid-negotiation: statuses, positions on a proposal, new and struck paragraphs, threads. */
function negotiation(): Rendition {
  const mys = by('MYS', { supporters: ['IDN', 'THA'], opponents: ['SGP'] });
  return draft([
    clause('PP1', 'Recalling the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;', { status: 'agreed' }),
    clause('PP2', 'Noting with concern the growing threat of trafficking in persons;', { status: 'adRef' }),
    clause('PP9', 'Recognising the role of women in preventing violent extremism;', {
      proposal: { kind: 'deletion', by: by('SGP', { supporters: ['THA'] }) },
      runs: [{ text: 'Recognising the role of women in preventing violent extremism;', deletion: by('SGP') }],
    }),
    clause('OP1', 'Reaffirm our commitment to the Plan of Action and its Work Programme;', {
      runs: [{ text: 'Reaffirm', italic: true }, { text: ' our commitment to the Plan of Action' }, { text: ' and its Work Programme', insertion: mys }, { text: ';' }],
    }),
    clause('OP3bis', 'Encourage Member States to ratify the Convention;', {
      proposal: { kind: 'insertion', by: by('VNM', { supporters: ['LAO'] }) },
      runs: [{ text: 'Encourage Member States to ratify the Convention;', insertion: by('VNM') }],
    }),
    clause('OP4', 'Task SOMTC to report annually on the implementation of this Joint Statement.', {
      threads: [THREAD, { id: 't2', status: 'resolved', quote: null, resolutionNote: 'Kept as drafted', comments: [] }],
    }),
  ]);
}

// ---- readers ------------------------------------------------------------------------------------------

async function pdf(rendition: Rendition): Promise<Uint8Array> {
  return (await exportRendition(rendition, 'pdf')).body;
}

/** Whitespace as single spaces, none between CJK characters (where a line broke), NFC. */
function normalised(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/(?<=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303F\uFF00-\uFFEF]) (?=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303F\uFF00-\uFFEF])/gu, '')
    .trim();
}

async function pdfText(body: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(body)), { mergePages: true });
  return normalised(text);
}

interface Item {
  str: string;
  dir: string;
  x: number;
  y: number;
  width: number;
}

/** The text items of the first page with their place, as pdf.js reads them. */
async function items(body: Uint8Array): Promise<Item[]> {
  const page = await (await getDocumentProxy(new Uint8Array(body))).getPage(1);
  const content = await page.getTextContent();
  return content.items.flatMap((item) =>
    'str' in item && item.str.trim() ? [{ str: item.str, dir: item.dir, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width }] : [],
  );
}

function itemOf(list: Item[], text: string): Item {
  const found = list.find((i) => i.str.includes(text));
  if (!found) throw new Error(`no text item holds "${text}": ${list.map((i) => i.str).join(' | ')}`);
  return found;
}

/** The raw bytes of a PDF as latin1, and every compressed stream in it, inflated. */
function pdfParts(body: Uint8Array): { raw: string; streams: string[] } {
  const raw = Buffer.from(body).toString('latin1');
  const streams: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      streams.push(inflateSync(Buffer.from(raw.slice(start, end), 'latin1')).toString('latin1'));
    } catch {
      // not a deflated stream (pdfkit compresses all of its own)
    }
  }
  return { raw, streams };
}

/** The Unicode text of every glyph of the fonts' ToUnicode maps (pdfkit writes them as bfrange arrays). */
function glyphTexts(body: Uint8Array): string[] {
  const out: string[] = [];
  for (const stream of pdfParts(body).streams) {
    if (!stream.includes('beginbfrange')) continue;
    for (const [, entries] of stream.matchAll(/\[([^\]]*)\]/g)) {
      for (const [, hex] of entries!.matchAll(/<([0-9a-f ]+)>/gi)) {
        const units = hex!.split(' ').map((h) => parseInt(h, 16));
        out.push(String.fromCharCode(...units));
      }
    }
  }
  return out;
}

// ---- layout pieces ------------------------------------------------------------------------------------

describe('PDF text layout', () => {
  it('sets each script in a font that has it, and shared signs with the script around them', () => {
    const familiesOf = (text: string) => {
      const p = prepare([{ text }]);
      return { text: p.text, families: [...new Set(p.families)] };
    };
    expect(familiesOf('Việt Nam, Россия, Ελλάδα').families).toEqual(['serif']);
    expect(familiesOf('مُصَر، ٢٠١٩').families).toEqual(['naskh']); // harakat, the Arabic comma and digits with their letters
    expect(familiesOf('中国。ひらがな、カタカナ').families).toEqual(['serifSC']);
    expect(familiesOf('대한민국').families).toEqual(['serifKR']);
    // The opening parenthesis goes with the Latin it opens, not with the Arabic before it.
    const mixed = prepare([{ text: 'مصر (MYS)' }]);
    expect(mixed.families.slice(0, 3)).toEqual(['naskh', 'naskh', 'naskh']);
    expect(mixed.families.slice(4)).toEqual(['serif', 'serif', 'serif', 'serif', 'serif']);
    // Decomposed accents are composed; no font has an emoji, which shows as a replacement character;
    // controls print nothing.
    expect(familiesOf('Vie\u0323\u0302t Nam').text).toBe('Việt Nam');
    expect(familiesOf('ok 🙂\u0007 end').text).toBe('ok \uFFFD end');
  });

  it('breaks lines at spaces, and between Han or kana characters but never before closing punctuation', () => {
    const units = (text: string) => breakUnits(text).map((u) => [text.slice(u.start, u.contentEnd), text.slice(u.contentEnd, u.end)]);
    expect(units('Task SOMTC  to')).toEqual([
      ['Task', ' '],
      ['SOMTC', '  '],
      ['to', ''],
    ]);
    expect(units('合作。重申「東盟」')).toEqual([
      ['合', ''],
      ['作。', ''],
      ['重', ''],
      ['申', ''],
      ['「東', ''],
      ['盟」', ''],
    ]);
    expect(units('대한민국은 환영한다.')).toEqual([
      ['대한민국은', ' '],
      ['환영한다.', ''],
    ]);
  });

  it('orders the runs of a line by the levels of the bidirectional algorithm', () => {
    expect(visualOrder([0, 1, 1, 0])).toEqual([0, 2, 1, 3]); // Arabic words inside an English line
    expect(visualOrder([1, 2, 1])).toEqual([2, 1, 0]); // a number inside Arabic stays left to right
    expect(visualOrder([1, 1, 1])).toEqual([2, 1, 0]);
    expect(textDirection(ARABIC)).toBe('rtl');
    expect(textDirection(`${ARABIC} (MYS)`)).toBe('rtl');
    expect(textDirection('Việt Nam')).toBe('ltr');
    expect(textDirection(CHINESE)).toBe('ltr');
  });
});

// ---- the export ---------------------------------------------------------------------------------------

describe('PDF export', () => {
  const scripts = () =>
    draft([
      clause('PP1', VIETNAMESE),
      clause('PP2', RUSSIAN),
      clause('PP3', GREEK),
      clause('OP1', ARABIC),
      clause('OP2', CHINESE),
      clause('OP3', JAPANESE),
      clause('OP4', KOREAN),
    ]);

  it('embeds a subset of each Unicode font it uses, and no standard font', async () => {
    const body = await pdf(scripts());
    const { raw } = pdfParts(body);
    const fonts = [...raw.matchAll(/\/BaseFont \/([^\s/>]+)/g)].map((m) => m[1]!);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+Noto/); // a subset's tag, then the face
    expect(new Set(fonts.map((f) => f.slice(7).replace(/-.*/, '')))).toEqual(new Set(['NotoSerif', 'NotoNaskhArabic', 'NotoSerifSC', 'NotoSerifKR']));
    expect(raw).not.toMatch(/Times|Helvetica|Courier|\/Symbol|ZapfDingbats/);
    // Every descendant font carries its glyphs (FontFile2) and a ToUnicode map.
    expect(raw.match(/\/FontFile2/g)?.length).toBe(raw.match(/\/CIDFontType2/g)?.length);
    expect(raw.match(/\/ToUnicode/g)?.length).toBe(fonts.length / 2);
    expect(raw).toContain('/Lang (en)');
  });

  it('prints Vietnamese, Cyrillic, Greek, Arabic, Chinese, Japanese and Korean as written', async () => {
    const text = await pdfText(await pdf(scripts()));
    for (const paragraph of [VIETNAMESE, RUSSIAN, GREEK, ARABIC, CHINESE, JAPANESE, KOREAN]) expect(text).toContain(normalised(paragraph));
    expect(text).toContain('Việt Nam');
    expect(text).not.toMatch(/\?{2}|\uFFFD/);
  });

  it('shapes Arabic: letters in their joined forms, lam and alef as one ligature', async () => {
    const glyphs = glyphTexts(await pdf(scripts()));
    // An unshaped text would draw each letter with one glyph; shaped, a letter has a glyph for each of
    // its forms: "ن" begins "نؤكد", ends "من", sits inside "التزامنا".
    const letters = new Set(ARABIC.match(/\p{L}/gu));
    const arabicGlyphs = glyphs.filter((g) => /^\p{sc=Arabic}+$/u.test(g));
    expect(arabicGlyphs.length).toBeGreaterThan(letters.size + 10);
    expect(glyphs.filter((g) => g === 'ن').length).toBe(3);
    // "الأمم", "الاتجار": the ligature's characters, in the order a reader reverses them back from.
    expect(glyphs).toContain('أل');
    expect(glyphs).toContain('ال');
  });

  it('sets an Arabic paragraph from the right, its label on the right, its words right to left', async () => {
    const list = await items(await pdf(scripts()));
    const label = itemOf(list, 'OP1');
    const arabic = list.filter((i) => i.dir === 'rtl');
    expect(arabic.map((i) => i.str).join(' ')).toContain('إذ نؤكد من جديد التزامنا');
    for (const item of arabic) expect(item.x + item.width).toBeLessThan(label.x);
    // The Vietnamese paragraph starts at the left, after its label.
    expect(itemOf(list, 'PP1').x).toBeLessThan(itemOf(list, 'Hội nghị').x);

    // In a right-to-left text, every paragraph is set from the right, English ones too.
    const rtl = await items(await pdf(draft([clause('PP1', ARABIC), clause('OP1', 'Task SOMTC to report annually.')], { direction: 'rtl', language: 'ar', title: 'بيان مشترك' })));
    const english = itemOf(rtl, 'Task SOMTC');
    expect(itemOf(rtl, 'OP1').x).toBeGreaterThan(english.x + english.width);
    expect(english.x + english.width).toBeGreaterThan(400); // right-aligned on A4 (595 pt wide)
    expect(english.str).toContain('annually.'); // its full stop at its end: its own direction is left to right
  });

  it('keeps labels wider than the hanging indent off the words', async () => {
    const body = await pdf(
      draft([
        clause('OP3', 'Member States should develop national action plans;'),
        clause('OP3 alt', 'Member States shall develop national action plans;'),
        clause('OP4bis', 'Encourage Member States to share information;'),
        clause('OP12quinquies', 'Task SOMTC to report on the implementation of this Joint Statement.'),
      ]),
    );
    const list = await items(body);
    for (const [label, words] of [
      ['OP3 alt', 'Member States shall'],
      ['OP4bis', 'Encourage'],
      ['OP12quinquies', 'Task SOMTC'],
    ] as const) {
      const marker = itemOf(list, label);
      const text = itemOf(list, words);
      expect(Math.abs(marker.y - text.y)).toBeLessThan(1); // on the same line
      expect(marker.x + marker.width + 4).toBeLessThan(text.x);
    }
    // The short labels' paragraphs all begin at one indent.
    expect(itemOf(list, 'Member States should').x).toBeCloseTo(itemOf(list, 'Member States shall').x, 0);
    expect(itemOf(list, 'Encourage').x).toBeCloseTo(itemOf(list, 'Member States should').x, 0);
  });

  it('shows what negotiators read first in a draft: status, positions, proposals and the discussion', async () => {
    const text = await pdfText(await pdf(negotiation()));
    expect(text).toContain('PP1 Agreed Recalling the ASEAN Declaration');
    expect(text).toContain('PP2 Agreed ad referendum Noting with concern');
    expect(text).toContain('Reaffirm our commitment to the Plan of Action and its Work Programme (MYS; supported by IDN, THA; opposed by SGP);');
    expect(text).toContain('SGP proposes deleting PP9 (Delegate of SGP, 5 August 2019). Supported by THA.');
    expect(text).toContain('VNM proposes a new paragraph OP3bis (Delegate of VNM, 5 August 2019). Supported by LAO.');
    // A whole-paragraph proposal is attributed once, not word by word.
    expect(text).not.toContain('Convention; (VNM');
    // The discussion follows its paragraph, times in the venue's zone (Jakarta, UTC+7).
    expect(text).toContain('Task SOMTC to report annually on the implementation of this Joint Statement. Open thread on “annually”');
    expect(text).toContain('IDN — Budi Santoso, 5 August 2019, 09:30: Annually is too often for a report.');
    expect(text).toContain('MYS — Aisyah Rahman, 5 August 2019, 10:05: Every two years, then.');
    expect(text).toContain('Resolved thread on OP4: Kept as drafted.');
    expect(text).toContain('Times are in Asia/Jakarta time (UTC+07:00).');
  });

  it('shows none of the negotiation in the adopted text', async () => {
    const adopted = negotiation();
    const text = await pdfText(
      await pdf({
        ...adopted,
        stage: 'adopted',
        clean: true,
        clauses: adopted.clauses.map((c, i) => ({ ...c, marker: `${i + 1}.`, runs: c.runs.map((r) => ({ text: r.text, italic: r.italic })) })),
        adoption: { adoptedAt: '2019-08-06T07:30:00.000Z', venue: 'Surabaya, Indonesia', body: 'SOMTC', delegations: [{ code: 'IDN', name: 'Indonesia' }], hash: 'ab'.repeat(32) },
      }),
    );
    expect(text).toContain('1. Recalling the ASEAN Declaration');
    for (const word of ['Agreed', 'supported', 'proposes', 'thread', 'Budi', '(MYS', 'Square brackets']) expect(text).not.toContain(word);
    expect(text).toContain(`SHA-256 of the canonical text: ${'ab'.repeat(32)}`);
  });

  it('stays small: only the glyphs used are embedded', async () => {
    const paragraph = 'Recognising the critical role of women and youth in preventing the rise and spread of violent extremism, and the need for a culture of prevention in ASEAN;';
    const latin = await pdf(draft(Array.from({ length: 20 }, (_, i) => clause(`OP${i + 1}`, paragraph))));
    expect(latin.byteLength).toBeLessThan(300_000);
    const all = await pdf(scripts());
    expect(all.byteLength).toBeLessThan(300_000); // the CJK faces are 15 MB each
  });

  it('prints a character no font has as a replacement character, not as a wrong glyph', async () => {
    const text = await pdfText(await pdf(draft([clause('OP1', 'We welcome 🙂 the meeting\u0007 in 東京.')])));
    expect(text).toContain('We welcome \uFFFD the meeting in 東京.');
  });
});

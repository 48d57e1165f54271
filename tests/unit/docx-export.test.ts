import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { DOMParser, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { declarationSchema } from '../../shared/editor/index.js';
import { newClauseId, newSubclauseId } from '../../shared/editor/ids.js';
import { renderDocx } from '../../server/export/formats/docx.js';
import { renditionOf, type Negotiation, type Rendition, type RenditionMeta } from '../../server/export/rendition.js';

/**
 * Word's view of a compilation text: a proposed paragraph is one tracked change, paragraph mark and
 * all, so that Reject All (or Accept All, for a deletion) leaves nothing of it; open threads and
 * positions are comments; markers of any width keep the hanging indent; Arabic runs right to left.
 */

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const MYS = { amendmentId: 'am-mys-1', delegationCode: 'MYS', color: '#c0392b', authorId: 'u-mys', authorName: 'Aisyah Rahman', at: '2019-08-05T09:30:00.000Z' };
const MYS_PARAGRAPH = { ...MYS, amendmentId: 'am-mys-2', at: '2019-08-05T09:45:00.000Z' };
const IDN_DELETION = { ...MYS, amendmentId: 'am-idn-1', delegationCode: 'IDN', authorId: 'u-idn', authorName: 'Budi Santoso', at: '2019-08-05T10:00:00.000Z' };
const IDN_STRIKE = { ...IDN_DELETION, amendmentId: 'am-idn-2' };

type Mark = NonNullable<JSONContent['marks']>[number];
const t = (value: string, ...marks: Mark[]): JSONContent => (marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const italic: Mark = { type: 'italic' };
const ins = (attrs: typeof MYS): Mark => ({ type: 'insertion', attrs });
const del = (attrs: typeof MYS): Mark => ({ type: 'deletion', attrs });
const bracket = (bracketId: string, group: string, option: number): Mark => ({ type: 'bracket', attrs: { bracketId, group, option } });

interface Built {
  json: JSONContent;
  ids: Record<string, string>;
}

function clause(kind: 'preambular' | 'operative', number: number | null, content: JSONContent[], subclauses: JSONContent[][] = [], alternativeOf?: string): JSONContent {
  return {
    type: 'clause',
    attrs: { id: newClauseId(), kind, number, ...(alternativeOf ? { alternativeOf } : {}) },
    content: [{ type: 'clauseText', content }, ...subclauses.map((c) => ({ type: 'subclause', attrs: { id: newSubclauseId() }, content: c }))],
  };
}

/** A compilation text at SOMTC: statuses, a discussed passage, a proposed paragraph, one proposed for deletion, an alternative. */
function compilation(): Built {
  const pp1 = clause('preambular', 1, [t('Recalling', italic), t(' the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;')]);
  const pp2 = clause('preambular', 2, [t('Noting with concern', italic), t(' the growing threat of violent extremism in the region;')]);
  const op1 = clause('operative', 1, [t('Reaffirm', italic), t(' our commitment to the ASEAN Plan of Action'), t(' and its Work Programme', ins(MYS)), t(';')]);
  const op1bis = clause(
    'operative',
    null,
    [t('Encourage', italic, ins(MYS_PARAGRAPH)), t(' Member States to exchange information on foreign terrorist fighters, including:', ins(MYS_PARAGRAPH))],
    [[t('their travel routes;', ins(MYS_PARAGRAPH))]],
  );
  const op2 = clause('operative', 2, [t('Member States '), t('shall', bracket('b1', 'g1', 0)), t('should', bracket('b2', 'g1', 1)), t(' develop national action plans;')]);
  const op2alt = clause('operative', null, [t('Member States are invited to develop national action plans;')], [], (op2.attrs as { id: string }).id);
  const op3 = clause('operative', 3, [t('Task', italic, del(IDN_DELETION)), t(' SOMTC to report to the next Ministerial Meeting.', del(IDN_DELETION))]);
  const op4 = clause('operative', 4, [t('Decide', italic), t(' to convene'), t(' annually', ins(MYS), del(IDN_STRIKE)), t(' a regional workshop.')]);
  const id = (c: JSONContent) => (c.attrs as { id: string }).id;
  return {
    json: {
      type: 'doc',
      content: [
        { type: 'title', content: [t('Joint Statement on Preventing and Countering Violent Extremism')] },
        { type: 'formula', content: [t('We, the Heads of Delegation of the Member States of ASEAN, meeting in Surabaya, Indonesia,')] },
        { type: 'preamble', content: [pp1, pp2] },
        { type: 'operative', content: [op1, op1bis, op2, op2alt, op3, op4] },
      ],
    },
    ids: { pp1: id(pp1), pp2: id(pp2), op1: id(op1), op1bis: id(op1bis), op2: id(op2), op2alt: id(op2alt), op3: id(op3), op4: id(op4) },
  };
}

const META: RenditionMeta = {
  documentId: 'doc-somtc',
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
};

function negotiation(ids: Record<string, string>): Negotiation {
  const comment = (author: string, delegation: string | null, body: string, at: string) => ({ author, delegation, at, body });
  return {
    statuses: new Map([
      [ids.pp1!, 'agreed'],
      [ids.op2!, 'adRef'],
    ]),
    positions: new Map([['am-mys-1', { supporters: ['IDN', 'PHL'], opponents: ['THA'] }]]),
    threads: new Map([
      [
        ids.pp2!,
        [
          {
            id: 'th-1',
            status: 'open',
            resolutionNote: null,
            quoteText: 'growing threat',
            comments: [
              comment('Budi Santoso', 'IDN', 'Could we say "serious threat"?', '2019-08-05T08:00:00.000Z'),
              comment('Aisyah Rahman', 'MYS', 'We prefer to keep "growing".\nIt is the word of the Manila Declaration.', '2019-08-05T08:10:00.000Z'),
            ],
          },
        ],
      ],
      [ids.op3!, [{ id: 'th-2', status: 'open', resolutionNote: null, quoteText: null, comments: [comment('Maria Santos', 'PHL', 'Should SOMTC report at all?', '2019-08-05T08:20:00.000Z')] }]],
      [ids.op4!, [{ id: 'th-3', status: 'resolved', resolutionNote: 'settled', quoteText: null, comments: [comment('Maria Santos', 'PHL', 'Settled at the table.', '2019-08-05T08:30:00.000Z')] }]],
    ]),
  };
}

function draft(meta: Partial<RenditionMeta> = {}, built: Built = compilation()): Rendition {
  return renditionOf(declarationSchema.nodeFromJSON(built.json), { ...META, ...meta }, negotiation(built.ids));
}

function part(docx: Uint8Array, path: string): string {
  const bytes = unzipSync(docx)[path];
  if (!bytes) throw new Error(`no ${path} in the DOCX`);
  return strFromU8(bytes);
}

function parse(xml: string): XmlDocument {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      // U+FFFD is how the export replaces an unpaired surrogate, on purpose.
      if (level === 'warning' && /replacement character/i.test(msg)) return;
      problems.push(`${level}: ${msg}`);
    },
  }).parseFromString(xml, 'text/xml');
  expect(problems).toEqual([]);
  return doc;
}

const all = (node: XmlDocument | XmlElement, name: string): XmlElement[] => Array.from(node.getElementsByTagNameNS(W, name));
const childrenOf = (node: XmlElement): XmlElement[] => Array.from(node.childNodes).filter((n): n is XmlElement => n.nodeType === 1);
const child = (node: XmlElement | undefined, name: string): XmlElement | undefined => (node ? childrenOf(node).find((c) => c.localName === name) : undefined);
const attr = (node: XmlElement | undefined, name: string) => node?.getAttributeNS(W, name) ?? null;

/** A paragraph's text as Word shows it: w:t, w:delText, and tabs as "\t". */
function textOf(p: XmlElement): string {
  let out = '';
  const walk = (node: XmlElement) => {
    for (const c of childrenOf(node)) {
      if (c.localName === 't' || c.localName === 'delText') out += c.textContent ?? '';
      else if (c.localName === 'tab' && node.localName === 'r') out += '\t';
      else if (c.localName !== 'pPr' && c.localName !== 'rPr') walk(c);
    }
  };
  walk(p);
  return out;
}

/**
 * What Word's Reject All (or Accept All) leaves: insertions (or deletions) go with their content;
 * the others stay as plain text; a paragraph whose mark goes runs on into the next one.
 */
function decideAll(xml: string, decision: 'reject' | 'accept'): string[] {
  const doc = parse(xml);
  const goes = decision === 'reject' ? 'ins' : 'del';
  const stays = decision === 'reject' ? 'del' : 'ins';
  const paragraphs = all(doc, 'p');
  for (const el of all(doc, goes)) {
    if (el.parentNode && (el.parentNode as XmlElement).localName !== 'rPr') el.parentNode.removeChild(el);
  }
  for (const el of all(doc, stays)) {
    const parent = el.parentNode as XmlElement | null;
    if (!parent || parent.localName === 'rPr') continue;
    while (el.firstChild) parent.insertBefore(el.firstChild, el);
    parent.removeChild(el);
  }
  for (const el of all(doc, 'delText')) {
    const t = doc.createElementNS(W, 'w:t');
    t.textContent = el.textContent;
    el.parentNode!.replaceChild(t, el);
  }
  const texts: string[] = [];
  let carried = '';
  for (const p of paragraphs) {
    const markGoes = !!child(child(child(p, 'pPr'), 'rPr'), goes);
    const text = carried + textOf(p);
    if (markGoes) carried = text;
    else {
      texts.push(text);
      carried = '';
    }
  }
  return texts;
}

/** The w:p of the document whose text starts with `start` (the marker, a tab, the words). */
function paragraph(doc: XmlDocument, start: string): XmlElement {
  const found = all(doc, 'p').find((p) => textOf(p).startsWith(start));
  if (!found) throw new Error(`no paragraph starting "${start}"`);
  return found;
}

/** Every run of a paragraph, with the tracked change (ins or del) it stands in. */
function runsWithChange(p: XmlElement): { run: XmlElement; change: XmlElement | null }[] {
  const out: { run: XmlElement; change: XmlElement | null }[] = [];
  const walk = (node: XmlElement, change: XmlElement | null) => {
    for (const c of childrenOf(node)) {
      if (c.localName === 'r') out.push({ run: c, change });
      else if (c.localName === 'ins' || c.localName === 'del') walk(c, change ?? c);
      else if (c.localName !== 'pPr') walk(c, change);
    }
  };
  walk(p, null);
  return out;
}

const signature = (el: XmlElement | null | undefined) => (el ? `${el.localName} ${attr(el, 'id')} ${attr(el, 'author')} ${attr(el, 'date')}` : null);

describe('DOCX of a compilation text: proposals as tracked changes', () => {
  it('makes a proposed paragraph one tracked insertion, marker, words, sub-paragraphs and paragraph marks alike', async () => {
    const docx = await renderDocx(draft());
    const xml = part(docx, 'word/document.xml');
    const doc = parse(xml);
    const proposed = [paragraph(doc, 'OP1bis\t'), paragraph(doc, '(a)\ttheir travel routes;')];
    const mark = child(child(child(proposed[0], 'pPr'), 'rPr'), 'ins');
    expect(signature(mark)).toMatch(/^ins \d+ MYS — Aisyah Rahman 2019-08-05T09:45:00Z$/);
    for (const p of proposed) {
      expect(signature(child(child(child(p, 'pPr'), 'rPr'), 'ins'))).toBe(signature(mark));
      const runs = runsWithChange(p);
      expect(runs.length).toBeGreaterThan(2);
      // Every run, the marker "OP1bis" and its tab included, is in the same change as the paragraph mark.
      for (const { change } of runs) expect(signature(change)).toBe(signature(mark));
    }
    const rejected = decideAll(xml, 'reject');
    expect(rejected.join('\n')).not.toContain('OP1bis');
    expect(rejected.join('\n')).not.toContain('travel routes');
    expect(rejected).not.toContain('(a)\t');
    // The rest is as it stood before the proposals: OP1 without MYS's words, OP2 next.
    const op1 = rejected.findIndex((p) => p.startsWith('OP1\t'));
    expect(rejected[op1]).toBe('OP1\tReaffirm our commitment to the ASEAN Plan of Action;');
    expect(rejected[op1 + 1]).toMatch(/^OP2\t/);
    // Accepted, the paragraph stays whole.
    const accepted = decideAll(xml, 'accept');
    expect(accepted).toContain('OP1bis\tEncourage Member States to exchange information on foreign terrorist fighters, including:');
    expect(accepted).toContain('(a)\ttheir travel routes;');
  });

  it('makes a paragraph proposed for deletion one tracked deletion, so that Accept All removes it entirely', async () => {
    const xml = part(await renderDocx(draft()), 'word/document.xml');
    const doc = parse(xml);
    const op3 = paragraph(doc, 'OP3\t');
    const mark = child(child(child(op3, 'pPr'), 'rPr'), 'del');
    expect(signature(mark)).toMatch(/^del \d+ IDN — Budi Santoso 2019-08-05T10:00:00Z$/);
    for (const { change } of runsWithChange(op3)) expect(signature(change)).toBe(signature(mark));
    const accepted = decideAll(xml, 'accept');
    expect(accepted.join('\n')).not.toMatch(/OP3\t|SOMTC to report/);
    expect(decideAll(xml, 'reject')).toContain('OP3\tTask SOMTC to report to the next Ministerial Meeting.');
  });

  it('nests a deletion inside the insertion it strikes, and keeps partial proposals to their words', async () => {
    const xml = part(await renderDocx(draft()), 'word/document.xml');
    const doc = parse(xml);
    const op4 = paragraph(doc, 'OP4\t');
    const nested = all(op4, 'del').find((d) => (d.parentNode as XmlElement).localName === 'ins');
    expect(attr(nested, 'author')).toBe('IDN — Budi Santoso');
    expect(attr(nested!.parentNode as XmlElement, 'author')).toBe('MYS — Aisyah Rahman');
    expect(nested?.textContent).toBe(' annually');
    // Not a whole-paragraph proposal: the marker and the mark are nobody's.
    expect(child(child(op4, 'pPr'), 'rPr')).toBeUndefined();
    expect(runsWithChange(op4)[0]!.change).toBeNull();
    expect(decideAll(xml, 'accept')).toContain('OP4\tDecide to convene a regional workshop.');
  });

  it('reads in Word (mammoth) with its labels, brackets and the proposed words', async () => {
    const raw = (await mammoth.extractRawText({ buffer: Buffer.from(await renderDocx(draft())) })).value;
    // Mammoth reads a document as if its tracked changes were accepted: OP3, proposed for deletion, is gone whole.
    for (const label of ['PP1', 'PP2', 'OP1', 'OP1bis', 'OP2', 'OP2 alt', 'OP4']) expect(raw).toMatch(new RegExp(`(^|\\n)${label}\\t`));
    expect(raw).not.toMatch(/OP3|SOMTC to report/);
    expect(raw).toContain('OP2\t(Agreed ad referendum) Member States [shall][should] develop national action plans;');
    expect(raw).toContain('and its Work Programme;');
    expect(raw).toContain('(a)\ttheir travel routes;');
  });
});

describe('DOCX of a compilation text: statuses, positions and threads', () => {
  it('notes each paragraph’s status after its marker, in a style of its own', async () => {
    const doc = parse(part(await renderDocx(draft()), 'word/document.xml'));
    const status = (start: string) =>
      all(paragraph(doc, start), 'r')
        .filter((r) => attr(child(child(r, 'rPr'), 'rStyle'), 'val') === 'AccordStatus')
        .map((r) => r.textContent);
    expect(status('PP1\t')).toEqual(['(Agreed)']);
    expect(status('OP2\t')).toEqual(['(Agreed ad referendum)']);
    expect(status('PP2\t')).toEqual([]);
    expect(textOf(paragraph(doc, 'OP2\t'))).toBe('OP2\t(Agreed ad referendum) Member States [shall][should] develop national action plans;');
  });

  it('makes an open thread Word comments around the quoted words, by delegation, replies threaded; resolved threads stay out', async () => {
    const docx = await renderDocx(draft());
    const doc = parse(part(docx, 'word/document.xml'));
    const comments = parse(part(docx, 'word/comments.xml'));
    const byAuthor = new Map(all(comments, 'comment').map((c) => [attr(c, 'author'), c]));
    const opening = byAuthor.get('IDN — Budi Santoso')!;
    const reply = byAuthor.get('MYS — Aisyah Rahman')!;
    expect(attr(opening, 'initials')).toBe('IDN');
    expect(textOf(all(opening, 'p')[0]!)).toBe('Could we say "serious threat"?');
    expect(all(reply, 'br')).toHaveLength(1); // the reply's line break
    expect(byAuthor.has('PHL — Maria Santos')).toBe(true);
    expect(all(comments, 'comment').some((c) => textOf(all(c, 'p')[0]!).includes('Settled at the table'))).toBe(false);

    // The range of the opening comment holds exactly the quoted words.
    const pp2 = paragraph(doc, 'PP2\t');
    const id = attr(opening, 'id');
    let inside = false;
    let quoted = '';
    const walk = (node: XmlElement) => {
      for (const c of childrenOf(node)) {
        if (c.localName === 'commentRangeStart' && attr(c, 'id') === id) inside = true;
        else if (c.localName === 'commentRangeEnd' && attr(c, 'id') === id) inside = false;
        else if (c.localName === 't' && inside) quoted += c.textContent;
        else walk(c);
      }
    };
    walk(pp2);
    expect(quoted).toBe('growing threat');
    expect(all(pp2, 'commentReference').map((r) => attr(r, 'id'))).toContain(id);

    // The reply is threaded under the opening comment.
    const paraId = (c: XmlElement) => all(c, 'p')[0]!.getAttributeNS('http://schemas.microsoft.com/office/word/2010/wordml', 'paraId');
    const extended = parse(part(docx, 'word/commentsExtended.xml'));
    const w15 = 'http://schemas.microsoft.com/office/word/2012/wordml';
    const replyEntry = Array.from(extended.getElementsByTagNameNS(w15, 'commentEx')).find((e) => e.getAttributeNS(w15, 'paraId') === paraId(reply));
    expect(replyEntry?.getAttributeNS(w15, 'paraIdParent')).toBe(paraId(opening));

    // The thread on OP3 has no quote: it covers the paragraph's words.
    const phl = attr(byAuthor.get('PHL — Maria Santos'), 'id');
    const op3 = paragraph(doc, 'OP3\t');
    expect(all(op3, 'commentRangeStart').map((e) => attr(e, 'id'))).toContain(phl);
    expect(all(op3, 'commentRangeEnd').map((e) => attr(e, 'id'))).toContain(phl);

    const rels = part(docx, 'word/_rels/document.xml.rels');
    expect(rels).toContain('Target="comments.xml"');
    expect(part(docx, '[Content_Types].xml')).toContain('/word/comments.xml');
  });

  it('puts who supports and who opposes a proposal in a comment on it', async () => {
    const docx = await renderDocx(draft());
    const comments = parse(part(docx, 'word/comments.xml'));
    const positions = all(comments, 'comment').find((c) => attr(c, 'author') === 'Accord')!;
    expect(textOf(all(positions, 'p')[0]!)).toBe('Proposed by MYS — Aisyah Rahman, 5 August 2019. Supported by IDN, PHL. Opposed by THA.');
    const op1 = paragraph(parse(part(docx, 'word/document.xml')), 'OP1\t');
    const start = all(op1, 'commentRangeStart').find((e) => attr(e, 'id') === attr(positions, 'id'));
    expect(start).toBeDefined();
  });

  it('adds none of it to the adopted text: no statuses, comments or tracked changes', async () => {
    const built = compilation();
    const clean = renditionOf(declarationSchema.nodeFromJSON(built.json), { ...META, stage: 'adopted', clean: true }, negotiation(built.ids));
    const docx = await renderDocx(clean);
    const xml = part(docx, 'word/document.xml');
    expect(xml).not.toMatch(/<w:(ins|del|commentRangeStart)\b/);
    expect(xml).not.toContain('AccordStatus');
    expect(Object.keys(unzipSync(docx))).not.toContain('word/comments.xml');
    expect(part(docx, 'word/settings.xml')).not.toContain('trackRevisions');
  });
});

describe('DOCX with hostile words', () => {
  it('keeps every part well-formed whatever names and comments hold', async () => {
    const built = compilation();
    const hostile = 'Grace "<script>" & ]]> \u0001 \uD800 O\'Brien';
    const n = negotiation(built.ids);
    const threads = new Map(n.threads);
    threads.set(built.ids.op1!, [{ id: 'th-h', status: 'open', resolutionNote: null, quoteText: null, comments: [{ author: hostile, delegation: 'M"Y<S', at: 'not a date', body: `</w:t></w:r><w:r><w:t>${hostile}\r\nsecond line` }] }]);
    const docx = await renderDocx(renditionOf(declarationSchema.nodeFromJSON(built.json), META, { ...n, threads }));
    for (const file of Object.keys(unzipSync(docx))) parse(part(docx, file));
    const comment = all(parse(part(docx, 'word/comments.xml')), 'comment').find((c) => attr(c, 'initials') === 'M"Y<S')!;
    expect(attr(comment, 'author')).toBe('M"Y<S — Grace "<script>" & ]]>  \uFFFD O\'Brien');
    expect(textOf(all(comment, 'p')[0]!)).toContain('</w:t></w:r><w:r><w:t>Grace');
    expect(attr(comment, 'date')).toBe('1970-01-01T00:00:00Z');
  });
});

describe('DOCX layout', () => {
  function hangs(doc: XmlDocument, styles: string[]) {
    return all(doc, 'p')
      .filter((p) => styles.includes(attr(child(child(p, 'pPr'), 'pStyle'), 'val') ?? ''))
      .map((p) => {
        const pPr = child(p, 'pPr');
        const ind = child(pPr, 'ind');
        return { text: textOf(p), left: Number(attr(ind, 'left')), hanging: Number(attr(ind, 'hanging')), tab: Number(attr(child(child(pPr, 'tabs'), 'tab'), 'pos')) };
      });
  }

  it('hangs every paragraph after a tab stop as wide as its widest marker, "OP2 alt" and "OP1bis" included', async () => {
    const doc = parse(part(await renderDocx(draft()), 'word/document.xml'));
    const clauses = hangs(doc, ['AccordPreambular', 'AccordOperative']);
    expect(clauses.map((c) => c.text.split('\t')[0])).toEqual(['PP1', 'PP2', 'OP1', 'OP1bis', 'OP2', 'OP2 alt', 'OP3', 'OP4']);
    const hang = clauses[0]!.hanging;
    for (const c of clauses) expect(c).toMatchObject({ left: hang, hanging: hang, tab: hang });
    // "OP2 alt" in 12 pt Times New Roman Bold is about 3.3 em (790 twips): more than the usual half inch.
    expect(hang).toBeGreaterThanOrEqual(900);
    const subs = hangs(doc, ['AccordSubparagraph']);
    for (const s of subs) expect(s.left - s.hanging).toBe(hang);
  });

  it('keeps the usual half inch when the markers fit, and widens for a long one', async () => {
    const narrow = compilation();
    const operative = narrow.json.content![3]!;
    operative.content = operative.content!.filter((c) => typeof (c.attrs as { number: unknown }).number === 'number');
    const doc = parse(part(await renderDocx(draft({}, narrow)), 'word/document.xml'));
    expect(new Set(hangs(doc, ['AccordOperative']).map((c) => c.hanging))).toEqual(new Set([720]));

    const wide = compilation();
    const ops = wide.json.content![3]!.content!;
    for (let i = 0; i < 4; i++) ops.splice(2, 0, clause('operative', null, [t(`Inserted paragraph ${i + 1}.`)]));
    const widened = hangs(parse(part(await renderDocx(draft({}, wide)), 'word/document.xml')), ['AccordOperative']);
    expect(widened.map((c) => c.text.split('\t')[0])).toContain('OP1quinquies');
    expect(widened[0]!.hanging).toBeGreaterThan(hangs(doc, ['AccordOperative'])[0]!.hanging + 360);
  });

  it('writes Arabic right to left: bidi paragraphs, right-to-left runs, the language in the styles', async () => {
    const built = compilation();
    const pp1 = built.json.content![2]!.content![0]!;
    pp1.content![0]!.content = [t('إذ نشير', italic), t(' إلى إعلان رابطة أمم جنوب شرق آسيا بشأن الجريمة عبر الوطنية؛')];
    const docx = await renderDocx(draft({ language: 'ar', direction: 'rtl' }, built));
    const doc = parse(part(docx, 'word/document.xml'));
    for (const p of all(doc, 'p')) expect(child(child(p, 'pPr'), 'bidi')).toBeDefined();
    const arabic = all(paragraph(doc, 'PP1\t'), 'r').filter((r) => /[\u0600-\u06ff]/.test(r.textContent ?? ''));
    expect(arabic.length).toBeGreaterThan(0);
    for (const r of arabic) expect(child(child(r, 'rPr'), 'rtl')).toBeDefined();
    // The marker and the symbol are Latin: left to right.
    const marker = all(paragraph(doc, 'PP1\t'), 'r')[0]!;
    expect(child(child(marker, 'rPr'), 'rtl')).toBeUndefined();
    const styles = parse(part(docx, 'word/styles.xml'));
    const lang = all(styles, 'lang')[0];
    expect([attr(lang, 'val'), attr(lang, 'bidi')]).toEqual(['ar', 'ar']);
    expect(part(docx, 'word/document.xml')).toContain('<w:sectPr>');
    const english = parse(part(await renderDocx(draft()), 'word/styles.xml'));
    expect(attr(all(english, 'lang')[0], 'val')).toBe('en');
    expect(all(parse(part(await renderDocx(draft()), 'word/document.xml')), 'bidi')).toHaveLength(0);
  });

  it('is a package Word opens: content types, relationships, styles, header with the symbol, core properties', async () => {
    const docx = await renderDocx(draft());
    const files = Object.keys(unzipSync(docx));
    for (const required of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/_rels/document.xml.rels', 'word/styles.xml', 'word/settings.xml', 'docProps/core.xml']) {
      expect(files).toContain(required);
    }
    for (const file of files) parse(part(docx, file));
    expect(part(docx, 'word/header1.xml')).toContain('SOMTC/2019/L.1');
    expect(part(docx, 'docProps/core.xml')).toContain('<dc:subject>SOMTC/2019/L.1</dc:subject>');
    expect(part(docx, 'word/settings.xml')).toContain('<w:trackRevisions/>');
    const styles = part(docx, 'word/styles.xml');
    for (const name of ['Accord Preambular', 'Accord Operative', 'Accord Subparagraph', 'Accord Stage', 'Accord Legend', 'Accord Status']) expect(styles).toContain(`w:val="${name}"`);
  });
});

import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { declarationSchema } from '../../shared/editor/index.js';
import { newClauseId, newSubclauseId } from '../../shared/editor/ids.js';
import { acceptDraftProposals, declarationJSON, declarationPlainText, type DeclarationDraft } from '../../shared/editor/content.js';
import { listAmendments } from '../../shared/editor/proposals.js';
import { listBrackets } from '../../shared/editor/brackets.js';
import { listAlternatives } from '../../shared/editor/alternatives.js';
import type { ProposalAttrs } from '../../shared/editor/marks.js';
import { renderDocx } from '../../server/export/formats/docx.js';
import { canonicalText, renditionOf, type Negotiation, type RenditionMeta } from '../../server/export/rendition.js';
import { readDeclarationDocx, type ImportPreview } from '../../server/import/docx.js';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/**
 * Accord's own DOCX, read back by Accord's importer: the same paragraphs, labels, alternatives,
 * sub-paragraphs, brackets and pending proposals (with the proposing delegation), and nothing of
 * what the export adds around the text (stage line, legend, status notes, comments).
 */

type Mark = NonNullable<JSONContent['marks']>[number];
const t = (value: string, ...marks: Mark[]): JSONContent => (marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const italic: Mark = { type: 'italic' };
const proposal = (amendmentId: string, delegationCode: string, authorName: string): ProposalAttrs => ({
  amendmentId,
  delegationCode,
  color: '#c0392b',
  authorId: `u-${delegationCode}`,
  authorName,
  at: '2019-08-05T09:30:00.000Z',
});
const MYS = proposal('am-1', 'MYS', 'Aisyah Rahman');
const MYS_PARAGRAPH = proposal('am-2', 'MYS', 'Aisyah Rahman');
const IDN = proposal('am-3', 'IDN', 'Budi Santoso');
const THA = proposal('am-4', 'THA', 'Somchai Wongsakul');
const IDN_PARAGRAPH = proposal('am-5', 'IDN', 'Budi Santoso');
const ins = (attrs: ProposalAttrs): Mark => ({ type: 'insertion', attrs });
const del = (attrs: ProposalAttrs): Mark => ({ type: 'deletion', attrs });
const bracket = (bracketId: string, group: string, option: number): Mark => ({ type: 'bracket', attrs: { bracketId, group, option } });

function clause(kind: 'preambular' | 'operative', number: number | null, content: JSONContent[], subclauses: JSONContent[][] = [], alternativeOf?: string): JSONContent {
  return {
    type: 'clause',
    attrs: { id: newClauseId(), kind, number, ...(alternativeOf ? { alternativeOf } : {}) },
    content: [{ type: 'clauseText', content }, ...subclauses.map((c) => ({ type: 'subclause', attrs: { id: newSubclauseId() }, content: c }))],
  };
}

/** A draft in mid-negotiation: OP4bis proposed whole, "OP3 alt", sub-paragraphs, brackets, proposals of three delegations. */
function negotiated(): PMNode {
  const op3 = clause('operative', 3, [t('Encourage', italic), t(' Member States to '), t('promote', del(THA)), t('strengthen', ins(THA)), t(' regional cooperation;')]);
  return declarationSchema.nodeFromJSON({
    type: 'doc',
    content: [
      { type: 'title', content: [t('Joint Statement of the ASEAN Senior Officials Meeting on Transnational Crime')] },
      { type: 'formula', content: [t('We, the Heads of Delegation of the Member States of ASEAN, meeting in Surabaya, Indonesia,')] },
      {
        type: 'preamble',
        content: [
          clause('preambular', 1, [t('Recalling', italic), t(' the ASEAN Declaration on Transnational Crime adopted in Manila on 20 December 1997;')]),
          clause('preambular', 2, [t('Noting with concern', italic), t(' the growing threat of '), t('trafficking in persons', bracket('b1', 'g1', 0)), t('illicit drug trafficking', bracket('b2', 'g1', 1)), t(' in the region;')]),
        ],
      },
      {
        type: 'operative',
        content: [
          clause('operative', 1, [t('Reaffirm', italic), t(' our commitment to the ASEAN Plan of Action'), t(' and its Work Programme', ins(MYS)), t(';')]),
          clause(
            'operative',
            2,
            [t('Agree', italic), t(' to strengthen cooperation through SOMTC, including:')],
            [[t('the exchange of information on '), t('trafficking routes', bracket('b3', 'g2', 0)), t(';')], [t('joint training of law enforcement officers;')]],
          ),
          op3,
          clause('operative', null, [t('Member States are invited to strengthen regional cooperation;')], [], (op3.attrs as { id: string }).id),
          clause('operative', 4, [t('Task', italic), t(' SOMTC to report '), t('annually ', del(IDN)), t('on the implementation of this Joint Statement.')]),
          clause(
            'operative',
            null,
            [t('Invite', italic, ins(MYS_PARAGRAPH)), t(' the ASEAN Secretariat to support Member States, in particular:', ins(MYS_PARAGRAPH))],
            [[t('through regional workshops;', ins(MYS_PARAGRAPH))]],
          ),
          clause('operative', 5, [t('Decide', italic, del(IDN_PARAGRAPH)), t(' to remain seized of the matter.', del(IDN_PARAGRAPH))]),
        ],
      },
    ],
  });
}

const META: RenditionMeta = {
  documentId: 'doc-somtc',
  symbol: 'SOMTC/2019/L.1/Rev.1',
  baseSymbol: 'SOMTC/2019/L.1',
  finalSymbol: null,
  createdAt: '2019-07-10T02:00:00.000Z',
  timeZone: 'Asia/Jakarta',
  language: 'en',
  direction: 'ltr',
  organisation: 'asean',
  numbering: 'un',
  stage: 'revision',
  clean: false,
  revisionNumber: 1,
  date: '2019-08-05T11:00:00.000Z',
  venue: 'Surabaya, Indonesia',
  lifecycle: [],
  adoption: null,
};

/** The preview confirmed with its tracked changes kept, each attributed to the delegation its author names. */
function keptAsProposals(preview: ImportPreview): DeclarationDraft {
  const proposals: Record<string, ProposalAttrs> = {};
  for (const change of preview.changes) {
    proposals[change.id] = { ...proposal(change.id, change.delegation ?? '?', change.author.replace(/^\S+ — /, '')), at: change.at ?? '' };
  }
  return { title: preview.title, formula: preview.formula, preambular: preview.preambular, operative: preview.operative, proposals };
}

const docOf = (draft: DeclarationDraft) => declarationSchema.nodeFromJSON(declarationJSON(draft));

/** What a proposal is, whoever's copy: the delegation, what it inserts and deletes, and where. */
function amendments(doc: PMNode) {
  return listAmendments(doc).map((a) => ({ delegation: a.delegationCode, kind: a.kind, inserted: a.inserted, deleted: a.deleted }));
}

describe('Accord’s DOCX of a draft, imported again', () => {
  it('gives back the same paragraphs, labels, brackets and pending proposals', async () => {
    const original = negotiated();
    const negotiation: Negotiation = {
      statuses: new Map(),
      positions: new Map([['am-1', { supporters: ['IDN'], opponents: ['THA'] }]]),
      threads: new Map(),
    };
    const preview = readDeclarationDocx(await renderDocx(renditionOf(original, META, negotiation)));
    expect(preview.accordExport).toBe(true);
    expect(preview.symbol).toBe('SOMTC/2019/L.1');
    expect(preview.title).toBe('Joint Statement of the ASEAN Senior Officials Meeting on Transnational Crime');
    expect(preview.warnings).toEqual(['The file has a comment; comments are not imported (open a discussion on the paragraph once the document is created).']);
    expect(preview.changes.map((c) => [c.delegation, c.kind, c.label, c.paragraph])).toEqual([
      ['MYS', 'insert', 'OP1', false],
      ['THA', 'replace', 'OP3', false],
      ['IDN', 'delete', 'OP4', false],
      ['MYS', 'insert', 'OP4bis', true],
      ['IDN', 'delete', 'OP5', true],
    ]);

    const imported = docOf(keptAsProposals(preview));
    expect(declarationPlainText(imported, 'un')).toBe(declarationPlainText(original, 'un'));
    expect(amendments(imported)).toEqual(amendments(original));
    expect(listBrackets(imported).map((g) => g.options.map((o) => o.text))).toEqual([['trafficking in persons', 'illicit drug trafficking'], ['trafficking routes']]);
    expect(listAlternatives(imported)).toHaveLength(1);
    // Accepted instead, it is the text Word's Accept All gives.
    const accepted = declarationPlainText(docOf(acceptDraftProposals(keptAsProposals(preview))), 'un');
    expect(accepted).toContain('OP1 Reaffirm our commitment to the ASEAN Plan of Action and its Work Programme;');
    expect(accepted).toContain('OP4bis Invite the ASEAN Secretariat to support Member States, in particular:');
    expect(accepted).not.toMatch(/\{[+-]|remain seized|annually/);
  });

  it('leaves out the stage line, legend and status notes, and keeps italics only on the lead words', async () => {
    const original = negotiated();
    const statuses = new Map(
      [...original.child(2).content.content, ...original.child(3).content.content].map((c) => [String(c.attrs.id), 'adRef' as const]),
    );
    const preview = readDeclarationDocx(await renderDocx(renditionOf(original, META, { statuses, positions: new Map(), threads: new Map() })));
    const all = [...preview.preambular, ...preview.operative];
    expect(all.map((c) => c.lead ?? null)).toEqual(['Recalling', 'Noting with concern', 'Reaffirm', 'Agree', 'Encourage', null, 'Task', 'Invite', 'Decide']);
    expect(JSON.stringify(preview)).not.toMatch(/Agreed ad referendum|Square brackets|Rev\.1, /);
    expect(declarationPlainText(docOf(keptAsProposals(preview)), 'un')).toBe(declarationPlainText(original, 'un'));
  });
});

/** The file as an editor that drops Accord's styles saves it: no styles part, no style on any paragraph or run. */
function withoutStyles(docx: Uint8Array): Uint8Array {
  const files = unzipSync(docx);
  delete files['word/styles.xml'];
  files['word/document.xml'] = strToU8(strFromU8(files['word/document.xml']!).replace(/<w:[pr]Style w:val="[^"]*"\/>/g, ''));
  return zipSync(files);
}

describe('Accord’s DOCX saved again without its styles', () => {
  it('is still known by its stage line, and reads back the same', async () => {
    const original = negotiated();
    const statuses = new Map([[String(original.child(3).child(0).attrs.id), 'agreed' as const]]);
    const docx = withoutStyles(await renderDocx(renditionOf(original, META, { statuses, positions: new Map(), threads: new Map() })));
    const preview = readDeclarationDocx(docx);
    expect(preview.accordExport).toBe(true);
    expect(preview.title).toBe('Joint Statement of the ASEAN Senior Officials Meeting on Transnational Crime');
    expect(declarationPlainText(docOf(keptAsProposals(preview)), 'un')).toBe(declarationPlainText(original, 'un'));
  });
});

describe('Accord’s DOCX of an adopted text, imported again', () => {
  for (const numbering of ['un', 'all'] as const) {
    it(`gives back the same paragraphs, preambular and operative, numbered ${numbering === 'un' ? 'in UN style' : 'throughout'}`, async () => {
      const adopted = docOf({
        title: 'Joint Statement on Preventing and Countering Violent Extremism',
        formula: 'We, the Heads of Delegation of the Member States of ASEAN,',
        preambular: [
          { lead: 'Recalling', text: 'the ASEAN Declaration on Transnational Crime;' },
          { lead: 'Recognising', text: 'the critical role of women and youth;' },
        ],
        operative: [
          { lead: 'Agree', text: 'to strengthen cooperation, including:', subclauses: ['the exchange of information;', 'joint training;'] },
          { text: 'Member States should develop national action plans;' },
          { lead: 'Task', text: 'SOMTC to report on the implementation of this Joint Statement.' },
        ],
      });
      const meta: RenditionMeta = {
        ...META,
        numbering,
        stage: 'adopted',
        clean: true,
        symbol: 'SOMTC/2019/1',
        finalSymbol: 'SOMTC/2019/1',
        adoption: { adoptedAt: '2019-08-06T07:30:00.000Z', venue: 'Surabaya', body: 'SOMTC', delegations: [{ code: 'IDN', name: 'Indonesia' }], hash: '0'.repeat(64) },
      };
      const rendition = renditionOf(adopted, meta);
      const preview = readDeclarationDocx(await renderDocx(rendition));
      expect(preview.warnings).toEqual([]);
      expect(preview.symbol).toBe('SOMTC/2019/1');
      expect(preview.changes).toEqual([]);
      const imported = renditionOf(docOf(preview), meta);
      expect(canonicalText(imported)).toBe(canonicalText(rendition));
      expect(imported.clauses.map((c) => c.kind)).toEqual(rendition.clauses.map((c) => c.kind));
    });
  }
});

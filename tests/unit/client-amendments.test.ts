import { describe, expect, it } from 'vitest';
import { compilationLine, mergeAmendments } from '../../client/amendments/store.js';
import type { AmendmentView } from '../../shared/api/index.js';
import { describeAmendment, type Amendment } from '../../shared/editor/proposals.js';

/** The amendments panel beside the text: the text's proposals merged with what the server knows. */

const inText = (over: Partial<Amendment> = {}): Amendment => ({
  id: 'a_1',
  clauseId: 'c_op3',
  delegationCode: 'MYS',
  authorId: 'u_mys',
  authorName: 'Aisyah',
  color: '#aa0000',
  at: '2026-11-25T06:00:00.000Z',
  inserted: 'urges',
  deleted: 'encourages',
  kind: 'replace',
  paragraph: null,
  ...over,
});

const onServer = (over: Partial<AmendmentView> = {}): AmendmentView => ({
  id: 'a_1',
  clauseId: 'c_op3',
  label: 'OP2',
  delegationCode: 'MYS',
  author: { userId: 'u_mys', name: 'Aisyah Rahman', delegation: { code: 'MYS', color: '#aa0000' } },
  at: '2026-11-25T05:00:00.000Z',
  kind: 'replace',
  paragraph: null,
  inserted: 'calls upon',
  deleted: 'encourages',
  summary: 'old summary',
  supportedBy: ['IDN', 'PHL'],
  opposedBy: ['THA'],
  compilation: 'Proposed by MYS, supported by IDN, PHL; opposed by THA',
  status: 'pending',
  decision: null,
  ...over,
});

const labels = new Map([['c_op3', 'OP3']]);

describe('mergeAmendments', () => {
  it('before the editor has read the text, shows the server’s list as it is', () => {
    const server = [onServer(), onServer({ id: 'a_2', status: 'accepted' })];
    const merged = mergeAmendments(null, server, labels);
    expect(merged).toEqual(server);
    expect(merged).not.toBe(server);
  });

  it('a pending amendment takes its words and label from the text, and positions, names and compilation from the server', () => {
    const [merged] = mergeAmendments([inText()], [onServer()], labels);
    expect(merged).toMatchObject({
      id: 'a_1',
      clauseId: 'c_op3',
      label: 'OP3',
      inserted: 'urges',
      deleted: 'encourages',
      summary: describeAmendment(inText(), 'OP3'),
      supportedBy: ['IDN', 'PHL'],
      opposedBy: ['THA'],
      compilation: 'Proposed by MYS, supported by IDN, PHL; opposed by THA',
      author: { userId: 'u_mys', name: 'Aisyah Rahman' },
      status: 'pending',
      decision: null,
    });
    // The text's own date wins: it is when the proposal was first made.
    expect(merged?.at).toBe('2026-11-25T06:00:00.000Z');
  });

  it('a proposal just typed, unknown to the server, shows at once, with its author from the marks', () => {
    const [merged] = mergeAmendments([inText({ id: 'a_new', at: '' })], [], labels);
    expect(merged).toMatchObject({
      id: 'a_new',
      author: { userId: 'u_mys', name: 'Aisyah', delegation: { code: 'MYS', color: '#aa0000' } },
      at: null,
      supportedBy: [],
      opposedBy: [],
      compilation: 'Proposed by MYS',
    });
  });

  it('without a delegation the compilation names the author, and the author has no delegation', () => {
    const [merged] = mergeAmendments([inText({ delegationCode: null, authorName: 'Secretariat clerk' })], [], labels);
    expect(merged?.compilation).toBe('Proposed by Secretariat clerk');
    expect(merged?.author.delegation).toBeNull();
  });

  it('a proposal outside any paragraph, or in one whose label is unknown, has no label', () => {
    const merged = mergeAmendments([inText({ id: 'a_formula', clauseId: null }), inText({ id: 'a_gone', clauseId: 'c_gone' })], [], labels);
    expect(merged.map((a) => [a.id, a.clauseId, a.label])).toEqual([
      ['a_formula', '', null],
      ['a_gone', 'c_gone', null],
    ]);
  });

  it('decided amendments follow the pending ones; one still standing in the text is shown as pending, once', () => {
    const server = [
      onServer({ id: 'a_done', status: 'accepted', decision: { by: { userId: 'u_chair', name: 'Chair', delegation: null }, at: '2026-11-25T07:00:00.000Z' } }),
      onServer({ id: 'a_1', status: 'rejected' }),
      onServer({ id: 'a_gone_pending', status: 'pending' }),
    ];
    const merged = mergeAmendments([inText()], server, labels);
    expect(merged.map((a) => `${a.id}:${a.status}`)).toEqual(['a_1:pending', 'a_done:accepted']);
  });
});

describe('compilationLine', () => {
  it('says who proposed, who supports and who opposes, as the server does', () => {
    expect(compilationLine('MYS', [], [])).toBe('Proposed by MYS');
    expect(compilationLine('MYS', ['IDN'], [])).toBe('Proposed by MYS, supported by IDN');
    expect(compilationLine('MYS', [], ['THA', 'VNM'])).toBe('Proposed by MYS; opposed by THA, VNM');
  });
});

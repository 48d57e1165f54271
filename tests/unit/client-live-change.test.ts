import { describe, expect, it } from 'vitest';
import type { Author, DocumentEvent } from '../../shared/api/index.js';
import { liveChange, type LiveContext } from '../../client/document/liveChange.js';
import { readOnlyReason } from '../../client/document/ReadOnlyNotice.js';

/** What a live event of the document's stream changes on the document page. */

const me: Author = { userId: 'u_me', name: 'Aisyah', delegation: { code: 'MYS', color: '#aa0000' } };
const other: Author = { userId: 'u_other', name: 'Budi', delegation: { code: 'IDN', color: '#00aa00' } };
const context = (over: Partial<LiveContext> = {}): LiveContext => ({
  meId: 'u_me',
  timeZone: 'UTC',
  chair: false,
  mustPropose: false,
  labels: new Map([
    ['c_1', 'PP1'],
    ['c_2', 'OP1'],
    ['c_3', 'OP2'],
  ]),
  ...over,
});

describe('liveChange', () => {
  it('revisions and status changes go to the procedure bar only', () => {
    const event = { type: 'status', status: 'silence' } as unknown as DocumentEvent; // only its type matters here
    const change = liveChange(event, context());
    expect(change).toMatchObject({ procedure: event, discussion: false, reloadDocument: false, reloadAmendments: false, notice: null });
  });

  it('a settings event sets the editing phase at once and loads the document again', () => {
    const event: DocumentEvent = { type: 'settings', observersMayComment: false, editingPhase: 'amendments', venue: null, timeZone: 'UTC', language: 'en', organisation: 'un' };
    expect(liveChange(event, context())).toMatchObject({ procedure: null, discussion: true, phase: 'amendments', reloadDocument: true, notice: null });
  });

  it('an amendments event asks the server for the amendments again', () => {
    expect(liveChange({ type: 'amendments', clauseIds: ['c_2'] }, context())).toMatchObject({ discussion: true, reloadAmendments: true, reloadDocument: false, notice: null });
  });

  it('a thread goes to the discussion, with nothing to say', () => {
    const change = liveChange({ type: 'clauseStatus', clause: { clauseId: 'c_1', status: 'agreed', updatedBy: other, updatedAt: '2026-11-25T06:00:00.000Z' } } as DocumentEvent, context());
    expect(change).toMatchObject({ discussion: true, phase: null, notice: null });
  });

  it('someone else settling brackets or keeping an alternative paragraph is told, with the paragraph’s label', () => {
    const picked = liveChange({ type: 'bracket', group: 'g1', clauseId: 'c_2', action: 'picked', by: other }, context());
    expect(picked.notice).toEqual({ message: 'Budi (IDN) settled a bracketed choice in OP1', key: 'bracket-g1' });
    const cleared = liveChange({ type: 'bracket', group: 'g2', clauseId: null, action: 'cleared', by: other }, context());
    expect(cleared.notice?.message).toBe('Budi (IDN) removed square brackets in the text');
    const alternative = liveChange({ type: 'bracket', group: 'c_3', clauseId: 'c_3', action: 'picked', by: other }, context());
    expect(alternative.notice?.message).toBe('Budi (IDN) kept one of the alternative paragraphs for OP2');
    expect(liveChange({ type: 'bracket', group: 'g1', clauseId: 'c_2', action: 'picked', by: me }, context()).notice).toBeNull();
  });

  it('one’s own refused change is explained: agreed paragraphs, another delegation’s proposals, the amendments-only phase', () => {
    const agreed = liveChange({ type: 'reverted', clauseIds: ['c_1', 'c_2', 'c_3'], by: me, reason: 'agreed clause' }, context());
    expect(agreed.notice).toEqual({ message: 'Your change to PP1, OP1 and OP2 was undone: the paragraphs are agreed', key: 'reverted', tone: 'warn', ms: 8_000 });
    const one = liveChange({ type: 'reverted', clauseIds: ['c_gone'], by: me, reason: 'agreed clause' }, context());
    expect(one.notice?.message).toBe('Your change to an agreed paragraph was undone: the paragraph is agreed');
    const proposals = liveChange({ type: 'reverted', clauseIds: ['c_2'], by: me, reason: 'proposals' }, context());
    expect(proposals.notice?.message).toBe("Your change to OP1 was undone: only the chair may change another delegation's proposals");
    const phase = liveChange({ type: 'reverted', clauseIds: ['c_gone'], by: me, reason: 'amendments only' }, context({ mustPropose: true }));
    expect(phase.notice?.message).toBe('Your change to a paragraph was undone: in the amendments-only phase, changes are made as proposals');
    expect(liveChange({ type: 'reverted', clauseIds: ['c_2'], by: other, reason: 'agreed clause' }, context()).notice).toBeNull();
  });

  it('a failed adoption tells when Accord tries again, and the chair that the text may be withdrawn', () => {
    const event = { type: 'adoptionFailed', reason: 'the text is not settled', retryAt: '2026-11-25T06:00:00.000Z' } as unknown as DocumentEvent; // the silence is not read
    const forChair = liveChange(event, context({ chair: true }));
    expect(forChair).toMatchObject({ procedure: null, discussion: false, notice: { key: 'adoptionFailed', tone: 'warn', ms: 15_000 } });
    expect(forChair.notice?.message).toMatch(/^Silence ended without objection, but the text could not be adopted: the text is not settled\. Accord tries again at .*2026.*; you may withdraw the text from silence\.$/);
    expect(liveChange(event, context()).notice?.message).not.toContain('withdraw');
  });
});

describe('readOnlyReason', () => {
  it('says why the text cannot be edited, and whether the discussion is open', () => {
    expect(readOnlyReason({ status: 'adopted', role: 'delegate' }, false)).toMatch(/has been adopted/);
    expect(readOnlyReason({ status: 'silence', role: 'delegate' }, true)).toMatch(/under silence procedure.*; the discussion goes on\.$/);
    expect(readOnlyReason({ status: 'draft', role: 'observer' }, true)).toMatch(/you are an observer.*, and may comment on it\.$/);
    expect(readOnlyReason({ status: 'draft', role: 'observer' }, false)).toMatch(/live\.$/);
    expect(readOnlyReason({ status: 'draft', role: null }, false)).toBe('Read only — you may read this document but not edit it.');
  });
});

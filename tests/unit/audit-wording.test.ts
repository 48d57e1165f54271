import { describe, expect, it } from 'vitest';
import { activityClause, describeAudit } from '../../client/desk/audit-wording.js';
import type { AuditDetails, AuditEvent } from '../../shared/api/audit.js';

/** An audit entry of `action` with its detail, as GET /audit sends it. */
function entry<A extends keyof AuditDetails>(action: A, detail: AuditDetails[A], target: Pick<AuditEvent, 'targetType' | 'targetId'> = { targetType: 'document', targetId: 'doc1' }): AuditEvent {
  return { id: 1, action, actor: null, ...target, detail, createdAt: '2026-12-01T10:00:00.000Z' } as AuditEvent;
}

describe("the desk's audit wording", () => {
  it('says a status change by the status it went to', () => {
    const e = entry('clause.status', { from: 'open', to: 'adRef' }, { targetType: 'clause', targetId: 'c1' });
    expect(describeAudit(e, 'OP3')).toBe('marked OP3 agreed ad referendum');
    expect(describeAudit(entry('clause.status', { from: 'adRef', to: 'agreed' }), null)).toBe('marked a paragraph agreed');
  });

  it('says why a change was refused', () => {
    expect(describeAudit(entry('change.reverted', { reason: 'agreed clause' }), 'PP2')).toBe('changed agreed text in PP2; the change was refused');
    expect(describeAudit(entry('change.reverted', { reason: 'amendments only' }), 'OP1')).toBe('changed OP1 directly in the amendments-only phase; the change was refused');
    expect(describeAudit(entry('change.reverted', { reason: 'proposals' }), null)).toBe("changed another delegation's proposal in a paragraph; the change was refused");
  });

  it('quotes what was said and decided', () => {
    expect(describeAudit(entry('thread.resolved', { clauseId: 'c1', note: 'Agreed at the plenary' }), 'OP2')).toBe('resolved a thread on OP2: “Agreed at the plenary”');
    expect(describeAudit(entry('thread.resolved', { clauseId: 'c1', note: null }), 'OP2')).toBe('resolved a thread on OP2');
    expect(describeAudit(entry('amendment.accepted', { amendmentId: 'a1', summary: 'MYS proposes to insert "urgently" in OP3' }), 'OP3')).toBe('accepted: “MYS proposes to insert "urgently" in OP3”');
    expect(describeAudit(entry('amendment.withdrawn', { amendmentId: 'a1', summary: '' }), 'OP3')).toBe('withdrawn an amendment on OP3');
    expect(describeAudit(entry('bracket.picked', { group: 'g1', picked: 'shall', options: ['shall', 'should'] }), 'OP4')).toBe('kept “shall” of a bracketed choice in OP4');
    expect(describeAudit(entry('silence.broken', { statement: 'We need more time.', delegation: 'THA' }), null)).toBe('broke silence: “We need more time.”');
  });

  it('says positions, settings, revisions and adoption', () => {
    expect(describeAudit(entry('amendment.position', { amendmentId: 'a1', position: 'oppose' }), 'OP1')).toBe('opposed an amendment on OP1');
    expect(describeAudit(entry('amendment.position', { amendmentId: 'a1', position: null }), 'OP1')).toBe('withdrew a position on an amendment on OP1');
    expect(describeAudit(entry('document.settings', { editingPhase: 'amendments', observersMayComment: true }), null)).toBe('set editing to amendments only and let observers comment');
    expect(describeAudit(entry('document.settings', { venue: 'Hanoi' }), null)).toBe('changed the settings');
    expect(describeAudit(entry('revision.issued', { number: 2, symbol: 'SOMTC/2025/1/Rev.2', renumbered: true, labels: 3 }), null)).toBe('issued SOMTC/2025/1/Rev.2, renumbering the paragraphs');
    expect(describeAudit(entry('document.adopted', { via: 'silence', hash: 'abc', venue: null, body: null, symbol: 'S/1' }), null)).toBe('adopted the text: the silence procedure ended unbroken');
  });

  it('names an action it has no sentence for', () => {
    const newer = { ...entry('document.adopted', { via: 'chair', hash: '', venue: null, body: null, symbol: '' }), action: 'document.archived' } as unknown as AuditEvent;
    expect(describeAudit(newer, null)).toBe('document archived');
  });

  it('finds the clause from the target, the detail, or the thread', () => {
    const threads = new Map([['t1', 'c7']]);
    expect(activityClause(entry('clause.status', { from: 'open', to: 'agreed' }, { targetType: 'clause', targetId: 'c2' }), threads)).toBe('c2');
    expect(activityClause(entry('comment.added', { threadId: 't1', clauseId: 'c5' }, { targetType: 'comment', targetId: 'cm1' }), threads)).toBe('c5');
    expect(activityClause(entry('comment.edited', { threadId: 't1' }, { targetType: 'comment', targetId: 'cm1' }), threads)).toBe('c7');
    expect(activityClause(entry('revision.issued', { number: 1, symbol: 'S', renumbered: false, labels: 0 }), threads)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { canOnDocument, canOnItem, DOCUMENT_ACTIONS, documentAbilities, mustPropose, subjectOfDocument, type DocumentSubject } from '../../shared/policy/document.js';
import { WORKSPACE_ACTIONS, workspaceAbilities } from '../../shared/policy/workspace.js';
import type { PolicyActor } from '../../shared/policy/actor.js';

/** The one policy, as the page runs it to follow a live change of the editing phase. */

const delegate: PolicyActor = { id: 'u_mys', workspaceRole: null, delegationId: 'd_mys' };
const secretariat: PolicyActor = { id: 'u_sec', workspaceRole: 'secretariat', delegationId: null };
const archivist: PolicyActor = { id: 'u_arc', workspaceRole: 'archivist', delegationId: null };
const draft = (over: Partial<DocumentSubject> = {}): DocumentSubject => ({ status: 'draft', role: 'delegate', observersMayComment: false, editingPhase: 'direct', ...over });

describe('document abilities', () => {
  it('answer every action of the policy’s list, and nothing else', () => {
    const abilities = documentAbilities(delegate, draft());
    expect(Object.keys(abilities).sort()).toEqual([...DOCUMENT_ACTIONS].sort());
    for (const action of DOCUMENT_ACTIONS) expect(abilities[action]).toBe(canOnDocument(delegate, action, draft()));
  });

  it('in the amendments-only phase a delegate and the secretariat must propose and may not bracket; the chair edits directly', () => {
    expect(mustPropose(documentAbilities(delegate, draft()))).toBe(false);
    const amendments = documentAbilities(delegate, draft({ editingPhase: 'amendments' }));
    expect(amendments).toMatchObject({ edit: true, editDirectly: false, bracket: false });
    expect(mustPropose(amendments)).toBe(true);
    expect(mustPropose(documentAbilities(secretariat, draft({ role: null, editingPhase: 'amendments' })))).toBe(true);
    const chair = documentAbilities(delegate, draft({ role: 'chair', editingPhase: 'amendments' }));
    expect(chair).toMatchObject({ edit: true, editDirectly: true, bracket: true });
    expect(mustPropose(chair)).toBe(false);
  });

  it('nobody who may not edit is told to propose: observers, a text under silence or adopted', () => {
    expect(mustPropose(documentAbilities(delegate, draft({ role: 'observer', editingPhase: 'amendments' })))).toBe(false);
    expect(mustPropose(documentAbilities(delegate, draft({ status: 'silence', editingPhase: 'amendments' })))).toBe(false);
    expect(documentAbilities(delegate, draft({ status: 'adopted' }))).toMatchObject({ edit: false, comment: false, takePosition: false, withdrawAmendment: false, editOwnComment: false, chair: false, configure: false });
  });

  it('the page’s copy of a document gives the policy what the server’s row does', () => {
    const subject = subjectOfDocument({ status: 'draft', role: 'delegate', observersMayComment: true, editingPhase: 'amendments' });
    expect(subject).toEqual({ status: 'draft', role: 'delegate', observersMayComment: true, editingPhase: 'amendments' });
  });
});

describe('comments and amendments, by whose they are', () => {
  const abilities = documentAbilities(delegate, draft());
  const asker = { id: 'u_mys', delegationCode: 'MYS' };

  it('only the author changes a comment or withdraws an amendment', () => {
    expect(canOnItem(abilities, asker, 'editOwnComment', { authorId: 'u_mys', delegationCode: null })).toBe(true);
    expect(canOnItem(abilities, asker, 'editOwnComment', { authorId: 'u_idn', delegationCode: null })).toBe(false);
    expect(canOnItem(abilities, asker, 'withdrawAmendment', { authorId: 'u_mys', delegationCode: 'MYS' })).toBe(true);
    expect(canOnItem(abilities, asker, 'withdrawAmendment', { authorId: 'u_mys2', delegationCode: 'MYS' })).toBe(false);
  });

  it('a delegation takes positions on the amendments of others, never its own; without a delegation, on none', () => {
    expect(canOnItem(abilities, asker, 'takePosition', { authorId: 'u_idn', delegationCode: 'IDN' })).toBe(true);
    expect(canOnItem(abilities, asker, 'takePosition', { authorId: 'u_mys2', delegationCode: 'MYS' })).toBe(false);
    const none = documentAbilities(secretariat, draft({ role: null }));
    expect(none.takePosition).toBe(false);
    expect(canOnItem(none, { id: 'u_sec', delegationCode: null }, 'takePosition', { authorId: 'u_idn', delegationCode: 'IDN' })).toBe(false);
  });

  it('nothing of the kind on an adopted text, even one’s own', () => {
    const adopted = documentAbilities(delegate, draft({ status: 'adopted' }));
    expect(canOnItem(adopted, asker, 'withdrawAmendment', { authorId: 'u_mys', delegationCode: 'MYS' })).toBe(false);
    expect(canOnItem(adopted, asker, 'editOwnComment', { authorId: 'u_mys', delegationCode: null })).toBe(false);
  });
});

describe('workspace abilities', () => {
  it('answer every workspace action: the secretariat administers; the archivist searches the whole archive; a delegate neither', () => {
    expect(Object.keys(workspaceAbilities(delegate)).sort()).toEqual([...WORKSPACE_ACTIONS].sort());
    expect(Object.values(workspaceAbilities(secretariat)).every(Boolean)).toBe(true);
    expect(workspaceAbilities(archivist)).toMatchObject({ administer: false, createDocument: false, searchWholeArchive: true });
    expect(Object.values(workspaceAbilities(delegate)).some(Boolean)).toBe(false);
  });
});

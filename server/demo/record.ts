import type { AppDeps } from '../context.js';
import type { DocumentRow, UserRow } from '../../db/schema.js';
import type { Actor } from '../policies/actor.js';
import { editDeclaration } from '../collab/edit.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { issueRevision } from '../services/revisions.js';
import { adoptDocument } from '../services/procedure.js';

/**
 * The demo's finished negotiation: the practitioners' outcome statement went out as a zero draft,
 * came back as Rev.1 with a change to its requests, and was adopted at the end of the meeting in
 * Jakarta, so the archive has a record to search, read, verify and compare.
 */
function actorOf(user: UserRow): Actor {
  return { id: user.id, email: user.email, name: user.name, delegationId: user.delegation_id, workspaceRole: user.workspace_role };
}

/** The main document's zero draft, as the chair circulated it before the Dialogue. */
export async function issueZeroDraft(deps: AppDeps, document: DocumentRow, chair: UserRow): Promise<void> {
  await issueRevision(deps, actorOf(chair), document, { note: 'Zero draft circulated by the Chair ahead of the Dialogue.', issuedAt: new Date(Date.now() - 3 * 86_400_000) });
  // The negotiation is then staged on the stored text directly: no room may hold an older copy.
  await deps.rooms.shutdown();
}

export async function stageAdoptedRecord(deps: AppDeps, document: DocumentRow, chair: UserRow): Promise<void> {
  const actor = actorOf(chair);
  await issueRevision(deps, actor, document, { note: 'Zero draft circulated by the co-chairs before the meeting.', issuedAt: new Date('2022-03-14T09:00:00Z') });
  await deps.rooms.change(document.id, (doc) =>
    editDeclaration(doc, (state) => {
      const requests = clausesOf(state.doc).find((c) => c.node.textContent.startsWith('Requests'));
      if (!requests) return null;
      const text = requests.node.child(0).textContent;
      const at = requests.pos + 2 + text.indexOf('at the third consultation meeting');
      return state.tr.insertText('to participating countries ', at);
    }),
  );
  await issueRevision(deps, actor, document, { note: 'Revised after the first reading on 21 March.', issuedAt: new Date('2022-03-21T17:30:00Z') });
  await adoptDocument(deps, document.id, {
    actor,
    via: 'chair',
    adoptedAt: new Date('2022-03-22T11:00:00Z'),
    venue: 'Jakarta',
    finalSymbol: 'UNODC/PWG-PVE/2022/1',
    body: 'the Second Consultation Meeting of the Preparatory Working Group of PVE Practitioners of South-East Asia',
  });
}

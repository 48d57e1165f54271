import * as Y from 'yjs';
import type { EditorState } from '@tiptap/pm/state';
import type { Db } from '../../db/index.js';
import type { DocumentRow, UserRow, DelegationRow } from '../../db/schema.js';
import { appendUpdates, loadStoredState } from '../../db/repos/updates.js';
import { insertComment, insertThread } from '../../db/repos/threads.js';
import { upsertClauseStatus } from '../../db/repos/clause-statuses.js';
import { setPosition } from '../../db/repos/amendments.js';
import { recordAudit } from '../../db/repos/audit.js';
import { timestamp } from '../../db/time.js';
import { applyStoredState } from '../collab/room.js';
import { editDeclaration } from '../collab/edit.js';
import { clauseIndex, FRAGMENT } from '../../shared/editor/yjs.js';
import { encodeAnchor } from '../../shared/editor/anchors.js';
import { newBracketId } from '../../shared/editor/brackets.js';
import { newId } from '../ids.js';
import { NEUTRAL_COLOR } from '../../shared/colors.js';

/**
 * Puts the demo's main document in mid-negotiation, so a person trying Accord sees its features at
 * work: an agreed paragraph, one agreed ad referendum, a discussion on a quoted passage, a resolved
 * thread, a delegation's amendment with another's support, and a bracketed choice.
 */

export interface Participant {
  user: UserRow;
  delegation: DelegationRow | null;
}

interface Cast {
  chair: Participant;
  mys: Participant;
  idn: Participant;
  tha: Participant;
}

/** The running text of the clause labelled `label`, and the clause's id. */
function clauseText(doc: Y.Doc, numbering: DocumentRow['numbering'], label: string): { id: string; text: Y.XmlText } {
  const clause = clauseIndex(doc, numbering).find((c) => c.label === label);
  if (!clause) throw new Error(`demo: no ${label}`);
  for (const part of doc.getXmlFragment(FRAGMENT).toArray()) {
    if (!(part instanceof Y.XmlElement)) continue;
    for (const element of part.toArray()) {
      if (element instanceof Y.XmlElement && element.getAttribute('id') === clause.id) {
        return { id: clause.id, text: (element.get(0) as Y.XmlElement).get(0) as Y.XmlText };
      }
    }
  }
  throw new Error(`demo: ${label} has no text`);
}

function plain(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

function attribution(amendmentId: string, p: Participant) {
  return {
    amendmentId,
    delegationCode: p.delegation?.code ?? null,
    color: p.delegation?.color ?? NEUTRAL_COLOR,
    authorId: p.user.id,
    authorName: p.user.name,
    at: timestamp(),
  };
}

export async function stageNegotiation(db: Db, document: DocumentRow, cast: Cast): Promise<void> {
  const doc = new Y.Doc();
  applyStoredState(doc, document.id, await loadStoredState(db, document.id));
  const before = Y.encodeStateVector(doc);

  // MYS proposes "foster" for "promote" in OP4; THA brackets "shall" against "should" in OP7.
  const op4 = clauseText(doc, document.numbering, 'OP4');
  const at = plain(op4.text).indexOf('promote');
  op4.text.format(at, 'promote'.length, { deletion: attribution('a_demo_mys_foster', cast.mys) });
  op4.text.insert(at + 'promote'.length, 'foster', { insertion: attribution('a_demo_mys_foster', cast.mys) });
  const op7 = clauseText(doc, document.numbering, 'OP7');
  const shall = plain(op7.text).indexOf('shall');
  const group = newBracketId();
  op7.text.format(shall, 'shall'.length, { bracket: { bracketId: group, group, option: 0 } });
  op7.text.insert(shall + 'shall'.length, 'should', { bracket: { bracketId: newBracketId(), group, option: 1 } });
  // A no-op through ProseMirror checks the result is a valid declaration before it is stored.
  editDeclaration(doc, (state: EditorState) => state.tr);
  await appendUpdates(db, document.id, [Y.encodeStateAsUpdate(doc, before)]);

  // A negotiation in progress: things happened over the last hours, in this order.
  const ago = (minutes: number) => timestamp(new Date(Date.now() - minutes * 60_000));
  const now = ago(20);
  const status = async (label: string, value: 'adRef' | 'agreed') => {
    const clause = clauseIndex(doc, document.numbering).find((c) => c.label === label)!;
    await upsertClauseStatus(db, { document_id: document.id, clause_id: clause.id, status: value, updated_by: cast.chair.user.id, updated_at: now });
    await recordAudit(db, { documentId: document.id, actorId: cast.chair.user.id, delegationCode: cast.chair.delegation?.code ?? null, action: 'clause.status', targetType: 'clause', targetId: clause.id, detail: { from: 'open', to: value } });
  };
  await status('OP1', 'agreed');
  await status('PP3', 'adRef');

  // IDN quotes three words of OP3; THA answers.
  const op3 = clauseText(doc, document.numbering, 'OP3');
  const quote = 'whole-of-society approach';
  const from = plain(op3.text).indexOf(quote);
  const anchor = encodeAnchor(Y.createRelativePositionFromTypeIndex(op3.text, from), Y.createRelativePositionFromTypeIndex(op3.text, from + quote.length));
  const thread = newId('t');
  await insertThread(db, {
    id: thread, document_id: document.id, clause_id: op3.id, quote_text: quote, quote_start: anchor.start, quote_end: anchor.end,
    status: 'open', resolution_note: null, resolved_by: null, resolved_at: null, created_by: cast.idn.user.id, created_at: ago(95), last_activity_at: ago(40),
  });
  await insertComment(db, { id: newId('cm'), thread_id: thread, document_id: document.id, author_id: cast.idn.user.id, body: 'Could we say "comprehensive approach", as in the Manila Declaration?', created_at: ago(95), edited_at: null, deleted_at: null });
  await insertComment(db, { id: newId('cm'), thread_id: thread, document_id: document.id, author_id: cast.tha.user.id, body: 'We prefer to keep "whole-of-society": it is the language of the 2017 Joint Statement.', created_at: ago(40), edited_at: null, deleted_at: null });

  // A thread on PP1 the chair has already resolved.
  const pp1 = clauseIndex(doc, document.numbering).find((c) => c.label === 'PP1')!;
  const resolved = newId('t');
  await insertThread(db, {
    id: resolved, document_id: document.id, clause_id: pp1.id, quote_text: null, quote_start: null, quote_end: null,
    status: 'resolved', resolution_note: 'Agreed to keep the reference to the 31st ASEAN Summit', resolved_by: cast.chair.user.id, resolved_at: ago(150), created_by: cast.mys.user.id, created_at: ago(180), last_activity_at: ago(180),
  });
  await insertComment(db, { id: newId('cm'), thread_id: resolved, document_id: document.id, author_id: cast.mys.user.id, body: 'Should we cite the Summit by number?', created_at: ago(180), edited_at: null, deleted_at: null });

  // IDN supports MYS's amendment.
  if (cast.idn.delegation) {
    await setPosition(db, { document_id: document.id, amendment_id: 'a_demo_mys_foster', delegation_id: cast.idn.delegation.id, position: 'support', user_id: cast.idn.user.id, updated_at: now });
  }
  doc.destroy();
}

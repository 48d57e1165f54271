import type { AppDeps } from '../context.js';
import type { ImportConfirmed } from '../../shared/api/schemas.js';
import type { RevisionSummary } from '../../shared/api/record.js';
import { acceptDraftProposals, type DeclarationDraft } from '../../shared/editor/content.js';
import { newClauseId } from '../../shared/editor/ids.js';
import type { ProposalAttrs } from '../../shared/editor/marks.js';
import type { DelegationRow, DocumentRow } from '../../db/schema.js';
import { listDelegations } from '../../db/repos/delegations.js';
import { timestamp } from '../../db/time.js';
import type { Actor } from '../policies/actor.js';
import { log } from '../log.js';
import { createDocument } from './documents.js';
import { Invalid } from './errors.js';
import { issueRevision } from './revisions.js';

/** The second step of a DOCX import: the secretariat's confirmed preview becomes a document. */

/**
 * The proposals a confirmed import keeps: each tracked change of the file, under a new amendment id,
 * attributed to the delegation the secretariat picked for it, in that delegation's colour. The
 * secretariat entered them, so it is their author on record; the name shown is the Word author's.
 */
function attributedProposals(body: ImportConfirmed, delegations: ReadonlyMap<string, DelegationRow>, importer: Actor): Record<string, ProposalAttrs> {
  const now = timestamp();
  const proposals: Record<string, ProposalAttrs> = {};
  for (const p of body.proposals) {
    const delegation = delegations.get(p.delegationId)!;
    proposals[p.key] = {
      amendmentId: `a_${newClauseId().slice(2)}`,
      delegationCode: delegation.code,
      color: delegation.color,
      authorId: importer.id,
      authorName: p.author || delegation.name,
      at: p.at ? new Date(p.at).toISOString() : now,
    };
  }
  return proposals;
}

/** The text to create from the confirmed preview: its tracked changes accepted, or kept as attributed proposals. */
async function confirmedDraft(deps: AppDeps, body: ImportConfirmed, importer: Actor): Promise<DeclarationDraft> {
  const draft: DeclarationDraft = { title: body.title, formula: body.formula, preambular: body.preambular, operative: body.operative };
  if (body.trackedChanges === 'accept') return acceptDraftProposals(draft);
  const delegations = new Map((await listDelegations(deps.db)).map((d) => [d.id, d]));
  const unknown = body.proposals.findIndex((p) => !delegations.has(p.delegationId));
  if (unknown >= 0) {
    throw new Invalid('a tracked change is attributed to a delegation that is not registered', [
      { path: `proposals.${unknown}.delegationId`, message: 'must be a registered delegation' },
    ]);
  }
  return { ...draft, proposals: attributedProposals(body, delegations, importer) };
}

/**
 * Creates the document of a confirmed import, with its text, in one transaction; then, unless the
 * secretariat said not to, issues that text as the zero draft, so the text circulated is the one kept
 * as revision 0 (not whatever the chair happens to issue first, days of edits later).
 */
export async function createImported(deps: AppDeps, body: ImportConfirmed, actor: Actor): Promise<{ document: DocumentRow; zeroDraft: RevisionSummary | null }> {
  const draft = await confirmedDraft(deps, body, actor);
  if (draft.operative.length === 0) {
    throw new Invalid('with its tracked changes accepted, the text has no operative paragraph left', [
      { path: 'operative', message: 'a statement needs at least one operative paragraph' },
    ]);
  }
  const document = await createDocument(deps.db, {
    title: body.title,
    symbol: body.symbol,
    venue: body.venue,
    startsOn: body.startsOn,
    endsOn: body.endsOn,
    numbering: body.numbering,
    timeZone: body.timeZone,
    language: body.language,
    organisation: body.organisation,
    createdBy: actor.id,
    draft,
  });
  if (!body.issueZeroDraft) return { document, zeroDraft: null };
  // Issued at once, before the document has members or an open room, so the zero draft is the text
  // confirmed. Were issuing to fail, the document stands (a retry would make a second one) and its
  // chair is offered to issue the zero draft on opening it.
  try {
    return { document, zeroDraft: await issueRevision(deps, actor, document, {}) };
  } catch (err) {
    log.error({ err, documentId: document.id }, 'the imported text was created but its zero draft could not be issued');
    return { document, zeroDraft: null };
  }
}

import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { apiError, badRequest, forbidden } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { canInWorkspace } from '../policies/workspace.js';
import { importConfirmBody, type ImportConfirmed } from '../../shared/api/schemas.js';
import { acceptDraftProposals, type DeclarationDraft } from '../../shared/editor/content.js';
import { newClauseId } from '../../shared/editor/ids.js';
import type { ProposalAttrs } from '../../shared/editor/marks.js';
import { MAX_IMPORT_BYTES } from '../../shared/limits.js';
import type { DelegationRow } from '../../db/schema.js';
import { listDelegations } from '../../db/repos/delegations.js';
import { timestamp } from '../../db/time.js';
import type { Actor } from '../policies/actor.js';
import { createDocument } from '../services/documents.js';
import { presentDocument } from '../presenters/documents.js';
import { ImportError } from '../import/docx.js';
import { readDeclarationDocxIsolated } from '../import/isolated.js';
import type { ApiResponses } from '../../shared/api/responses.js';

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
    throw badRequest('a tracked change is attributed to a delegation that is not registered', [
      { path: `proposals.${unknown}.delegationId`, message: 'must be a registered delegation' },
    ]);
  }
  return { ...draft, proposals: attributedProposals(body, delegations, importer) };
}

/**
 * A zero draft from a Word file, in two steps: the secretariat uploads the DOCX and gets a preview
 * (multipart/form-data, field "file"); it checks and corrects the preview, decides what becomes of
 * the file's tracked changes, then confirms it (JSON) and the document is created, in one
 * transaction. Nothing is stored by the first step.
 */
export function importRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .post('/import', async (c, next) => {
      const actor = requireActor(c);
      if (!canInWorkspace(actor, 'createDocument')) throw forbidden('only the secretariat imports zero drafts');
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/json')) return next();
      if (!type.startsWith('multipart/form-data')) throw apiError(415, 'send the Word file as multipart/form-data (field "file"), or the confirmed preview as JSON');
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        throw badRequest('the upload is not valid multipart/form-data');
      }
      const file = form.get('file');
      if (!(file instanceof File)) throw badRequest('attach the Word file in the field "file"');
      if (file.size === 0) throw badRequest('the file is empty');
      if (file.size > MAX_IMPORT_BYTES) throw apiError(413, `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
      try {
        const preview = await readDeclarationDocxIsolated(new Uint8Array(await file.arrayBuffer()));
        return c.json({ preview, fileName: file.name }, 200);
      } catch (err) {
        if (err instanceof ImportError) throw apiError(422, `${file.name || 'the file'}: ${err.message}`);
        throw err;
      }
    })
    .post('/import', validate('json', importConfirmBody), async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const draft = await confirmedDraft(deps, body, actor);
      if (draft.operative.length === 0) {
        throw badRequest('with its tracked changes accepted, the text has no operative paragraph left', [
          { path: 'operative', message: 'a statement needs at least one operative paragraph' },
        ]);
      }
      const row = await createDocument(deps.db, {
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
      return c.json({ document: presentDocument(row, actor, null) } satisfies ApiResponses['createDocument'], 201);
    });
}

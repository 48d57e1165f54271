import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { apiError, badRequest, forbidden } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { canInWorkspace } from '../policies/workspace.js';
import { importConfirmBody } from '../../shared/api/schemas.js';
import { MAX_IMPORT_BYTES } from '../../shared/limits.js';
import { createImported } from '../services/imports.js';
import { presentDocument } from '../presenters/documents.js';
import { ImportError } from '../import/docx.js';
import { readDeclarationDocxIsolated } from '../import/isolated.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/**
 * A zero draft from a Word file, in two steps: the secretariat uploads the DOCX and gets a preview
 * (multipart/form-data, field "file"); it checks and corrects the preview, decides what becomes of
 * the file's tracked changes, then confirms it (JSON) and the document is created, in one
 * transaction, and its text issued as the zero draft unless it said not to. Nothing is stored by the
 * first step.
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
        return c.json({ preview, fileName: file.name } satisfies ApiResponses['importPreview'], 200);
      } catch (err) {
        if (err instanceof ImportError) throw apiError(422, `${file.name || 'the file'}: ${err.message}`);
        throw err;
      }
    })
    .post('/import', validate('json', importConfirmBody), async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const { document, zeroDraft } = await createImported(deps, body, actor);
      return c.json({ document: presentDocument(document, actor, null), zeroDraft } satisfies ApiResponses['importConfirmed'], 201);
    });
}

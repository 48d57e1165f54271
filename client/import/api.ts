import type { Delegation, ImportConfirmBody } from '../../shared/api/index.js';
import { MAX_IMPORT_BYTES } from '../../shared/limits.js';
import { ApiRequestError, api, failure, request } from '../api.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** The import of a zero draft (or a compilation text) from Word: what the server answers, and the calls. */

export type { ImportedChange, ImportPreview } from '../../shared/api/imports.js';

export const importApi = {
  delegations: () => api.delegations(),

  /** Step 1: the server reads the Word file and answers a preview; nothing is stored yet. */
  async preview(file: File): Promise<ApiResponses['importPreview']> {
    // The server refuses these too; checking first spares uploading a file only to be told so.
    if (file.size > MAX_IMPORT_BYTES) {
      throw new ApiRequestError(413, `${file.name}: the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
    }
    const form = new FormData();
    form.append('file', file, file.name);
    let response: Response;
    try {
      // No Content-Type header: the browser writes the multipart boundary itself.
      response = await fetch('/api/documents/import', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, body: form });
    } catch {
      throw new ApiRequestError(0, 'The server cannot be reached. Check your connection and try again.');
    }
    if (!response.ok) throw await failure(response);
    return (await response.json()) as ApiResponses['importPreview'];
  },

  /** Step 2: the checked preview, with the document's details, what becomes of the tracked changes, and whether it is issued as the zero draft. */
  confirm: (body: ImportConfirmBody) => request<ApiResponses['importConfirmed']>('POST', '/api/documents/import', body),
};

export type { Delegation };

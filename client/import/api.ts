import type { Delegation, ImportConfirmBody } from '../../shared/api/index.js';
import type { ClauseDraft } from '../../shared/editor/content.js';
import { MAX_IMPORT_BYTES } from '../../shared/limits.js';
import { ApiRequestError, api, failure, request } from '../api.js';
import type { ApiResponses } from '../../shared/api/responses.js';

/** The import of a zero draft (or a compilation text) from Word: what the server answers, and the calls. */

/** A proposal the file's tracked changes would make (server/import/source.ts, ImportedChange). */
export interface ImportedChange {
  /** The key marked runs name it by. */
  id: string;
  /** The tracked change's author as Word records it. */
  author: string;
  /** The delegation code the author begins with ("MYS — ..."), when it does. */
  delegation: string | null;
  at: string | null;
  kind: 'insert' | 'delete' | 'replace';
  inserted: string;
  deleted: string;
  /** The label of the paragraph it stands in, as the file was read. */
  label: string;
  /** A whole paragraph proposed, or proposed for deletion. */
  paragraph: boolean;
}

/** A declaration as read from a Word file: what the importer found, and where it had to guess. */
export interface ImportPreview {
  title: string;
  formula: string;
  preambular: ClauseDraft[];
  operative: ClauseDraft[];
  symbol: string | null;
  changes: ImportedChange[];
  accordExport: boolean;
  warnings: string[];
}

export const importApi = {
  delegations: () => api.delegations(),

  /** Step 1: the server reads the Word file and answers a preview; nothing is stored yet. */
  async preview(file: File): Promise<{ preview: ImportPreview; fileName: string }> {
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
    return (await response.json()) as { preview: ImportPreview; fileName: string };
  },

  /** Step 2: the checked preview, with the document's details and what becomes of the tracked changes. */
  confirm: (body: ImportConfirmBody) => request<ApiResponses['createDocument']>('POST', '/api/documents/import', body),
};

export type { Delegation };

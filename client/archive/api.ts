import type { z } from 'zod';
import type {
  ArchiveRecordDetail,
  ArchiveResult,
  Delegation,
  DocumentSummary,
  EXPORT_FORMAT_NAMES,
  importConfirmBody,
} from '../../shared/api/index.js';
import type { ClauseDraft } from '../../shared/editor/content.js';
import { MAX_IMPORT_BYTES } from '../../shared/limits.js';
import { ApiRequestError, failure, request } from '../api.js';

/** The archive of adopted texts, and the import of a zero draft from Word: the calls these pages make. */

/** What the archive is searched by; each is a string as typed, empty when not given. */
export interface ArchiveQuery {
  q: string;
  year: string;
  venue: string;
  delegation: string;
}

export const ARCHIVE_QUERY_KEYS = ['q', 'year', 'venue', 'delegation'] as const;

export function archiveQueryFrom(search: URLSearchParams): ArchiveQuery {
  return {
    q: search.get('q') ?? '',
    year: search.get('year') ?? '',
    venue: search.get('venue') ?? '',
    delegation: search.get('delegation') ?? '',
  };
}

/** The query string of a search, without the empty parts ("q=piracy&year=2019"), in a stable order. */
export function archiveQueryString(query: ArchiveQuery): string {
  const params = new URLSearchParams();
  for (const key of ARCHIVE_QUERY_KEYS) {
    const value = query[key].trim();
    if (value) params.set(key, value);
  }
  return params.toString();
}

export type ExportFormat = (typeof EXPORT_FORMAT_NAMES)[number];

/** A download of the document: without a revision, the adopted text once adopted. */
export function exportUrl(documentId: string, format: ExportFormat, revision?: number): string {
  const params = new URLSearchParams({ format });
  if (revision !== undefined) params.set('revision', String(revision));
  return `/api/documents/${encodeURIComponent(documentId)}/export?${params.toString()}`;
}

/** A zero draft as read from a Word file: what the importer found, and where it had to guess. */
export interface ImportPreview {
  title: string;
  formula: string;
  preambular: ClauseDraft[];
  operative: ClauseDraft[];
  warnings: string[];
}

export type ImportConfirmBody = z.input<typeof importConfirmBody>;

export const archiveApi = {
  search: (query: ArchiveQuery) => {
    const qs = archiveQueryString(query);
    return request<{ results: ArchiveResult[] }>('GET', `/api/archive${qs ? `?${qs}` : ''}`);
  },
  record: (documentId: string) =>
    request<{ record: ArchiveRecordDetail }>('GET', `/api/archive/${encodeURIComponent(documentId)}`),
  delegations: () => request<{ delegations: Delegation[] }>('GET', '/api/delegations'),

  /** Step 1 of an import: the server reads the Word file and answers a preview; nothing is stored yet. */
  async previewImport(file: File): Promise<{ preview: ImportPreview; fileName: string }> {
    // The server refuses these too; checking first spares uploading a file only to be told so.
    if (file.size > MAX_IMPORT_BYTES) {
      throw new ApiRequestError(413, `${file.name}: the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
    }
    const form = new FormData();
    form.append('file', file, file.name);
    let response: Response;
    try {
      // No Content-Type header: the browser writes the multipart boundary itself.
      response = await fetch('/api/documents/import', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
        body: form,
      });
    } catch {
      throw new ApiRequestError(0, 'The server cannot be reached. Check your connection and try again.');
    }
    if (!response.ok) throw await failure(response);
    return (await response.json()) as { preview: ImportPreview; fileName: string };
  },

  /** Step 2: the checked preview, with the document's details; creates the document. */
  confirmImport: (body: ImportConfirmBody) => request<{ document: DocumentSummary }>('POST', '/api/documents/import', body),
};

/** The SHA-256 of some bytes, as lowercase hex (how `sha256sum` prints it). */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

import type { EXPORT_FORMAT_NAMES } from '../../shared/api/index.js';
import type { ApiResponses } from '../../shared/api/responses.js';
import { request } from '../api.js';

/** The archive of adopted texts: the calls its pages make. */

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

export const archiveApi = {
  search: (query: ArchiveQuery) => {
    const qs = archiveQueryString(query);
    return request<ApiResponses['archiveSearch']>('GET', `/api/archive${qs ? `?${qs}` : ''}`);
  },
  record: (documentId: string) =>
    request<ApiResponses['archiveRecord']>('GET', `/api/archive/${encodeURIComponent(documentId)}`),
  /** For the search by delegation. */
  delegations: () => request<ApiResponses['delegations']>('GET', '/api/delegations'),
};

/** The SHA-256 of some bytes, as lowercase hex (how `sha256sum` prints it). */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

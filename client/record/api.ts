import type { ApiResponses } from '../../shared/api/responses.js';
import { request } from '../api.js';
import { DEFAULT_COMPARE_VIEW, type CompareView } from '../../shared/compare-views.js';

/** The record of a negotiation as the page asks for it: revisions, comparison, silence, adoption, exports. Each answer is typed once, in shared/api/responses.ts, which the server's handlers satisfy. */

const doc = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}`;

export const recordApi = {
  revisions: (documentId: string) => request<ApiResponses['revisions']>('GET', `${doc(documentId)}/revisions`),
  issueRevision: (documentId: string, body: { note?: string; renumber?: boolean }) =>
    request<ApiResponses['revision']>('POST', `${doc(documentId)}/revisions`, {
      ...(body.note?.trim() ? { note: body.note.trim() } : {}),
      ...(body.renumber ? { renumber: true } : {}),
    }),
  revision: (documentId: string, ref: string) => request<ApiResponses['revisionDetail']>('GET', `${doc(documentId)}/revisions/${encodeURIComponent(ref)}`),
  restore: (documentId: string, ref: string) =>
    request<ApiResponses['restored']>('POST', `${doc(documentId)}/revisions/${encodeURIComponent(ref)}/restore`, {}),
  compare: (documentId: string, from: string, to: string, view: CompareView = DEFAULT_COMPARE_VIEW) =>
    request<ApiResponses['compare']>('GET', `${doc(documentId)}/compare?${new URLSearchParams({ from, to, view }).toString()}`),

  silence: (documentId: string) => request<ApiResponses['silenceState']>('GET', `${doc(documentId)}/silence`),
  startSilence: (documentId: string, deadline: string) => request<ApiResponses['silence']>('POST', `${doc(documentId)}/silence`, { deadline }),
  breakSilence: (documentId: string, statement: string) => request<ApiResponses['silence']>('POST', `${doc(documentId)}/silence/break`, { statement }),
  withdrawSilence: (documentId: string, note: string) =>
    request<ApiResponses['silence']>('POST', `${doc(documentId)}/silence/withdraw`, note ? { note } : {}),
  readiness: (documentId: string) => request<ApiResponses['readiness']>('GET', `${doc(documentId)}/readiness`),
  adopt: (documentId: string, body: { adoptedAt?: string; venue?: string; body?: string; finalSymbol?: string }) =>
    request<ApiResponses['adopted']>('POST', `${doc(documentId)}/adopt`, body),
  /** The archive record of an adopted document (404 while it is not adopted). */
  record: (documentId: string) => request<ApiResponses['archiveRecord']>('GET', `/api/archive/${encodeURIComponent(documentId)}`),
};

import type { ExportFormat } from '../../shared/formats.js';

export { EXPORT_FORMATS, type ExportFormat } from '../../shared/formats.js';

/** The download address of the current text (the adopted text once adopted), or of one revision. */
export function exportHref(documentId: string, format: ExportFormat, revision?: number | string): string {
  const params = new URLSearchParams({ format });
  if (revision !== undefined) params.set('revision', String(revision));
  return `${doc(documentId)}/export?${params.toString()}`;
}

/** Where the pages of the record live. */
export const recordPaths = {
  revisions: (documentId: string) => `/documents/${encodeURIComponent(documentId)}/revisions`,
  revision: (documentId: string, number: number) => `/documents/${encodeURIComponent(documentId)}/revisions?view=${number}`,
  /** The clean view is the default, so its links leave `view` out. */
  compare: (documentId: string, from: string, to: string, view: CompareView = DEFAULT_COMPARE_VIEW) =>
    `/documents/${encodeURIComponent(documentId)}/compare?${new URLSearchParams({ from, to, ...(view === DEFAULT_COMPARE_VIEW ? {} : { view }) }).toString()}`,
  archive: (documentId: string) => `/archive/${encodeURIComponent(documentId)}`,
};

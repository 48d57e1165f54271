/** Role names, free of zod so the client can import them without pulling the validators in. */

export const WORKSPACE_ROLES = ['secretariat', 'archivist'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export const DOCUMENT_ROLES = ['chair', 'delegate', 'observer'] as const;
export type DocumentRole = (typeof DOCUMENT_ROLES)[number];

export { NUMBERING_STYLES as NUMBERING } from '../labels.js';

/**
 * The name of the Yjs fragment that holds the declaration: shared/editor/yjs.ts's FRAGMENT, which
 * TipTap's Collaboration extension names so. Repeated here because that module brings the whole
 * editor schema (TipTap) with it, and the connection (connection.ts) must load without it: a
 * document's socket and this device's copy open while the editor's code is still being read
 * (client/document/opening.ts). tests/unit/client-fragment.test.ts checks both say the same.
 */
export const FRAGMENT = 'default';

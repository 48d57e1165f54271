/**
 * The Yjs fragment that holds the declaration, as TipTap's Collaboration extension names it. A module
 * of its own, importing nothing: the client's connection (client/editor/connection.ts) needs the name
 * while the editor's code, which yjs.ts brings with it, is still being read.
 */
export const FRAGMENT = 'default';

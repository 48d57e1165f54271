import type { Rendition } from '../rendition.js';

/** The envelope of a JSON export: what it is and which version of the Rendition shape it holds. */
export interface DeclarationJSON {
  format: 'accord-declaration';
  version: 1;
  declaration: Rendition;
}

/** The rendition itself, pretty-printed inside a small envelope that names the format. */
export function renderJson(rendition: Rendition): string {
  const envelope: DeclarationJSON = { format: 'accord-declaration', version: 1, declaration: rendition };
  return JSON.stringify(envelope, null, 2) + '\n';
}

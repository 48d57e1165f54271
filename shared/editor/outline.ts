import type { Node as PMNode } from '@tiptap/pm/model';
import type { ClauseKind, ClauseOutline } from '../labels.js';

export const PART_KIND: Record<string, ClauseKind> = { preamble: 'preambular', operative: 'operative' };

export interface ClauseAt {
  node: PMNode;
  /** Position before the clause node. */
  pos: number;
  outline: ClauseOutline;
}

/** The clauses of a declaration in document order, with their positions. */
export function clausesOf(doc: PMNode): ClauseAt[] {
  const out: ClauseAt[] = [];
  doc.forEach((part, partOffset) => {
    const kind = PART_KIND[part.type.name];
    if (!kind) return;
    part.forEach((clause, clauseOffset) => {
      const subclauseIds: string[] = [];
      clause.forEach((child) => {
        if (child.type.name === 'subclause') subclauseIds.push(String(child.attrs.id ?? ''));
      });
      out.push({
        node: clause,
        pos: partOffset + 1 + clauseOffset,
        outline: {
          id: String(clause.attrs.id ?? ''),
          kind,
          number: typeof clause.attrs.number === 'number' ? clause.attrs.number : null,
          subclauseIds,
          alternativeOf: typeof clause.attrs.alternativeOf === 'string' ? clause.attrs.alternativeOf : null,
        },
      });
    });
  });
  return out;
}

export function outlineOf(doc: PMNode): ClauseOutline[] {
  return clausesOf(doc).map((c) => c.outline);
}

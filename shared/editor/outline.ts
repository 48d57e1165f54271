import type { Node as PMNode } from '@tiptap/pm/model';
import { labelClauses, type ClauseKind, type ClauseLabel, type ClauseOutline, type NumberingStyle, type SubclauseLabel } from '../labels.js';

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

/** A clause with its label, and its sub-paragraphs each with theirs. */
export interface LabelledClause extends ClauseAt {
  label: ClauseLabel;
  subclauses: { node: PMNode; label: SubclauseLabel }[];
}

/**
 * The clauses of a declaration in document order, labelled in `style` ("PP1", "OP2bis", "OP2(a)"):
 * the walk every reader of a whole text makes (exports, comparisons, the plain text, readiness).
 */
export function labelledClauses(doc: PMNode, style: NumberingStyle): LabelledClause[] {
  const clauses = clausesOf(doc);
  const labels = labelClauses(clauses.map((c) => c.outline), style);
  return clauses.map((clause, i) => {
    const label = labels[i]!;
    const subclauses: LabelledClause['subclauses'] = [];
    clause.node.forEach((child) => {
      if (child.type.name === 'subclause') subclauses.push({ node: child, label: label.subclauses[subclauses.length]! });
    });
    return { ...clause, label, subclauses };
  });
}

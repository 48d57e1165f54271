import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { ClauseKind, NumberingStyle } from '../labels.js';
import { labelClauses, renumberClauses } from '../labels.js';
import { newClauseId, newSubclauseId } from './ids.js';
import { clausesOf } from './outline.js';

/** A paragraph as written by hand (demo data, imports, tests): text, optional italic lead words. */
export interface ClauseDraft {
  lead?: string;
  text: string;
  subclauses?: string[];
}

export interface DeclarationDraft {
  title: string;
  formula?: string;
  preambular: ClauseDraft[];
  operative: ClauseDraft[];
}

function inline(text: string): JSONContent[] {
  return text ? [{ type: 'text', text }] : [];
}

function clauseJSON(kind: ClauseKind, number: number, draft: ClauseDraft): JSONContent {
  const content: JSONContent[] = [];
  if (draft.lead) content.push({ type: 'text', text: draft.lead, marks: [{ type: 'italic' }] });
  if (draft.text) content.push({ type: 'text', text: draft.lead ? ` ${draft.text}` : draft.text });
  return {
    type: 'clause',
    attrs: { id: newClauseId(), kind, number },
    content: [
      { type: 'clauseText', content },
      ...(draft.subclauses ?? []).map((text) => ({
        type: 'subclause',
        attrs: { id: newSubclauseId() },
        content: inline(text),
      })),
    ],
  };
}

/** A declaration as TipTap JSON, numbered cleanly (PP1..n, OP1..n). */
export function declarationJSON(draft: DeclarationDraft): JSONContent {
  return {
    type: 'doc',
    content: [
      { type: 'title', content: inline(draft.title) },
      { type: 'formula', content: inline(draft.formula ?? '') },
      { type: 'preamble', content: draft.preambular.map((c, i) => clauseJSON('preambular', i + 1, c)) },
      { type: 'operative', content: draft.operative.map((c, i) => clauseJSON('operative', i + 1, c)) },
    ],
  };
}

/** What a new document starts as: its title, one empty preambular and one empty operative paragraph. */
export function skeletonJSON(title: string): JSONContent {
  return declarationJSON({ title, preambular: [{ text: '' }], operative: [{ text: '' }] });
}

/**
 * A paragraph's text with what is not agreed made visible, as in a compilation text: square
 * brackets as [shall][should], a proposed insertion as {+foster+} and a proposed deletion as
 * {-promote-}.
 */
export function inlineText(block: PMNode): string {
  let out = '';
  let open: { bracket: unknown; insertion: unknown; deletion: unknown } = { bracket: null, insertion: null, deletion: null };
  const close = () => {
    if (open.deletion) out += '-}';
    if (open.insertion) out += '+}';
    if (open.bracket) out += ']';
  };
  block.forEach((node) => {
    const mark = (name: string) => node.marks.find((m) => m.type.name === name)?.attrs ?? null;
    const next = {
      bracket: (mark('bracket') as { bracketId?: unknown } | null)?.bracketId ?? null,
      insertion: (mark('insertion') as { amendmentId?: unknown } | null)?.amendmentId ?? null,
      deletion: (mark('deletion') as { amendmentId?: unknown } | null)?.amendmentId ?? null,
    };
    if (next.bracket !== open.bracket || next.insertion !== open.insertion || next.deletion !== open.deletion) {
      close();
      if (next.bracket) out += '[';
      if (next.insertion) out += '{+';
      if (next.deletion) out += '{-';
      open = next;
    }
    out += node.text ?? '';
  });
  close();
  return out;
}

/**
 * The text of a declaration, one paragraph a line, each starting with its label:
 * the title, the opening formula when there is one, then PP1 ..., OP1 ..., OP2(a) ..., with brackets
 * and proposals shown as inlineText shows them.
 */
export function declarationPlainText(doc: PMNode, style: NumberingStyle): string {
  const lines: string[] = [];
  const title = doc.child(0).textContent.trim();
  const formula = doc.child(1).textContent.trim();
  if (title) lines.push(title);
  if (formula) lines.push(formula);
  const clauses = clausesOf(doc);
  const labels = labelClauses(clauses.map((c) => c.outline), style);
  clauses.forEach((clause, i) => {
    const label = labels[i]!;
    lines.push(`${label.label} ${inlineText(clause.node.child(0))}`.trimEnd());
    let sub = 0;
    clause.node.forEach((child) => {
      if (child.type.name === 'subclause') lines.push(`${label.subclauses[sub++]!.label} ${inlineText(child)}`.trimEnd());
    });
  });
  return lines.join('\n') + '\n';
}

export { renumberClauses };

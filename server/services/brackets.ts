import type { AppDeps } from '../context.js';
import type { Actor } from '../policies/actor.js';
import type { DocumentRow } from '../../db/schema.js';
import type { BracketsView } from '../../shared/api/amendments.js';
import { keepAlternative, listAlternatives } from '../../shared/editor/alternatives.js';
import { clearBracket, listBrackets, pickBracketOption, type BracketGroup } from '../../shared/editor/brackets.js';
import { clauseIndex, declarationFromYDoc } from '../../shared/editor/yjs.js';
import { editDeclaration } from '../collab/edit.js';
import { audit, authorOf } from './discussion.js';
import { NotFound } from './errors.js';

/**
 * The chair's decisions on square brackets (pick one option of a choice, or clear a bracket) and on
 * alternative paragraphs (keep one): found and changed in one step of the room's queue, on record,
 * and announced.
 */

/** The square brackets and the alternative paragraphs still in the text. */
export function bracketsOf(deps: AppDeps, document: DocumentRow): Promise<BracketsView> {
  return deps.rooms.readDocument(document.id, (doc) => {
    const declaration = declarationFromYDoc(doc);
    const clauses = new Map(clauseIndex(doc, document.numbering).map((cl) => [cl.id, cl]));
    return {
      brackets: listBrackets(declaration).map((g) => ({ group: g.group, clauseId: g.clauseId, options: g.options.map((o) => ({ option: o.option, text: o.text })) })),
      alternatives: listAlternatives(declaration).map((choice) => ({
        clauseId: choice.clauseId,
        label: clauses.get(choice.clauseId)?.label ?? null,
        options: choice.options.map((id) => ({ clauseId: id, label: clauses.get(id)?.label ?? null, excerpt: clauses.get(id)?.excerpt ?? '' })),
      })),
    };
  });
}

async function decide(deps: AppDeps, documentId: string, group: string, apply: (found: BracketGroup) => Parameters<typeof editDeclaration>[1]) {
  // Found and changed in one step of the room's queue, so nobody's edit slips in between.
  return deps.rooms.change(documentId, (doc) => {
    const found = listBrackets(declarationFromYDoc(doc)).find((g) => g.group === group);
    if (!found) return null;
    editDeclaration(doc, apply(found));
    return found;
  });
}

/** Of "OP4" and its alternatives, `keep` stays (with the original's id and label); returns its label. */
export async function keepOneAlternative(deps: AppDeps, actor: Actor, document: DocumentRow, clauseId: string, keep: string): Promise<string> {
  const outcome = await deps.rooms.change(document.id, (doc) => {
    const choice = listAlternatives(declarationFromYDoc(doc)).find((ch) => ch.clauseId === clauseId);
    if (!choice) return { state: 'noChoice' as const };
    if (!choice.options.includes(keep)) return { state: 'notAnOption' as const };
    const labels = new Map(clauseIndex(doc, document.numbering).map((cl) => [cl.id, cl.label]));
    editDeclaration(doc, (state) => keepAlternative(state, clauseId, keep));
    return { state: 'kept' as const, labels: choice.options.map((id) => labels.get(id) ?? id), keptLabel: labels.get(keep) ?? keep };
  });
  if (outcome.state === 'noChoice') throw new NotFound(`no alternative paragraphs for ${clauseId}`);
  if (outcome.state === 'notAnOption') throw new NotFound(`${keep} is not one of the paragraphs of this choice`);
  await audit(deps.db, actor, document.id, 'alternative.kept', { type: 'clause', id: clauseId }, { kept: outcome.keptLabel, options: outcome.labels });
  await deps.bus.publish({ type: 'bracket.decided', documentId: document.id, group: clauseId, clauseId, action: 'picked', by: await authorOf(deps.db, actor) });
  return outcome.keptLabel;
}

/** The chair keeps one option of a bracketed choice; returns its text. */
export async function pickOption(deps: AppDeps, actor: Actor, document: DocumentRow, group: string, option: number): Promise<string> {
  const found = await decide(deps, document.id, group, (g) => (state) => (g.options.some((o) => o.option === option) ? pickBracketOption(state, group, option) : null));
  if (!found) throw new NotFound(`no bracket ${group} in the text`);
  const chosen = found.options.find((o) => o.option === option);
  if (!chosen) throw new NotFound(`the bracket has no option ${option}`);
  await audit(deps.db, actor, document.id, 'bracket.picked', { type: 'clause', id: found.clauseId ?? '' }, {
    group,
    picked: chosen.text,
    options: found.options.map((o) => o.text),
  });
  await deps.bus.publish({ type: 'bracket.decided', documentId: document.id, group, clauseId: found.clauseId, action: 'picked', by: await authorOf(deps.db, actor) });
  return chosen.text;
}

/** The chair removes the brackets of a choice and keeps the text; returns the options' texts. */
export async function clearBrackets(deps: AppDeps, actor: Actor, document: DocumentRow, group: string): Promise<string[]> {
  const found = await decide(deps, document.id, group, () => (state) => clearBracket(state, group));
  if (!found) throw new NotFound(`no bracket ${group} in the text`);
  await audit(deps.db, actor, document.id, 'bracket.cleared', { type: 'clause', id: found.clauseId ?? '' }, { group, options: found.options.map((o) => o.text) });
  await deps.bus.publish({ type: 'bracket.decided', documentId: document.id, group, clauseId: found.clauseId, action: 'cleared', by: await authorOf(deps.db, actor) });
  return found.options.map((o) => o.text);
}

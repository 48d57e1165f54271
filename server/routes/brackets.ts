import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { notFound } from '../http/errors.js';
import { keepBody, pickBody } from '../../shared/api/amendments.js';
import { keepAlternative, listAlternatives } from '../../shared/editor/alternatives.js';
import { clearBracket, listBrackets, pickBracketOption, type BracketGroup } from '../../shared/editor/brackets.js';
import { clauseIndex, declarationFromYDoc } from '../../shared/editor/yjs.js';
import { editDeclaration } from '../collab/edit.js';
import { audit, authorOf } from '../services/discussion.js';

/**
 * The chair's decisions on square brackets (pick one option of a choice, or clear a bracket) and on
 * alternative paragraphs (keep one).
 */
export function bracketRoutes(deps: AppDeps) {
  const { db, rooms } = deps;

  async function decide(documentId: string, group: string, apply: (found: BracketGroup) => Parameters<typeof editDeclaration>[1]) {
    // Found and changed in one step of the room's queue, so nobody's edit slips in between.
    return rooms.change(documentId, (doc) => {
      const found = listBrackets(declarationFromYDoc(doc)).find((g) => g.group === group);
      if (!found) return null;
      editDeclaration(doc, apply(found));
      return found;
    });
  }

  return new Hono<AppEnv>()
    .get('/:id/brackets', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
      const { brackets, alternatives } = await rooms.readDocument(document.id, (doc) => {
        const declaration = declarationFromYDoc(doc);
        const clauses = new Map(clauseIndex(doc, document.numbering).map((cl) => [cl.id, cl]));
        return {
          brackets: listBrackets(declaration),
          alternatives: listAlternatives(declaration).map((choice) => ({
            clauseId: choice.clauseId,
            label: clauses.get(choice.clauseId)?.label ?? null,
            options: choice.options.map((id) => ({ clauseId: id, label: clauses.get(id)?.label ?? null, excerpt: clauses.get(id)?.excerpt ?? '' })),
          })),
        };
      });
      return c.json(
        {
          brackets: brackets.map((g) => ({ group: g.group, clauseId: g.clauseId, options: g.options.map((o) => ({ option: o.option, text: o.text })) })),
          alternatives,
        },
        200,
      );
    })

    .post('/:id/alternatives/:clauseId/keep', validate('json', keepBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      const clauseId = c.req.param('clauseId');
      const { keep } = c.req.valid('json');
      const outcome = await rooms.change(document.id, (doc) => {
        const choice = listAlternatives(declarationFromYDoc(doc)).find((ch) => ch.clauseId === clauseId);
        if (!choice) return { found: false as const };
        if (!choice.options.includes(keep)) return { found: true as const, options: choice.options, kept: false };
        const labels = new Map(clauseIndex(doc, document.numbering).map((cl) => [cl.id, cl.label]));
        editDeclaration(doc, (state) => keepAlternative(state, clauseId, keep));
        return { found: true as const, options: choice.options, kept: true, labels: choice.options.map((id) => labels.get(id) ?? id), keptLabel: labels.get(keep) ?? keep };
      });
      if (!outcome.found) throw notFound(`no alternative paragraphs for ${clauseId}`);
      if (!outcome.kept) throw notFound(`${keep} is not one of the paragraphs of this choice`);
      await audit(db, actor, document.id, 'alternative.kept', { type: 'clause', id: clauseId }, { kept: outcome.keptLabel, options: outcome.labels });
      await deps.bus.publish({ type: 'bracket.decided', documentId: document.id, group: clauseId, clauseId, action: 'picked', by: await authorOf(db, actor) });
      return c.json({ kept: outcome.keptLabel }, 200);
    })

    .post('/:id/brackets/:group/pick', validate('json', pickBody), async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      const { option } = c.req.valid('json');
      const group = c.req.param('group');
      const found = await decide(document.id, group, (g) => (state) => (g.options.some((o) => o.option === option) ? pickBracketOption(state, group, option) : null));
      if (!found) throw notFound(`no bracket ${group} in the text`);
      const chosen = found.options.find((o) => o.option === option);
      if (!chosen) throw notFound(`the bracket has no option ${option}`);
      await audit(db, actor, document.id, 'bracket.picked', { type: 'clause', id: found.clauseId ?? '' }, {
        group,
        picked: chosen.text,
        options: found.options.map((o) => o.text),
      });
      await deps.bus.publish({ type: 'bracket.decided', documentId: document.id, group, clauseId: found.clauseId, action: 'picked', by: await authorOf(db, actor) });
      return c.json({ picked: chosen.text }, 200);
    })

    .post('/:id/brackets/:group/clear', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      const group = c.req.param('group');
      const found = await decide(document.id, group, () => (state) => clearBracket(state, group));
      if (!found) throw notFound(`no bracket ${group} in the text`);
      await audit(db, actor, document.id, 'bracket.cleared', { type: 'clause', id: found.clauseId ?? '' }, { group, options: found.options.map((o) => o.text) });
      await deps.bus.publish({ type: 'bracket.decided', documentId: document.id, group, clauseId: found.clauseId, action: 'cleared', by: await authorOf(db, actor) });
      return c.json({ cleared: found.options.map((o) => o.text) }, 200);
    });
}

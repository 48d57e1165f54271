import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { notFound } from '../http/errors.js';
import { pickBody } from '../../shared/api/amendments.js';
import { clearBracket, listBrackets, pickBracketOption, type BracketGroup } from '../../shared/editor/brackets.js';
import { declarationFromYDoc } from '../../shared/editor/yjs.js';
import { editDeclaration } from '../collab/edit.js';
import { audit, authorOf } from '../services/discussion.js';

/** The chair's decisions on square brackets: pick one option of a choice, or clear a bracket. */
export function bracketRoutes(deps: AppDeps) {
  const { db, rooms, events } = deps;

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
      const brackets = await rooms.readDocument(document.id, (doc) => listBrackets(declarationFromYDoc(doc)));
      return c.json({ brackets: brackets.map((g) => ({ group: g.group, clauseId: g.clauseId, options: g.options.map((o) => ({ option: o.option, text: o.text })) })) }, 200);
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
      events.publish(document.id, { type: 'bracket', group, clauseId: found.clauseId, action: 'picked', by: await authorOf(db, actor) });
      return c.json({ picked: chosen.text }, 200);
    })

    .post('/:id/brackets/:group/clear', async (c) => {
      const actor = requireActor(c);
      const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'chair');
      const group = c.req.param('group');
      const found = await decide(document.id, group, () => (state) => clearBracket(state, group));
      if (!found) throw notFound(`no bracket ${group} in the text`);
      await audit(db, actor, document.id, 'bracket.cleared', { type: 'clause', id: found.clauseId ?? '' }, { group, options: found.options.map((o) => o.text) });
      events.publish(document.id, { type: 'bracket', group, clauseId: found.clauseId, action: 'cleared', by: await authorOf(db, actor) });
      return c.json({ cleared: found.options.map((o) => o.text) }, 200);
    });
}

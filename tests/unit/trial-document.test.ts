import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TrialDocument } from '../../server/collab/guard.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { copyOf, declaration, proposer } from './guard-session.js';

/**
 * The trial copy follows the live document transaction by transaction. Judged while the live
 * document is inside a transaction that already took an update, the copy lacks that update: a
 * proposal going on from it would be left pending on the copy and judged on nothing. The copy is
 * then made afresh and the proposal judged on that.
 */

function lastText(doc: Y.Doc): Y.XmlText {
  const operative = doc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement;
  let found: Y.XmlText | null = null;
  for (const node of operative.createTreeWalker(() => true)) if (node instanceof Y.XmlText) found = node;
  if (!found) throw new Error('no operative text');
  return found;
}

/** A delegate's plain words, then a proposal going on from them, as two updates. */
function wordsThenProposal(live: Y.Doc, delegationCode: string) {
  const delegate = copyOf(live);
  const updates: Uint8Array[] = [];
  delegate.on('update', (u: Uint8Array) => updates.push(u));
  const text = lastText(delegate);
  text.insert(text.length, ' to');
  const attribution = { amendmentId: `a_${delegationCode}_1`, delegationCode, color: '#c0392b', authorId: proposer.authorId, authorName: proposer.authorName, at: '2026-12-06T10:00:00.000Z' };
  text.insert(text.length, ' combat', { insertion: attribution });
  return { words: updates[0]!, proposal: updates[1]! };
}

describe('the trial copy, behind the live document inside a transaction', () => {
  for (const [who, standing] of [
    ['MYS (the proposer)', true],
    ['IDN (forged)', false],
  ] as const) {
    it(`judges a proposal by ${who} going on from words the copy lacks on a fresh copy`, () => {
      const live = declaration(12);
      const trial = new TrialDocument(live);
      trial.prepare();
      const { words, proposal } = wordsThenProposal(live, who.slice(0, 3));
      let refused: string | null = 'not judged';
      live.transact(() => {
        Y.applyUpdate(live, words);
        refused = trial.judge(proposal, proposer, 'direct').refused;
      });
      if (standing) expect(refused).toBeNull();
      else expect(refused).toBe('adds text that is not its own proposal');
    });
  }
});

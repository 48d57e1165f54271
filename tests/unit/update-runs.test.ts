import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate, type UpdateContext } from '../../server/collab/validate.js';
import { countStructs } from '../../server/collab/struct-count.js';
import { Writers } from '../../server/collab/writers.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { craftRuns, type CraftedItem } from '../helpers/craft.js';
import { copyOf, declaration } from './guard-session.js';

/**
 * An update lists each client's structs in runs. Yjs's encoder writes one run per client; a
 * hand-written update may list a client twice, and then Yjs applies only the client's last run while
 * its decoder (which the check reads) lists every run. The check rewrites such an update in canonical
 * form and hands back what it checked; an update with one run per client is checked and applied as sent.
 */

const context = (): UpdateContext => ({ userId: 'u_delegate', writers: new Writers(), isOthersClient: () => false, locked: new Set(), mayEditAgreed: false });

/** The first operative paragraph's text. */
function firstOperativeText(doc: Y.Doc): Y.XmlText {
  const operative = doc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement;
  let found: Y.XmlText | null = null;
  for (const node of operative.createTreeWalker(() => true)) {
    if (node instanceof Y.XmlText) {
      found = node;
      break;
    }
  }
  if (!found) throw new Error('no operative text');
  return found;
}

/** "Decide " then "to act; ", one client, in two runs: the second goes on from the first's last clock. */
function twoRuns(doc: Y.Doc): CraftedItem[][] {
  const text = firstOperativeText(doc);
  let last = text._start!;
  while (last.right) last = last.right;
  const end = { client: last.id.client, clock: last.id.clock + last.length - 1 };
  const client = 4242;
  return [
    [{ client, clock: 0, origin: end, content: { string: 'Decide ' } }],
    [{ client, clock: 7, origin: { client, clock: 6 }, content: { string: 'to act; ' } }],
  ];
}

describe("a client's structs listed in more than one run", () => {
  it('are rewritten before the check: applying what was checked leaves nothing pending and keeps every run', () => {
    const doc = declaration(12);
    const update = craftRuns(twoRuns(doc));
    expect(countStructs(update, 100)).toEqual({ structs: 2, repeatsClient: true });

    // Applied as sent, Yjs keeps only the second run, which waits for the first: pending.
    const asSent = copyOf(doc);
    Y.applyUpdate(asSent, update);
    expect(asSent.store.pendingStructs).not.toBeNull();

    const result = checkUpdate(doc, update, context());
    if (!result.ok) throw new Error(`refused: ${result.refusal.reason}`);
    expect(result.checked.update).not.toBe(update);
    Y.applyUpdate(doc, result.checked.update);
    expect(doc.store.pendingStructs).toBeNull();
    expect(firstOperativeText(doc).toString()).toMatch(/Decide to act; $/);
  });

  it('listed later run first, are refused as not integrable now, and the document is untouched', () => {
    const doc = declaration(12);
    const before = Y.encodeStateAsUpdate(doc);
    const update = craftRuns(twoRuns(doc).reverse());
    expect(countStructs(update, 100)?.repeatsClient).toBe(true);
    const result = checkUpdate(doc, update, context());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.refusal).toMatchObject({ code: 1007, reason: expect.stringMatching(/cannot be integrated now/) });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});

describe('an update with one run per client', () => {
  it("is checked and applied as its sender's own bytes, not rewritten", () => {
    const doc = declaration(12);
    const delegate = copyOf(doc);
    let update: Uint8Array | null = null;
    delegate.on('update', (u: Uint8Array) => (update = u));
    const text = firstOperativeText(delegate);
    delegate.transact(() => {
      text.insert(text.length, ' and to report');
      text.format(0, 9, { italic: true });
    });
    if (!update) throw new Error('no update');
    expect(countStructs(update, 100)?.repeatsClient).toBe(false);
    const result = checkUpdate(doc, update, context());
    if (!result.ok) throw new Error(`refused: ${result.refusal.reason}`);
    expect(result.checked.update).toBe(update);
    Y.applyUpdate(doc, result.checked.update);
    expect(firstOperativeText(doc).toString()).toBe(firstOperativeText(delegate).toString());
  });

  it("two runs of two different clients in Yjs's own order (decreasing client ids) are not a repeat; in any other order they may be", () => {
    const doc = declaration(12);
    const [first, second] = twoRuns(doc);
    const other = second!.map((item) => ({ ...item, client: 4243, clock: 0, origin: first![0]!.origin }));
    expect(countStructs(craftRuns([other, first!]), 100)).toEqual({ structs: 2, repeatsClient: false });
    expect(countStructs(craftRuns([first!, other]), 100)).toEqual({ structs: 2, repeatsClient: true });
  });
});

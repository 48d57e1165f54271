import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { paragraphIds } from '../../server/collab/paragraph-index.js';
import { declarationJSON } from '../../shared/editor/content.js';
import { declarationUpdate, FRAGMENT } from '../../shared/editor/yjs.js';
import { prng } from '../helpers/random.js';

/**
 * The paragraph id index (server/collab/paragraph-index.ts) is kept in step with the document from
 * each transaction alone; here it is compared, after every one of many random transactions (local and
 * remote, ids added, changed, removed, paragraphs and sub-paragraphs added and deleted, with and
 * without garbage collection), with a scan of the document like the one it replaces.
 */

/** Every paragraph and sub-paragraph id, read from the document: the scan validate.ts used to make. */
function scan(doc: Y.Doc): Map<string, Set<Y.XmlElement>> {
  const found = new Map<string, Set<Y.XmlElement>>();
  const add = (el: Y.XmlElement) => {
    const id = el.getAttribute('id');
    if (typeof id !== 'string') return;
    const set = found.get(id) ?? new Set<Y.XmlElement>();
    set.add(el);
    found.set(id, set);
  };
  for (const part of doc.getXmlFragment(FRAGMENT).toArray()) {
    if (!(part instanceof Y.XmlElement)) continue;
    for (const clause of part.toArray()) {
      if (!(clause instanceof Y.XmlElement)) continue;
      add(clause);
      for (const child of clause.toArray()) if (child instanceof Y.XmlElement && child.nodeName === 'subclause') add(child);
    }
  }
  return found;
}

function indexed(doc: Y.Doc): Map<string, Set<Y.XmlElement>> {
  return new Map(paragraphIds(doc).entries().map(([id, set]) => [id, new Set(set)]));
}

function declaration(gc: boolean): Y.Doc {
  const doc = new Y.Doc({ gc });
  Y.applyUpdate(
    doc,
    declarationUpdate(
      declarationJSON({
        title: 'Joint Statement',
        formula: 'We, the Ministers,',
        preambular: Array.from({ length: 5 }, (_, i) => ({ lead: 'Recalling', text: `statement ${i};` })),
        operative: Array.from({ length: 15 }, (_, i) => ({ lead: 'Encourage', text: `cooperation ${i};` })),
      }),
    ),
  );
  return doc;
}

function clause(id: string | null, subclauses: (string | null)[] = []): Y.XmlElement {
  const el = new Y.XmlElement('clause');
  if (id !== null) el.setAttribute('id', id);
  const text = new Y.XmlElement('clauseText');
  text.insert(0, [new Y.XmlText('words')]);
  el.insert(0, [text]);
  subclauses.forEach((sid, i) => {
    const sub = new Y.XmlElement('subclause');
    if (sid !== null) sub.setAttribute('id', sid);
    el.insert(1 + i, [sub]);
  });
  return el;
}

describe('the paragraph id index', () => {
  for (const gc of [true, false]) {
    it(`stays what a scan finds through random edits, local and remote (gc ${gc})`, () => {
      const rand = prng(gc ? 13 : 14);
      const doc = declaration(gc);
      const remote = new Y.Doc({ gc });
      Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
      doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(remote, u, 'local'));
      remote.on('update', (u: Uint8Array, origin: unknown) => origin !== 'local' && Y.applyUpdate(doc, u, 'remote'));
      expect(indexed(doc)).toEqual(scan(doc));
      // Few ids, so that duplicates and reuse happen.
      const anId = () => `c_${rand.int(12)}`;
      for (let step = 0; step < 400; step++) {
        const target = rand.int(2) === 0 ? doc : remote;
        const parts = target.getXmlFragment(FRAGMENT).toArray().filter((p): p is Y.XmlElement => p instanceof Y.XmlElement);
        const part = parts[2 + rand.int(2)]!; // the preamble or the operative part
        target.transact(() => {
          for (let n = 1 + rand.int(3); n > 0; n--) {
            const clauses = part.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
            const some = clauses[rand.int(clauses.length)];
            switch (rand.int(8)) {
              case 0:
                part.insert(rand.int(part.length + 1), [clause(anId(), rand.int(2) ? [`s_${rand.int(5)}`, null] : [])]);
                break;
              case 1:
                if (some && part.length > 1) part.delete(clauses.indexOf(some), 1);
                break;
              case 2:
                some?.setAttribute('id', anId());
                break;
              case 3:
                some?.removeAttribute('id');
                break;
              case 4: {
                if (!some) break;
                const sub = new Y.XmlElement('subclause');
                sub.setAttribute('id', `s_${rand.int(5)}`);
                some.insert(some.length, [sub]);
                break;
              }
              case 5: {
                const subs = some?.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'subclause') ?? [];
                const sub = subs[rand.int(subs.length)];
                if (sub && rand.int(2)) sub.setAttribute('id', `s_${rand.int(5)}`);
                else if (sub) some!.delete(some!.toArray().indexOf(sub), 1);
                break;
              }
              case 6:
                // An id written twice in one transaction: the later one stands.
                if (some) {
                  some.setAttribute('id', anId());
                  some.setAttribute('id', anId());
                }
                break;
              default:
                // A clause added and removed in one transaction leaves nothing.
                part.insert(0, [clause(anId())]);
                part.delete(0, 1);
            }
          }
        });
        expect(indexed(doc), `step ${step}`).toEqual(scan(doc));
      }
      // The parts' own contents removed whole, as the server may do: nothing is left indexed.
      doc.transact(() => {
        for (const part of doc.getXmlFragment(FRAGMENT).toArray()) if (part instanceof Y.XmlElement && part.length) part.delete(0, part.length);
      });
      expect(indexed(doc)).toEqual(new Map());
      expect(scan(doc)).toEqual(new Map());
    });
  }

  it('made on first use from a document with history, it finds what a scan finds', () => {
    const doc = declaration(true);
    const operative = doc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement;
    operative.insert(0, [clause('c_dup'), clause('c_dup', ['s_1'])]);
    operative.delete(2, 3);
    expect(indexed(doc)).toEqual(scan(doc));
    expect(paragraphIds(doc).holders('c_dup').size).toBe(2);
  });
});

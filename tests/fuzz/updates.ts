import * as Y from 'yjs';
import { checkUpdate } from '../../server/collab/validate.js';
import { countStructs } from '../../server/collab/struct-count.js';
import { Writers } from '../../server/collab/writers.js';
import { TrialDocument } from '../../server/collab/guard.js';
import { craftUpdate, type Content, type CraftedItem, type Id } from '../helpers/craft.js';
import { FRAGMENT, declarationFromYDoc, declarationUpdate } from '../../shared/editor/yjs.js';
import { skeletonJSON } from '../../shared/editor/content.js';
import { prng } from '../helpers/random.js';

/**
 * In-process fuzzing of the update check (server/collab/validate.ts) against Yjs itself: crafted
 * updates with random parents, origins, clocks and contents, and honest updates with bytes flipped or
 * cut, each against a document that keeps what earlier rounds let through. Whatever the check lets
 * through must integrate completely (Yjs keeps nothing pending), never throw inside Yjs, and leave a
 * document that still reads as a declaration and encodes. Every tenth round is also judged as a
 * proposal ("amendments only") on a trial copy, which must not throw either.
 */

export interface UpdateFuzzProblem {
  kind: 'throw' | 'pending' | 'unreadable' | 'judge';
  message: string;
  /** The document before (base64) and the update (base64), to replay. */
  before: string;
  update: string;
}

const STRINGS = ['x', 'Encourage ', '\ud800', 'Việt Nam', '🙂', '中文'];
const NAMES = ['clause', 'clauseText', 'subclause', 'preamble', 'operative', 'title', 'formula', 'paragraph'];
const KEYS = ['insertion', 'deletion', 'bracket', 'bold', 'italic'];
const SUBS = ['id', 'kind', 'number', 'alternativeOf'];

function contentLength(c: Content): number {
  return 'string' in c ? c.string.length : 'any' in c ? c.any.length : 1;
}

function freshDocument(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, declarationUpdate(skeletonJSON('Plan of Action to Combat Transnational Crime')));
  const op1 = ((doc.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlElement;
  const text = new Y.XmlText();
  op1.insert(0, [text]);
  text.insert(0, 'Encourage ASEAN Member States to cooperate;');
  text.format(0, 9, { italic: true });
  return doc;
}

export function fuzzUpdates(options: { rounds: number; seed: number; maxProblems?: number }): { accepted: number; problems: UpdateFuzzProblem[] } {
  const rand = prng(options.seed);
  const problems: UpdateFuzzProblem[] = [];
  let accepted = 0;
  let doc = freshDocument();
  const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
  for (let round = 0; round < options.rounds && problems.length < (options.maxProblems ?? 10); round++) {
    if (round % 200 === 0) doc = freshDocument();
    const known: Id[] = [];
    for (const structs of doc.store.clients.values()) {
      for (const s of structs) known.push({ client: s.id.client, clock: s.id.clock }, { client: s.id.client, clock: s.id.clock + s.length - 1 });
    }
    const randomId = (): Id => {
      const r = rand.next();
      if (r < 0.7) return rand.pick(known);
      return { client: 1000 + rand.int(30), clock: rand.int(20) };
    };
    const randomContent = (): Content => {
      switch (rand.int(5)) {
        case 0:
          return { string: rand.pick(STRINGS) };
        case 1:
          return { element: rand.pick(NAMES) };
        case 2:
          return { text: true };
        case 3:
          return { format: rand.pick(KEYS), value: rand.pick([null, true, { amendmentId: 'a1', delegationCode: 'MYS', authorId: 'u' }]) };
        default:
          return { any: [rand.pick(['x', 1, null])] };
      }
    };
    let update: Uint8Array;
    if (rand.next() < 0.5) {
      const client = 1000 + rand.int(30);
      const clocks = new Map<number, number>();
      const items: CraftedItem[] = [];
      for (let i = 0, count = 1 + rand.int(6); i < count; i++) {
        const content = randomContent();
        const itemClient = rand.next() < 0.15 ? 1000 + rand.int(30) : client;
        const clock = clocks.get(itemClient) ?? Y.getState(doc.store, itemClient) - (rand.next() < 0.1 ? 1 : 0);
        clocks.set(itemClient, clock + contentLength(content));
        const item: CraftedItem = { client: itemClient, clock: Math.max(0, clock), content };
        const how = rand.int(4);
        if (how === 0) item.origin = i > 0 && rand.next() < 0.5 ? { client: itemClient, clock: clock - 1 } : randomId();
        else if (how === 1) item.rightOrigin = randomId();
        else if (how === 2) item.parent = rand.next() < 0.2 ? FRAGMENT : randomId();
        else {
          item.origin = randomId();
          item.rightOrigin = randomId();
        }
        if (!item.origin && !item.rightOrigin && rand.next() < 0.3) item.parentSub = rand.pick(SUBS);
        items.push(item);
      }
      const deletes = new Map<number, [number, number][]>();
      if (rand.next() < 0.3) {
        const target = randomId();
        deletes.set(target.client, [[target.clock, rand.int(6)]]);
      }
      update = craftUpdate(items, deletes);
    } else {
      // An honest edit, then damaged.
      const source = new Y.Doc();
      Y.applyUpdate(source, Y.encodeStateAsUpdate(doc));
      let made: Uint8Array | null = null;
      source.on('update', (u: Uint8Array) => (made = u));
      const operative = source.getXmlFragment(FRAGMENT).get(3) as Y.XmlElement | undefined;
      const first = operative?.get(0);
      const body = first instanceof Y.XmlElement ? first.get(0) : undefined;
      const text = body instanceof Y.XmlElement ? body.get(0) : undefined;
      if (!(text instanceof Y.XmlText) || !operative) continue;
      const k = rand.int(4);
      if (k === 0) text.insert(rand.int(text.length + 1), 'word ', { insertion: { amendmentId: 'a2', authorId: 'u', delegationCode: 'MYS' } });
      else if (k === 1 && text.length > 3) text.delete(rand.int(text.length - 2), 2);
      else if (k === 2 && text.length > 3) text.format(rand.int(text.length - 2), 2, { deletion: { amendmentId: 'a3', authorId: 'u', delegationCode: 'MYS' } });
      else {
        const clause = new Y.XmlElement('clause');
        clause.setAttribute('id', `c_fuzz_${round}`);
        const clauseText = new Y.XmlElement('clauseText');
        clauseText.insert(0, [new Y.XmlText('Decide to remain seized of the matter;')]);
        clause.insert(0, [clauseText]);
        operative.insert(rand.int(operative.length + 1), [clause]);
      }
      source.destroy();
      if (!made) continue;
      update = new Uint8Array(made);
      for (let f = 0, flips = rand.int(4); f < flips; f++) update[rand.int(update.length)] = rand.int(256);
      if (rand.next() < 0.2) update = update.slice(0, rand.int(update.length));
    }
    const before = Y.encodeStateAsUpdate(doc);
    // The quick struct count agrees with Yjs's decoder on every update the decoder reads.
    let decodedCount: number | null;
    try {
      decodedCount = Y.decodeUpdate(update).structs.length;
    } catch {
      decodedCount = null;
    }
    if (decodedCount !== null && countStructs(update, 1_000_000)?.structs !== decodedCount) {
      problems.push({ kind: 'throw', message: `countStructs says ${countStructs(update, 1_000_000)?.structs}, Yjs decodes ${decodedCount}`, before: b64(before), update: b64(update) });
      continue;
    }
    const problem = (kind: UpdateFuzzProblem['kind'], err: unknown) => {
      problems.push({ kind, message: err instanceof Error ? err.message : String(err), before: b64(before), update: b64(update) });
      doc = freshDocument();
    };
    let check: ReturnType<typeof checkUpdate>;
    try {
      check = checkUpdate(doc, update, { userId: 'u', writers: new Writers(), isOthersClient: () => false, locked: new Set(), mayEditAgreed: false });
    } catch (err) {
      problem('throw', err);
      continue;
    }
    if (!check.ok) continue;
    accepted++;
    if (round % 10 === 0) {
      const trial = new TrialDocument(doc);
      try {
        trial.judge(check.checked.update, { authorId: 'u', delegationCode: 'MYS' }, round % 20 === 0 ? 'amendments' : 'direct');
      } catch (err) {
        problem('judge', err);
        continue;
      } finally {
        trial.destroy();
      }
    }
    try {
      Y.applyUpdate(doc, check.checked.update);
    } catch (err) {
      problem('throw', err);
      continue;
    }
    if (doc.store.pendingStructs || doc.store.pendingDs) {
      problem('pending', 'Yjs kept part of the update pending');
      continue;
    }
    try {
      declarationFromYDoc(doc);
      Y.encodeStateAsUpdate(doc);
    } catch (err) {
      problem('unreadable', err);
    }
  }
  return { accepted, problems };
}

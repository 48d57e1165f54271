import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation, type Person } from '../helpers/api.js';
import { collabClient, serverCopy, syncRoundTrip, type CollabClient } from '../helpers/collab.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { newClauseId } from '../../shared/editor/ids.js';
import { prng } from '../helpers/random.js';

/**
 * Agreed text is exact (issue 9): a randomized run of legal and hostile edits from several clients
 * (a chair and two delegates, over real sockets) against a real server. After every step, every
 * agreed clause is byte for byte what it was when agreed (text, marks, attributes, sub-paragraphs)
 * in the copy of a client that saw everything, and no other paragraph holds an agreed paragraph's
 * id; at the end the same holds in every client, in storage and after a restart.
 *
 * STEPS (env AGREED_PROPERTY_STEPS, default 2000) and the seed (env AGREED_PROPERTY_SEED) can be set
 * to run longer or to replay a failure; the seed is printed when a check fails.
 */

const STEPS = Number(process.env.AGREED_PROPERTY_STEPS ?? 2000);
const SEED = Number(process.env.AGREED_PROPERTY_SEED ?? Date.now() % 100_000);

const WORDS = ['Member', 'States', 'shall', 'should', 'encourage', 'cooperation', 'ASEAN', 'trafficking', 'cybercrime', 'capacity', 'building', 'regional', '[', ']', ';', ','];

let server: TestServer;
let n: Negotiation;
const live: CollabClient[] = [];

function operative(doc: Y.Doc): Y.XmlElement {
  return doc.getXmlFragment(FRAGMENT).toArray().find((e) => e instanceof Y.XmlElement && e.nodeName === 'operative') as Y.XmlElement;
}

function clauses(doc: Y.Doc): Y.XmlElement[] {
  return operative(doc).toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'clause');
}

function textOf(clause: Y.XmlElement): Y.XmlText | null {
  const body = clause.get(0);
  const text = body instanceof Y.XmlElement ? body.get(0) : null;
  return text instanceof Y.XmlText ? text : null;
}

/** Everything about the agreed clauses: each one's full XML (attributes, text, marks, sub-paragraphs). */
function agreedState(doc: Y.Doc, agreed: ReadonlySet<string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const clause of clauses(doc)) {
    const id = clause.getAttribute('id');
    for (const el of [clause, ...clause.toArray().filter((c) => c instanceof Y.XmlElement && c.nodeName === 'subclause')] as Y.XmlElement[]) {
      const elId = el.getAttribute('id');
      if (typeof elId === 'string' && agreed.has(elId) && el !== clause) found.set(elId, [...(found.get(elId) ?? []), `(a sub-paragraph holding an agreed id)`]);
    }
    if (typeof id === 'string' && agreed.has(id)) found.set(id, [...(found.get(id) ?? []), clause.toString()]);
  }
  return found;
}

function join(person: Person): CollabClient {
  const client = collabClient(server.wsUrl, n.documentId, person.api.cookie, server.origin);
  live.push(client);
  return client;
}

/** A sync round trip: once it returns, the server has judged everything this client sent before. */
const roundTrip = (client: CollabClient) => syncRoundTrip(client);

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
});

afterAll(async () => {
  for (const c of live) c.destroy();
  await server?.stop();
});

describe('agreed text stays exact under random legal and hostile edits', () => {
  it(`${STEPS} random steps from a chair and two delegates (seed ${SEED})`, async () => {
    const rand = prng(SEED);
    const chair = join(n.chair);
    const witness = join(n.observer);
    await Promise.all([chair.synced(), witness.synced()]);
    // Six operative paragraphs, two of them with sub-paragraphs; then three are agreed.
    chair.doc.transact(() => {
      const ops = operative(chair.doc);
      ops.delete(0, ops.length);
      for (let i = 0; i < 6; i++) {
        const clause = new Y.XmlElement('clause');
        clause.setAttribute('id', newClauseId());
        clause.setAttribute('kind', 'operative');
        clause.setAttribute('number', String(i + 1));
        const body = new Y.XmlElement('clauseText');
        const text = new Y.XmlText();
        text.insert(0, `Paragraph ${i + 1}: `, { italic: true });
        text.insert(text.length, 'Encourage ASEAN Member States to strengthen regional cooperation;');
        body.insert(0, [text]);
        clause.insert(0, [body]);
        if (i % 3 === 0) {
          const sub = new Y.XmlElement('subclause');
          sub.setAttribute('id', newClauseId());
          sub.insert(0, [new Y.XmlText('(a) capacity building;')]);
          clause.insert(1, [sub]);
        }
        ops.insert(ops.length, [clause]);
      }
    });
    await roundTrip(chair);
    const ids = clauses(chair.doc).map((c) => c.getAttribute('id') as string);
    const agreed = new Set<string>();
    const baseline = new Map<string, string>();
    const agree = async (id: string, status: 'agreed' | 'open') => {
      await roundTrip(witness);
      const res = await n.chair.api.request('PUT', `/api/documents/${n.documentId}/clauses/${id}/status`, { status });
      // A paragraph holding brackets is not agreed (409): the run goes on without it.
      if (res.status === 409) return;
      expect(res.status).toBe(200);
      await roundTrip(witness);
      if (status === 'agreed') {
        agreed.add(id);
        baseline.set(id, agreedState(witness.doc, new Set([id])).get(id)![0]!);
      } else {
        agreed.delete(id);
        baseline.delete(id);
      }
    };
    for (const id of [ids[0]!, ids[3]!, ids[4]!]) await agree(id, 'agreed');

    const delegates: { person: Person; client: CollabClient }[] = [
      { person: n.mys, client: join(n.mys) },
      { person: n.idn, client: join(n.idn) },
    ];
    await Promise.all(delegates.map((d) => d.client.synced()));
    let refusals = 0;
    let taken = 0;

    const check = (doc: Y.Doc, where: string, step: number) => {
      const state = agreedState(doc, agreed);
      for (const id of agreed) {
        const copies = state.get(id) ?? [];
        if (copies.length !== 1 || copies[0] !== baseline.get(id)) {
          throw new Error(`seed ${SEED}, step ${step}: agreed ${id} in ${where} is ${JSON.stringify(copies)}, expected ${baseline.get(id)}`);
        }
      }
    };

    /** One random change to `doc`: legal (open paragraphs) or hostile (agreed ones, ids, structure). */
    const randomEdit = (doc: Y.Doc, mayTouchAgreed: boolean): string => {
      const all = clauses(doc);
      const open = all.filter((c) => !agreed.has(c.getAttribute('id') as string));
      const locked = all.filter((c) => agreed.has(c.getAttribute('id') as string));
      const word = () => `${rand.pick(WORDS)} `;
      const kinds = mayTouchAgreed
        ? ['insert', 'delete', 'format', 'add', 'remove']
        : ['insert', 'delete', 'format', 'add', 'remove', 'hostile-insert', 'hostile-delete', 'hostile-format', 'hostile-attr', 'hostile-remove', 'hostile-id', 'hostile-across', 'hostile-sub', 'mixed'];
      const kind = rand.pick(kinds);
      const textIn = (list: Y.XmlElement[]) => {
        const clause = list.length ? rand.pick(list) : null;
        return clause ? textOf(clause) : null;
      };
      const insertInto = (t: Y.XmlText | null) => t && t.insert(rand.int(t.length + 1), word(), rand.next() < 0.3 ? { bold: true } : {});
      const deleteFrom = (t: Y.XmlText | null) => {
        if (!t || t.length === 0) return;
        const at = rand.int(t.length);
        t.delete(at, Math.min(t.length - at, 1 + rand.int(12)));
      };
      const newClause = (id: string) => {
        const clause = new Y.XmlElement('clause');
        clause.setAttribute('id', id);
        clause.setAttribute('kind', 'operative');
        const body = new Y.XmlElement('clauseText');
        body.insert(0, [new Y.XmlText(`${word()}${word()}`)]);
        clause.insert(0, [body]);
        return clause;
      };
      doc.transact(() => {
        const ops = operative(doc);
        switch (kind) {
          case 'insert':
            insertInto(textIn(open));
            break;
          case 'delete':
            deleteFrom(textIn(open));
            break;
          case 'format': {
            const t = textIn(open);
            if (t && t.length > 2) t.format(rand.int(t.length - 1), 2, { bold: rand.next() < 0.5 ? true : null });
            break;
          }
          case 'add':
            ops.insert(rand.int(ops.length + 1), [newClause(newClauseId())]);
            break;
          case 'remove': {
            const index = ops.toArray().findIndex((c) => open.includes(c as Y.XmlElement) && !ids.includes((c as Y.XmlElement).getAttribute('id') as string));
            if (index >= 0) ops.delete(index, 1);
            break;
          }
          case 'hostile-insert':
            insertInto(textIn(locked));
            break;
          case 'hostile-delete':
            deleteFrom(textIn(locked));
            break;
          case 'hostile-format': {
            const t = textIn(locked);
            if (t && t.length > 3) t.format(rand.int(t.length - 2), 3, rand.pick([{ bold: true }, { italic: null }, { bracket: { id: 'b1' } }]));
            break;
          }
          case 'hostile-attr':
            if (locked.length) rand.pick(locked).setAttribute(rand.pick(['kind', 'number', 'alternativeOf', 'id']), rand.pick(['preambular', '9', ids[1]!, newClauseId()]));
            break;
          case 'hostile-remove': {
            const index = ops.toArray().findIndex((c) => locked.includes(c as Y.XmlElement));
            if (index >= 0) ops.delete(index, 1 + rand.int(Math.min(2, ops.length - index)));
            break;
          }
          case 'hostile-id':
            if (locked.length) ops.insert(rand.int(ops.length + 1), [newClause(rand.pick(locked).getAttribute('id') as string)]);
            break;
          case 'hostile-across': {
            // A range from an open paragraph's text into the next paragraph, an agreed one.
            const index = ops.toArray().findIndex((c, i) => open.includes(c as Y.XmlElement) && locked.includes(ops.get(i + 1) as Y.XmlElement));
            if (index >= 0) {
              deleteFrom(textOf(ops.get(index) as Y.XmlElement));
              deleteFrom(textOf(ops.get(index + 1) as Y.XmlElement));
            }
            break;
          }
          case 'hostile-sub': {
            const clause = locked.length ? rand.pick(locked) : null;
            const sub = clause?.toArray().find((c) => c instanceof Y.XmlElement && c.nodeName === 'subclause') as Y.XmlElement | undefined;
            if (sub) (sub.get(0) as Y.XmlText).insert(0, word());
            else if (clause) {
              const added = new Y.XmlElement('subclause');
              added.setAttribute('id', newClauseId());
              added.insert(0, [new Y.XmlText('(z) added;')]);
              clause.insert(clause.length, [added]);
            }
            break;
          }
          case 'mixed':
            insertInto(textIn(open));
            insertInto(textIn(locked));
            break;
        }
      });
      return kind;
    };

    for (let step = 0; step < STEPS; step++) {
      const roll = rand.next();
      if (roll < 0.02) {
        // The chair agrees an open paragraph of the original six, or reopens an agreed one.
        const candidates = ids.filter((id) => clauses(witness.doc).some((c) => c.getAttribute('id') === id));
        const id = rand.pick(candidates);
        if (agreed.has(id) && agreed.size > 1) await agree(id, 'open');
        else if (!agreed.has(id)) await agree(id, 'agreed');
        continue;
      }
      const actor = roll < 0.2 ? null : rand.pick(delegates);
      const client = actor ? actor.client : chair;
      const kind = randomEdit(client.doc, actor === null);
      await roundTrip(client);
      if (client.closes.length > 0) {
        // Refused: this copy holds a change the server never took; the page starts a fresh one.
        expect(client.closes[0]!.code, `seed ${SEED}, step ${step}: ${kind} closed with ${client.closes[0]!.reason}`).toBe(4422);
        refusals++;
        client.destroy();
        const fresh = join(actor!.person);
        await fresh.synced();
        actor!.client = fresh;
      } else taken++;
      await roundTrip(witness);
      check(witness.doc, 'the witness copy', step);
    }

    // Every client converges on the same agreed text, and so do storage and a restart.
    for (const c of [chair, witness, ...delegates.map((d) => d.client)]) await roundTrip(c);
    for (const [i, c] of [chair, witness, ...delegates.map((d) => d.client)].entries()) check(c.doc, `client ${i}`, STEPS);
    expect(refusals).toBeGreaterThan(STEPS / 10);
    expect(taken).toBeGreaterThan(STEPS / 10);
    for (const c of live) c.destroy();
    live.length = 0;
    await server.restart();
    check(await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin), 'storage after a restart', STEPS);
  }, 600_000);
});

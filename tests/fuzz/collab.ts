import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { clauseText, collabClient, rawSocket, serverCopy, waitFor } from '../helpers/collab.js';
import { craftUpdate, updateFrame, type Content, type CraftedItem, type Id } from '../helpers/craft.js';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { prng } from '../helpers/random.js';

/**
 * A fuzz run against the collaboration socket of a real server: malformed frames, mutated honest
 * updates, and crafted updates with random parents, origins, clocks, root types, contents and
 * deletions, from a delegate, for a bounded time. It must end with the server up, every document
 * loadable, and the honest text (an agreed paragraph included) exactly as it was.
 *
 * `npm run fuzz` runs it for FUZZ_SECONDS (default 120); the test suite runs a short one.
 */

export interface FuzzReport {
  attempts: number;
  closes: Record<string, number>;
  seconds: number;
}

const STRINGS = ['x', 'Encourage ', '\u0000', '\ud800', '[shall]', 'Việt Nam', 'Российская', 'العربية', '中文', '🙂', 'a'.repeat(300)];
const NAMES = ['clause', 'clauseText', 'subclause', 'preamble', 'operative', 'title', 'formula', 'paragraph', 'script', ''];
const KEYS = ['insertion', 'deletion', 'bracket', 'bold', 'italic', 'color', '__proto__'];
const SUBS = ['id', 'kind', 'number', 'alternativeOf', 'constructor', ''];

export async function fuzzCollab(options: { seconds: number; seed: number; server?: TestServer }): Promise<FuzzReport> {
  const rand = prng(options.seed);
  const server = options.server ?? (await TestServer.start({ LOG_LEVEL: 'warn' }));
  const report: FuzzReport = { attempts: 0, closes: {}, seconds: options.seconds };
  try {
    const n: Negotiation = await negotiation(server.url);
    // An honest text with an agreed paragraph, and honest updates to mutate.
    const chair = collabClient(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
    await chair.synced();
    const honest: Uint8Array[] = [];
    chair.doc.on('update', (u: Uint8Array) => honest.push(u));
    clauseText(chair.doc, 'preamble', 0).insert(0, 'Recalling the ASEAN Convention Against Trafficking in Persons;');
    clauseText(chair.doc, 'operative', 0).insert(0, 'Encourage ASEAN Member States to strengthen cooperation;');
    clauseText(chair.doc, 'operative', 0).format(0, 9, { italic: true });
    clauseText(chair.doc, 'preamble', 0).insert(9, ' strongly', { insertion: { amendmentId: 'a1', delegationCode: 'PHL', authorId: n.chair.user.id } });
    await waitFor(() => honest.length >= 4, 'honest updates');
    const agreedId = (((chair.fragment.get(3) as Y.XmlElement).get(0)) as Y.XmlElement).getAttribute('id') as string;
    const status = await n.chair.api.request('PUT', `/api/documents/${n.documentId}/clauses/${agreedId}/status`, { status: 'agreed' });
    if (status.status !== 200) throw new Error(`could not agree OP1: ${status.status}`);
    const before = await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
    // A delegate may change open text in the direct phase: what must hold is the agreed paragraph.
    const agreedXml = (doc: Y.Doc) => {
      const operative = doc.getXmlFragment(FRAGMENT).toArray().find((e) => e instanceof Y.XmlElement && e.nodeName === 'operative') as Y.XmlElement | undefined;
      return (operative?.toArray() ?? []).filter((c) => c instanceof Y.XmlElement && c.getAttribute('id') === agreedId).map((c) => c.toString());
    };
    const expected = JSON.stringify(agreedXml(before));
    const knownIds: Id[] = [];
    for (const structs of before.store.clients.values()) {
      for (const s of structs) knownIds.push({ client: s.id.client, clock: s.id.clock }, { client: s.id.client, clock: s.id.clock + s.length - 1 });
    }
    const chairClient = chair.doc.clientID;

    const randomId = (): Id => {
      const r = rand.next();
      if (r < 0.6 && knownIds.length) return rand.pick(knownIds);
      if (r < 0.8) return { client: chairClient, clock: rand.int(400) };
      return { client: rand.int(2 ** 32), clock: rand.int(1000) };
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
          return { format: rand.pick(KEYS), value: rand.pick([null, true, { amendmentId: 'a1', delegationCode: 'MYS', authorId: n.mys.user.id }, { amendmentId: 'a1', delegationCode: 'PHL', authorId: n.chair.user.id }, 'x'.repeat(rand.int(5000))]) };
        default:
          return { any: [rand.pick([agreedId, 'x', 1, null, { a: 1 }, 'y'.repeat(rand.int(4000))])] };
      }
    };
    const crafted = (): Uint8Array => {
      const client = rand.next() < 0.8 ? 1_000_000 + rand.int(1000) : rand.next() < 0.5 ? chairClient : rand.int(2 ** 32);
      let clock = rand.next() < 0.8 ? 0 : rand.int(50);
      const items: CraftedItem[] = [];
      const count = 1 + rand.int(rand.next() < 0.1 ? 3000 : 8);
      for (let i = 0; i < count; i++) {
        const content = randomContent();
        const item: CraftedItem = { client, clock, content };
        const how = rand.int(4);
        if (how === 0) item.origin = i > 0 && rand.next() < 0.5 ? { client, clock: clock - 1 } : randomId();
        else if (how === 1) item.rightOrigin = randomId();
        else if (how === 2) item.parent = rand.next() < 0.3 ? rand.pick([FRAGMENT, 'comments', `r${rand.int(100)}`]) : i > 0 && rand.next() < 0.5 ? { client, clock: clock - 1 } : randomId();
        else {
          item.origin = randomId();
          item.rightOrigin = randomId();
        }
        if (!item.origin && !item.rightOrigin && rand.next() < 0.3) item.parentSub = rand.pick(SUBS);
        items.push(item);
        clock += 'string' in content ? content.string.length : 'any' in content ? content.any.length : 1;
      }
      const deletes = new Map<number, [number, number][]>();
      if (rand.next() < 0.4) {
        const target = randomId();
        deletes.set(target.client, [[target.clock, 1 + rand.int(rand.next() < 0.1 ? 100_000 : 20)]]);
      }
      return craftUpdate(rand.next() < 0.1 ? [] : items, deletes);
    };
    const mutated = (): Uint8Array => {
      const source = rand.pick(honest);
      const bytes = new Uint8Array(source);
      const flips = 1 + rand.int(4);
      for (let i = 0; i < flips; i++) bytes[rand.int(bytes.length)] = rand.int(256);
      if (rand.next() < 0.3) return bytes.slice(0, rand.int(bytes.length));
      return bytes;
    };
    const garbageFrame = (): Uint8Array => {
      const e = encoding.createEncoder();
      const kind = rand.int(4);
      if (kind === 0) for (let i = 0, len = rand.int(64); i < len; i++) encoding.writeUint8(e, rand.int(256));
      else if (kind === 1) {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, rand.int(4));
        encoding.writeVarUint8Array(e, mutated());
      } else if (kind === 2) {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(e, mutated());
      } else {
        encoding.writeVarUint(e, rand.int(10));
      }
      return encoding.toUint8Array(e);
    };

    const deadline = Date.now() + options.seconds * 1000;
    while (Date.now() < deadline) {
      const socket = rawSocket(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
      await socket.opened;
      let closed: { code: number; reason: string } | null = null;
      void socket.closed.then((c) => (closed = c));
      // A few frames per socket, until the server closes it (or they all stood).
      for (let i = 0; i < 5 && !closed && socket.ws.readyState === 1; i++) {
        const r = rand.next();
        socket.ws.send(r < 0.45 ? updateFrame(crafted()) : r < 0.85 ? updateFrame(mutated()) : garbageFrame());
        report.attempts++;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      socket.ws.close();
      const c = await Promise.race([socket.closed, new Promise<{ code: number; reason: string }>((resolve) => setTimeout(() => resolve({ code: 0, reason: 'no close' }), 5_000))]);
      const key = String(c.code);
      report.closes[key] = (report.closes[key] ?? 0) + 1;
    }
    chair.destroy();

    // The server is up, the document loads (over HTTP and over the socket), and its agreed text is exact.
    const read = await n.chair.api.request('GET', `/api/documents/${n.documentId}/text`);
    if (read.status !== 200) throw new Error(`GET /text answered ${read.status} after fuzzing`);
    for (const format of ['html', 'docx', 'pdf', 'akn']) {
      const res = await n.chair.api.request('GET', `/api/documents/${n.documentId}/export?format=${format}`);
      if (res.status !== 200) throw new Error(`the ${format} export answered ${res.status} after fuzzing`);
    }
    const after = await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
    const now = JSON.stringify(agreedXml(after));
    if (now !== expected) throw new Error(`the agreed paragraph changed under fuzzing:\n${expected}\n---\n${now}`);
    await server.restart();
    const reloaded = await serverCopy(server.wsUrl, n.documentId, n.chair.api.cookie, server.origin);
    if (JSON.stringify(agreedXml(reloaded)) !== expected) throw new Error('the stored agreed paragraph changed under fuzzing');
    const text = await n.chair.api.request('GET', `/api/documents/${n.documentId}/text`);
    if (text.status !== 200) throw new Error(`GET /text answered ${text.status} after a restart`);
    return report;
  } finally {
    if (!options.server) await server.stop();
  }
}

/**
 * npm run bench (second part): the record's routes on realistic sizes, through the real server
 * (SQLite, synchronous=FULL): full-text search over 200 adopted texts, comparing two versions of a
 * 120-paragraph declaration, and exporting it in every format.
 */
import { TestServer } from '../helpers/server.js';
import { negotiation, type Person } from '../helpers/api.js';
import type { DocumentSummary } from '../../shared/api/types.js';
import { collabClient } from '../helpers/collab.js';
import { editDeclaration } from '../../server/collab/edit.js';
import { clausesOf } from '../../shared/editor/outline.js';

const ADOPTED = Number(process.env.BENCH_ADOPTED ?? 200);
const PARAGRAPHS = 120;
const RUNS = 30;

const LEADS = ['Recalling', 'Reaffirming', 'Noting with concern', 'Welcoming', 'Recognising', 'Bearing in mind'];
const VERBS = ['Calls upon', 'Encourages', 'Requests', 'Urges', 'Decides', 'Invites'];
const TOPICS = [
  'trafficking in persons', 'illicit drug trafficking', 'cybercrime', 'money laundering', 'terrorism financing',
  'maritime security', 'people smuggling', 'arms smuggling', 'the prevention of violent extremism', 'border management',
  'wildlife and timber trafficking', 'economic crime', 'the protection of victims', 'the role of women and youth',
];
const VENUES = ['Kuala Lumpur', 'Jakarta', 'Manila', 'Bangkok', 'Hanoi', 'Vientiane', 'Nay Pyi Taw', 'Singapore'];

const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;

function draft(seed: number, paragraphs: number) {
  const half = Math.floor(paragraphs / 3);
  return {
    title: `Joint Statement of the ${seed + 1}th Meeting on ${pick(TOPICS, seed)}`,
    formula: 'We, the Ministers responsible for transnational crime of the ASEAN Member States,',
    preambular: Array.from({ length: half }, (_, i) => ({ lead: pick(LEADS, i + seed), text: `the regional cooperation against ${pick(TOPICS, i * 7 + seed)} agreed at the ${i + 2}th meeting,` })),
    operative: Array.from({ length: paragraphs - half }, (_, i) => ({
      lead: pick(VERBS, i + seed),
      text: `Member States to strengthen cooperation in combating ${pick(TOPICS, i * 5 + seed)} and ${pick(TOPICS, i * 3 + seed + 1)} through the sharing of information among law enforcement agencies;`,
    })),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(person: Person, path: string): Promise<number> {
  const start = performance.now();
  const res = await person.api.request('GET', path);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return performance.now() - start;
}

async function measure(person: Person, paths: string[]): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timed(person, paths[i % paths.length]!));
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const fmt = (m: { p50: number; p95: number }) => `p50 ${m.p50.toFixed(1)} ms   p95 ${m.p95.toFixed(1)} ms`;

const server = await TestServer.start({ LOG_LEVEL: 'warn' });
try {
  const n = await negotiation(server.url);
  const create = async (seed: number, paragraphs: number) => {
    const { document } = await n.secretariat.api.json<{ document: DocumentSummary }>(
      'POST',
      '/api/documents/import',
      { ...draft(seed, paragraphs), symbol: `SOMTC/${2000 + (seed % 25)}/L.${seed + 1}`, venue: pick(VENUES, seed), numbering: 'un' },
      201,
    );
    await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.chair.user.id}`, { role: 'chair' });
    await n.secretariat.api.json('PUT', `/api/documents/${document.id}/members/${n.mys.user.id}`, { role: 'delegate' });
    return document.id;
  };

  const fillStart = performance.now();
  for (let i = 0; i < ADOPTED; i++) {
    const id = await create(i, 12);
    await n.chair.api.json('POST', `/api/documents/${id}/adopt`, { adoptedAt: new Date(Date.UTC(2000 + (i % 25), i % 12, 1 + (i % 27))).toISOString() });
  }
  const fillMs = performance.now() - fillStart;
  const queries = ['trafficking', '"law enforcement agencies"', 'maritime security', 'cybercrime&year=2010', 'smuggling&venue=manila', 'victims&delegation=MYS'];
  const search = await measure(n.secretariat, queries.map((q) => `/api/archive?q=${q.includes('&') ? q.replace(/ /g, '%20') : encodeURIComponent(q)}`));

  // A long declaration: the zero draft, then a second version with a tenth of its paragraphs changed.
  const id = await create(7, PARAGRAPHS);
  await n.chair.api.json('POST', `/api/documents/${id}/revisions`, { note: 'Zero draft' }, 201);
  const copy = collabClient(server.wsUrl, id, n.chair.api.cookie, server.origin);
  await copy.synced();
  editDeclaration(copy.doc, (state) => {
    const tr = state.tr;
    clausesOf(state.doc)
      .filter((_, i) => i % 10 === 5)
      .reverse()
      .forEach((c) => tr.insertText(' and in full respect of international law', c.pos + 1 + c.node.child(0).nodeSize - 2));
    return tr;
  });
  const changed = async () => (await n.chair.api.request('GET', `/api/documents/${id}/text`)).text();
  while (!(await changed()).includes('full respect')) await new Promise((r) => setTimeout(r, 20));
  copy.destroy();
  const compare = await measure(n.mys, [`/api/documents/${id}/compare?from=0&to=live`]);
  const exports: string[] = [];
  for (const format of ['txt', 'md', 'html', 'json', 'akn', 'docx', 'pdf']) {
    exports.push(`${format} ${fmt(await measure(n.mys, [`/api/documents/${id}/export?format=${format}`]))}`);
  }

  // The issue's size figure: a 20-paragraph Latin text, its PDF with embedded (subset) fonts, against 1 MB.
  const twenty = await create(8, 20);
  const pdfBytes = async (documentId: string) => (await n.mys.api.request('GET', `/api/documents/${documentId}/export?format=pdf`)).arrayBuffer().then((b) => b.byteLength);
  const twentySize = await pdfBytes(twenty);
  const longSize = await pdfBytes(id);

  console.log(`Accord's record, one machine, SQLite (synchronous=FULL), ${RUNS} requests each`);
  console.log(`  ${ADOPTED} texts imported and adopted in ${(fillMs / 1000).toFixed(1)} s (${(fillMs / ADOPTED).toFixed(1)} ms per adoption, all steps)`);
  console.log(`  archive search over ${ADOPTED} adopted texts (words, phrases, filters): ${fmt(search)}`);
  console.log(`  compare a ${PARAGRAPHS}-paragraph declaration with its zero draft (12 paragraphs changed): ${fmt(compare)}`);
  console.log(`  export the ${PARAGRAPHS}-paragraph draft:`);
  for (const line of exports) console.log(`    ${line}`);
  console.log(`  PDF size, fonts embedded as subsets: 20 paragraphs ${(twentySize / 1024).toFixed(1)} KB (${((twentySize / 1_048_576) * 100).toFixed(1)}% of the 1 MB bound); ${PARAGRAPHS} paragraphs ${(longSize / 1024).toFixed(1)} KB`);
} finally {
  await server.stop();
}

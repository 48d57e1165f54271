/**
 * npm run bench: how long a keystroke takes to reach another editor through the server, which stores
 * it first. Starts the real server (SQLite, synchronous=FULL) on a random port, two WebsocketProvider
 * clients, and types one character at a time, waiting for each to arrive before the next.
 */
import { TestServer } from '../helpers/server.js';
import { negotiation } from '../helpers/api.js';
import { clauseLength, clauseText, collabClient, waitFor } from '../helpers/collab.js';

const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 500);
const EDITORS = Number(process.env.BENCH_EDITORS ?? 20);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const server = await TestServer.start({ LOG_LEVEL: 'warn' });
try {
  const n = await negotiation(server.url);
  const a = collabClient(server.wsUrl, n.documentId, n.mys.api.cookie, server.origin);
  const b = collabClient(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin);
  await Promise.all([a.synced(), b.synced()]);
  const typing = clauseText(a.doc, 'operative', 0);
  await waitFor(() => b.fragment.toString() === a.fragment.toString(), 'initial sync');
  const seen = () => clauseLength(b.doc, 'operative', 0);

  const latencies: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const before = seen();
    const start = performance.now();
    typing.insert(typing.length, 'x');
    while (seen() === before) await new Promise((r) => setImmediate(r));
    latencies.push(performance.now() - start);
  }
  latencies.sort((x, y) => x - y);

  // Many editors typing at once into one paragraph: every keystroke reaches every other editor.
  clauseText(a.doc, 'preamble', 0).insert(0, 'Recalling ');
  const seeded = clauseText(a.doc, 'preamble', 0).length;
  await waitFor(() => clauseLength(b.doc, 'preamble', 0) === seeded, 'the paragraph to be seeded');
  const crowd = [] as ReturnType<typeof collabClient>[];
  const people = [n.mys, n.idn, n.chair];
  for (let i = 0; i < EDITORS; i++) {
    crowd.push(collabClient(server.wsUrl, n.documentId, people[i % people.length]!.api.cookie, server.origin));
  }
  await Promise.all(crowd.map((c) => c.synced()));
  const perEditor = 50;
  const start = performance.now();
  await Promise.all(
    crowd.map(async (c, i) => {
      for (let k = 0; k < perEditor; k++) {
        clauseText(c.doc, 'preamble', 0).insert(0, String.fromCharCode(97 + (i % 26)));
        await new Promise((r) => setTimeout(r, 5));
      }
    }),
  );
  await waitFor(() => {
    const texts = crowd.map((c) => clauseLength(c.doc, 'preamble', 0));
    return texts.every((t) => t === texts[0]) && texts[0]! === seeded + EDITORS * perEditor;
  }, 'all editors to converge', 20_000).catch((err: unknown) => {
    console.error(crowd.map((c) => `${clauseLength(c.doc, 'preamble', 0)}:${c.closes.map((x) => x.code).join('/')}`).join(' '));
    throw err;
  });
  const crowdMs = performance.now() - start;

  console.log('Accord keystroke latency, editor A -> server (stored) -> editor B, one machine');
  console.log(`  keystrokes: ${KEYSTROKES}`);
  console.log(`  p50 ${percentile(latencies, 50).toFixed(2)} ms   p95 ${percentile(latencies, 95).toFixed(2)} ms   p99 ${percentile(latencies, 99).toFixed(2)} ms   max ${latencies.at(-1)!.toFixed(2)} ms`);
  console.log(`${EDITORS} editors typing ${perEditor} characters each at once: all copies converged in ${crowdMs.toFixed(0)} ms`);
  for (const c of [a, b, ...crowd]) c.destroy();
} finally {
  await server.stop();
}

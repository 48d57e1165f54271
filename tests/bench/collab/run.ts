/**
 * npm run bench:collab: Accord side by side with the bare @y/websocket-server relay and Hocuspocus
 * (issue 13). Each server runs in its own process with probe.ts preloaded; this driver runs the same
 * scenarios against each in turn with unmodified providers and prints a Markdown table.
 *
 * Knobs: BENCH_SERVERS=relay,hocuspocus,accord-sqlite,accord-postgres  BENCH_SCENARIOS=fanout,ingest,connect,open,keystroke
 * BENCH_READERS=50,200  BENCH_FANOUT_OPS=500  BENCH_SOCKETS=5000  BENCH_DOCUMENTS=500  BENCH_CPU_PROF=accord-sqlite
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Access } from './access.js';
import { fanout } from './fanout.js';
import { rows, table, type Figures } from './report.js';
import { ALL_SERVERS, LABELS, ServerProcess, type ServerName } from './servers.js';

const list = (value: string | undefined, fallback: string[]) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : fallback);
const servers = list(process.env.BENCH_SERVERS, ALL_SERVERS) as ServerName[];
for (const name of servers) if (!ALL_SERVERS.includes(name)) throw new Error(`unknown server ${name}; known: ${ALL_SERVERS.join(', ')}`);
const scenarios = new Set(list(process.env.BENCH_SCENARIOS, ['fanout', 'ingest', 'connect', 'open', 'keystroke']));
const readerCounts = list(process.env.BENCH_READERS, ['50', '200']).map(Number);
const sockets = Number(process.env.BENCH_SOCKETS ?? 5000);
const documents = Number(process.env.BENCH_DOCUMENTS ?? 500);
const profiled = list(process.env.BENCH_CPU_PROF, []);

const results: Partial<Record<ServerName, Figures>> = {};
const notes: string[] = [];
const runStarted = performance.now();

for (const name of servers) {
  const profileDir = join(tmpdir(), 'accord-bench-profiles');
  const nodeArgs = profiled.includes(name) ? (mkdirSync(profileDir, { recursive: true }), ['--cpu-prof', '--cpu-prof-dir', profileDir]) : [];
  console.error(`\n${LABELS[name]}: starting`);
  const server = await ServerProcess.start(name, nodeArgs);
  const figures: Figures = (results[name] = {});
  try {
    const access = await Access.prepare(server);
    const step = async (scenario: string, body: () => Promise<void>) => {
      if (!scenarios.has(scenario)) return;
      const started = performance.now();
      try {
        await body();
      } catch (error) {
        notes.push(`${LABELS[name]}, ${scenario}: failed: ${(error as Error).message.split('\n')[0]}`);
        console.error(error);
      }
      console.error(`${LABELS[name]}: ${scenario} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    };
    for (const readers of readerCounts) {
      await step('fanout', async () => {
        const r = await fanout(server, access, readers);
        figures[`fanout${readers}.p50`] = r.p50Ms;
        figures[`fanout${readers}.p99`] = r.p99Ms;
        figures[`fanout${readers}.cpu`] = r.cpuPerOpUs;
        console.error(`  ${readers} readers: p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ${Math.round(r.cpuPerOpUs)} us CPU/op (${r.samples} receipts)`);
      });
    }
  } finally {
    await server.stop();
    if (nodeArgs.length) notes.push(`${LABELS[name]}: CPU profile written to ${profileDir}`);
  }
}

console.log(`\n## Collaboration servers side by side (${new Date().toISOString().slice(0, 10)}, ${((performance.now() - runStarted) / 1000).toFixed(0)} s)\n`);
console.log(table(rows(readerCounts, sockets, documents), servers, results));
if (notes.length) console.log(`\n${notes.map((n) => `- ${n}`).join('\n')}`);

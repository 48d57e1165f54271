/**
 * npm run bench:cluster: Accord as one instance and as two (issue 14, "Measured"), on PostgreSQL and
 * Redis, in one run, side by side. For each size a fresh PostgreSQL database and a Redis prefix of its
 * own (tests/helpers/cluster.ts: every instance a child process of this driver, stopped at the end):
 * fan-out with the readers spread over the instances, total ingest with the writers spread over them
 * (with the CPU of each instance, of PostgreSQL and of Redis), and live events from a POST on one
 * instance to event streams on each. The clients are the collab bench's (tests/bench/collab/clients.ts):
 * unmodified y-websocket providers with signed-in sessions.
 *
 * Knobs: BENCH_CLUSTER_SIZES=1,2  BENCH_CLUSTER_SCENARIOS=fanout,ingest,events  BENCH_READERS=50
 * BENCH_FANOUT_OPS=500  BENCH_INGEST_DOCUMENTS=40  BENCH_INGEST_UPDATES=500  BENCH_INGEST_WRITERS=1 (per document)
 * BENCH_EVENTS=200  BENCH_EVENTS_RATE=20
 */
import { cpus, loadavg } from 'node:os';
import { TestCluster } from '../helpers/cluster.js';
import { WRITER_RATE } from './collab/writers.js';
import { ClusterAccess } from './cluster/access.js';
import { describeShare, watch } from './cluster/cpu.js';
import { EVENTS_SHAPE, liveEvents } from './cluster/events.js';
import { fanout } from './cluster/fanout.js';
import { ingest, INGEST_SHAPE } from './cluster/ingest.js';
import { rows, table, type Figures } from './cluster/report.js';

const list = (value: string | undefined, fallback: string[]) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : fallback);
const sizes = list(process.env.BENCH_CLUSTER_SIZES, ['1', '2']).map(Number);
const scenarios = new Set(list(process.env.BENCH_CLUSTER_SCENARIOS, ['fanout', 'ingest', 'events']));
const readerCounts = list(process.env.BENCH_READERS, ['50']).map(Number);

const results: Record<number, Figures> = {};
const notes: string[] = [];
const loads: number[] = [loadavg()[0]!];
const runStarted = performance.now();

for (const size of sizes) {
  const label = size === 1 ? '1 instance' : `${size} instances`;
  console.error(`\n${label}: starting`);
  const cluster = await TestCluster.start(size);
  const figures: Figures = (results[size] = {});
  try {
    const instances = cluster.instances;
    const access = await ClusterAccess.prepare(instances[0]!);
    const databaseName = new URL(cluster.database.url).pathname.slice(1);
    const watched = watch(instances.map((i) => i.pid!), databaseName);
    const step = async (scenario: string, body: () => Promise<void>) => {
      if (!scenarios.has(scenario)) return;
      const started = performance.now();
      try {
        await body();
      } catch (error) {
        notes.push(`${label}, ${scenario}: failed: ${(error as Error).message.split('\n')[0]}`);
        console.error(error);
      }
      loads.push(loadavg()[0]!);
      console.error(`${label}: ${scenario} took ${((performance.now() - started) / 1000).toFixed(1)} s (load ${loadavg()[0]!.toFixed(1)})`);
    };
    for (const readers of readerCounts) {
      await step('fanout', async () => {
        const r = await fanout(instances, access, readers);
        figures[`fanout${readers}.local.p50`] = r.local.p50;
        figures[`fanout${readers}.local.p99`] = r.local.p99;
        if (r.remote.samples) {
          figures[`fanout${readers}.remote.p50`] = r.remote.p50;
          figures[`fanout${readers}.remote.p99`] = r.remote.p99;
        }
        console.error(
          `  ${readers} readers: on the writer's instance p50 ${r.local.p50.toFixed(2)} ms, p99 ${r.local.p99.toFixed(2)} ms (${r.local.samples} receipts)` +
            (r.remote.samples ? `; on the other p50 ${r.remote.p50.toFixed(2)} ms, p99 ${r.remote.p99.toFixed(2)} ms (${r.remote.samples} receipts)` : ''),
        );
      });
    }
    await step('ingest', async () => {
      const r = await ingest(instances, access, watched, cluster.database.url);
      figures['ingest.rate'] = r.updatesPerSecond;
      figures['ingest.offered'] = r.offeredPerSecond;
      figures['ingest.cost.instances'] = (1000 * r.cpu.ms.instances.reduce((a, b) => a + b, 0)) / r.updates;
      figures['ingest.cost.backends'] = (1000 * r.cpu.ms.backends) / r.updates;
      figures['ingest.commits'] = r.commitsPerUpdate;
      figures['ingest.cpu.a'] = r.cpu.instances[0];
      if (r.cpu.instances.length > 1) figures['ingest.cpu.b'] = r.cpu.instances[1];
      figures['ingest.cpu.backends'] = r.cpu.backends;
      figures['ingest.cpu.postgresAux'] = r.cpu.postgresAux;
      figures['ingest.cpu.redis'] = r.cpu.redis;
      figures['ingest.cpu.driver'] = r.cpu.driver;
      console.error(`  ingest: ${Math.round(r.updatesPerSecond)} updates/s of ${r.updates} (offered ${r.offeredPerSecond}/s), ${r.commitsPerUpdate.toFixed(3)} PostgreSQL commits per update; CPU: ${describeShare(r.cpu)}`);
    });
    await step('events', async () => {
      const r = await liveEvents(instances, access);
      figures['events.local.p50'] = r.local.p50;
      figures['events.local.p99'] = r.local.p99;
      if (r.remote.samples) {
        figures['events.remote.p50'] = r.remote.p50;
        figures['events.remote.p99'] = r.remote.p99;
        figures['events.crossing.p50'] = r.crossing.p50;
        figures['events.crossing.p99'] = r.crossing.p99;
      }
      console.error(
        `  events: on the posting instance p50 ${r.local.p50} ms, p99 ${r.local.p99} ms` + (r.remote.samples ? `; on the other p50 ${r.remote.p50} ms, p99 ${r.remote.p99} ms` : ''),
      );
    });
  } finally {
    await cluster.stop();
  }
}

const { documents, writersPerDocument, updates } = INGEST_SHAPE;
const ingestLabel = `${documents} docs x ${writersPerDocument} writer${writersPerDocument > 1 ? 's' : ''} x ${updates.toLocaleString('en')} updates`;
const eventsLabel = `${EVENTS_SHAPE.events} threads posted on instance A at ${EVENTS_SHAPE.rate}/s`;
console.log(`\n## Accord as one instance and as two, on PostgreSQL and Redis (${new Date().toISOString().slice(0, 10)}, ${((performance.now() - runStarted) / 1000).toFixed(0)} s)\n`);
console.log(table(rows(readerCounts, ingestLabel, eventsLabel), sizes, results));
console.log(
  `\nLoad average (1 min) ${loads.map((l) => l.toFixed(1)).join(', ')} (at the start and after each scenario), on ${cpus().length} cores shared with other work. ` +
    'What limits it: the instances, PostgreSQL, Redis and this driver (every client) share those 2 cores with whatever else runs (the load average), so a second instance brings no core of its own; ' +
    'each instance stores through its own pool of 10 PostgreSQL connections (db/index.ts), for which its rooms queue, so their batches grow with the load: a second instance runs more commits at once, ' +
    'but each commits smaller batches (commits per update above), which costs PostgreSQL and the instances more CPU per update.',
);
console.log(
  `\nFan-out: the writer on instance A types one character every 10 ms; readers alternate between the instances (all on A with one instance); latency from the insert to each reader's provider applying it, ` +
    `${Number(process.env.BENCH_FANOUT_OPS ?? 500)} ops after 100 warm-up ops. ` +
    `Ingest: documents alternate between the instances (writer k of document d on instance (d + k) mod n), each writer at ${WRITER_RATE} updates/s; ` +
    'updates/s = all updates / time until each writer had its last acknowledged (stored first), and every document is then read back through another instance and holds every update. ' +
    'CPU: user + system from /proc/<pid>/stat over the ingest, as a share of one core (200% is both). ' +
    'Live events: from just before the POST to the thread event arriving on the stream (Date.now(), 1 ms resolution), each POST waited for on every stream before the next.',
);
if (notes.length) console.log(`\n${notes.map((n) => `- ${n}`).join('\n')}`);

/**
 * Ingest across instances: DOCUMENTS documents, WRITERS_PER_DOCUMENT writers each, the writers spread
 * over the instances in turn, every writer sending UPDATES one-character updates at the collab bench's
 * fixed WRITER_RATE (under Accord's per-socket limit). Throughput is all updates / time until every
 * writer's last update was acknowledged (stored first: Accord answers a sync step 1 only after what
 * came before it). The CPU of each instance, of the database's PostgreSQL backends and of Redis is
 * read over the same interval. Afterwards every document is read back through another instance than
 * its first writer's, and must hold every update.
 */
import type { TestServer } from '../../helpers/server.js';
import { type BenchClient, ensureSkeleton, openClient, typedLength } from '../collab/clients.js';
import { typeAll, WRITER_RATE } from '../collab/writers.js';
import { addressOf, type ClusterAccess } from './access.js';
import { committedTransactions } from './commits.js';
import { cpuShare, readCpu, type CpuShare, type Watched } from './cpu.js';

// 40 writers offer 9,600 updates/s, more than one instance stores on this machine (about 4,000-5,000/s
// measured): the figure is then what the cluster can take, not what was offered.
const DOCUMENTS = Number(process.env.BENCH_INGEST_DOCUMENTS ?? 40);
const WRITERS_PER_DOCUMENT = Number(process.env.BENCH_INGEST_WRITERS ?? 1);
const UPDATES = Number(process.env.BENCH_INGEST_UPDATES ?? 500);

export interface IngestResult {
  updates: number;
  updatesPerSecond: number;
  /** What the writers offered, in updates/s: a rate at this figure means the cluster kept up. */
  offeredPerSecond: number;
  cpu: CpuShare;
  /** PostgreSQL transactions committed in the run's database per update (the read-back's few included). */
  commitsPerUpdate: number;
}

export const INGEST_SHAPE = { documents: DOCUMENTS, writersPerDocument: WRITERS_PER_DOCUMENT, updates: UPDATES };

export async function ingest(instances: TestServer[], access: ClusterAccess, watched: Watched, databaseUrl: string): Promise<IngestResult> {
  const documents = await access.documents(DOCUMENTS, `ingest-${instances.length}`);
  const writerCount = DOCUMENTS * WRITERS_PER_DOCUMENT;
  // Sessions for the writers, then for the readers that read every document back afterwards.
  const cookies = await access.cookiesFor(writerCount + DOCUMENTS);
  // Writer k of document d on instance (d + k) mod n: documents alternate between the instances, and
  // with BENCH_INGEST_WRITERS=2 every document has a writer on each (each update then crosses Redis).
  const at = (d: number, k: number) => instances[(d + k) % instances.length]!;
  const writers: BenchClient[] = documents.flatMap((d, i) =>
    Array.from({ length: WRITERS_PER_DOCUMENT }, (_, k) => openClient(addressOf(at(i, k)), d, cookies[i * WRITERS_PER_DOCUMENT + k]!, at(i, k).origin)),
  );
  try {
    await Promise.all(writers.map((w) => w.synced()));
    for (let i = 0; i < documents.length; i++) {
      ensureSkeleton(writers[i * WRITERS_PER_DOCUMENT]!.doc);
      await writers[i * WRITERS_PER_DOCUMENT]!.flushed();
    }
    await Promise.all(writers.map((w) => w.flushed()));
    const bases = documents.map((_, i) => typedLength(writers[i * WRITERS_PER_DOCUMENT]!.doc));
    const commitsBefore = await committedTransactions(databaseUrl);
    const before = readCpu(watched);
    const ms = await typeAll(writers, UPDATES);
    const after = readCpu(watched);
    await readBack(instances, documents, cookies.slice(writerCount), (d) => (d + 1) % instances.length, bases.map((b) => b + WRITERS_PER_DOCUMENT * UPDATES));
    const commits = (await committedTransactions(databaseUrl)) - commitsBefore;
    const total = writerCount * UPDATES;
    return { updates: total, updatesPerSecond: total / (ms / 1000), offeredPerSecond: writerCount * WRITER_RATE, cpu: cpuShare(before, after), commitsPerUpdate: commits / total };
  } finally {
    for (const w of writers) w.destroy();
  }
}

/** A fresh client per document, on the instance `on(d)` names, must see every update typed. */
async function readBack(instances: TestServer[], documents: string[], cookies: string[], on: (d: number) => number, expected: number[]): Promise<void> {
  const readers = documents.map((d, i) => {
    const instance = instances[on(i)]!;
    return openClient(addressOf(instance), d, cookies[i]!, instance.origin);
  });
  try {
    await Promise.all(readers.map((r) => r.synced()));
    const short = readers.map((r, i) => ({ i, length: typedLength(r.doc) })).filter((r) => r.length !== expected[r.i]);
    if (short.length) {
      const first = short[0]!;
      throw new Error(`read back: ${short.length} documents differ (document ${first.i} has ${first.length} characters, not ${expected[first.i]})`);
    }
  } finally {
    for (const r of readers) r.destroy();
  }
}

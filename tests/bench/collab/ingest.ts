/**
 * Ingest: 20 documents, one writer each, 2,000 one-character updates per writer at WRITER_RATE
 * (writers.ts). The server's CPU per update (process.cpuUsage() over the whole ingest / updates),
 * updates/s (all updates / time until every writer's last update was acknowledged) and the event-loop
 * delay p99 in the server during the ingest (monitorEventLoopDelay, reset at the start).
 */
import type { Access } from './access.js';
import { cpuBreakdown, cpuMicros, type CpuBreakdown, type ServerProcess } from './servers.js';
import { openWriters, typeAll } from './writers.js';

const DOCUMENTS = Number(process.env.BENCH_INGEST_DOCUMENTS ?? 20);
const UPDATES = Number(process.env.BENCH_INGEST_UPDATES ?? 2000);

export interface IngestResult {
  cpuPerUpdateUs: number;
  /** The CPU over the ingest, split (divide by `updates`). */
  cpu: CpuBreakdown;
  updates: number;
  updatesPerSecond: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  loopDelaySamples: number;
}

export async function ingest(server: ServerProcess, access: Access): Promise<IngestResult> {
  const documents = await access.documents(DOCUMENTS, 'ingest');
  const writers = await openWriters(server, access, documents, 1);
  try {
    // The delay monitor's timer costs every server the same; it runs only here, where it is reported.
    await server.watchLoopDelay();
    const before = await server.stats();
    const ms = await typeAll(writers, UPDATES);
    const after = await server.stats();
    await server.unwatchLoopDelay();
    const total = DOCUMENTS * UPDATES;
    return {
      cpuPerUpdateUs: cpuMicros(before, after) / total,
      cpu: cpuBreakdown(before, after),
      updates: total,
      updatesPerSecond: total / (ms / 1000),
      loopDelayP99Ms: after.loopDelay.p99,
      loopDelayMaxMs: after.loopDelay.max,
      loopDelaySamples: after.loopDelay.count,
    };
  } finally {
    for (const w of writers) w.destroy();
  }
}

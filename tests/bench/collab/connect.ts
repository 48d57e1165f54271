/**
 * Connect: SOCKETS providers over DOCUMENTS documents (ten per document by default), opened BATCH at
 * a time, each batch waited for: the time until all have synced, and the server's memory per socket
 * (rss and heapUsed after a full gc, the growth over the idle server divided by the sockets; it
 * includes the documents the sockets made the server load), and its CPU per socket until all synced
 * (steadier than the time on a loaded machine).
 */
import type { Access } from './access.js';
import { type BenchClient, openClient, sleep } from './clients.js';
import { cpuMicros, type ServerProcess } from './servers.js';

const BATCH = Number(process.env.BENCH_CONNECT_BATCH ?? 500);

export interface ConnectResult {
  ms: number;
  rssPerSocket: number;
  heapPerSocket: number;
  /** Of the RSS: V8's heap as committed, and memory outside it held by JS objects (Buffers...), per socket. */
  heapTotalPerSocket: number;
  externalPerSocket: number;
  /** The server process's CPU while the sockets opened, per socket (the database's own is not counted). */
  cpuPerSocketUs: number;
}

export async function connect(server: ServerProcess, access: Access, sockets: number, documentCount: number): Promise<ConnectResult> {
  const documents = await access.documents(documentCount, 'connect');
  const cookies = await access.cookiesFor(sockets);
  await server.gc();
  const before = await server.stats();
  const clients: BenchClient[] = [];
  try {
    const started = performance.now();
    for (let start = 0; start < sockets; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, sockets - start) }, (_, k) => {
        const i = start + k;
        return openClient(server.address, documents[i % documentCount]!, cookies[i]!, access.origin);
      });
      clients.push(...batch);
      await Promise.all(batch.map((c) => c.synced(120_000)));
    }
    const ms = performance.now() - started;
    const connected = await server.stats();
    await sleep(1000); // the awareness greetings settle
    await server.gc();
    const after = await server.stats();
    const perSocket = (field: 'rss' | 'heapUsed' | 'heapTotal' | 'external') => (after[field] - before[field]) / sockets;
    return {
      ms,
      rssPerSocket: perSocket('rss'),
      heapPerSocket: perSocket('heapUsed'),
      heapTotalPerSocket: perSocket('heapTotal'),
      externalPerSocket: perSocket('external'),
      cpuPerSocketUs: cpuMicros(before, connected) / sockets,
    };
  } finally {
    for (const c of clients) c.destroy();
    await sleep(1000);
  }
}

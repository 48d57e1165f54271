/**
 * Writers typing as fast as Accord's per-socket limit lets one socket send (MAX_MESSAGES_PER_SECOND,
 * shared/limits.ts): a fixed high rate, the same for every server, so every server gets the same load.
 */
import type { Access } from './access.js';
import { type BenchClient, ensureSkeleton, openClient, sleep, typingText } from './clients.js';
import type { ServerProcess } from './servers.js';
import { MAX_MESSAGES_PER_SECOND } from '../../../shared/limits.js';

/** Updates per second per writer: under Accord's limit with room for the sync messages around them. */
export const WRITER_RATE = Number(process.env.BENCH_WRITER_RATE ?? Math.floor(MAX_MESSAGES_PER_SECOND * 0.8));
const TICK_MS = 20;

/** Opens one synced writer per document (several per document if `perDocument` > 1), the skeleton in place. */
export async function openWriters(server: ServerProcess, access: Access, documents: string[], perDocument: number): Promise<BenchClient[]> {
  const cookies = await access.cookiesFor(documents.length * perDocument);
  const writers = documents.flatMap((d, i) => Array.from({ length: perDocument }, (_, k) => openClient(server.address, d, cookies[i * perDocument + k]!, access.origin)));
  await Promise.all(writers.map((w) => w.synced()));
  // The first writer of each document gives it the skeleton (Accord's documents already have it).
  for (let i = 0; i < documents.length; i++) {
    const first = writers[i * perDocument]!;
    ensureSkeleton(first.doc);
    await first.flushed();
  }
  await Promise.all(writers.map((w) => w.flushed()));
  return writers;
}

/**
 * Each writer sends `updates` one-character inserts, one update each, at WRITER_RATE, then waits until
 * the server has processed them all (its answer to a sync step 1 or Hocuspocus's acknowledgements).
 * Returns the wall time from the first insert to the last writer's acknowledgement, in ms.
 */
export async function typeAll(writers: BenchClient[], updates: number): Promise<number> {
  const perTick = (WRITER_RATE * TICK_MS) / 1000;
  const started = performance.now();
  await Promise.all(
    writers.map(async (writer) => {
      // Each writer types at the end of its own copy of the paragraph; Yjs merges them.
      for (let sent = 0; sent < updates; ) {
        const due = Math.min(updates, Math.floor(((performance.now() - started) / TICK_MS + 1) * perTick));
        const text = typingText(writer.doc);
        for (; sent < due; sent++) text.insert(text.length, 'x');
        await sleep(TICK_MS);
      }
      await writer.flushed(120_000);
    }),
  );
  return performance.now() - started;
}

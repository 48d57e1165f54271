/**
 * Fan-out across instances: one writer types OPS_PER_SECOND one-character inserts into a document on
 * the first instance; its readers are spread over the instances in turn (all on the writer's
 * instance when there is one). Latency is from the writer's insert to each reader's provider applying
 * it (one clock: every client is in the driver's process), kept apart for readers on the writer's
 * instance and readers on another, whose copy travels stored in PostgreSQL, then through Redis.
 * The same method as tests/bench/collab/fanout.ts (warm-up ops first, a steady rate).
 */
import type { TestServer } from '../../helpers/server.js';
import { type BenchClient, ensureSkeleton, openClient, openMany, percentile, sleep, typedLength, typingText } from '../collab/clients.js';
import { addressOf, type ClusterAccess } from './access.js';

const OPS_PER_SECOND = 100;
const OPS = Number(process.env.BENCH_FANOUT_OPS ?? 500);
const WARMUP_OPS = 100;

export interface FanoutResult {
  /** Latencies of readers on the writer's instance, and on the others (empty with one instance). */
  local: { p50: number; p99: number; samples: number };
  remote: { p50: number; p99: number; samples: number };
}

export async function fanout(instances: TestServer[], access: ClusterAccess, readers: number): Promise<FanoutResult> {
  const [document] = await access.documents(1, `fanout-${instances.length}x${readers}`);
  const cookies = await access.cookiesFor(readers + 1);
  const writerAt = instances[0]!;
  const writer = openClient(addressOf(writerAt), document!, cookies[0]!, writerAt.origin);
  const clients: BenchClient[] = [];
  try {
    await writer.synced();
    ensureSkeleton(writer.doc);
    await writer.flushed();
    const text = typingText(writer.doc);
    const base = typedLength(writer.doc);
    const home = (i: number) => i % instances.length;
    clients.push(
      ...(await openMany(readers, (i) => {
        const at = instances[home(i)]!;
        return openClient(addressOf(at), document!, cookies[i + 1]!, at.origin);
      })),
    );

    const sentAt: number[] = [];
    const local: number[] = [];
    const remote: number[] = [];
    let measuring = false;
    let complete = 0;
    let total = WARMUP_OPS;
    const progress = clients.map(() => ({ seen: 0, done: false }));
    clients.forEach((reader, i) => {
      const state = progress[i]!;
      const into = home(i) === 0 ? local : remote;
      reader.doc.on('update', () => {
        const now = performance.now();
        const typed = typedLength(reader.doc) - base;
        for (; state.seen < typed; state.seen++) if (measuring && state.seen >= WARMUP_OPS) into.push(now - sentAt[state.seen]!);
        if (state.seen >= total && !state.done) {
          state.done = true;
          complete++;
        }
      });
    });
    await sleep(500); // the readers' awareness greetings settle before the clock starts

    /** Types ops [from, to) each at its slot, however late the previous one ran, then waits for every reader. */
    const type = async (from: number, to: number) => {
      const started = performance.now();
      for (let op = from; op < to; op++) {
        const wait = started + ((op - from) * 1000) / OPS_PER_SECOND - performance.now();
        if (wait > 0) await sleep(wait);
        sentAt.push(performance.now());
        text.insert(text.length, 'x');
      }
      const deadline = performance.now() + 30_000;
      while (complete < readers && performance.now() < deadline) await sleep(5);
      if (complete < readers) throw new Error(`only ${complete} of ${readers} readers received all ${to} ops`);
    };
    await type(0, WARMUP_OPS);
    complete = 0;
    total = WARMUP_OPS + OPS;
    for (const state of progress) state.done = false;
    measuring = true;
    await type(WARMUP_OPS, WARMUP_OPS + OPS);
    const figures = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99), samples: values.length });
    return { local: figures(local), remote: figures(remote) };
  } finally {
    writer.destroy();
    for (const c of clients) c.destroy();
    await sleep(300);
  }
}

/**
 * Fan-out: one writer types at a steady OPS_PER_SECOND into one document read by `readers` others.
 * Latency is from the writer's insert to each reader's provider applying it (one clock: the same
 * process); the server's CPU per op is its own process.cpuUsage() over the ops, from the probe.
 * The readers share the driver's process: at 200 readers x 100 ops/s it applies 20,000 updates a
 * second, which on a busy 2-core machine is the driver's limit, not the server's (the relay's own
 * latency shows it). Readers in separate processes were tried and were worse on such a machine (the
 * processes compete for the same two cores); the CPU per op is unaffected either way.
 */
import type { Access } from './access.js';
import { type BenchClient, ensureSkeleton, openClient, openMany, percentile, sleep, typedLength, typingText } from './clients.js';
import { cpuBreakdown, cpuMicros, type CpuBreakdown, type ServerProcess } from './servers.js';

const OPS_PER_SECOND = 100;
const OPS = Number(process.env.BENCH_FANOUT_OPS ?? 500);
/** Ops typed and received before the clock starts: the driver's and the server's code paths warm up (JIT). */
const WARMUP_OPS = 100;

export interface FanoutResult {
  p50Ms: number;
  p99Ms: number;
  cpuPerOpUs: number;
  /** The CPU over the measured ops, split (divide by `ops`). */
  cpu: CpuBreakdown;
  ops: number;
  /** Receipts measured (readers x ops), to show nothing was lost. */
  samples: number;
}

export async function fanout(server: ServerProcess, access: Access, readers: number): Promise<FanoutResult> {
  const [document] = await access.documents(1, `fanout-${readers}`);
  const cookies = await access.cookiesFor(readers + 1);
  const writer = openClient(server.address, document!, cookies[0]!, access.origin);
  const clients: BenchClient[] = [];
  try {
    return await measure(server, document!, cookies, access.origin, readers, writer, clients);
  } finally {
    writer.destroy();
    for (const c of clients) c.destroy();
    await sleep(300); // the server sees the sockets close before the next scenario counts its own
  }
}

async function measure(server: ServerProcess, document: string, cookies: string[], origin: string, readers: number, writer: BenchClient, clients: BenchClient[]): Promise<FanoutResult> {
  await writer.synced();
  ensureSkeleton(writer.doc);
  await writer.flushed();
  const text = typingText(writer.doc);
  const base = typedLength(writer.doc);

  clients.push(...(await openMany(readers, (i) => openClient(server.address, document, cookies[i + 1]!, origin))));
  const sentAt: number[] = [];
  const latencies: number[] = [];
  let measuring = false;
  let complete = 0;
  let total = WARMUP_OPS;
  const progress = clients.map(() => ({ seen: 0, done: false }));
  clients.forEach((reader, i) => {
    const state = progress[i]!;
    reader.doc.on('update', () => {
      const now = performance.now();
      const typed = typedLength(reader.doc) - base;
      for (; state.seen < typed; state.seen++) if (measuring && state.seen >= WARMUP_OPS) latencies.push(now - sentAt[state.seen]!);
      if (state.seen >= total && !state.done) {
        state.done = true;
        complete++;
      }
    });
  });
  await sleep(500); // the readers' awareness greetings settle before the clock starts

  /** Types ops [from, to) at a steady rate (each op at its slot, however late the previous one ran) and waits for every reader. */
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
    if (complete < readers) throw new Error(`${server.name}: only ${complete} of ${readers} readers received all ${to} ops`);
  };
  await type(0, WARMUP_OPS);
  complete = 0;
  total = WARMUP_OPS + OPS;
  for (const state of progress) state.done = false;
  measuring = true;
  const before = await server.stats();
  await type(WARMUP_OPS, WARMUP_OPS + OPS);
  const after = await server.stats();
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), cpuPerOpUs: cpuMicros(before, after) / OPS, cpu: cpuBreakdown(before, after), ops: OPS, samples: latencies.length };
}

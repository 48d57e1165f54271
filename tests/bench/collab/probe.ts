/**
 * Preloaded (node --import) into every benchmarked server's process, whichever server it is: answers
 * the driver's IPC requests with the process's own CPU time, memory and event-loop delay, so every
 * figure is read the same way from inside each server, never estimated from outside.
 *
 * Besides the process's CPU (user and system), it reads each thread's CPU from /proc (Linux), so a
 * figure can be split into the main thread and the others (Accord's log writer, libuv's pool, V8's
 * GC helpers), and counts the commits a server announces on the `accord.store.commit` channel
 * (db/log-writer, db/index.ts): the relay and Hocuspocus announce none.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { subscribe } from 'node:diagnostics_channel';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export type ProbeRequest = { probe: 'stats' | 'watch-loop-delay' | 'unwatch-loop-delay' | 'gc'; id: number };

/** CPU of one thread, microseconds since it started (10 ms resolution: the kernel's clock ticks). */
export interface ThreadCpu {
  name: string;
  main: boolean;
  user: number;
  system: number;
  /** Times the thread went to sleep (waiting for I/O, a message, a lock): each one is a wake-up later. */
  sleeps: number;
}

export interface ProbeStats {
  /** process.cpuUsage(), microseconds since the process started, all threads. */
  cpu: { user: number; system: number };
  /** Per thread, from /proc/self/task (empty where there is no /proc). */
  threads: Record<string, ThreadCpu>;
  /** Transactions that stored collaborative updates (or snapshots), as the server announced them. */
  commits: number;
  rss: number;
  heapUsed: number;
  /** V8's heap as committed (what of the RSS is the JS heap, used or not). */
  heapTotal: number;
  /** Memory outside V8's heap held by JS objects (Buffers and other array buffers among it). */
  external: number;
  /** Event-loop delay while a scenario watched it (watch-loop-delay), in ms (1 ms resolution). */
  loopDelay: { p50: number; p99: number; max: number; count: number };
}

export type ProbeReply = { probe: 'reply'; id: number; stats?: ProbeStats };

/** The channel Accord announces its stores' commits on (the message is how many, a number). */
export const COMMIT_CHANNEL = 'accord.store.commit';

// 1 ms resolution: the target is a p99 below 10 ms, so finer sampling would only add its own cost.
// Watched only while a scenario asks (ingest): its timer wakes the process a thousand times a second,
// and on this VM a wake-up from idle costs 50-200 us of CPU; left on, it was most of an idle server's
// CPU per fan-out op (8 of the relay's 8 sleeps per op), the same for every server.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });

let commits = 0;
subscribe(COMMIT_CHANNEL, (count) => (commits += typeof count === 'number' ? count : 1));

/** Linux reports thread CPU in clock ticks, 100 a second on every common configuration. */
const TICK_US = 10_000;

function threads(): Record<string, ThreadCpu> {
  const result: Record<string, ThreadCpu> = {};
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return result;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // "tid (comm) state ppid ..." : comm may hold spaces and parentheses, so split after its last ')'.
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the comm.
      const status = readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
      const sleeps = Number(/^voluntary_ctxt_switches:\s*(\d+)/m.exec(status)?.[1] ?? 0);
      result[tid] = { name, main: Number(tid) === process.pid, user: Number(fields[11]) * TICK_US, system: Number(fields[12]) * TICK_US, sleeps };
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return result;
}

function stats(): ProbeStats {
  const memory = process.memoryUsage();
  const ms = (ns: number) => ns / 1e6;
  return {
    cpu: process.cpuUsage(),
    threads: threads(),
    commits,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
    loopDelay: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max), count: loopDelay.count },
  };
}

if (process.send) {
  process.on('message', (message: ProbeRequest) => {
    if (!message || typeof message !== 'object' || !('probe' in message)) return;
    if (message.probe === 'watch-loop-delay') {
      loopDelay.reset();
      loopDelay.enable();
    }
    if (message.probe === 'unwatch-loop-delay') loopDelay.disable();
    // Exposed with --expose-gc by the driver; a full collection twice settles what is garbage.
    if (message.probe === 'gc') {
      const { gc } = globalThis as { gc?: () => void };
      gc?.();
      gc?.();
    }
    const reply: ProbeReply = { probe: 'reply', id: message.id, ...(message.probe === 'stats' ? { stats: stats() } : {}) };
    process.send!(reply);
  });
  // The IPC channel must not keep a server alive that would otherwise exit, nor stop one exiting.
  process.channel?.unref();
}

/**
 * Preloaded (node --import) into every benchmarked server's process, whichever server it is: answers
 * the driver's IPC requests with the process's own CPU time, memory and event-loop delay, so every
 * figure is read the same way from inside each server, never estimated from outside.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export type ProbeRequest = { probe: 'stats' | 'reset-loop-delay' | 'gc'; id: number };

export interface ProbeStats {
  /** process.cpuUsage(), microseconds since the process started. */
  cpu: { user: number; system: number };
  rss: number;
  heapUsed: number;
  /** Event-loop delay since the last reset, in ms (1 ms resolution). */
  loopDelay: { p50: number; p99: number; max: number; count: number };
}

export type ProbeReply = { probe: 'reply'; id: number; stats?: ProbeStats };

// 1 ms resolution: the target is a p99 below 10 ms, so finer sampling would only add its own cost.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

function stats(): ProbeStats {
  const memory = process.memoryUsage();
  const ms = (ns: number) => ns / 1e6;
  return {
    cpu: process.cpuUsage(),
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    loopDelay: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max), count: loopDelay.count },
  };
}

if (process.send) {
  process.on('message', (message: ProbeRequest) => {
    if (!message || typeof message !== 'object' || !('probe' in message)) return;
    if (message.probe === 'reset-loop-delay') loopDelay.reset();
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

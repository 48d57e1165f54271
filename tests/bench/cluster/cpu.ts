/**
 * CPU of the processes a cluster run involves, read from outside through /proc/<pid>/stat (Linux):
 * each Accord instance (its whole process, every thread), the PostgreSQL backends serving the run's
 * database (one process per connection), PostgreSQL's own background writers, and Redis (one
 * process). PostgreSQL's background processes and Redis are shared with whatever else runs on the
 * machine, so their figures are an upper bound on what this run cost them.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux counts process CPU in clock ticks, 100 a second on every common configuration. */
const TICK_MS = 10;

/** user + system CPU of one process, in ms, or null once it has gone. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ..." : comm may hold spaces, so split after its last ')'; utime and stime are
    // the 14th and 15th fields, the 12th and 13th after the comm.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** The groups of processes whose CPU is read, found by their command lines. */
export interface Watched {
  instances: number[];
  /** Backends of the run's database: PostgreSQL renames each to "postgres: ... <user> <database> <client>". */
  backends: () => number[];
  /** Checkpointer, background writer, WAL writer: shared by every database of the server. */
  postgresAux: number[];
  redis: number[];
}

export function watch(instancePids: number[], databaseName: string): Watched {
  const all = pids().map((pid) => ({ pid, cmd: commandLine(pid) }));
  return {
    instances: instancePids,
    backends: () =>
      pids().filter((pid) => {
        const cmd = commandLine(pid);
        return cmd.startsWith('postgres:') && cmd.split(' ').includes(databaseName);
      }),
    postgresAux: all.filter((p) => /^postgres: .*(checkpointer|background writer|walwriter)/.test(p.cmd)).map((p) => p.pid),
    redis: all.filter((p) => /^redis-server\b/.test(p.cmd) || p.cmd.includes('/redis-server')).map((p) => p.pid),
  };
}

export interface CpuReading {
  at: number;
  instances: number[];
  /** Per backend pid: a backend that ends between readings takes its CPU with it (the pools keep theirs). */
  backends: Map<number, number>;
  postgresAux: number;
  redis: number;
  driver: number;
}

const sum = (pids: number[]) => pids.reduce((total, pid) => total + (processCpuMs(pid) ?? 0), 0);

export function readCpu(watched: Watched): CpuReading {
  const backends = new Map<number, number>();
  for (const pid of watched.backends()) {
    const ms = processCpuMs(pid);
    if (ms !== null) backends.set(pid, ms);
  }
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    instances: watched.instances.map((pid) => processCpuMs(pid) ?? 0),
    backends,
    postgresAux: sum(watched.postgresAux),
    redis: sum(watched.redis),
    driver: (own.user + own.system) / 1000,
  };
}

/** Each group's CPU between two readings, as a percentage of one core over the wall time between them. */
export interface CpuShare {
  /** The same, in CPU milliseconds (for a cost per unit of work, which the machine's noise moves less). */
  ms: { instances: number[]; backends: number; redis: number };
  instances: number[];
  backends: number;
  postgresAux: number;
  redis: number;
  driver: number;
}

export function cpuShare(before: CpuReading, after: CpuReading): CpuShare {
  const wall = after.at - before.at;
  const pct = (ms: number) => (100 * ms) / wall;
  let backends = 0;
  // A backend that started after the first reading counts from zero: all its CPU was in the interval.
  for (const [pid, ms] of after.backends) backends += ms - (before.backends.get(pid) ?? 0);
  const instances = after.instances.map((ms, i) => ms - (before.instances[i] ?? 0));
  return {
    ms: { instances, backends, redis: after.redis - before.redis },
    instances: instances.map(pct),
    backends: pct(backends),
    postgresAux: pct(after.postgresAux - before.postgresAux),
    redis: pct(after.redis - before.redis),
    driver: pct(after.driver - before.driver),
  };
}

export function describeShare(share: CpuShare): string {
  const p = (v: number) => `${Math.round(v)}%`;
  return (
    `instances ${share.instances.map(p).join(' + ')}, PostgreSQL backends ${p(share.backends)} (+ ${p(share.postgresAux)} background, shared), ` +
    `Redis ${p(share.redis)} (shared), driver ${p(share.driver)}`
  );
}

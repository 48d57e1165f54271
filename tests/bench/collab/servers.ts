/**
 * Each benchmarked server in its own child process, with the probe preloaded (probe.ts), started and
 * stopped by pid. The driver reads every server's CPU, memory and event-loop delay through the probe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { ProbeReply, ProbeRequest, ProbeStats } from './probe.js';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..', '..');
/**
 * Which checkout's Accord server to run: this one by default, or another (BENCH_ACCORD_ROOT), e.g.
 * a clean `git archive` of a commit to compare against (with node_modules linked in).
 */
const accordRoot = process.env.BENCH_ACCORD_ROOT ?? root;

export type ServerName = 'relay' | 'hocuspocus' | 'accord-sqlite' | 'accord-postgres';
export const ALL_SERVERS: ServerName[] = ['relay', 'hocuspocus', 'accord-sqlite', 'accord-postgres'];

export const LABELS: Record<ServerName, string> = {
  relay: '@y/websocket-server 0.1.1',
  hocuspocus: 'Hocuspocus 4.7 + SQLite ext.',
  'accord-sqlite': 'Accord (SQLite)',
  'accord-postgres': 'Accord (PostgreSQL)',
};

export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Where a server keeps its data: a temp folder (SQLite files) or a fresh PostgreSQL database. */
interface Storage {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function storageFor(name: ServerName): Promise<Storage> {
  if (name === 'accord-postgres') {
    const database = `accord_bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    return {
      env: { DATABASE_URL: url.toString() },
      async drop() {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const env: Record<string, string> =
    name === 'accord-sqlite' ? { DATABASE_URL: `file:${join(dir, 'accord.db')}` } : name === 'hocuspocus' ? { HOCUSPOCUS_DATABASE: join(dir, 'hocuspocus.sqlite') } : {};
  return { env, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

function entryPoint(name: ServerName): string {
  if (name === 'relay') return join(here, 'relay-server.ts');
  if (name === 'hocuspocus') return join(here, 'hocuspocus-server.ts');
  return join(accordRoot, 'server', 'index.ts');
}

/** What a client needs to reach a server (also handed to the reader processes). */
export interface ServerAddress {
  name: ServerName;
  wsUrl: string;
  isAccord: boolean;
}

/** One server process; `restart()` keeps its port and its data. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: ProbeReply) => void>();
  output = '';

  private constructor(
    readonly name: ServerName,
    readonly port: number,
    private readonly storage: Storage,
    private readonly nodeArgs: string[],
  ) {}

  static async start(name: ServerName, nodeArgs: string[] = []): Promise<ServerProcess> {
    const server = new ServerProcess(name, await freePort(), await storageFor(name), nodeArgs);
    await server.launch();
    return server;
  }

  get isAccord(): boolean {
    return this.name.startsWith('accord');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The server URL a provider is given (the provider appends /<document>). */
  get wsUrl(): string {
    return this.isAccord ? `ws://127.0.0.1:${this.port}/collab` : `ws://127.0.0.1:${this.port}`;
  }

  get address(): ServerAddress {
    return { name: this.name, wsUrl: this.wsUrl, isAccord: this.isAccord };
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async launch(): Promise<void> {
    const child = spawn(
      process.execPath,
      ['--expose-gc', ...this.nodeArgs, '--import', 'tsx', '--import', join(here, 'probe.ts'), entryPoint(this.name)],
      {
        cwd: this.isAccord ? accordRoot : root,
        env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...this.storage.env },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.on('message', (message: ProbeReply | { ready: true }) => {
      if ('probe' in message) this.pending.get(message.id)?.(message);
    });
    let exited: number | null | undefined;
    let ready = false;
    child.once('exit', (code) => (exited = code));
    child.on('message', (message: { ready?: boolean }) => (ready ||= message.ready === true));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited !== undefined) throw new Error(`${this.name} exited with ${exited}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not start:\n${this.output}`);
      if (ready) return;
      // Accord does not announce itself at LOG_LEVEL=warn: it is ready once it answers HTTP.
      if (this.isAccord) {
        try {
          await fetch(`${this.url}/api/me`, { signal: AbortSignal.timeout(2000) });
          return;
        } catch {
          // not listening yet
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private ask(probe: ProbeRequest['probe']): Promise<ProbeReply> {
    const child = this.child;
    if (!child) throw new Error(`${this.name} is not running`);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}'s probe did not answer ${probe}`)), 30_000);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(reply);
      });
      child.send({ probe, id } satisfies ProbeRequest);
    });
  }

  async stats(): Promise<ProbeStats> {
    return (await this.ask('stats')).stats!;
  }

  /** Starts measuring the event-loop delay afresh; `stats()` reads it, `unwatchLoopDelay()` stops it. */
  async watchLoopDelay(): Promise<void> {
    await this.ask('watch-loop-delay');
  }

  async unwatchLoopDelay(): Promise<void> {
    await this.ask('unwatch-loop-delay');
  }

  async gc(): Promise<void> {
    await this.ask('gc');
  }

  /** SIGTERM (each server's own clean shutdown: Hocuspocus stores what is pending), SIGKILL after 10 s. */
  async terminate(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    this.child = null;
  }

  async restart(): Promise<void> {
    await this.terminate();
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.terminate();
    await this.storage.drop();
  }
}

/** CPU microseconds (user + system) between two probe readings. */
export function cpuMicros(before: ProbeStats, after: ProbeStats): number {
  return after.cpu.user - before.cpu.user + (after.cpu.system - before.cpu.system);
}

/** Where a server's CPU went between two probe readings, in microseconds (threads: 10 ms resolution). */
export interface CpuBreakdown {
  user: number;
  system: number;
  /** The main thread (the event loop): user and system CPU, and how often it slept (voluntary context switches). */
  main: ThreadUse;
  /** The other threads, by name and id (Node 20 names worker threads like the main one: "node"). */
  others: Record<string, ThreadUse>;
  commits: number;
}

export interface ThreadUse {
  user: number;
  system: number;
  sleeps: number;
}

export function cpuBreakdown(before: ProbeStats, after: ProbeStats): CpuBreakdown {
  const main: ThreadUse = { user: 0, system: 0, sleeps: 0 };
  const others: CpuBreakdown['others'] = {};
  for (const [tid, thread] of Object.entries(after.threads)) {
    const was = before.threads[tid];
    const user = thread.user - (was?.user ?? 0);
    const system = thread.system - (was?.system ?? 0);
    const into = thread.main ? main : (others[`${thread.name}#${tid}`] ??= { user: 0, system: 0, sleeps: 0 });
    into.user += user;
    into.system += system;
    into.sleeps += thread.sleeps - (was?.sleeps ?? 0);
  }
  return { user: after.cpu.user - before.cpu.user, system: after.cpu.system - before.cpu.system, main, others, commits: after.commits - before.commits };
}

/** One line, per unit (op or update): user/system CPU, the main thread's and each busy other thread's (CPU and sleeps), commits. */
export function describeCpu(cpu: CpuBreakdown, units: number): string {
  const us = (v: number) => `${Math.round(v / units)}`;
  const each = (v: number) => (v / units).toFixed(2);
  const others = Object.entries(cpu.others)
    .filter(([, t]) => t.user + t.system > 0)
    .sort(([, a], [, b]) => b.user + b.system - (a.user + a.system))
    .map(([name, t]) => `${name} ${us(t.user)}+${us(t.system)} (${each(t.sleeps)} sleeps)`)
    .join(', ');
  return (
    `user ${us(cpu.user)} + system ${us(cpu.system)} us; main thread ${us(cpu.main.user)}+${us(cpu.main.system)} (${each(cpu.main.sleeps)} sleeps), ` +
    `other threads: ${others || 'none'}; ${each(cpu.commits)} commits`
  );
}

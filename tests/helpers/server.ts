import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { freshDatabase, type TestDatabase } from './database.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** USER_HZ, the unit of /proc/<pid>/stat's times: 100 on Linux for every architecture Node runs on here. */
const CLOCK_TICKS_PER_SECOND = 100;

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

/**
 * The real server, in its own process (so a test can kill -9 it), on a random port, on a fresh
 * database. `restart()` starts it again on the same port and database.
 */
export class TestServer {
  private child: ChildProcess | null = null;
  output = '';

  private constructor(
    readonly port: number,
    readonly database: TestDatabase,
    private readonly env: Record<string, string>,
    /** Whether stop() drops the database (not when instances of a cluster share it). */
    private readonly ownsDatabase = true,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestServer> {
    const server = new TestServer(await freePort(), await freshDatabase(), env);
    await server.launch();
    return server;
  }

  /** One more instance on a database others use too: stop() leaves the database to its owner. */
  static async startOn(database: TestDatabase, env: Record<string, string> = {}): Promise<TestServer> {
    const server = new TestServer(await freePort(), database, env, false);
    await server.launch();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get origin(): string {
    return this.url;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/collab`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * The CPU time the server has used so far, in ms, at the kernel's tick (10 ms): the whole process
   * (every thread, user and system), or its event loop's thread alone (what holds everyone else up;
   * V8's compiler and GC helper threads run beside it). Unlike a wall-clock time, a busy machine does
   * not inflate it: what the server did, not how long it waited for a core.
   */
  cpuMs(which: 'process' | 'event loop' = 'process'): number {
    const pid = this.child?.pid;
    if (!pid) throw new Error('the server is not running');
    // The main thread's own task has the process's id.
    const stat = readFileSync(which === 'process' ? `/proc/${pid}/stat` : `/proc/${pid}/task/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses: utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  }

  async launch(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: this.database.url,
        // Quiet by default: warnings and errors still reach `output`, which some tests read.
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      // The server leaves when this channel closes: a test process killed or timed out leaves no server behind.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.channel?.unref();
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    // Ready once it answers HTTP: at LOG_LEVEL=warn it does not announce itself.
    let exited: number | null | undefined;
    child.once('exit', (code) => (exited = code));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (exited !== undefined) throw new Error(`server exited with ${exited}:\n${this.output}`);
      if (Date.now() > deadline) {
        // Not left running behind the test that gave up on it.
        child.kill('SIGKILL');
        this.child = null;
        throw new Error(`server did not start:\n${this.output}`);
      }
      try {
        await fetch(`${this.url}/api/me`, { signal: AbortSignal.timeout(2000) });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** kill -9: no shutdown handler runs, nothing is flushed on the way out. */
  async crash(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  async restart(): Promise<void> {
    await this.crash();
    await this.launch();
  }

  /** SIGTERM and a fresh start: the server's own shutdown runs (every open document folded into a snapshot). */
  async restartGracefully(): Promise<void> {
    await this.terminate();
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.terminate();
    if (this.ownsDatabase) await this.database.drop();
  }

  /** SIGTERM, and SIGKILL if the server has not exited 10 s later. */
  private async terminate(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    this.child = null;
  }
}

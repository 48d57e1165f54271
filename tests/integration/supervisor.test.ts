import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * A server started by a supervisor (a test process through TestServer, `npm run cluster`, the
 * benchmark) leaves when its supervisor does, even one killed outright that can send no signal: it
 * used to live on as an orphan, holding its port and its CPU, and skewed a benchmark run after a
 * failed test run had left eight of them behind.
 */
describe('a server whose supervisor is killed', () => {
  let database: TestDatabase | null = null;
  let supervisor: ChildProcess | null = null;
  let serverPid: number | undefined;

  afterAll(async () => {
    supervisor?.kill('SIGKILL');
    if (serverPid !== undefined && isRunning(serverPid)) process.kill(serverPid, 'SIGKILL');
    await database?.drop();
  });

  it('shuts down instead of living on as an orphan', async () => {
    database = await freshDatabase();
    // The supervisor is a process of its own running the tests' TestServer, so that killing it kills
    // no one else; it prints what it started, then idles.
    const script = `
      import { TestServer } from ${JSON.stringify(join(root, 'tests', 'helpers', 'server.ts'))};
      const database = { url: process.env.SUPERVISED_DATABASE_URL, kind: process.env.SUPERVISED_DATABASE_KIND, drop: async () => {} };
      const server = await TestServer.startOn(database);
      console.log(JSON.stringify({ pid: server.pid, port: server.port }));
      setInterval(() => {}, 60_000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, SUPERVISED_DATABASE_URL: database.url, SUPERVISED_DATABASE_KIND: database.kind },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    supervisor = child;
    const started = await firstLine(child);
    const { pid, port } = JSON.parse(started) as { pid: number; port: number };
    serverPid = pid;
    expect((await fetch(`http://127.0.0.1:${port}/api/me`)).status).toBe(401);

    child.kill('SIGKILL');
    await waitFor(() => !isRunning(pid), 20_000, `the server (pid ${pid}) still runs after its supervisor was killed`);
    await expect(connects(port)).resolves.toBe(false);
  }, 60_000);
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line));
    child.once('exit', (code) => reject(new Error(`the supervisor exited with ${code} before starting the server`)));
  });
}

/** Whether the process runs: an exited one its new parent has not reaped yet is a zombie (state Z). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor(done: () => boolean, ms: number, failure: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * `npm run cluster`: several Accord instances on this machine, as production runs them: separate
 * processes sharing one PostgreSQL database and one Redis, with nginx in front (docs/nginx.conf,
 * round robin, no stickiness) when it is installed. Ctrl+C stops them all.
 *
 *   CLUSTER_INSTANCES  how many instances (default 2)
 *   PORT               where Accord is opened (default 3000): nginx there, the instances on the next
 *                      ports; without nginx the instances from PORT on
 *   HOST               the address nginx (or, without it, each instance) listens on (default 127.0.0.1)
 *   DATABASE_URL       PostgreSQL (default postgres://postgres@127.0.0.1:5432/accord): created if
 *                      missing, migrated once before any instance starts
 *   REDIS_URL          default redis://127.0.0.1:6379; REDIS_PREFIX default accord:
 *   CLUSTER_NGINX      false: no nginx even if installed (each instance is then opened on its own port)
 * Anything else (PUBLIC_URL, LOG_LEVEL, STATIC_DIR...) reaches every instance as it is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { openDatabase } from '../db/index.js';
import { migrateToLatest } from '../db/migrator.js';
import { Nginx, findNginx } from './scale/nginx.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const schema = z.object({
  CLUSTER_INSTANCES: z.coerce.number().int().min(1).max(32).default(2),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'instances share a PostgreSQL database: postgres://...').default('postgres://postgres@127.0.0.1:5432/accord'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().min(1).max(64).default('accord:'),
  CLUSTER_NGINX: z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1'),
  STATIC_DIR: z.string().min(1).default('dist/client'),
});

type ClusterConfig = z.infer<typeof schema>;

function readConfig(): ClusterConfig {
  const present = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return parsed.data;
}

function fail(message: string): never {
  console.error(`cluster: ${message}`);
  process.exit(1);
}

function hidePassword(url: string): string {
  return url.replace(/:[^:@/]*@/, ':***@');
}

/** Creates the database if the server lacks it (connecting to the server's own "postgres" database). */
async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) fail(`DATABASE_URL names no database: ${hidePassword(url)}`);
  const serverUrl = new URL(url);
  serverUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: serverUrl.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (err) {
    fail(`PostgreSQL at ${hidePassword(url)} is not reachable (${(err as Error).message}). Start it (Debian: pg_ctlcluster <version> main start) or set DATABASE_URL.`);
  }
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      console.log(`cluster: created the database ${name}`);
    }
  } finally {
    await admin.end();
  }
}

async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {}); // the failed ping says it
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    fail(`Redis at ${hidePassword(url)} is not reachable (${(err as Error).message}). Start it (redis-server --daemonize yes) or set REDIS_URL.`);
  } finally {
    redis.disconnect();
  }
}

/** Migrated here, once: instances migrating side by side at start would race on the same tables. */
async function migrate(url: string): Promise<void> {
  const db = openDatabase(url);
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `cluster: migrations applied: ${applied.join(', ')}` : 'cluster: the database is up to date');
  } finally {
    await db.destroy();
  }
}

async function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** One instance: server/index.ts in a process of its own, its output prefixed with its port. */
class Instance {
  readonly child: ChildProcess;
  /** How it ended: its exit code, or the signal that killed it. */
  readonly exited: Promise<string>;

  constructor(
    readonly host: string,
    readonly port: number,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: host },
      // The channel carries nothing: the instance leaves when it closes (this supervisor killed outright).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.channel?.unref();
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
    for (const stream of [this.child.stdout, this.child.stderr]) prefixLines(stream, `[${port}] `);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** Ready once it answers HTTP, whatever the answer. */
  async ready(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`the instance on port ${this.port} exited with ${this.child.exitCode ?? this.child.signalCode}`);
      try {
        await fetch(`${this.url}/api/me`, { signal: AbortSignal.timeout(2_000) });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`the instance on port ${this.port} did not answer within 60 s`);
  }

  /** SIGTERM: it closes its sockets and stores its snapshots (server/index.ts shutdown); SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
  });
  stream.on('end', () => pending && process.stdout.write(`${prefix}${pending}\n`));
}

const config = readConfig();
const nginxBinary = config.CLUSTER_NGINX ? findNginx() : null;
if (config.CLUSTER_NGINX && !nginxBinary) console.log('cluster: nginx is not installed (apt-get install nginx): each instance is opened on its own port');

// Behind nginx the instances listen on loopback only, on the ports after nginx's.
const instanceHost = nginxBinary ? '127.0.0.1' : config.HOST;
const firstPort = nginxBinary ? config.PORT + 1 : config.PORT;
const ports = Array.from({ length: config.CLUSTER_INSTANCES }, (_, i) => firstPort + i);
if (ports.at(-1)! > 65535) fail(`ports ${ports[0]}-${ports.at(-1)} do not fit`);
for (const [host, port] of [...(nginxBinary ? [[config.HOST, config.PORT] as const] : []), ...ports.map((p) => [instanceHost, p] as const)]) {
  if (!(await portIsFree(host, port))) fail(`port ${port} on ${host} is taken (another Accord?); set PORT to start elsewhere`);
}
if (!existsSync(join(root, config.STATIC_DIR, 'index.html'))) {
  console.log(`cluster: no built client in ${config.STATIC_DIR} (npm run build): the API and sockets work, the page does not`);
}

await ensureDatabase(config.DATABASE_URL);
await checkRedis(config.REDIS_URL);
await migrate(config.DATABASE_URL);

const instances = ports.map(
  (port) =>
    new Instance(instanceHost, port, {
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      REDIS_PREFIX: config.REDIS_PREFIX,
      // Behind nginx: the scheme and client address come from its X-Forwarded-* headers. Without
      // PUBLIC_URL, the origin writes must come from is the Host nginx forwards (any name of it).
      ...(nginxBinary ? { TRUST_PROXY: 'true' } : {}),
    }),
);
let nginx: Nginx | null = null;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('cluster: stopping');
    await nginx?.stop();
    await Promise.all(instances.map((i) => i.stop()));
  }
  process.exit(code);
}
// Ctrl+C reaches the instances and nginx too (one process group): each shuts down on its own, and
// stopAll waits for them (a second signal to an instance already stopping is ignored).
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

for (const instance of instances) {
  void instance.exited.then((how) => {
    if (stopping) return;
    const alive = instances.filter((i) => i.running);
    if (!alive.length) {
      console.error(`cluster: the instance on port ${instance.port} exited (${how}); none is left`);
      void stopAll(1);
      return;
    }
    console.error(`cluster: the instance on port ${instance.port} exited (${how}); ${alive.map((i) => i.port).join(', ')} still serve${nginx ? ' behind nginx' : ''}`);
  });
}

try {
  await Promise.all(instances.map((i) => i.ready()));
  if (nginxBinary) nginx = await Nginx.start({ binary: nginxBinary, host: config.HOST, port: config.PORT, upstreams: ports.map((p) => `127.0.0.1:${p}`) });
} catch (err) {
  console.error(`cluster: ${(err as Error).message}`);
  await stopAll(1);
}

const where = `${hidePassword(config.DATABASE_URL)} and ${hidePassword(config.REDIS_URL)} (prefix ${config.REDIS_PREFIX})`;
if (nginx) {
  console.log(`\nAccord: http://${config.HOST}:${config.PORT}  (nginx, round robin over ports ${ports.join(', ')}; ${where})`);
  console.log(`nginx's configuration and logs: ${nginx.dir}`);
} else {
  console.log(`\nAccord, ${instances.length} instances: ${instances.map((i) => i.url).join('  ')}  (${where})`);
}
console.log('Ctrl+C stops them all.\n');

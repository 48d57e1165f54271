import { z } from 'zod';

/** Every environment variable Accord reads, parsed and validated once at start. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).default('file:data/accord.db'),
  PUBLIC_URL: z.url().optional(),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  STATIC_DIR: z.string().min(1).default('dist/client'),
  // Fault injection for durability tests: every write of the update log waits this long first, which
  // widens the window in which a crash could lose an update that was broadcast before it was stored.
  FAULT_STORAGE_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(0),
  // How often the server looks for silence procedures whose deadline has passed (and adopts their text).
  SILENCE_CHECK_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  // How often the sessions of open collaboration sockets are checked; the sockets of expired ones close.
  SESSION_SWEEP_MS: z.coerce.number().int().min(50).max(600_000).default(30_000),
  // Several instances share documents through this Redis (and a PostgreSQL DATABASE_URL); unset: one process.
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  // Prefix of every Redis key and channel, so several Accords (or test runs) can share one Redis.
  REDIS_PREFIX: z.string().min(1).max(64).default('accord:'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string | undefined;
  databaseUrl: string;
  /** The origin people reach Accord at, when it is fixed (behind a proxy); else each request's own. */
  publicOrigin: string | null;
  /** Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy. */
  trustProxy: boolean;
  /** Cookies get the Secure flag when Accord is served over TLS. */
  secureCookies: boolean;
  staticDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  faultStorageDelayMs: number;
  silenceCheckMs: number;
  sessionSweepMs: number;
  /** Scale-out: the shared Redis, or null for a single instance. */
  redis: { url: string; prefix: string } | null;
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // A variable set to the empty string (PORT= in an env file) means "not set", not "0".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !/^postgres(ql)?:\/\//.test(e.DATABASE_URL)) {
    throw new Error('invalid configuration: REDIS_URL needs a DATABASE_URL of a PostgreSQL server that every instance shares');
  }
  const publicOrigin = e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : null;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    publicOrigin,
    trustProxy: e.TRUST_PROXY,
    secureCookies: publicOrigin?.startsWith('https:') ?? false,
    staticDir: e.STATIC_DIR,
    logLevel: e.LOG_LEVEL,
    faultStorageDelayMs: e.FAULT_STORAGE_DELAY_MS,
    silenceCheckMs: e.SILENCE_CHECK_MS,
    sessionSweepMs: e.SESSION_SWEEP_MS,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.REDIS_PREFIX } : null,
  };
}

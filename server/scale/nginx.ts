import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The nginx configuration README shows; the tests and `npm run cluster` run this very file. */
export const NGINX_TEMPLATE = join(root, 'docs', 'nginx.conf');

/** Where nginx is: $NGINX, then PATH, then Debian's /usr/sbin (not on a normal user's PATH); null if nowhere. */
export function findNginx(): string | null {
  const candidates = [
    process.env.NGINX,
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'nginx')),
    '/usr/sbin/nginx',
    '/usr/local/sbin/nginx',
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there, or not runnable: the next one
    }
  }
  return null;
}

/**
 * docs/nginx.conf with its example instances replaced by `upstreams` (host:port each) and its listen
 * line by `listen`. Everything else (round robin, headers, the socket's and the event stream's rules)
 * is the documented text, unchanged; a template that no longer has the lines replaced here is an
 * error, not a silently different configuration.
 */
export function renderSiteConf(template: string, { upstreams, listen }: { upstreams: string[]; listen: string }): string {
  if (!upstreams.length) throw new Error('nginx: no instance to put behind it');
  const upstream = /(upstream accord \{\n)((?:[^}]*?\n)?)((?:\s*server [^;\n]+;\n)+)/;
  if (!upstream.test(template)) throw new Error(`${NGINX_TEMPLATE}: no "upstream accord" block with server lines`);
  const listens = template.match(/^\s*listen [^;\n]+;$/gm) ?? [];
  if (listens.length !== 1) throw new Error(`${NGINX_TEMPLATE}: expected one listen line, found ${listens.length}`);
  return template
    .replace(upstream, (_all, head: string, comment: string) => `${head}${comment}${upstreams.map((u) => `    server ${u};\n`).join('')}`)
    .replace(/^(\s*)listen [^;\n]+;$/m, (_all, indent: string) => `${indent}listen ${listen};`);
}

/**
 * The instance that answered, from nginx's $upstream_addr: "a:1, b:2" when nginx tried a first (it
 * refused the connection) and b answered.
 */
export function answeringUpstream(upstreamAddr: string): string {
  return upstreamAddr.split(/[,:]\s+/).at(-1)?.trim() || '-';
}

/** One line of the access log: who asked for what, and which instance answered. */
export interface ProxiedRequest {
  method: string;
  uri: string;
  status: number;
  /** host:port of the instance nginx passed it to ('-' when none did). */
  upstream: string;
}

export interface NginxOptions {
  /** The instances, host:port each. */
  upstreams: string[];
  /** Default: a free port on 127.0.0.1. */
  port?: number;
  host?: string;
  /**
   * Tags every response with nginx's $upstream_addr (X-Accord-Upstream: every instance it tried, the
   * one that answered last; see answeringUpstream), so a test can tell where a request went. Not in
   * docs/nginx.conf: production has no use for it.
   */
  tagUpstream?: boolean;
  binary?: string;
}

/**
 * A real nginx in a child process (`nginx -g 'daemon off;'`, so the child is its master), in front
 * of Accord instances: its configuration, pid file, logs and temp folders live in a temp folder of
 * its own, which stop() removes.
 */
export class Nginx {
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
    readonly host: string,
    readonly port: number,
    private readonly stderr: () => string,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  static async start(options: NginxOptions): Promise<Nginx> {
    const binary = options.binary ?? findNginx();
    if (!binary) throw new Error('nginx is not installed (Debian: apt-get install nginx; .ci/run installs it)');
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? (await freePort(host));
    const dir = mkdtempSync(join(tmpdir(), 'accord-nginx-'));
    // Started as root, nginx's worker runs as an unprivileged user, which must reach its temp folders.
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'temp'));
    const site = renderSiteConf(readFileSync(NGINX_TEMPLATE, 'utf8'), { upstreams: options.upstreams, listen: `${host}:${port}` });
    writeFileSync(join(dir, 'accord.conf'), site);
    writeFileSync(join(dir, 'nginx.conf'), mainConf(dir, options.tagUpstream ?? false));

    // -p: nothing of the machine's nginx (its prefix, pid file, logs) is read or written;
    // -e: the error log from the very start, before the configuration names it.
    const child = spawn(binary, ['-p', `${dir}/`, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const nginx = new Nginx(child, dir, host, port, () => stderr);
    try {
      await nginx.ready();
    } catch (err) {
      await nginx.stop();
      throw err;
    }
    return nginx;
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** What a browser on this page sends as Origin. */
  get origin(): string {
    return this.url;
  }

  get wsUrl(): string {
    return `ws://${this.host}:${this.port}/collab`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** nginx's own complaints (its error log and stderr), to show when something fails. */
  get output(): string {
    const log = existsSync(join(this.dir, 'error.log')) ? readFileSync(join(this.dir, 'error.log'), 'utf8') : '';
    return `${log}${this.stderr()}`;
  }

  /** Every request nginx has finished so far (a socket or an event stream once it has closed). */
  requests(): ProxiedRequest[] {
    const file = join(this.dir, 'access.log');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [method = '', uri = '', status = '0', ...rest] = line.split(' ');
        return { method, uri, status: Number(status), upstream: answeringUpstream(rest.join(' ')) };
      });
  }

  private async ready(): Promise<void> {
    let exitCode: number | null | undefined;
    this.child.once('exit', (code) => (exitCode = code));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (exitCode !== undefined) throw new Error(`nginx exited with ${exitCode}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`nginx did not start:\n${this.output}`);
      // Any answer will do, even an instance's 401: nginx listens and reaches its upstreams.
      try {
        await fetch(`${this.url}/api/me`, { signal: AbortSignal.timeout(2000) });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /**
   * Fast shutdown (SIGTERM: nginx closes open sockets and streams at once; SIGQUIT would wait for
   * them), SIGKILL if it hangs; then its folder goes.
   */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The main configuration around docs/nginx.conf: everything of nginx's own kept in `dir`. */
function mainConf(dir: string, tagUpstream: boolean): string {
  const path = (name: string) => join(dir, name);
  return `# Generated by tests/helpers/nginx.ts around docs/nginx.conf (accord.conf here).
# One worker: nginx keeps round robin's turn per worker, so with one its order is strict.
worker_processes 1;
pid ${path('nginx.pid')};
error_log ${path('error.log')} warn;

events {
    worker_connections 1024;
}

http {
    log_format accord_upstream '$request_method $request_uri $status $upstream_addr';
    access_log ${path('access.log')} accord_upstream;
    client_body_temp_path ${path('temp/client_body')};
    proxy_temp_path ${path('temp/proxy')};
    fastcgi_temp_path ${path('temp/fastcgi')};
    uwsgi_temp_path ${path('temp/uwsgi')};
    scgi_temp_path ${path('temp/scgi')};
${tagUpstream ? '    add_header X-Accord-Upstream $upstream_addr always;\n' : ''}
    include ${path('accord.conf')};
}
`;
}

export async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

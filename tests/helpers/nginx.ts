import { TestCluster } from './cluster.js';
import type { TestServer } from './server.js';
import { Nginx, freePort } from '../../server/scale/nginx.js';

export { answeringUpstream, renderSiteConf, NGINX_TEMPLATE } from '../../server/scale/nginx.js';

/**
 * The instances of a TestCluster behind one nginx, as production runs them: nginx's URL is their
 * public one (PUBLIC_URL, the only Origin they take writes and sockets from) and they trust the
 * scheme and address it forwards (TRUST_PROXY). Every response says which instance gave it
 * (X-Accord-Upstream, see NginxOptions.tagUpstream).
 */
export class BalancedCluster {
  private constructor(
    readonly cluster: TestCluster,
    readonly nginx: Nginx,
  ) {}

  static async start(count: number, env: Record<string, string> = {}): Promise<BalancedCluster> {
    const port = await freePort('127.0.0.1');
    const cluster = await TestCluster.start(count, { PUBLIC_URL: `http://127.0.0.1:${port}`, TRUST_PROXY: 'true', ...env });
    try {
      const nginx = await Nginx.start({ upstreams: cluster.instances.map(upstreamOf), port, tagUpstream: true });
      return new BalancedCluster(cluster, nginx);
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  get instances(): TestServer[] {
    return this.cluster.instances;
  }

  /** The host:port of every instance, as nginx names them in X-Accord-Upstream and its log. */
  get upstreams(): string[] {
    return this.instances.map(upstreamOf);
  }

  async stop(): Promise<void> {
    await this.nginx.stop();
    await this.cluster.stop();
  }
}

function upstreamOf(instance: TestServer): string {
  return `127.0.0.1:${instance.port}`;
}

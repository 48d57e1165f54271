/**
 * What a client needs to reach a document on each server. The relay and Hocuspocus take any name
 * from anyone; Accord needs a document created through its API, the person a member, a signed-in
 * session cookie and Accord's own Origin, and lets one session hold MAX_SOCKETS_PER_SESSION sockets.
 */
import { randomBytes } from 'node:crypto';
import { ApiClient, PASSWORD } from '../../helpers/api.js';
import type { Delegation, DocumentSummary, User } from '../../../shared/api/types.js';
import { MAX_SOCKETS_PER_SESSION } from '../../../shared/limits.js';
import type { ServerProcess } from './servers.js';

const DELEGATE_EMAIL = 'bench.delegate@kln.example';

export class Access {
  /** Session cookies of the benchmark's delegate, each good for MAX_SOCKETS_PER_SESSION sockets. */
  private readonly cookies: string[] = [];

  private constructor(
    private readonly server: ServerProcess,
    private readonly secretariat: ApiClient | null,
    private readonly delegate: User | null,
  ) {}

  static async prepare(server: ServerProcess): Promise<Access> {
    if (!server.isAccord) return new Access(server, null, null);
    const secretariat = new ApiClient(server.url);
    await secretariat.json('POST', '/api/auth/sign-up', { email: 'bench.secretariat@asean.example', name: 'ASEAN Secretariat', password: PASSWORD }, 201);
    const delegation = (await secretariat.json<{ delegation: Delegation }>('POST', '/api/delegations', { code: 'MYS', name: 'Malaysia', color: '#c0392b' }, 201)).delegation;
    const user = (await secretariat.json<{ user: User }>('POST', '/api/users', { email: DELEGATE_EMAIL, name: 'Aisyah Rahman', password: PASSWORD, delegationId: delegation.id }, 201)).user;
    return new Access(server, secretariat, user);
  }

  get origin(): string {
    return this.server.url;
  }

  /** `count` new documents: on Accord created through the API with the delegate a member. */
  async documents(count: number, prefix: string): Promise<string[]> {
    if (!this.secretariat || !this.delegate) {
      const run = randomBytes(3).toString('hex');
      return Array.from({ length: count }, (_, i) => `${prefix}-${run}-${i}`);
    }
    const secretariat = this.secretariat;
    const delegate = this.delegate;
    const ids: string[] = [];
    // A few requests at a time: the setup is not what is measured, but it should not take minutes.
    for (let start = 0; start < count; start += 8) {
      const batch = Array.from({ length: Math.min(8, count - start) }, async (_, k) => {
        const { document } = await secretariat.json<{ document: DocumentSummary }>('POST', '/api/documents', { title: `${prefix} ${start + k}`, numbering: 'all' }, 201);
        await secretariat.json('PUT', `/api/documents/${document.id}/members/${delegate.id}`, { role: 'delegate' });
        return document.id;
      });
      ids.push(...(await Promise.all(batch)));
    }
    return ids;
  }

  /**
   * One cookie per socket, `sockets` of them, each session shared by at most
   * MAX_SOCKETS_PER_SESSION sockets. Sessions are made by signing in (argon2, so a few at a time:
   * the server counts attempts before verifying them) and kept for the next scenario.
   */
  async cookiesFor(sockets: number): Promise<string[]> {
    if (!this.delegate) return Array.from({ length: sockets }, () => '');
    const sessions = Math.ceil(sockets / MAX_SOCKETS_PER_SESSION);
    while (this.cookies.length < sessions) {
      const batch = Array.from({ length: Math.min(4, sessions - this.cookies.length) }, async () => {
        const api = new ApiClient(this.server.url);
        await api.signIn(DELEGATE_EMAIL);
        return api.cookie;
      });
      this.cookies.push(...(await Promise.all(batch)));
    }
    return Array.from({ length: sockets }, (_, i) => this.cookies[Math.floor(i / MAX_SOCKETS_PER_SESSION)]!);
  }
}

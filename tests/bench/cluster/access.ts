/**
 * Who takes part in a cluster run, made through the first instance's API (sessions and members live
 * in the shared PostgreSQL, so a cookie signed in on one instance is good on every other): the
 * secretariat creates documents and makes the delegate a member; the delegate signs in as many
 * sessions as the sockets need (a session holds at most MAX_SOCKETS_PER_SESSION sockets), as
 * tests/bench/collab/access.ts does for one server.
 */
import { ApiClient, PASSWORD } from '../../helpers/api.js';
import type { Delegation, DocumentSummary, User } from '../../../shared/api/types.js';
import { MAX_SOCKETS_PER_SESSION } from '../../../shared/limits.js';
import type { TestServer } from '../../helpers/server.js';
import type { ServerAddress } from '../collab/servers.js';

const DELEGATE_EMAIL = 'bench.delegate@kln.example';
const READER_EMAIL = 'bench.reader@kemlu.example';

/** What the collab bench's clients need to reach one instance (Accord's y-websocket endpoint). */
export function addressOf(instance: TestServer): ServerAddress {
  return { name: 'accord-postgres', wsUrl: instance.wsUrl, isAccord: true };
}

export class ClusterAccess {
  private readonly cookies: string[] = [];

  private constructor(
    private readonly baseUrl: string,
    private readonly secretariat: ApiClient,
    private readonly delegate: User,
    private readonly reader: User,
    /** One session of the delegate's, for HTTP (threads), and one of the reader's, for event streams. */
    readonly delegateApi: ApiClient,
    readonly readerCookie: string,
  ) {}

  static async prepare(first: TestServer): Promise<ClusterAccess> {
    const secretariat = new ApiClient(first.url);
    await secretariat.json('POST', '/api/auth/sign-up', { email: 'bench.secretariat@asean.example', name: 'ASEAN Secretariat', password: PASSWORD }, 201);
    const mys = (await secretariat.json<{ delegation: Delegation }>('POST', '/api/delegations', { code: 'MYS', name: 'Malaysia', color: '#c0392b' }, 201)).delegation;
    const idn = (await secretariat.json<{ delegation: Delegation }>('POST', '/api/delegations', { code: 'IDN', name: 'Indonesia', color: '#1f6feb' }, 201)).delegation;
    const delegate = (await secretariat.json<{ user: User }>('POST', '/api/users', { email: DELEGATE_EMAIL, name: 'Aisyah Rahman', password: PASSWORD, delegationId: mys.id }, 201)).user;
    const reader = (await secretariat.json<{ user: User }>('POST', '/api/users', { email: READER_EMAIL, name: 'Budi Santoso', password: PASSWORD, delegationId: idn.id }, 201)).user;
    const delegateApi = new ApiClient(first.url);
    await delegateApi.signIn(DELEGATE_EMAIL);
    const readerApi = new ApiClient(first.url);
    await readerApi.signIn(READER_EMAIL);
    return new ClusterAccess(first.url, secretariat, delegate, reader, delegateApi, readerApi.cookie);
  }

  /** `count` new documents, the delegate and the reader delegates of each. */
  async documents(count: number, prefix: string): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; start < count; start += 8) {
      const batch = Array.from({ length: Math.min(8, count - start) }, async (_, k) => {
        const { document } = await this.secretariat.json<{ document: DocumentSummary }>('POST', '/api/documents', { title: `${prefix} ${start + k}`, numbering: 'all' }, 201);
        await this.secretariat.json('PUT', `/api/documents/${document.id}/members/${this.delegate.id}`, { role: 'delegate' });
        await this.secretariat.json('PUT', `/api/documents/${document.id}/members/${this.reader.id}`, { role: 'delegate' });
        return document.id;
      });
      ids.push(...(await Promise.all(batch)));
    }
    return ids;
  }

  /** One cookie per socket, each session shared by at most MAX_SOCKETS_PER_SESSION sockets; kept for the next scenario. */
  async cookiesFor(sockets: number): Promise<string[]> {
    const sessions = Math.ceil(sockets / MAX_SOCKETS_PER_SESSION);
    while (this.cookies.length < sessions) {
      const batch = Array.from({ length: Math.min(4, sessions - this.cookies.length) }, async () => {
        const api = new ApiClient(this.baseUrl);
        await api.signIn(DELEGATE_EMAIL);
        return api.cookie;
      });
      this.cookies.push(...(await Promise.all(batch)));
    }
    return Array.from({ length: sockets }, (_, i) => this.cookies[Math.floor(i / MAX_SOCKETS_PER_SESSION)]!);
  }
}

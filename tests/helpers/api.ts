import type { Delegation, DocumentSummary, User } from '../../shared/api/types.js';
import type { DocumentRole } from '../../shared/api/schemas.js';

export const PASSWORD = 'accord-test-password';

/** One person talking to the API over real HTTP, holding their own session cookie. */
export class ApiClient {
  cookie = '';

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const pair = c.split(';')[0]!;
      if (pair.startsWith('accord_session=')) this.cookie = pair.endsWith('=') ? '' : pair;
    }
    return res;
  }

  /** Parses a JSON response and asserts its status, showing the body when it differs. */
  async json<T>(method: string, path: string, body?: unknown, expected = 200): Promise<T> {
    const res = await this.request(method, path, body);
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  async signIn(email: string, password = PASSWORD): Promise<User> {
    return (await this.json<{ user: User }>('POST', '/api/auth/sign-in', { email, password })).user;
  }
}

export interface Person {
  user: User;
  api: ApiClient;
  delegation: Delegation | null;
}

export interface Negotiation {
  secretariat: Person;
  chair: Person;
  mys: Person;
  idn: Person;
  observer: Person;
  outsider: Person;
  documentId: string;
  document: DocumentSummary;
}

/**
 * A workspace as the tests need it: the secretariat (first sign-up), delegations MYS and IDN, a chair
 * from PHL, a delegate of each of MYS and IDN, an observer, someone who is not a member, and one
 * document with all but the outsider as members.
 */
export async function negotiation(baseUrl: string): Promise<Negotiation> {
  const secApi = new ApiClient(baseUrl);
  const sec = (await secApi.json<{ user: User }>('POST', '/api/auth/sign-up', { email: 'secretariat@asean.example', name: 'ASEAN Secretariat', password: PASSWORD }, 201)).user;
  const secretariat: Person = { user: sec, api: secApi, delegation: null };

  const delegation = async (code: string, name: string, color: string) =>
    (await secApi.json<{ delegation: Delegation }>('POST', '/api/delegations', { code, name, color }, 201)).delegation;
  const mysD = await delegation('MYS', 'Malaysia', '#c0392b');
  const idnD = await delegation('IDN', 'Indonesia', '#1f6feb');
  const phlD = await delegation('PHL', 'Philippines', '#8e44ad');

  const person = async (email: string, name: string, d: Delegation | null): Promise<Person> => {
    const user = (await secApi.json<{ user: User }>('POST', '/api/users', { email, name, password: PASSWORD, delegationId: d?.id ?? null }, 201)).user;
    const api = new ApiClient(baseUrl);
    await api.signIn(email);
    return { user, api, delegation: d };
  };
  const chair = await person('chair@dfa.example', 'Maria Santos', phlD);
  const mys = await person('aisyah@kln.example', 'Aisyah Rahman', mysD);
  const idn = await person('budi@kemlu.example', 'Budi Santoso', idnD);
  const observer = await person('expert@unwomen.example', 'Grace Otieno', null);
  const outsider = await person('outsider@example.org', 'Olaf Outsider', idnD);

  const document = (
    await secApi.json<{ document: DocumentSummary }>('POST', '/api/documents', {
      title: 'Joint Statement on the Role of Women in Preventing Violent Extremism',
      symbol: 'ASEAN/PVE/2017/L.1',
      venue: 'Kuala Lumpur',
      startsOn: '2017-12-06',
      endsOn: '2017-12-07',
      numbering: 'all',
    }, 201)
  ).document;
  const member = (p: Person, role: DocumentRole) => secApi.json('PUT', `/api/documents/${document.id}/members/${p.user.id}`, { role });
  await member(chair, 'chair');
  await member(mys, 'delegate');
  await member(idn, 'delegate');
  await member(observer, 'observer');
  return { secretariat, chair, mys, idn, observer, outsider, documentId: document.id, document };
}

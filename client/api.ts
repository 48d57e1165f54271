import type {
  AmendmentStatus,
  ApiError,
  ApiResponses,
  EditingPhase,
  ClauseStatus,
  QuoteBody,
  ThreadStatus,
  DelegationBody,
  DocumentBody,
  DocumentRole,
  Me,
  SignInBody,
  SignUpBody,
  UserBody,
} from '../shared/api/index.js';

/** A field the server rejected, and why ("email": "must be an email address"). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** An API failure as the person should read it: the server's message, and per-field issues. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }

  /** The first message per field, for showing next to the inputs. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.issues) out[issue.path] ??= issue.message;
    return out;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let onUnauthorized: (() => void) | null = null;

/** Called when a request other than signing in finds the session gone (401). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

function retryMessage(response: Response): string {
  const seconds = Number(response.headers.get('Retry-After'));
  if (!Number.isFinite(seconds) || seconds <= 0) return 'Too many attempts. Please wait a little and try again.';
  const minutes = Math.ceil(seconds / 60);
  return seconds < 90
    ? `Too many attempts. Try again in ${Math.ceil(seconds)} seconds.`
    : `Too many attempts. Try again in ${minutes} minutes.`;
}

export async function failure(response: Response): Promise<ApiRequestError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy error page or an empty body; fall through to a generic message.
  }
  if (response.status === 429) return new ApiRequestError(429, retryMessage(response));
  if (isApiError(body)) {
    return new ApiRequestError(response.status, body.error.message, body.error.issues ?? []);
  }
  const generic =
    response.status >= 500 ? 'The server could not complete the request. Please try again.' : `Request failed (${response.status}).`;
  return new ApiRequestError(response.status, generic);
}

/** How long an answer index.html asked for ahead stays good for the app. */
const EARLY_FRESH_MS = 10_000;

/**
 * An answer index.html's first script asked for before the app's code arrived (vite.config.ts,
 * earlyStart: the session, a document's details), taken once: the app's own request, sent sooner.
 */
function takeEarly(path: string): Promise<Response> | undefined {
  if (typeof window === 'undefined' || performance.now() > EARLY_FRESH_MS) return undefined;
  // Set by a plain script in index.html, outside the app's types.
  const early = (window as { __accordEarly?: Record<string, Promise<Response> | undefined> }).__accordEarly;
  const answer = early?.[path];
  if (answer) delete early[path];
  return answer;
}

async function send(method: Method, path: string, body?: unknown): Promise<Response> {
  const early = method === 'GET' && body === undefined ? takeEarly(path) : undefined;
  if (early) {
    try {
      return await early;
    } catch {
      throw new ApiRequestError(0, 'The server cannot be reached. Check your connection and try again.');
    }
  }
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  try {
    return await fetch(path, init);
  } catch {
    throw new ApiRequestError(0, 'The server cannot be reached. Check your connection and try again.');
  }
}

/**
 * One call to the API: the parsed JSON (or text) on success; an ApiRequestError saying what went wrong
 * otherwise. `T` is the call's entry in ApiResponses (shared/api/responses.ts), which the server's
 * handler satisfies.
 */
export async function request<T>(method: Method, path: string, body?: unknown, quietUnauthorized = false): Promise<T> {
  const response = await send(method, path, body);
  if (!response.ok) {
    if (response.status === 401 && !quietUnauthorized) onUnauthorized?.();
    throw await failure(response);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('application/json')) return (await response.json()) as T;
  return (await response.text()) as T;
}

/** Leaves out empty optional strings, so the server sees "not given" rather than "". */
function compact<T extends object>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== '' && v !== undefined)) as T;
}

export const api = {
  authStatus: () => request<ApiResponses['authStatus']>('GET', '/api/auth/status'),
  signUp: (body: SignUpBody) => request<ApiResponses['signUp']>('POST', '/api/auth/sign-up', compact(body), true),
  signIn: (body: SignInBody) => request<ApiResponses['signIn']>('POST', '/api/auth/sign-in', body, true),
  signOut: () => request<ApiResponses['signOut']>('POST', '/api/auth/sign-out', undefined, true),

  /** The person signed in, or null when nobody is. */
  async me(): Promise<Me | null> {
    try {
      return await request<ApiResponses['me']>('GET', '/api/me', undefined, true);
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) return null;
      throw error;
    }
  },

  delegations: () => request<ApiResponses['delegations']>('GET', '/api/delegations'),
  createDelegation: (body: DelegationBody) => request<ApiResponses['createDelegation']>('POST', '/api/delegations', body),

  users: () => request<ApiResponses['users']>('GET', '/api/users'),
  createUser: (body: UserBody) => request<ApiResponses['createUser']>('POST', '/api/users', compact(body)),

  documents: () => request<ApiResponses['documents']>('GET', '/api/documents'),
  createDocument: (body: DocumentBody) => request<ApiResponses['createDocument']>('POST', '/api/documents', compact(body)),
  document: (id: string) => request<ApiResponses['document']>('GET', `/api/documents/${encodeURIComponent(id)}`),
  documentText: (id: string) => request<string>('GET', `/api/documents/${encodeURIComponent(id)}/text`),

  setMember: (documentId: string, userId: string, role: DocumentRole) =>
    request<ApiResponses['setMember']>(
      'PUT',
      `/api/documents/${encodeURIComponent(documentId)}/members/${encodeURIComponent(userId)}`,
      { role },
    ),
  removeMember: (documentId: string, userId: string) =>
    request<ApiResponses['removeMember']>('DELETE', `/api/documents/${encodeURIComponent(documentId)}/members/${encodeURIComponent(userId)}`),

  // Discussion, clause status, the chair's desk (shared/api/discussion.ts).
  threads: (documentId: string, query: { status?: ThreadStatus; clauseId?: string } = {}) => {
    const params = new URLSearchParams(compact(query) as Record<string, string>);
    const qs = params.size ? `?${params.toString()}` : '';
    return request<ApiResponses['threads']>('GET', `${doc(documentId)}/threads${qs}`);
  },
  openThread: (documentId: string, body: { clauseId: string; body: string; quote?: QuoteBody }) =>
    request<ApiResponses['thread']>('POST', `${doc(documentId)}/threads`, body),
  reply: (documentId: string, threadId: string, body: string) =>
    request<ApiResponses['comment']>('POST', `${doc(documentId)}/threads/${encodeURIComponent(threadId)}/comments`, { body }),
  editComment: (documentId: string, commentId: string, body: string) =>
    request<ApiResponses['comment']>('PATCH', `${doc(documentId)}/comments/${encodeURIComponent(commentId)}`, { body }),
  deleteComment: (documentId: string, commentId: string) =>
    request<ApiResponses['comment']>('DELETE', `${doc(documentId)}/comments/${encodeURIComponent(commentId)}`),
  resolveThread: (documentId: string, threadId: string, note: string) =>
    request<ApiResponses['thread']>('POST', `${doc(documentId)}/threads/${encodeURIComponent(threadId)}/resolve`, note.trim() ? { note: note.trim() } : {}),
  reopenThread: (documentId: string, threadId: string) =>
    request<ApiResponses['thread']>('POST', `${doc(documentId)}/threads/${encodeURIComponent(threadId)}/reopen`, {}),
  clauses: (documentId: string) => request<ApiResponses['clauses']>('GET', `${doc(documentId)}/clauses`),
  setClauseStatus: (documentId: string, clauseId: string, status: ClauseStatus) =>
    request<ApiResponses['clause']>('PUT', `${doc(documentId)}/clauses/${encodeURIComponent(clauseId)}/status`, { status }),
  desk: (documentId: string) => request<ApiResponses['desk']>('GET', `${doc(documentId)}/desk`),
  audit: (documentId: string) => request<ApiResponses['audit']>('GET', `${doc(documentId)}/audit`),
  setSettings: (
    documentId: string,
    settings: { observersMayComment?: boolean; editingPhase?: EditingPhase; venue?: string | null; timeZone?: string; language?: string; organisation?: string },
  ) =>
    request<ApiResponses['settings']>('PATCH', `${doc(documentId)}/settings`, settings),

  // Amendments and square brackets (shared/api/amendments.ts).
  amendments: (documentId: string, query: { status?: AmendmentStatus; clauseId?: string } = {}) => {
    const params = new URLSearchParams(compact(query) as Record<string, string>);
    const qs = params.size ? `?${params.toString()}` : '';
    return request<ApiResponses['amendments']>('GET', `${doc(documentId)}/amendments${qs}`);
  },
  setPosition: (documentId: string, amendmentId: string, position: 'support' | 'oppose' | null) =>
    request<ApiResponses['amendment']>('PUT', `${doc(documentId)}/amendments/${encodeURIComponent(amendmentId)}/position`, { position }),
  decideAmendment: (documentId: string, amendmentId: string, action: 'accept' | 'reject' | 'withdraw') =>
    request<ApiResponses['amendment']>('POST', `${doc(documentId)}/amendments/${encodeURIComponent(amendmentId)}/${action}`, {}),
  decideAmendments: (documentId: string, body: { decision: 'accept' | 'reject'; delegationCode?: string; clauseId?: string }) =>
    request<ApiResponses['decided']>('POST', `${doc(documentId)}/amendments/decide`, body),
  /** The square brackets and the alternative paragraphs still in the text. */
  brackets: (documentId: string) =>
    request<ApiResponses['brackets']>('GET', `${doc(documentId)}/brackets`),
  pickBracket: (documentId: string, group: string, option: number) =>
    request<ApiResponses['pickedBracket']>('POST', `${doc(documentId)}/brackets/${encodeURIComponent(group)}/pick`, { option }),
  clearBracket: (documentId: string, group: string) =>
    request<ApiResponses['clearedBracket']>('POST', `${doc(documentId)}/brackets/${encodeURIComponent(group)}/clear`, {}),
  /** The chair keeps one paragraph of a choice between `clauseId` and its alternatives. */
  keepAlternative: (documentId: string, clauseId: string, keep: string) =>
    request<ApiResponses['keptAlternative']>('POST', `${doc(documentId)}/alternatives/${encodeURIComponent(clauseId)}/keep`, { keep }),
};

// The /brackets types live in shared/api, with the server's; re-exported for the pages that import them from here.
export type { AlternativeChoiceView, BracketChoice } from '../shared/api/index.js';

function doc(documentId: string): string {
  return `/api/documents/${encodeURIComponent(documentId)}`;
}

/** A message for any thrown value, for showing to the person. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Please try again.';
}

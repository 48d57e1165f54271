import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../../shared/api/types.js';
import { DomainError, Invalid, type DomainErrorKind } from '../services/errors.js';
import { hasNul } from '../../shared/text.js';
import { log } from '../log.js';

/** Every error leaves the server as one JSON shape: {error: {status, message, issues?}}. */
export function apiError(
  status: ContentfulStatusCode,
  message: string,
  issues?: ApiError['error']['issues'],
  headers: Record<string, string> = {},
): HTTPException {
  const body: ApiError = { error: { status, message, ...(issues ? { issues } : {}) } };
  const res = new Response(JSON.stringify(body), { status, headers: { ...headers, 'content-type': 'application/json' } });
  return new HTTPException(status, { res, message });
}

export const badRequest = (message: string, issues?: ApiError['error']['issues']) => apiError(400, message, issues);
export const unauthorized = (message = 'sign in first') => apiError(401, message);
export const forbidden = (message: string) => apiError(403, message);
export const notFound = (message: string) => apiError(404, message);
export const conflict = (message: string) => apiError(409, message);

/** Each kind of domain refusal, as HTTP says it. */
const STATUS_OF: Record<DomainErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  unprocessable: 422,
  unavailable: 503,
};

export function onError(err: Error, c: Context): Response {
  if (err instanceof HTTPException) {
    const res = err.getResponse();
    if (res.headers.get('content-type')?.includes('application/json')) return res;
    // Hono's own exceptions (malformed JSON, body limit) carry plain text: wrap them in our shape.
    const body: ApiError = { error: { status: err.status, message: err.message || 'bad request' } };
    return c.json(body, err.status);
  }
  if (err instanceof DomainError) {
    const status = STATUS_OF[err.kind];
    // The room's load failure says which rows failed; the member is told only that it cannot be read.
    const message = err.kind === 'unavailable' ? 'the stored text of this document cannot be read; an operator must look at it' : err.message;
    const issues = err instanceof Invalid ? err.issues : undefined;
    const body: ApiError = { error: { status, message, ...(issues ? { issues } : {}) } };
    return c.json(body, status);
  }
  if (hasNul(c.req.path) && 'code' in err && err.code === '22021') {
    // An id in the path holding NUL, which no schema checks, reached PostgreSQL (invalid byte sequence).
    const body: ApiError = { error: { status: 400, message: 'path: must not contain NUL characters' } };
    return c.json(body, 400);
  }
  log.error({ method: c.req.method, path: c.req.path, err }, 'unhandled error');
  const body: ApiError = { error: { status: 500, message: 'internal error' } };
  return c.json(body, 500);
}

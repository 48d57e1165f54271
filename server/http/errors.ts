import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../../shared/api/types.js';
import { DocumentLoadError, FrozenDocumentError } from '../collab/room.js';
import { hasNul } from '../../shared/text.js';

/**
 * A step of the procedure that cannot be taken now: the text is unsettled, the procedure has already
 * ended, or the document is no longer where the step needs it. Answered as 409 with its message.
 */
export class ProcedureConflict extends Error {
  constructor(
    message: string,
    readonly reason: 'unsettled' | 'ended' | 'status',
  ) {
    super(message);
  }
}

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

export function onError(err: Error, c: Context): Response {
  if (err instanceof HTTPException) {
    const res = err.getResponse();
    if (res.headers.get('content-type')?.includes('application/json')) return res;
    // Hono's own exceptions (malformed JSON, body limit) carry plain text: wrap them in our shape.
    const body: ApiError = { error: { status: err.status, message: err.message || 'bad request' } };
    return c.json(body, err.status);
  }
  if (err instanceof ProcedureConflict) {
    const body: ApiError = { error: { status: 409, message: err.message } };
    return c.json(body, 409);
  }
  if (err instanceof DocumentLoadError) {
    const body: ApiError = { error: { status: 503, message: 'the stored text of this document cannot be read; an operator must look at it' } };
    return c.json(body, 503);
  }
  if (err instanceof FrozenDocumentError) {
    // A change raced with a silence procedure or adoption and lost: nothing was written.
    const body: ApiError = { error: { status: 409, message: err.message } };
    return c.json(body, 409);
  }
  if (hasNul(c.req.path) && 'code' in err && err.code === '22021') {
    // An id in the path holding NUL, which no schema checks, reached PostgreSQL (invalid byte sequence).
    const body: ApiError = { error: { status: 400, message: 'path: must not contain NUL characters' } };
    return c.json(body, 400);
  }
  console.error('unhandled error on', c.req.method, c.req.path, err);
  const body: ApiError = { error: { status: 500, message: 'internal error' } };
  return c.json(body, 500);
}

import { Hono } from 'hono';
import type { IncomingHttpHeaders } from 'node:http';
import type { AppDeps, AppEnv } from '../context.js';
import { accessDocumentForSocket, isDenied, readSocketAdmission } from '../services/access.js';
import type { Actor } from '../policies/actor.js';
import { canOnDocument, subjectOf, type DocumentSubject } from '../policies/document.js';
import { NEUTRAL_COLOR } from '../../shared/colors.js';
import { MAX_SOCKETS_PER_SESSION } from '../../shared/limits.js';
import type { PresenceUser } from '../../shared/api/types.js';
import type { EditingPhase } from '../../shared/api/index.js';
import type { ConnectionIdentity } from './connection.js';

/**
 * The role shown with a person's caret: their role in the document, else the workspace role that
 * lets them read it without being a member (the secretariat, the archivist).
 */
export function presenceRole(documentRole: PresenceUser['role'] | null, workspaceRole: 'secretariat' | 'archivist' | null): PresenceUser['role'] {
  return documentRole ?? workspaceRole ?? 'observer';
}

/** Why an upgrade is refused: the HTTP status and the x-accord-reason header of the answer. */
export interface SocketRefusal {
  status: 400 | 401 | 403 | 404 | 429;
  reason: string;
}

/** What an admitted socket needs for its whole life, and nothing of the request that opened it. */
export interface SocketAdmission {
  documentId: string;
  identity: ConnectionIdentity;
}

/** What admitting a socket reads of its upgrade request. */
export interface SocketRequest {
  documentId: string;
  headers: IncomingHttpHeaders;
  /** The origin this request was addressed to (server/http/origin.ts ownOrigin, from the raw request). */
  ownOrigin: string;
}

/**
 * /collab/:documentId speaks the y-websocket protocol. The upgrade is decided before the socket opens:
 * the Origin must be Accord's own (browsers always send it on a WebSocket; so must scripts), the
 * session cookie must be valid, and the person must be allowed to read the document; otherwise the
 * answer is a plain HTTP 401 or 403 and no socket is made. The room is bound to that document.
 * A session holds at most MAX_SOCKETS_PER_SESSION sockets (429 past it).
 */
export async function admitSocket(deps: AppDeps, request: SocketRequest): Promise<SocketAdmission | SocketRefusal> {
  const { headers, documentId } = request;
  const origin = headers.origin;
  if (!origin || origin !== request.ownOrigin) return { status: 403, reason: `origin ${origin ?? '(none)'} is not allowed` };
  const sessionId = deps.sessions.readCookie(headers.cookie);
  if (!sessionId) return { status: 401, reason: 'sign in first' };
  // Usually one statement reads the session and the document together. A session due to slide or
  // past its end (or none) is left to the auth module, and the document read on its own.
  const read = await readSocketAdmission(deps.db, deps.sessions.storageKey(sessionId), documentId);
  let actor: Actor;
  let access: Awaited<ReturnType<typeof accessDocumentForSocket>>;
  if (read && deps.sessions.isCurrent(read.session)) {
    actor = read.user;
    access = read.access;
  } else {
    const session = await deps.sessions.validate(sessionId);
    if (!session) return { status: 401, reason: 'sign in first' };
    actor = session.user;
    access = await accessDocumentForSocket(deps.db, actor, documentId);
  }
  if (deps.rooms.socketCount(sessionId) >= MAX_SOCKETS_PER_SESSION) {
    return { status: 429, reason: `too many open sockets for one session (at most ${MAX_SOCKETS_PER_SESSION}); close some tabs` };
  }
  if (isDenied(access)) return { status: access.status, reason: access.message };
  const subject = subjectOf(access.document, access.role);
  const readOnly = !canOnDocument(actor, 'edit', subject);
  const mayEditAgreed = canOnDocument(actor, 'chair', subject);
  const delegation = access.delegation;
  const presence: PresenceUser = {
    userId: actor.id,
    name: actor.name,
    delegationCode: delegation?.code ?? null,
    color: delegation?.color ?? NEUTRAL_COLOR,
    role: presenceRole(access.role, actor.workspaceRole),
    readOnly,
  };
  return { documentId, identity: new SocketIdentity(actor, subject, sessionId, readOnly, mayEditAgreed, delegation?.code ?? null, presence) };
}

/**
 * Who is on an admitted socket. A class, not an object literal with a closure: under tsx (esbuild's
 * keepNames) a named closure per socket carries a property array of its own.
 */
class SocketIdentity implements ConnectionIdentity {
  readonly userId: string;

  constructor(
    private readonly actor: Actor,
    private readonly subject: DocumentSubject,
    readonly sessionId: string,
    readonly readOnly: boolean,
    readonly mayEditAgreed: boolean,
    readonly delegationCode: string | null,
    readonly presence: PresenceUser,
  ) {
    this.userId = actor.id;
  }

  /** Asked at each update: the phase can change under an open socket. */
  editsDirectly(editingPhase: EditingPhase): boolean {
    return canOnDocument(this.actor, 'editDirectly', { ...this.subject, editingPhase });
  }
}

export function isRefusal(result: SocketAdmission | SocketRefusal): result is SocketRefusal {
  return 'status' in result;
}

/**
 * Upgrades to /collab are taken by server/collab/upgrade.ts before Hono sees them; a plain HTTP
 * request there is answered here, as it was when Hono made the sockets.
 */
export function collabRoutes() {
  return new Hono<AppEnv>().all('*', (c) => c.body(null, 400, { 'x-accord-reason': 'expected a WebSocket upgrade' }));
}

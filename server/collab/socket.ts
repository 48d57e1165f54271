import { Hono } from 'hono';
import { upgradeWebSocket } from '@hono/node-server';
import type { AppDeps, AppEnv } from '../context.js';
import { ownOrigin } from '../http/origin.js';
import { accessDocumentForSocket, isDenied } from '../services/access.js';
import { canOnDocument, subjectOf } from '../policies/document.js';
import { CloseCode } from '../../shared/close-codes.js';
import { NEUTRAL_COLOR } from '../../shared/colors.js';
import { log } from '../log.js';
import { MAX_SOCKETS_PER_SESSION } from '../../shared/limits.js';
import type { PresenceUser } from '../../shared/api/types.js';
import type { ConnectionIdentity } from './connection.js';

type CollabEnv = AppEnv & { Variables: { identity: ConnectionIdentity; documentId: string } };

/**
 * The role shown with a person's caret: their role in the document, else the workspace role that
 * lets them read it without being a member (the secretariat, the archivist).
 */
export function presenceRole(documentRole: PresenceUser['role'] | null, workspaceRole: 'secretariat' | 'archivist' | null): PresenceUser['role'] {
  return documentRole ?? workspaceRole ?? 'observer';
}

/**
 * /collab/:documentId speaks the y-websocket protocol. The upgrade is decided before the socket opens:
 * the Origin must be Accord's own (browsers always send it on a WebSocket; so must scripts), the
 * session cookie must be valid, and the person must be allowed to read the document; otherwise the
 * answer is a plain HTTP 401 or 403 and no socket is made. The room is bound to that document.
 * A session holds at most MAX_SOCKETS_PER_SESSION sockets (429 past it).
 */
export function collabRoutes(deps: AppDeps) {
  return new Hono<CollabEnv>().get(
    '/:documentId',
    async (c, next) => {
      const reject = (status: 400 | 401 | 403 | 404 | 429, reason: string) =>
        c.body(null, status, { 'x-accord-reason': reason });
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return reject(400, 'expected a WebSocket upgrade');
      const origin = c.req.header('origin');
      if (!origin || origin !== ownOrigin(c, deps.config)) return reject(403, `origin ${origin ?? '(none)'} is not allowed`);
      const sessionId = deps.sessions.readCookie(c.req.header('cookie'));
      const session = sessionId ? await deps.sessions.validate(sessionId) : null;
      if (!session) return reject(401, 'sign in first');
      if (deps.rooms.socketCount(session.sessionId) >= MAX_SOCKETS_PER_SESSION) {
        return reject(429, `too many open sockets for one session (at most ${MAX_SOCKETS_PER_SESSION}); close some tabs`);
      }
      const actor = session.user;
      const documentId = c.req.param('documentId');
      const access = await accessDocumentForSocket(deps.db, actor, documentId);
      if (isDenied(access)) return reject(access.status, access.message);
      const subject = subjectOf(access.document, access.role);
      const readOnly = !canOnDocument(actor, 'edit', subject);
      const mayEditAgreed = canOnDocument(actor, 'chair', subject);
      const delegation = access.delegation;
      c.set('documentId', documentId);
      c.set('identity', {
        userId: actor.id,
        sessionId: session.sessionId,
        readOnly,
        mayEditAgreed,
        editsDirectly: (editingPhase) => canOnDocument(actor, 'editDirectly', { ...subject, editingPhase }),
        delegationCode: delegation?.code ?? null,
        presence: {
          userId: actor.id,
          name: actor.name,
          delegationCode: delegation?.code ?? null,
          color: delegation?.color ?? NEUTRAL_COLOR,
          role: presenceRole(access.role, actor.workspaceRole),
          readOnly,
        },
      });
      await next();
    },
    upgradeWebSocket((c) => {
      const documentId = c.get('documentId');
      const identity = c.get('identity');
      let session: ReturnType<typeof deps.rooms.connect> | null = null;
      return {
        onOpen(_event, ws) {
          session = deps.rooms.connect(documentId, ws, identity);
        },
        onMessage(event) {
          if (!session) return;
          if (typeof event.data === 'string') {
            session.connection.close(CloseCode.unsupportedData, 'text frames are not part of the protocol: send binary');
            session.close();
            return;
          }
          session.receive(new Uint8Array(event.data as ArrayBuffer));
        },
        onClose(event) {
          log.info({ document: documentId, user: identity.userId, code: event.code }, 'socket closed');
          session?.close();
        },
        onError() {
          session?.close();
        },
      };
    }),
  );
}

import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WSContext, type WSContextInit, type WSReadyState } from 'hono/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { AppDeps } from '../context.js';
import type { Config } from '../config.js';
import { CloseCode } from '../../shared/close-codes.js';
import { log } from '../log.js';
import { admitSocket, isRefusal, type SocketAdmission } from './socket.js';

const COLLAB_PATH = /^\/collab\/([^/?]+)(?:\?.*)?$/;

/**
 * Takes every WebSocket upgrade on the server, in front of Hono: /collab/:documentId is checked
 * (admitSocket) and handed to ws; anything else is refused. Hono's upgradeWebSocket built a Request,
 * Headers and a Context per upgrade and kept them (and the IncomingMessage) reachable from the
 * socket's handlers for its whole life; here a socket keeps only its document id and identity.
 */
export function acceptCollabUpgrades(server: Server, wss: WebSocketServer, deps: AppDeps): void {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that drops the connection while it is checked must not crash the server.
    const ignore = () => {};
    socket.on('error', ignore);
    void upgrade(deps, wss, request, socket, head)
      .catch((err: unknown) => {
        log.error({ err, url: request.url }, 'collab: the upgrade failed');
        refuse(socket, 500, 'internal error');
      })
      .finally(() => socket.off('error', ignore));
  });
}

async function upgrade(deps: AppDeps, wss: WebSocketServer, request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const match = COLLAB_PATH.exec(request.url ?? '');
  if (!match) return refuse(socket, 404, `no route for a WebSocket at ${(request.url ?? '').split('?')[0]}`);
  if (request.headers.upgrade?.toLowerCase() !== 'websocket') return refuse(socket, 400, 'expected a WebSocket upgrade');
  const admission = await admitSocket(deps, {
    documentId: decodeSegment(match[1]!),
    headers: request.headers,
    ownOrigin: originOf(request, deps.config),
  });
  if (isRefusal(admission)) return refuse(socket, admission.status, admission.reason);
  if (socket.destroyed) return;
  wss.handleUpgrade(request, socket, head, (ws) => {
    wss.emit('connection', ws, request);
    open(deps, ws, admission);
  });
}

/** Joins the room; the socket's handlers hold the admission, the ws socket and the room's session. */
function open(deps: AppDeps, ws: WebSocket, { documentId, identity }: SocketAdmission): void {
  const context = new WSContext(new SocketHandle(ws));
  const session = deps.rooms.connect(documentId, context, identity);
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      session.connection.close(CloseCode.unsupportedData, 'text frames are not part of the protocol: send binary');
      session.close();
      return;
    }
    // A copy: ws may hand a view into a larger read buffer, and the room can hold a frame a while.
    session.receive(new Uint8Array(data as Buffer));
  });
  ws.on('close', (code) => {
    log.info({ document: documentId, user: identity.userId, code }, 'socket closed');
    session.close();
  });
  ws.on('error', () => session.close());
}

/**
 * What the room's Connection reaches the ws socket through (a WSContext over this). A class, not an
 * object literal with a getter: such a literal is kept as a dictionary (about 450 bytes of properties
 * per socket in a heap snapshot of 1,000 sockets) and brings three closures of its own.
 */
class SocketHandle implements WSContextInit<WebSocket> {
  constructor(readonly raw: WebSocket) {}

  get readyState(): WSReadyState {
    return this.raw.readyState as WSReadyState;
  }

  send(data: string | ArrayBuffer | Uint8Array): void {
    this.raw.send(data);
  }

  close(code?: number, reason?: string): void {
    this.raw.close(code, reason);
  }
}

/** Answers an upgrade with a plain HTTP status and says why in x-accord-reason; no socket is made. */
function refuse(socket: Duplex, status: number, reason: string): void {
  if (socket.destroyed) return;
  // Header values are latin-1; reasons name document ids and origins, which a client chose.
  const safeReason = reason.replace(/[^\x20-\x7e]/g, '?');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\nx-accord-reason: ${safeReason}\r\n\r\n`);
}

/** server/http/origin.ts ownOrigin, read from the raw request (no Hono context here). */
function originOf(request: IncomingMessage, config: Config): string {
  if (config.publicOrigin) return config.publicOrigin;
  const host = request.headers.host ?? 'localhost';
  const encrypted = (request.socket as { encrypted?: boolean }).encrypted === true;
  const forwarded = config.trustProxy ? headerValue(request.headers['x-forwarded-proto'])?.split(',')[0]?.trim() : undefined;
  return `${forwarded ?? (encrypted ? 'https' : 'http')}://${host}`;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

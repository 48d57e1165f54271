import type { WebSocket } from 'ws';
import { WSContext } from 'hono/ws';
import { Connection, type ConnectionIdentity } from '../../server/collab/connection.js';

/** Someone who only reads (an observer of MYS's delegation, as far as the room is concerned). */
export const readerIdentity: ConnectionIdentity = {
  userId: 'reader',
  sessionId: 'reader-session',
  readOnly: true,
  mayEditAgreed: false,
  editsDirectly: () => false,
  delegationCode: 'MYS',
  presence: { userId: 'reader', name: 'Aisyah binti Rahman', delegationCode: 'MYS', color: '#1f77b4', role: 'observer', readOnly: true },
};

/** The server's Connection over a server-side `ws` socket, wrapped as Hono wraps it. */
export function connectionOver(ws: WebSocket, identity: ConnectionIdentity = readerIdentity): Connection {
  return new Connection(
    new WSContext({
      raw: ws,
      send: (data) => ws.send(data),
      close: (code, reason) => ws.close(code, reason),
      get readyState() {
        return ws.readyState as 0 | 1 | 2 | 3;
      },
    }),
    identity,
  );
}

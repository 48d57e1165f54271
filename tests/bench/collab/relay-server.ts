/**
 * The bare relay as its own bin/server.js starts it: @y/websocket-server's setupWSConnection on an
 * http server, no persistence (YPERSISTENCE unset), every document kept in memory.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const port = Number(process.env.PORT);
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(port, '127.0.0.1', () => process.send?.({ ready: true }));
// An orderly exit on the driver's SIGTERM, so that a CPU profile (BENCH_CPU_PROF=relay) is written.
process.on('SIGTERM', () => process.exit(0));

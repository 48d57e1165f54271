/**
 * Hocuspocus 4.7 as its documentation starts it with the SQLite extension on a file database, and
 * otherwise its defaults (stores on a 2 s debounce, at most every 10 s; on SIGTERM it stores what is
 * pending and exits, stopOnSignals).
 */
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';

const server = new Server({
  port: Number(process.env.PORT),
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: process.env.HOCUSPOCUS_DATABASE! })],
});
await server.listen();
process.send?.({ ready: true });

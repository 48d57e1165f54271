import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadConfig } from './config.js';
import { log, setLogLevel } from './log.js';
import { openDatabase } from '../db/index.js';
import { migrateToLatest } from '../db/migrator.js';
import { createApp, createDeps } from './app.js';
import { SilenceClock } from './services/procedure.js';
import { MAX_FRAME_BYTES } from '../shared/limits.js';
import { acceptCollabUpgrades } from './collab/upgrade.js';
import { SharedRedis } from './scale/redis.js';
import { ClusterEventBus } from './scale/event-bus.js';

const HEARTBEAT_MS = 30_000;

const config = loadConfig(process.env);
setLogLevel(config.logLevel);
const db = openDatabase(config.databaseUrl);
const applied = await migrateToLatest(db);
if (applied.length) log.info({ migrations: applied }, 'migrations applied');

// Several instances: they share PostgreSQL and this Redis (server/scale/). One process: neither.
const redis = config.redis ? await SharedRedis.open(config.redis.url, config.redis.prefix) : null;
const deps = createDeps(db, config, redis);
if (deps.bus instanceof ClusterEventBus) await deps.bus.ready;
const app = createApp(deps);

// Frames over MAX_FRAME_BYTES make ws close the connection with 1009 by itself.
const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

// A socket whose peer vanished (laptop lid closed) is found by ping and dropped.
const alive = new WeakSet<WebSocket>();
wss.on('connection', (ws) => {
  alive.add(ws);
  ws.on('pong', () => alive.add(ws));
});
const heartbeat = setInterval(() => {
  for (const ws of wss.clients) {
    if (!alive.has(ws)) {
      ws.terminate();
      continue;
    }
    alive.delete(ws);
    ws.ping();
  }
}, HEARTBEAT_MS);
heartbeat.unref();

const sweep = setInterval(() => void deps.sessions.deleteExpired().catch(() => {}), 3600_000);
sweep.unref();
// Sockets outlive the request that opened them: when their session expires, they close.
deps.rooms.startSessionSweep(config.sessionSweepMs, (ids) => deps.sessions.activeAmong(ids));

// Silence deadlines are kept in the database: the first check adopts whatever expired while the server was down.
const silenceClock = new SilenceClock(deps, config.silenceCheckMs);
silenceClock.start();

// serve() makes a node:http Server (no createServer option given). Upgrades do not go through Hono:
// server/collab/upgrade.ts takes them, so an open socket holds nothing of the request that opened it.
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  log.info({ port: info.port, database: config.databaseUrl.replace(/:[^:@/]*@/, ':***@') }, `Accord listening on http://localhost:${info.port}`);
}) as Server;
acceptCollabUpgrades(server, wss, deps);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'closing connections and storing snapshots');
  server.close();
  wss.close();
  await silenceClock.stop();
  deps.events.closeAll();
  await deps.rooms.shutdown();
  await deps.procedures.close?.();
  await db.destroy();
  await redis?.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// Started by a supervisor with an IPC channel (`npm run cluster`, the tests, the benchmark), the server
// leaves with it: a supervisor killed outright sends no signal, and its servers lived on as orphans
// holding their ports and skewing every measurement after. The channel alone keeps nothing alive.
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => void shutdown('its supervisor went away'));
}

import { Hono } from 'hono';
import { requestLog } from './log.js';
import { serveStatic } from '@hono/node-server/serve-static';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/index.js';
import type { Config } from './config.js';
import type { AppDeps, AppEnv } from './context.js';
import type { SharedRedis } from './scale/redis.js';
import { ClusterEventBus } from './scale/event-bus.js';
import { DocumentRelay } from './scale/document-relay.js';
import { createSessions } from './auth/sessions.js';
import { createSignInThrottle } from './auth/throttle.js';
import { createProcedureLock } from './services/lock.js';
import { sessionMiddleware } from './auth/middleware.js';
import { sameOriginWrites } from './http/origin.js';
import { apiError, onError } from './http/errors.js';
import { RoomRegistry } from './collab/registry.js';
import { collabRoutes } from './collab/socket.js';
import { authRoutes } from './routes/auth.js';
import { meRoutes } from './routes/me.js';
import { delegationRoutes } from './routes/delegations.js';
import { invitationRoutes, userRoutes } from './routes/users.js';
import { documentRoutes } from './routes/documents.js';
import { threadRoutes } from './routes/threads.js';
import { clauseRoutes } from './routes/clauses.js';
import { auditRoutes } from './routes/audit.js';
import { settingsRoutes } from './routes/settings.js';
import { eventRoutes } from './routes/events.js';
import { bracketRoutes } from './routes/brackets.js';
import { amendmentRoutes } from './routes/amendments.js';
import { revisionRoutes } from './routes/revisions.js';
import { procedureRoutes } from './routes/procedure.js';
import { archiveRoutes } from './routes/archive.js';
import { EventHub } from './events/hub.js';
import { InProcessEventBus } from './events/bus.js';
import { subscribeAll } from './events/subscribers.js';
import { MAX_IMPORT_BYTES, SIGN_IN_WINDOW_SECONDS } from '../shared/limits.js';
import { importRoutes } from './routes/imports.js';
import { exportRoutes } from './routes/exports.js';

/** Everything the routes and sockets share; `redis` when several instances share documents (REDIS_URL). */
export function createDeps(db: Db, config: Config, redis: SharedRedis | null = null): AppDeps {
  const events = new EventHub();
  // Several instances: events, updates and carets also travel between them, through Redis.
  const bus = redis ? new ClusterEventBus(redis) : new InProcessEventBus();
  const relay = redis ? new DocumentRelay(redis) : undefined;
  const rooms = new RoomRegistry(db, { storageDelayMs: config.faultStorageDelayMs, events: bus, relay });
  // The room, the audit log and the live streams hear every writer through the one bus.
  subscribeAll(bus, { db, rooms, hub: events });
  return {
    db,
    config,
    sessions: createSessions(db, { secureCookies: config.secureCookies }),
    throttle: createSignInThrottle(SIGN_IN_WINDOW_SECONDS * 1000, redis),
    procedures: createProcedureLock(config),
    rooms,
    events,
    bus,
    redis,
  };
}

const bodyLimitMiB = bodyLimit({ maxSize: 1024 * 1024, onError: () => { throw apiError(413, 'request body too large (1 MiB at most)'); } });
/** Word files come bigger than any JSON body; the importer has limits of its own on what is inside. */
const uploadLimit = bodyLimit({ maxSize: MAX_IMPORT_BYTES + 64 * 1024, onError: () => { throw apiError(413, `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`); } });

/** The HTTP API under /api, the collaboration socket under /collab, and the built client. */
export function createApp(deps: AppDeps) {
  const api = new Hono<AppEnv>()
    .use((c, next) => (c.req.path === '/api/documents/import' ? uploadLimit : bodyLimitMiB)(c, next))
    .use(sameOriginWrites(deps.config))
    .use(sessionMiddleware(deps))
    .route('/auth', authRoutes(deps))
    .route('/me', meRoutes(deps))
    .route('/delegations', delegationRoutes(deps))
    .route('/users', userRoutes(deps))
    .route('/invitations', invitationRoutes(deps))
    .route('/documents', importRoutes(deps))
    .route('/documents', documentRoutes(deps))
    .route('/documents', threadRoutes(deps))
    .route('/documents', clauseRoutes(deps))
    .route('/documents', auditRoutes(deps))
    .route('/documents', settingsRoutes(deps))
    .route('/documents', eventRoutes(deps))
    .route('/documents', bracketRoutes(deps))
    .route('/documents', amendmentRoutes(deps))
    .route('/documents', revisionRoutes(deps))
    .route('/documents', procedureRoutes(deps))
    .route('/documents', exportRoutes(deps))
    .route('/archive', archiveRoutes(deps))
    .all('*', (c) => { throw apiError(404, `no route ${c.req.method} ${c.req.path}`); });

  const app = new Hono<AppEnv>()
    .use(requestLog)
    .use(secureHeaders({ contentSecurityPolicy: undefined, crossOriginEmbedderPolicy: false }))
    .route('/api', api)
    .route('/collab', collabRoutes());
  app.onError(onError);

  mountClient(app, deps.config.staticDir);
  return app;
}

/** Serves the built client; any other GET gets index.html so the client's router can take it. */
function mountClient(app: Hono<AppEnv>, staticDir: string): void {
  // Vite names every file under /assets after a hash of its content: a name never changes content, so
  // a browser may keep it for good and never ask again. Without this it guessed from Last-Modified,
  // and for a recent build asked again for every chunk (a 304 each) before the page could run.
  // index.html itself, which names the current chunks, is always asked for afresh.
  app.use('/assets/*', serveStatic({ root: staticDir, onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable') }));
  app.get('*', serveStatic({ root: staticDir, onFound: (path, c) => void (path.endsWith('.html') && c.header('Cache-Control', 'no-cache')) }));
  const index = join(staticDir, 'index.html');
  app.get('*', (c) => {
    if (!existsSync(index)) return c.text('The client is not built: run `npm run build` (npm start does it for you).', 503);
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(index, 'utf8'));
  });
}

export type AppType = ReturnType<typeof createApp>;

import { Hono } from 'hono';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { AppDeps, AppEnv } from '../context.js';
import { requireActor } from '../auth/middleware.js';
import { validate } from '../http/validate.js';
import { authorizeDocument } from '../http/authorize.js';
import { exportQuery } from '../../shared/api/record.js';
import { declarationSchema } from '../../shared/editor/index.js';
import { declarationFromYDoc } from '../../shared/editor/yjs.js';
import type { DocumentRow } from '../../db/schema.js';
import { listRevisions } from '../../db/repos/revisions.js';
import { findArchiveRecord, listArchiveDelegations } from '../../db/repos/archive.js';
import { timestamp } from '../../db/time.js';
import { renditionOf, type LifecycleEvent, type RenditionMeta } from '../export/rendition.js';
import { exportRendition } from '../export/index.js';
import { baseSymbol, findRevisionByRef, revisionDoc } from '../services/revisions.js';

/** Every way a text leaves Accord: the current draft, any revision, or the adopted text, in seven formats. */
export function exportRoutes(deps: AppDeps) {
  const { db } = deps;

  async function lifecycle(document: DocumentRow): Promise<LifecycleEvent[]> {
    const events: LifecycleEvent[] = (await listRevisions(db, document.id)).map((r) => ({ kind: 'revision', number: r.number, symbol: r.symbol, date: r.issued_at, note: r.note }));
    const record = await findArchiveRecord(db, document.id);
    if (record) events.push({ kind: 'adoption', number: null, symbol: record.symbol, date: record.adopted_at, note: record.body });
    return events;
  }

  return new Hono<AppEnv>().get('/:id/export', validate('query', exportQuery), async (c) => {
    const actor = requireActor(c);
    const { document } = await authorizeDocument(db, actor, c.req.param('id'), 'read');
    const { format, revision: ref } = c.req.valid('query');
    const base = baseSymbol(document);
    const common = { documentId: document.id, baseSymbol: base, numbering: document.numbering, venue: document.venue, lifecycle: await lifecycle(document) };
    let doc: PMNode;
    let meta: RenditionMeta;
    const record = document.status === 'adopted' ? await findArchiveRecord(db, document.id) : undefined;
    if (ref !== undefined) {
      const revision = await findRevisionByRef(deps, document.id, ref);
      doc = revisionDoc(revision);
      meta = { ...common, symbol: revision.symbol, stage: 'revision', clean: false, revisionNumber: revision.number, date: revision.issued_at, adoption: null };
    } else if (record) {
      doc = declarationSchema.nodeFromJSON(JSON.parse(record.content));
      meta = {
        ...common,
        symbol: record.symbol,
        venue: record.venue,
        stage: 'adopted',
        clean: true,
        revisionNumber: null,
        date: record.adopted_at,
        adoption: { adoptedAt: record.adopted_at, venue: record.venue, body: record.body, delegations: await listArchiveDelegations(db, document.id), hash: record.text_hash },
      };
    } else {
      doc = await deps.rooms.readDocument(document.id, (ydoc) => declarationFromYDoc(ydoc));
      meta = { ...common, symbol: base, stage: 'live', clean: false, revisionNumber: null, date: timestamp(), adoption: null };
    }
    const file = await exportRendition(renditionOf(doc, meta), format);
    const ascii = file.filename.replace(/[^A-Za-z0-9._-]/g, '_');
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      ...(meta.adoption ? { 'x-accord-text-sha256': meta.adoption.hash } : {}),
    });
  });
}

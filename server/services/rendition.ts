import type { Node as PMNode } from '@tiptap/pm/model';
import type { AppDeps } from '../context.js';
import type { Db } from '../../db/index.js';
import type { DocumentRow } from '../../db/schema.js';
import { listRevisions } from '../../db/repos/revisions.js';
import { listSilences } from '../../db/repos/silence.js';
import { findArchiveRecord, listArchiveDelegations } from '../../db/repos/archive.js';
import { listPositions } from '../../db/repos/amendments.js';
import { listClauseStatuses } from '../../db/repos/clause-statuses.js';
import { listComments, listThreads } from '../../db/repos/threads.js';
import { authorsByIds } from '../../db/repos/authors.js';
import { timestamp } from '../../db/time.js';
import { declarationSchema } from '../../shared/editor/index.js';
import { declarationFromYDoc } from '../../shared/editor/yjs.js';
import { directionOf } from '../../shared/language.js';
import { NO_NEGOTIATION, renditionOf, type LifecycleEvent, type Negotiation, type Rendition, type RenditionMeta, type RenditionThread } from '../export/rendition.js';
import { baseSymbol, findRevisionByRef, revisionDoc } from './revisions.js';

/**
 * What is exported, laid out once for every format: the live draft, an issued revision or the adopted
 * text, with the document's identity (symbols, time zone, language, organisation), its life so far
 * and, for a draft, the negotiation around its words.
 */

/** The document's identity, the same in every rendition of it. */
export function identityOf(document: DocumentRow) {
  return {
    documentId: document.id,
    baseSymbol: baseSymbol(document),
    finalSymbol: document.final_symbol,
    createdAt: document.created_at,
    numbering: document.numbering,
    venue: document.venue,
    timeZone: document.time_zone,
    language: document.language,
    direction: directionOf(document.language),
    organisation: document.organisation,
  } satisfies Partial<RenditionMeta>;
}

/** The symbol an adopted document's record bears: the final one the chair gave, else the draft's. */
export function recordSymbol(document: DocumentRow): string {
  return document.final_symbol ?? baseSymbol(document);
}

/** Every step of the text's life, in order: revisions, silence procedures, adoption. */
export async function lifecycleOf(db: Db, document: DocumentRow): Promise<LifecycleEvent[]> {
  const events: LifecycleEvent[] = (await listRevisions(db, document.id)).map((r) => ({ kind: 'revision', number: r.number, symbol: r.symbol, date: r.issued_at, note: r.note }));
  const base = baseSymbol(document);
  const symbolAt = (date: string) => events.filter((e) => e.kind === 'revision' && e.date <= date).at(-1)?.symbol ?? base;
  for (const s of await listSilences(db, document.id)) {
    events.push({ kind: 'silenceStarted', number: null, symbol: symbolAt(s.started_at), date: s.started_at, note: null });
    if (s.outcome === 'broken' && s.ended_at) events.push({ kind: 'silenceBroken', number: null, symbol: symbolAt(s.ended_at), date: s.ended_at, note: s.statement, delegation: s.broken_delegation });
    if (s.outcome === 'withdrawn' && s.ended_at) events.push({ kind: 'silenceWithdrawn', number: null, symbol: symbolAt(s.ended_at), date: s.ended_at, note: s.statement });
  }
  const record = await findArchiveRecord(db, document.id);
  if (record) events.push({ kind: 'adoption', number: null, symbol: record.symbol, date: record.adopted_at, note: record.body });
  const order: Record<LifecycleEvent['kind'], number> = { revision: 0, silenceStarted: 1, silenceBroken: 2, silenceWithdrawn: 2, adoption: 3 };
  return events.sort((a, b) => a.date.localeCompare(b.date) || order[a.kind] - order[b.kind]);
}

/** The negotiation around a draft's words: statuses, positions on proposals, threads with their comments. */
export async function negotiationOf(db: Db, documentId: string): Promise<Negotiation> {
  const statuses = new Map((await listClauseStatuses(db, documentId)).map((r) => [r.clause_id, r.status]));
  const positions = new Map<string, { supporters: string[]; opponents: string[] }>();
  for (const p of await listPositions(db, documentId)) {
    let entry = positions.get(p.amendment_id);
    if (!entry) positions.set(p.amendment_id, (entry = { supporters: [], opponents: [] }));
    (p.position === 'support' ? entry.supporters : entry.opponents).push(p.code);
  }
  const threadRows = await listThreads(db, documentId);
  const comments = await listComments(db, threadRows.map((t) => t.id));
  const authors = await authorsByIds(db, comments.map((c) => c.author_id));
  const byThread = new Map<string, RenditionThread['comments']>();
  for (const c of comments) {
    if (c.deleted_at) continue;
    const author = authors.get(c.author_id);
    const list = byThread.get(c.thread_id) ?? [];
    list.push({ author: author?.name ?? null, delegation: author?.delegation_code ?? null, at: c.created_at, body: c.body });
    byThread.set(c.thread_id, list);
  }
  const threads = new Map<string, (Omit<RenditionThread, 'quote'> & { quoteText: string | null })[]>();
  // Open threads first: they are what a delegation still has to answer.
  for (const t of [...threadRows].sort((a, b) => (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1))) {
    const list = threads.get(t.clause_id) ?? [];
    list.push({ id: t.id, status: t.status, quoteText: t.quote_text, resolutionNote: t.resolution_note, comments: byThread.get(t.id) ?? [] });
    threads.set(t.clause_id, list);
  }
  return { statuses, positions, threads };
}

/** A negotiation as a revision stores it (JSON): maps as entry lists. */
export function storedNegotiation(negotiation: Negotiation): string {
  return JSON.stringify({ statuses: [...negotiation.statuses], positions: [...negotiation.positions], threads: [...negotiation.threads] });
}

/** A stored negotiation read back; none (no statuses, positions or threads) for a revision that kept none. */
export function negotiationFromStore(json: string | null): Negotiation {
  if (!json) return NO_NEGOTIATION;
  const stored = JSON.parse(json) as { [K in keyof Negotiation]: [string, Negotiation[K] extends ReadonlyMap<string, infer V> ? V : never][] };
  return { statuses: new Map(stored.statuses), positions: new Map(stored.positions), threads: new Map(stored.threads) };
}

/** The rendition of what an export asks for: a revision (by number or symbol), the adopted text, or the live draft. */
export async function renditionFor(deps: AppDeps, document: DocumentRow, revisionRef?: string): Promise<Rendition> {
  const { db } = deps;
  const common = { ...identityOf(document), lifecycle: await lifecycleOf(db, document) };
  let doc: PMNode;
  let meta: RenditionMeta;
  const record = document.status === 'adopted' ? await findArchiveRecord(db, document.id) : undefined;
  if (revisionRef !== undefined) {
    const revision = await findRevisionByRef(deps, document.id, revisionRef);
    doc = revisionDoc(revision);
    meta = { ...common, symbol: revision.symbol, stage: 'revision', clean: false, revisionNumber: revision.number, date: revision.issued_at, adoption: null };
    // The negotiation as it stood when the revision was issued, never today's.
    return renditionOf(doc, meta, negotiationFromStore(revision.negotiation));
  } else if (record) {
    doc = declarationSchema.nodeFromJSON(JSON.parse(record.content));
    meta = {
      ...common,
      symbol: record.symbol,
      venue: record.venue,
      timeZone: record.time_zone,
      stage: 'adopted',
      clean: true,
      revisionNumber: null,
      date: record.adopted_at,
      adoption: { adoptedAt: record.adopted_at, venue: record.venue, body: record.body, delegations: await listArchiveDelegations(db, document.id), hash: record.text_hash },
    };
    return renditionOf(doc, meta);
  } else {
    doc = await deps.rooms.readDocument(document.id, (ydoc) => declarationFromYDoc(ydoc));
    meta = { ...common, symbol: baseSymbol(document), stage: 'live', clean: false, revisionNumber: null, date: timestamp(), adoption: null };
  }
  return renditionOf(doc, meta, await negotiationOf(db, document.id));
}



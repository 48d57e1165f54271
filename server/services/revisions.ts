import * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { AppDeps } from '../context.js';
import type { DocumentRow, RevisionRow } from '../../db/schema.js';
import { negotiationOf, storedNegotiation } from './rendition.js';
import { findRevision, findRevisionById, insertRevision, listRevisions, nextRevisionNumber } from '../../db/repos/revisions.js';
import { authorsByIds } from '../../db/repos/authors.js';
import { listAudit } from '../../db/repos/audit.js';
import { findArchiveRecord } from '../../db/repos/archive.js';
import { timestamp } from '../../db/time.js';
import { declarationSchema } from '../../shared/editor/index.js';
import { declarationFromYDoc } from '../../shared/editor/yjs.js';
import { renumberDeclaration, type LabelChange } from '../../shared/editor/renumber.js';
import type { AuditDetails } from '../../shared/api/audit.js';
import type { ComparisonResponse, Restoration, RevisionDetail, RevisionSummary, VersionInfo } from '../../shared/api/record.js';
import { compareDeclarations, DEFAULT_COMPARE_VIEW, type CompareView } from '../../shared/compare.js';
import { declarationPlainText } from '../../shared/editor/content.js';
import { editDeclaration } from '../collab/edit.js';
import { Conflict, NotFound } from './errors.js';
import { newId } from '../ids.js';
import type { Actor } from '../policies/actor.js';
import { audit } from './discussion.js';
import { presentRevisions, revisionName } from '../presenters/record.js';
import { presentAuthor } from '../presenters/discussion.js';


/**
 * Revisions: the zero draft, Rev.1, Rev.2 ... each an immutable copy of the text when it was issued,
 * under the document's symbol plus /Rev.N. Issuing may renumber the labels cleanly first; the mapping
 * of old to new labels is kept with the revision.
 */

/** The symbol a document's revisions are numbered under. */
export function baseSymbol(document: DocumentRow): string {
  return document.symbol ?? `ACCORD/${document.id.replace(/^doc_/, '').slice(0, 8)}`;
}

export function revisionSymbol(base: string, number: number): string {
  return number === 0 ? base : `${base}/Rev.${number}`;
}

export function issueRevision(deps: AppDeps, actor: Actor, document: DocumentRow, options: { note?: string | undefined; renumber?: boolean | undefined; issuedAt?: Date }): Promise<RevisionSummary> {
  // One procedure step at a time per document: the number chosen is the number stored.
  return deps.procedures.run(document.id, () => issueNow(deps, actor, document, options));
}

async function issueNow(deps: AppDeps, actor: Actor, document: DocumentRow, options: { note?: string | undefined; renumber?: boolean | undefined; issuedAt?: Date }): Promise<RevisionSummary> {
  const number = await nextRevisionNumber(deps.db, document.id);
  // Renumbered and copied in one step of the room's queue: the copy is exactly the text issued.
  const issued = await deps.rooms.change(document.id, (doc) => {
    let changes: LabelChange[] = [];
    if (options.renumber) {
      editDeclaration(doc, (state) => {
        const result = renumberDeclaration(state, document.numbering);
        changes = result.changes;
        return result.tr;
      });
    }
    return { changes, state: Y.encodeStateAsUpdate(doc), content: JSON.stringify(declarationFromYDoc(doc).toJSON()) };
  });
  const row: RevisionRow = {
    id: newId('rev'),
    document_id: document.id,
    number,
    symbol: revisionSymbol(baseSymbol(document), number),
    note: options.note || null,
    issued_by: actor.id,
    issued_at: timestamp(options.issuedAt),
    renumbered: options.renumber ? 1 : 0,
    label_map: JSON.stringify(issued.changes),
    state: issued.state,
    content: issued.content,
    // As it stands at the moment of issue: the revision's compilation text must not change afterwards.
    negotiation: storedNegotiation(await negotiationOf(deps.db, document.id)),
  };
  try {
    await insertRevision(deps.db, row);
  } catch (err) {
    if (await findRevision(deps.db, document.id, number)) throw new Conflict(`${revisionName(number)} was issued at the same moment by someone else; look at the list and try again`);
    throw err;
  }
  await audit(deps.db, actor, document.id, 'revision.issued', { type: 'document', id: document.id }, { number, symbol: row.symbol, renumbered: !!options.renumber, labels: issued.changes.length });
  const [summary] = await presentRevisions(deps, [row]);
  await deps.bus.publish({ type: 'revision.issued', documentId: document.id, revision: summary!, restored: false });
  return summary!;
}

/** A revision named as people name it: "2", "Rev.2", "zero" / "0" (the zero draft), or its id. */
export async function findRevisionByRef(deps: AppDeps, documentId: string, ref: string): Promise<RevisionRow> {
  const match = /^(?:rev\.?\s*)?(\d{1,6})$/i.exec(ref.trim());
  const number = match ? Number(match[1]) : /^(zero|zero draft)$/i.test(ref.trim()) ? 0 : null;
  const row = number !== null ? await findRevision(deps.db, documentId, number) : await findRevisionById(deps.db, documentId, ref);
  if (!row) throw new NotFound(`no revision ${ref} of this document`);
  return row;
}

export function revisionDoc(row: RevisionRow): PMNode {
  return declarationSchema.nodeFromJSON(JSON.parse(row.content));
}

/** The text of a version: "live" (the current text; the adopted text once adopted) or a revision. */
export async function resolveVersion(deps: AppDeps, document: DocumentRow, ref: string): Promise<{ info: VersionInfo; doc: PMNode; revision: RevisionRow | null }> {
  if (ref.trim().toLowerCase() === 'live') {
    if (document.status === 'adopted') {
      const record = await findArchiveRecord(deps.db, document.id);
      if (record) {
        return { info: { ref: 'live', name: 'Adopted text', symbol: record.symbol, date: record.adopted_at }, doc: declarationSchema.nodeFromJSON(JSON.parse(record.content)), revision: null };
      }
    }
    const doc = await deps.rooms.readDocument(document.id, (ydoc) => declarationFromYDoc(ydoc));
    return { info: { ref: 'live', name: 'Current text', symbol: null, date: null }, doc, revision: null };
  }
  const revision = await findRevisionByRef(deps, document.id, ref);
  return { info: { ref: String(revision.number), name: revisionName(revision.number), symbol: revision.symbol, date: revision.issued_at }, doc: revisionDoc(revision), revision };
}

/** Makes a revision's text the current draft again (itself recorded, in the audit log and live). */
export async function restoreRevision(deps: AppDeps, actor: Actor, document: DocumentRow, ref: string): Promise<RevisionSummary> {
  const revision = await findRevisionByRef(deps, document.id, ref);
  return deps.procedures.run(document.id, () => restoreNow(deps, actor, document, revision));
}

async function restoreNow(deps: AppDeps, actor: Actor, document: DocumentRow, revision: RevisionRow): Promise<RevisionSummary> {
  const target = revisionDoc(revision);
  await deps.rooms.change(document.id, (doc) => editDeclaration(doc, (state) => state.tr.replaceWith(0, state.doc.content.size, target.content)));
  await audit(deps.db, actor, document.id, 'revision.restored', { type: 'document', id: document.id }, { number: revision.number, symbol: revision.symbol });
  const [summary] = await presentRevisions(deps, [revision]);
  await deps.bus.publish({ type: 'revision.issued', documentId: document.id, revision: summary!, restored: true });
  return summary!;
}

/** When revisions were restored, and by whom: read back from the audit log. */
export async function listRestorations(deps: AppDeps, documentId: string): Promise<Restoration[]> {
  const rows = await listAudit(deps.db, documentId, { actions: ['revision.restored'], limit: 500 });
  const authors = await authorsByIds(deps.db, rows.flatMap((r) => (r.actor_id ? [r.actor_id] : [])));
  return rows.map((r) => ({ revisionNumber: (JSON.parse(r.detail) as AuditDetails['revision.restored']).number, by: presentAuthor(r.actor_id ?? '', authors), at: r.created_at }));
}

/** Every revision of a document, and every restoration of one. */
export async function revisionsOf(deps: AppDeps, documentId: string): Promise<{ revisions: RevisionSummary[]; restorations: Restoration[] }> {
  return { revisions: await presentRevisions(deps, await listRevisions(deps.db, documentId)), restorations: await listRestorations(deps, documentId) };
}

/** One revision with its text, as ProseMirror JSON and as plain text. */
export async function revisionDetail(deps: AppDeps, document: DocumentRow, ref: string): Promise<RevisionDetail> {
  const row = await findRevisionByRef(deps, document.id, ref);
  const [summary] = await presentRevisions(deps, [row]);
  const doc = revisionDoc(row);
  return { ...summary!, content: doc.toJSON(), text: declarationPlainText(doc, document.numbering) };
}

/** Two versions of the text compared, paragraph by paragraph (matched by id). */
export async function compareVersions(deps: AppDeps, document: DocumentRow, from: string, to: string, view: CompareView = DEFAULT_COMPARE_VIEW): Promise<ComparisonResponse> {
  const [older, newer] = await Promise.all([resolveVersion(deps, document, from), resolveVersion(deps, document, to)]);
  const comparison = compareDeclarations(older.doc, newer.doc, document.numbering, view);
  return { from: older.info, to: newer.info, ...comparison };
}

import { sql } from 'kysely';
import { reusableQuery, type Db } from '../../db/index.js';
import { TurnBatch } from '../../db/batch.js';
import type { DocumentRow } from '../../db/schema.js';
import { findDocument, findMembership } from '../../db/repos/documents.js';
import type { DocumentRole } from '../../shared/api/schemas.js';
import type { Actor } from '../policies/actor.js';
import { canOnDocument, subjectOf, type DocumentAction } from '../policies/document.js';

export interface DocumentAccess {
  document: DocumentRow;
  role: DocumentRole | null;
}

export type AccessDenied = { status: 404 | 403; message: string };

/**
 * Loads a document and the actor's role in it, and checks `action` against the policy.
 * Used by the HTTP routes and by the collaboration socket's upgrade alike.
 */
export async function accessDocument(
  db: Db,
  actor: Actor,
  documentId: string,
  action: DocumentAction,
): Promise<DocumentAccess | AccessDenied> {
  const document = await findDocument(db, documentId);
  if (!document) return { status: 404, message: `no document ${documentId}` };
  const membership = await findMembership(db, documentId, actor.id);
  return decide(actor, document, membership?.role ?? null, action);
}

/** The policy's answer once the document and the actor's role in it are known. */
function decide(actor: Actor, document: DocumentRow, role: DocumentRole | null, action: DocumentAction): DocumentAccess | AccessDenied {
  const subject = subjectOf(document, role);
  if (!canOnDocument(actor, 'read', subject)) return { status: 403, message: 'you are not a member of this document' };
  if (action !== 'read' && !canOnDocument(actor, action, subject)) {
    return { status: 403, message: `your role (${role ?? actor.workspaceRole ?? 'none'}) may not ${action} this document` };
  }
  return { document, role };
}

/** What a collaboration socket shows of the actor's delegation beside their caret. */
export interface SocketDelegation {
  code: string;
  color: string;
}

/** The document, the actor's membership and delegation, compiled once (every socket upgrade asks it). */
const documentForSocket = reusableQuery(['documentId', 'userId', 'delegationId'], (db, args) =>
  db
    .selectFrom('documents')
    .leftJoin('document_members', (join) => join.onRef('document_members.document_id', '=', 'documents.id').on('document_members.user_id', '=', args.userId))
    // No delegation has the empty id: an actor without one joins nothing.
    .leftJoin('delegations', (join) => join.on('delegations.id', '=', args.delegationId))
    .selectAll('documents')
    .select(['document_members.role as member_role', 'delegations.code as delegation_code', 'delegations.color as delegation_color'])
    .where('documents.id', '=', args.documentId),
);

/**
 * accessDocument(…, 'read') for a socket upgrade, with the actor's delegation, in one query instead of
 * three (document, membership, delegation): opening many sockets at once (a room reconnecting after a
 * restart) pays one statement each. The delegation is read afresh, never cached: its colour can change.
 */
export async function accessDocumentForSocket(
  db: Db,
  actor: Actor,
  documentId: string,
): Promise<(DocumentAccess & { delegation: SocketDelegation | null }) | AccessDenied> {
  const [row] = await documentForSocket(db, { documentId, userId: actor.id, delegationId: actor.delegationId ?? '' });
  if (!row) return { status: 404, message: `no document ${documentId}` };
  const { member_role, delegation_code, delegation_color, ...document } = row;
  return socketAccess(actor, document, member_role, delegation_code, delegation_color);
}

function socketAccess(
  actor: Actor,
  document: DocumentRow,
  role: DocumentRole | null,
  delegationCode: string | null,
  delegationColor: string | null,
): (DocumentAccess & { delegation: SocketDelegation | null }) | AccessDenied {
  const access = decide(actor, document, role, 'read');
  if (isDenied(access)) return access;
  const delegation = delegationCode !== null && delegationColor !== null ? { code: delegationCode, color: delegationColor } : null;
  return { ...access, delegation };
}

/** What the admission statement selects besides the document: the session's dates, its user, their membership and delegation. */
const ADMISSION_COLUMNS = [
  'sessions.expires_at as session_expires_at',
  'sessions.created_at as session_created_at',
  'users.id as user_id',
  'users.email as user_email',
  'users.name as user_name',
  'users.delegation_id as user_delegation_id',
  'users.workspace_role as user_workspace_role',
  'document_members.role as member_role',
  'delegations.code as delegation_code',
  'delegations.color as delegation_color',
] as const;

/** The session, its user, and the document with the user's membership and delegation, in one statement. */
const sessionAndDocumentForSocket = reusableQuery(['sessionKey', 'documentId'], (db, args) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('documents', (join) => join.on('documents.id', '=', args.documentId))
    .leftJoin('document_members', (join) => join.onRef('document_members.document_id', '=', 'documents.id').onRef('document_members.user_id', '=', 'users.id'))
    .leftJoin('delegations', 'delegations.id', 'users.delegation_id')
    .selectAll('documents')
    .select(ADMISSION_COLUMNS)
    .where('sessions.id', '=', args.sessionKey),
);

type AdmissionRow = Awaited<ReturnType<typeof sessionAndDocumentForSocket>>[number];

/** A socket upgrade's question: this session, this document. */
interface AskedPair {
  sessionKey: string;
  documentId: string;
}

/**
 * The same for many (session, document) pairs in one statement: the pairs as a VALUES list (its
 * columns are column1 and column2 in both PostgreSQL and SQLite), each row naming the pair it answers.
 */
async function sessionsAndDocumentsForSockets(db: Db, pairs: readonly AskedPair[]) {
  const values = sql.join(pairs.map((p) => sql`(${p.sessionKey}, ${p.documentId})`));
  return db
    .selectFrom(sql<{ column1: string; column2: string }>`(values ${values})`.as('asked'))
    .innerJoin('sessions', 'sessions.id', 'asked.column1')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('documents', 'documents.id', 'asked.column2')
    .leftJoin('document_members', (join) => join.onRef('document_members.document_id', '=', 'documents.id').onRef('document_members.user_id', '=', 'users.id'))
    .leftJoin('delegations', 'delegations.id', 'users.delegation_id')
    .selectAll('documents')
    .select(ADMISSION_COLUMNS)
    .select(['asked.column1 as asked_session', 'asked.column2 as asked_document'])
    .execute();
}

/** Pairs read together at most: a statement's parameters stay far below either database's limit. */
const ADMISSIONS_PER_STATEMENT = 250;

const pairId = (pair: AskedPair) => `${pair.sessionKey}\u0000${pair.documentId}`;

/**
 * Socket upgrades that arrive together (a room's clients reconnecting after a restart, a meeting
 * opening) are read together (TurnBatch): one statement for every admission asked for in a turn of
 * the event loop. One pair alone keeps the statement compiled once (reusableQuery).
 */
async function readAdmissions(db: Db, pairs: readonly AskedPair[]): Promise<Map<string, AdmissionRow | null>> {
  const rows = new Map<string, AdmissionRow | null>(pairs.map((pair) => [pairId(pair), null]));
  if (pairs.length === 1) {
    const [row] = await sessionAndDocumentForSocket(db, pairs[0]!);
    if (row) rows.set(pairId(pairs[0]!), row);
  } else {
    for (const { asked_session, asked_document, ...row } of await sessionsAndDocumentsForSockets(db, pairs)) rows.set(pairId({ sessionKey: asked_session, documentId: asked_document }), row);
  }
  return rows;
}

const admissionReads = new WeakMap<Db, TurnBatch<AskedPair, AdmissionRow | null>>();

/** What a socket upgrade reads in one statement: the session's dates, its user, and their access to the document. */
export interface SocketAdmissionRead {
  session: { expiresAt: Date; createdAt: Date };
  user: Actor;
  access: (DocumentAccess & { delegation: SocketDelegation | null }) | AccessDenied;
}

/**
 * accessDocumentForSocket and the session's lookup in one statement: a socket upgrade on PostgreSQL
 * pays one round trip instead of two (opening a thousand sockets at once, each statement's write to
 * the database's socket is most of the upgrade's CPU). Null when no session is stored under the key.
 * The session is returned as read: whether it may be trusted as it is, the auth module decides
 * (Sessions.isCurrent), and anything it would have to extend or delete goes through its validate().
 */
export async function readSocketAdmission(db: Db, sessionKey: string, documentId: string): Promise<SocketAdmissionRead | null> {
  let reads = admissionReads.get(db);
  if (!reads) admissionReads.set(db, (reads = new TurnBatch((pairs) => readAdmissions(db, pairs), pairId, ADMISSIONS_PER_STATEMENT)));
  const row = await reads.load({ sessionKey, documentId });
  if (!row) return null;
  const { session_expires_at, session_created_at, user_id, user_email, user_name, user_delegation_id, user_workspace_role, member_role, delegation_code, delegation_color, ...document } = row;
  const session = { expiresAt: new Date(session_expires_at), createdAt: new Date(session_created_at) };
  const user: Actor = { id: user_id, email: user_email, name: user_name, delegationId: user_delegation_id, workspaceRole: user_workspace_role };
  if (document.id === null) return { session, user, access: { status: 404, message: `no document ${documentId}` } };
  // A left join: to Kysely every column of the document may be null; with its id, the row is a whole document.
  return { session, user, access: socketAccess(user, document as DocumentRow, member_role, delegation_code, delegation_color) };
}

export function isDenied(result: DocumentAccess | AccessDenied): result is AccessDenied {
  return 'status' in result;
}

import type { Db } from '../index.js';
import type { AuditEventRow } from '../schema.js';
import { timestamp } from '../time.js';

export interface AuditEntry {
  documentId: string;
  actorId: string | null;
  delegationCode: string | null;
  action: string;
  targetType: AuditEventRow['target_type'];
  targetId: string;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      document_id: entry.documentId,
      actor_id: entry.actorId,
      delegation_code: entry.delegationCode,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      detail: JSON.stringify(entry.detail ?? {}),
      created_at: timestamp(),
    })
    .execute();
}

export function listAudit(db: Db, documentId: string, options: { limit?: number; actions?: readonly string[] } = {}): Promise<AuditEventRow[]> {
  let query = db.selectFrom('audit_events').selectAll().where('document_id', '=', documentId);
  if (options.actions?.length) query = query.where('action', 'in', options.actions);
  return query.orderBy('id', 'desc').limit(options.limit ?? 500).execute();
}

import type { Db } from '../../db/index.js';
import { listAudit } from '../../db/repos/audit.js';
import type { AuditEvent } from '../../shared/api/discussion.js';
import { presentAudit } from '../presenters/audit.js';

/** The whole audit log of a document, newest first, as the chair and the secretariat read it. */
export async function auditLog(db: Db, documentId: string): Promise<AuditEvent[]> {
  return presentAudit(db, await listAudit(db, documentId));
}

import type { Db } from '../../db/index.js';
import type { AuditEventRow } from '../../db/schema.js';
import { authorsByIds } from '../../db/repos/authors.js';
import type { AuditEvent, Author } from '../../shared/api/discussion.js';
import { presentAuthor } from './discussion.js';
import { NEUTRAL_COLOR } from '../../shared/colors.js';

/** An audit entry shows the delegation the actor acted for then, even if they moved since. */
function withDelegationAtTheTime(author: Author, row: AuditEventRow): Author {
  if (!row.delegation_code) return { ...author, delegation: null };
  return { ...author, delegation: { code: row.delegation_code, color: author.delegation?.code === row.delegation_code ? author.delegation.color : NEUTRAL_COLOR } };
}

export async function presentAudit(db: Db, rows: readonly AuditEventRow[]): Promise<AuditEvent[]> {
  const authors = await authorsByIds(db, rows.flatMap((r) => (r.actor_id ? [r.actor_id] : [])));
  return rows.map(
    (r) =>
      // Every row was written through the typed writers (services/discussion.ts `audit`, the audit
      // subscriber), so its action and detail are one member of the union; the column is plain text.
      ({
        id: Number(r.id),
        action: r.action,
        actor: r.actor_id ? withDelegationAtTheTime(presentAuthor(r.actor_id, authors), r) : null,
        targetType: r.target_type,
        targetId: r.target_id,
        detail: JSON.parse(r.detail) as unknown,
        createdAt: r.created_at,
      }) as AuditEvent,
  );
}

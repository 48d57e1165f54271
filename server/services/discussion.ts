import type { Db } from '../../db/index.js';
import { recordAudit } from '../../db/repos/audit.js';
import type { Author } from '../../shared/api/discussion.js';
import type { AuditAction, AuditDetails, AuditTargetType } from '../../shared/api/audit.js';
import type { Actor } from '../policies/actor.js';
import { findDelegation } from '../../db/repos/delegations.js';

/** Writes one audit event for an action taken by a person. */
export async function audit<A extends AuditAction>(
  db: Db,
  actor: Actor,
  documentId: string,
  action: A,
  target: { type: AuditTargetType; id: string },
  detail: AuditDetails[A],
): Promise<void> {
  const delegation = actor.delegationId ? await findDelegation(db, actor.delegationId) : undefined;
  await recordAudit(db, {
    documentId,
    actorId: actor.id,
    delegationCode: delegation?.code ?? null,
    action,
    targetType: target.type,
    targetId: target.id,
    detail,
  });
}

/** The actor as an Author (name and delegation), for events. */
export async function authorOf(db: Db, actor: Actor): Promise<Author> {
  const delegation = actor.delegationId ? await findDelegation(db, actor.delegationId) : undefined;
  return { userId: actor.id, name: actor.name, delegation: delegation ? { code: delegation.code, color: delegation.color } : null };
}

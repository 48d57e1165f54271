import type { Db } from '../../db/index.js';
import { recordAudit } from '../../db/repos/audit.js';
import type { ConnectionIdentity } from '../collab/connection.js';
import type { EventHub } from '../events/hub.js';

/** The server refused a change (agreed text, not a proposal, another's proposal): write down whose it was, and tell every copy. */
export async function recordRevert(
  db: Db,
  events: EventHub,
  documentId: string,
  identity: ConnectionIdentity,
  clauseIds: string[],
  reason: 'agreed clause' | 'amendments only' | 'proposals',
): Promise<void> {
  try {
    for (const clauseId of clauseIds) {
      await recordAudit(db, {
        documentId,
        actorId: identity.userId,
        delegationCode: identity.delegationCode,
        action: 'change.reverted',
        targetType: 'clause',
        targetId: clauseId,
        detail: { reason },
      });
    }
  } catch (err) {
    console.error(`document ${documentId}: could not record a reverted change`, err);
  }
  events.publish(documentId, {
    type: 'reverted',
    reason,
    clauseIds,
    by: { userId: identity.userId, name: identity.presence.name, delegation: identity.delegationCode ? { code: identity.delegationCode, color: identity.presence.color } : null },
  });
}

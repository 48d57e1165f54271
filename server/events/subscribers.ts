import type { Db } from '../../db/index.js';
import { recordAudit } from '../../db/repos/audit.js';
import type { RoomRegistry } from '../collab/registry.js';
import type { DocumentEvent } from '../../shared/api/discussion.js';
import type { EventBus } from './bus.js';
import type { DomainEvent } from './domain.js';
import type { EventHub } from './hub.js';
import { log } from '../log.js';

/** Pages without a live text (amendments, desk) hear about new proposals at most this often. */
const PROPOSALS_EVENT_MS = 300;

/**
 * The room enforces what the events say, before publish resolves: a clause agreed is locked, the phase
 * judged, a frozen text takes nothing; sockets reconnect when access or status changes.
 */
export function roomSubscriber(rooms: RoomRegistry) {
  return async (e: DomainEvent): Promise<void> => {
    switch (e.type) {
      case 'clause.statusChanged':
        return rooms.setClauseLocked(e.documentId, e.clause.clauseId, e.clause.status === 'agreed');
      case 'document.settingsChanged':
        return rooms.setEditingPhase(e.documentId, e.settings.editingPhase);
      case 'document.frozen':
        return rooms.setFrozen(e.documentId, e.frozen);
      case 'document.statusChanged':
        return rooms.statusChanged(e.documentId, e.reason);
      case 'member.roleChanged':
        return rooms.roleChanged(e.documentId, e.userId);
      case 'member.removed':
        return rooms.accessRevoked(e.documentId, e.userId);
      case 'session.ended':
        return rooms.closeSession(e.sessionId);
      default:
        return;
    }
  };
}

/**
 * The audit log of what has no transaction of its own: a change the room refused. Writers that change
 * rows record their audit entry in the same transaction, so the log never misses a change that stands.
 */
export function auditSubscriber(db: Db) {
  return async (e: DomainEvent): Promise<void> => {
    if (e.type !== 'change.refused') return;
    try {
      for (const clauseId of e.clauseIds) {
        await recordAudit(db, {
          documentId: e.documentId,
          actorId: e.by.userId,
          delegationCode: e.by.delegationCode,
          action: 'change.reverted',
          targetType: 'clause',
          targetId: clauseId,
          detail: { reason: e.reason },
        });
      }
    } catch (err) {
      log.error({ documentId: e.documentId, err }, 'could not record a reverted change');
    }
  };
}

/** What the members' live event stream says of a domain event (null: nothing). */
export function liveEventOf(e: DomainEvent): DocumentEvent | null {
  switch (e.type) {
    case 'thread.changed':
      return { type: 'thread', thread: e.thread };
    case 'clause.statusChanged':
      return { type: 'clauseStatus', clause: e.clause };
    case 'document.settingsChanged':
      return { type: 'settings', ...e.settings };
    case 'document.statusChanged':
      return { type: 'status', status: e.status, silence: e.silence, by: e.by };
    case 'silence.adoptionFailed':
      return { type: 'adoptionFailed', silence: e.silence, reason: e.reason, retryAt: e.retryAt };
    case 'amendments.changed':
      return { type: 'amendments', clauseIds: e.clauseIds };
    case 'proposals.changed':
      return { type: 'amendments', clauseIds: [] };
    case 'bracket.decided':
      return { type: 'bracket', group: e.group, clauseId: e.clauseId, action: e.action, by: e.by };
    case 'revision.issued':
      return { type: 'revision', revision: e.revision, restored: e.restored };
    case 'change.refused':
      return {
        type: 'reverted',
        reason: e.reason,
        clauseIds: e.clauseIds,
        by: { userId: e.by.userId, name: e.by.name, delegation: e.by.delegationCode ? { code: e.by.delegationCode, color: e.by.color } : null },
      };
    case 'document.frozen':
    case 'member.roleChanged':
    case 'member.removed':
    case 'session.ended':
      return null;
  }
}

/** The live event streams of this instance: what members hear, and streams that end with access. */
export function streamSubscriber(hub: EventHub) {
  const proposals = throttlePerDocument(PROPOSALS_EVENT_MS, (documentId) => hub.publish(documentId, { type: 'amendments', clauseIds: [] }));
  return (e: DomainEvent): void => {
    if (e.type === 'member.removed') return hub.accessRevoked(e.documentId, e.userId);
    if (e.type === 'session.ended') return hub.closeSession(e.sessionId);
    // Proposals change with every keystroke while proposing: the pages that list them hear it in bursts.
    if (e.type === 'proposals.changed') return proposals(e.documentId);
    const live = liveEventOf(e);
    if (live && 'documentId' in e) hub.publish(e.documentId, live);
  };
}

/** Calls `fn` for a document at most once per `ms`, at the end of the window (so the last change is seen). */
function throttlePerDocument(ms: number, fn: (documentId: string) => void): (documentId: string) => void {
  const pending = new Set<string>();
  return (documentId) => {
    if (pending.has(documentId)) return;
    pending.add(documentId);
    setTimeout(() => {
      pending.delete(documentId);
      fn(documentId);
    }, ms).unref();
  };
}

/** The order matters: the room enforces, then the log records, then members hear it. */
export function subscribeAll(bus: EventBus, deps: { db: Db; rooms: RoomRegistry; hub: EventHub }): void {
  bus.subscribe(roomSubscriber(deps.rooms));
  bus.subscribe(auditSubscriber(deps.db), { relayed: false });
  bus.subscribe(streamSubscriber(deps.hub));
}

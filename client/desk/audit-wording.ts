import type { AuditEvent } from '../../shared/api/index.js';

/**
 * The audit log in words, for the desk's recent activity and the full log: "opened a thread on OP3",
 * "marked OP1 agreed". Each entry is one member of the union in shared/api/audit.ts, so its detail is
 * read as that action records it, never guessed.
 */

// Said in full in a sentence: "ad ref" is the tag's shorthand, not the negotiators' phrase.
const STATUS_WORDS = { open: 'open', adRef: 'agreed ad referendum', agreed: 'agreed' } as const;

/** The clause an audit event concerns, from its target, its detail, or its thread. */
export function activityClause(event: AuditEvent, threadClause: ReadonlyMap<string, string>): string | null {
  if (event.targetType === 'clause') return event.targetId;
  switch (event.action) {
    case 'thread.opened':
    case 'comment.added':
    case 'thread.resolved':
    case 'thread.reopened':
      return event.detail.clauseId || null;
    case 'comment.edited':
    case 'comment.deleted':
      return threadClause.get(event.detail.threadId) ?? null;
    default:
      return event.targetType === 'thread' ? (threadClause.get(event.targetId) ?? null) : null;
  }
}

/** A quotation in the page's own quotation marks, if there is anything to quote. */
const quoted = (text: string | null | undefined, before = ': ') => (text ? `${before}“${text}”` : '');

/** An audit event in words; `label` is the label of the clause it concerns now, if any. */
export function describeAudit(event: AuditEvent, label: string | null): string {
  const on = label ? ` on ${label}` : '';
  const paragraph = label ?? 'a paragraph';
  switch (event.action) {
    case 'thread.opened':
      return `opened a thread${on}`;
    case 'comment.added':
      return `replied${on}`;
    case 'comment.edited':
      return `edited a comment${on}`;
    case 'comment.deleted':
      return `deleted a comment${on}`;
    case 'thread.resolved':
      return `resolved a thread${on}${quoted(event.detail.note)}`;
    case 'thread.reopened':
      return `reopened a thread${on}`;
    case 'clause.status':
      return `marked ${paragraph} ${STATUS_WORDS[event.detail.to]}`;
    case 'change.reverted':
      switch (event.detail.reason) {
        case 'amendments only':
          return `changed ${paragraph} directly in the amendments-only phase; the change was refused`;
        case 'proposals':
          return `changed another delegation's proposal in ${paragraph}; the change was refused`;
        case 'agreed clause':
          return `changed agreed text in ${paragraph}; the change was refused`;
      }
      break;
    case 'document.settings': {
      const parts: string[] = [];
      if (event.detail.editingPhase === 'amendments') parts.push('set editing to amendments only');
      if (event.detail.editingPhase === 'direct') parts.push('set editing to direct');
      if (event.detail.observersMayComment === true) parts.push('let observers comment');
      if (event.detail.observersMayComment === false) parts.push('stopped observers commenting');
      return parts.join(' and ') || 'changed the settings';
    }
    case 'amendment.accepted':
    case 'amendment.rejected':
    case 'amendment.withdrawn': {
      const verb = event.action.slice('amendment.'.length);
      return event.detail.summary ? `${verb}: “${event.detail.summary}”` : `${verb} an amendment${on}`;
    }
    case 'amendment.position':
      switch (event.detail.position) {
        case 'support':
          return `supported an amendment${on}`;
        case 'oppose':
          return `opposed an amendment${on}`;
        case null:
          return `withdrew a position on an amendment${on}`;
      }
      break;
    case 'bracket.picked':
      // An option may be empty ("[][shall]"): keeping it is still settling the choice.
      return event.detail.picked
        ? `kept “${event.detail.picked}” of a bracketed choice${label ? ` in ${label}` : ''}`
        : `settled a bracketed choice${label ? ` in ${label}` : ''}`;
    case 'alternative.kept':
      return event.detail.kept
        ? `kept ${event.detail.kept} of the alternative paragraphs${label && label !== event.detail.kept ? ` for ${label}` : ''}`
        : `settled a choice of alternative paragraphs${label ? ` for ${label}` : ''}`;
    case 'bracket.cleared':
      return `removed square brackets${label ? ` in ${label}` : ''}`;
    case 'revision.issued':
      return `issued ${event.detail.symbol || 'a revision'}${event.detail.renumbered ? ', renumbering the paragraphs' : ''}`;
    case 'revision.restored':
      return `restored ${event.detail.symbol || 'a revision'} as the current text`;
    case 'silence.started':
      return `put the text under silence until ${new Date(event.detail.deadline).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
    case 'silence.broken':
      return `broke silence${quoted(event.detail.statement)}`;
    case 'silence.withdrawn':
      return `withdrew the text from silence${quoted(event.detail.note)}`;
    case 'silence.adoptionFailed':
      // Said live to the members when it happens (the procedure bar); the log names it only.
      return unknownAction(event);
    case 'document.adopted':
      return event.detail.via === 'silence' ? 'adopted the text: the silence procedure ended unbroken' : 'adopted the text';
  }
  return unknownAction(event);
}

/** An action said by its name: one the page has no sentence for, or one from a newer server. */
function unknownAction(event: { action: string }): string {
  return event.action.replace(/[._]/g, ' ');
}

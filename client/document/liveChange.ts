import type { DocumentEvent, EditingPhase } from '../../shared/api/index.js';
import type { Toast } from '../panels/Toasts.js';
import type { ProcedureEvent } from '../record/events.js';
import { formatDateTime } from '../record/ui.js';

/**
 * What one live event of the document's stream changes on the document page: which part of the page
 * it is for, what must be loaded again, and what to tell the person. Pure, so that it is tested
 * without a page; useLiveEvents.ts carries it out.
 */

export interface Notice {
  message: string;
  /** Notices with the same key replace each other. */
  key: string;
  tone?: Toast['tone'];
  ms?: number;
}

export interface LiveChange {
  /** For the procedure bar (revisions, status), and for nothing else on the page. */
  procedure: ProcedureEvent | null;
  /** Offered to the discussion store, which keeps the threads and clause statuses it concerns. */
  discussion: boolean;
  /** The editing phase the chair just set; the page's abilities follow it at once. */
  phase: EditingPhase | null;
  /** The document's settings changed: load it again. */
  reloadDocument: boolean;
  /** An amendment was decided or positions changed: ask the server for the amendments again. */
  reloadAmendments: boolean;
  notice: Notice | null;
}

export interface LiveContext {
  meId: string;
  /** The venue's time zone, in which deadlines are told. */
  timeZone: string;
  /** The chair may withdraw the text from silence: said when adoption failed. */
  chair: boolean;
  /** The person edits only by proposing (the amendments-only phase), as the live abilities say. */
  mustPropose: boolean;
  /** Paragraph labels by clause id (OP3). */
  labels: ReadonlyMap<string, string>;
}

const NOTHING: LiveChange = { procedure: null, discussion: false, phase: null, reloadDocument: false, reloadAmendments: false, notice: null };

export function liveChange(event: DocumentEvent, ctx: LiveContext): LiveChange {
  switch (event.type) {
    case 'revision':
    case 'status':
      return { ...NOTHING, procedure: event };
    case 'adoptionFailed':
      // The silence stays open and the server tries again; the chair may withdraw the text meanwhile.
      return {
        ...NOTHING,
        notice: {
          message: `Silence ended without objection, but the text could not be adopted: ${event.reason}. Accord tries again at ${formatDateTime(event.retryAt, ctx.timeZone)}${ctx.chair ? '; you may withdraw the text from silence' : ''}.`,
          key: 'adoptionFailed',
          tone: 'warn',
          ms: 15_000,
        },
      };
    case 'settings':
      return { ...NOTHING, discussion: true, phase: event.editingPhase, reloadDocument: true };
    case 'amendments':
      return { ...NOTHING, discussion: true, reloadAmendments: true };
    case 'bracket':
      return { ...NOTHING, discussion: true, notice: event.by.userId === ctx.meId ? null : bracketNotice(event, ctx.labels) };
    case 'reverted':
      return { ...NOTHING, discussion: true, notice: event.by.userId === ctx.meId ? revertedNotice(event, ctx) : null };
    default:
      return { ...NOTHING, discussion: true };
  }
}

type BracketEvent = Extract<DocumentEvent, { type: 'bracket' }>;
type RevertedEvent = Extract<DocumentEvent, { type: 'reverted' }>;

/** Someone else settled or cleared brackets, or kept one of alternative paragraphs. */
function bracketNotice(event: BracketEvent, labels: ReadonlyMap<string, string>): Notice {
  const where = event.clauseId ? (labels.get(event.clauseId) ?? 'a paragraph') : 'the text';
  const who = `${event.by.name}${event.by.delegation ? ` (${event.by.delegation.code})` : ''}`;
  // A choice of alternative paragraphs is announced with the paragraph's id as its group.
  const alternatives = event.clauseId !== null && event.group === event.clauseId;
  return {
    message: alternatives
      ? `${who} kept one of the alternative paragraphs for ${where}`
      : event.action === 'picked'
        ? `${who} settled a bracketed choice in ${where}`
        : `${who} removed square brackets in ${where}`,
    key: `bracket-${event.group}`,
  };
}

/** The server undid one's own change: say which paragraphs, and why. */
function revertedNotice(event: RevertedEvent, ctx: LiveContext): Notice {
  const names = event.clauseIds.map((id) => ctx.labels.get(id) ?? (ctx.mustPropose ? 'a paragraph' : 'an agreed paragraph'));
  const many = names.length > 1;
  const list = names.length > 2 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join(' and ');
  return {
    message:
      event.reason === 'proposals'
        ? `Your change to ${list} was undone: only the chair may change another delegation's proposals`
        : ctx.mustPropose
          ? `Your change to ${list} was undone: in the amendments-only phase, changes are made as proposals`
          : `Your change to ${list} was undone: the paragraph${many ? 's are' : ' is'} agreed`,
    key: 'reverted',
    tone: 'warn',
    ms: 8_000,
  };
}

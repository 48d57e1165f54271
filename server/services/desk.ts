import type { AppDeps } from '../context.js';
import type { DocumentRow } from '../../db/schema.js';
import type { ClauseStatus, Desk } from '../../shared/api/discussion.js';
import { listClauseStatuses } from '../../db/repos/clause-statuses.js';
import { listComments, listThreads } from '../../db/repos/threads.js';
import { listAudit } from '../../db/repos/audit.js';
import { authorsByIds } from '../../db/repos/authors.js';
import { findMembership } from '../../db/repos/documents.js';
import { clauseIndex, declarationFromYDoc, paragraphHomes } from '../../shared/editor/yjs.js';
import { listBrackets } from '../../shared/editor/brackets.js';
import { listAlternatives } from '../../shared/editor/alternatives.js';
import { listAmendments } from '../../shared/editor/proposals.js';
import { presentAuthor } from '../presenters/discussion.js';
import { presentAudit } from '../presenters/audit.js';
import { excerptRuns, type ExcerptRun } from '../../shared/compare.js';
import { clausesOf } from '../../shared/editor/outline.js';
import type { Node as PMNode } from '@tiptap/pm/model';

/** A clause's first words with its proposals told apart: its text, then its sub-paragraphs'. */
function clauseExcerpt(clause: PMNode): ExcerptRun[] {
  const blocks: PMNode[] = [];
  clause.forEach((child) => void blocks.push(child));
  return excerptRuns(blocks.filter((b) => b.isTextblock));
}

/** What members may see of the activity: discussion, status and decisions, not reverted edits. */
const DESK_ACTIONS = [
  'thread.opened',
  'comment.added',
  'thread.resolved',
  'thread.reopened',
  'clause.status',
  'amendment.accepted',
  'amendment.rejected',
  'amendment.withdrawn',
  'bracket.picked',
  'bracket.cleared',
  'alternative.kept',
];

/** Where the negotiation stands: clauses by status, open threads, who is waiting for an answer. */
export async function buildDesk(deps: AppDeps, document: DocumentRow): Promise<Desk> {
  const { db } = deps;
  const { clauses, homes, excerpts, brackets, amendments } = await deps.rooms.readDocument(document.id, (doc) => {
    const declaration = declarationFromYDoc(doc);
    return {
      clauses: clauseIndex(doc, document.numbering),
      homes: paragraphHomes(doc),
      excerpts: new Map(clausesOf(declaration).map((c) => [c.outline.id, clauseExcerpt(c.node)])),
      // An alternative paragraph is a bracketed choice of its own, counted on the original.
      brackets: [...listBrackets(declaration), ...listAlternatives(declaration)],
      amendments: listAmendments(declaration),
    };
  });
  const perClause = (ids: (string | null)[]) => {
    const counts = new Map<string, number>();
    for (const id of ids) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  };
  const bracketCount = perClause(brackets.map((b) => b.clauseId));
  const amendmentCount = perClause(amendments.map((a) => a.clauseId));
  const statuses = new Map((await listClauseStatuses(db, document.id)).map((r) => [r.clause_id, r.status] as const));
  // A thread counts under the paragraph its words stand in now (a paragraph made OP4(a) by Tab is in OP4).
  const open = (await listThreads(db, document.id, { status: 'open' })).map((t) => ({ ...t, clause_id: homes.get(t.clause_id) ?? t.clause_id }));
  const comments = await listComments(db, open.map((t) => t.id));
  const openCount = new Map<string, number>();
  for (const t of open) openCount.set(t.clause_id, (openCount.get(t.clause_id) ?? 0) + 1);

  const counts: Record<ClauseStatus, number> = { open: 0, adRef: 0, agreed: 0 };
  const rows = clauses.map((cl) => {
    const status = statuses.get(cl.id) ?? 'open';
    counts[status]++;
    return {
      clauseId: cl.id,
      label: cl.label,
      kind: cl.kind,
      excerpt: cl.excerpt,
      excerptRuns: excerpts.get(cl.id) ?? [],
      status,
      openThreads: openCount.get(cl.id) ?? 0,
      brackets: bracketCount.get(cl.id) ?? 0,
      pendingAmendments: amendmentCount.get(cl.id) ?? 0,
    };
  });

  // Unanswered: the last word in the thread is not the chair's.
  const byClause = new Map(clauses.map((cl) => [cl.id, cl]));
  const unanswered = [];
  for (const t of open) {
    // A deleted reply is no answer.
    const last = comments.filter((c) => c.thread_id === t.id && c.deleted_at === null).at(-1);
    const lastAuthor = last?.author_id ?? t.created_by;
    const role = (await findMembership(db, document.id, lastAuthor))?.role;
    if (role === 'chair') continue;
    unanswered.push({ thread: t, since: last?.created_at ?? t.created_at, by: lastAuthor });
  }
  unanswered.sort((a, b) => a.since.localeCompare(b.since));
  const authors = await authorsByIds(db, unanswered.map((u) => u.by));
  const activity = await listAudit(db, document.id, { limit: 30, actions: DESK_ACTIONS });

  return {
    clauses: rows,
    counts,
    total: rows.length,
    openThreads: open.length,
    unanswered: unanswered.length,
    oldestUnanswered: unanswered.slice(0, 10).map((u) => {
      const clause = byClause.get(u.thread.clause_id);
      return {
        threadId: u.thread.id,
        clauseId: u.thread.clause_id,
        label: clause?.label ?? '(deleted paragraph)',
        excerpt: u.thread.quote_text ?? clause?.excerpt ?? '',
        // A quote is the words as they were quoted; without one, the paragraph as it reads now.
        excerptRuns: u.thread.quote_text ? [{ text: u.thread.quote_text }] : (excerpts.get(u.thread.clause_id) ?? []),
        since: u.since,
        by: presentAuthor(u.by, authors),
      };
    }),
    recentActivity: await presentAudit(db, activity),
  };
}

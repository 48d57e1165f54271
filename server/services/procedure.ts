import type { AppDeps } from '../context.js';
import type { DocumentRow, SilenceProcedureRow } from '../../db/schema.js';
import { findDocument, listMembers, moveDocumentStatus, setTextFrozen } from '../../db/repos/documents.js';
import { endSilence, findOpenSilence, insertSilence, listExpiredSilences, listSilences } from '../../db/repos/silence.js';
import { insertArchiveRecord } from '../../db/repos/archive.js';
import { listAudit, recordAudit } from '../../db/repos/audit.js';
import { findDelegation } from '../../db/repos/delegations.js';
import { timestamp } from '../../db/time.js';
import { listClauseStatuses } from '../../db/repos/clause-statuses.js';
import { describeUnsettled, readinessOf, type Readiness } from '../../shared/editor/settled.js';
import { declarationFromYDoc } from '../../shared/editor/yjs.js';
import { renumberDeclaration } from '../../shared/editor/renumber.js';
import { editDeclaration } from '../collab/edit.js';
import type { Author } from '../../shared/api/discussion.js';
import type { SilenceView } from '../../shared/api/record.js';
import type { AuditAction, AuditDetails } from '../../shared/api/audit.js';
import type { DocumentStatus } from '../../shared/api/types.js';
import { canonicalText, renditionOf } from '../export/rendition.js';
import { DocumentLoadError, NotFound, ProcedureConflict, Unprocessable } from './errors.js';
import { newId } from '../ids.js';
import { systemClock, type Clock } from './clock.js';
import type { Actor } from '../policies/actor.js';
import { authorOf } from './discussion.js';
import { presentSilence } from '../presenters/record.js';
import { baseSymbol } from './revisions.js';
import { identityOf } from './rendition.js';
import { localYear } from '../../shared/time.js';
import { log } from '../log.js';

/**
 * The end of a negotiation. The chair puts a clean text under silence until a deadline: nobody edits
 * it, any delegation may break silence with a statement (which reopens editing), and if the deadline
 * passes unbroken the text is adopted, by the SilenceClock, also after a restart. The chair may also
 * adopt directly. Adoption renumbers the labels cleanly, freezes the document for good and writes its
 * archive record.
 */

/** The longest silence a chair may set: long enough for any capital, short enough to catch typos. */
export const MAX_SILENCE_DAYS = 60;

/** What stands in the way of silence and adoption now: the live text and the chair's clause statuses. */
export async function readinessNow(deps: AppDeps, document: DocumentRow): Promise<Readiness> {
  const statuses = new Map((await listClauseStatuses(deps.db, document.id)).map((r) => [r.clause_id, r.status]));
  return deps.rooms.readDocument(document.id, (doc) => readinessOf(declarationFromYDoc(doc), statuses, document.numbering));
}

/** The 409 for a text that is not settled, naming each paragraph by its label and what it still holds. */
function unsettledRefusal(step: 'go under silence' | 'be adopted', unsettled: Readiness['unsettled']): ProcedureConflict {
  return new ProcedureConflict(`the text cannot ${step} yet: ${describeUnsettled(unsettled)}`, 'unsettled');
}

async function statusChanged(deps: AppDeps, documentId: string, status: DocumentStatus, silence: SilenceView | null, by: Author | null, reason: string) {
  await deps.bus.publish({ type: 'document.statusChanged', documentId, status, silence, by, reason });
}

/**
 * How long the database holds a text frozen for a check (several instances): far longer than a check
 * takes, and the longest an instance dying in the middle of one leaves the text frozen.
 */
const FROZEN_FOR_CHECK_MS = 5 * 60_000;

/**
 * Freezes or thaws the text; resolved once the room takes no change (or takes them again) on every
 * instance that answered. With several instances the database says so first: a freeze, so that an
 * instance the event does not reach still refuses to store a change (it reads the guard when it
 * commits); a thaw, so that a room loading after the event reads the text thawed (an instance where
 * the room is not open need not load it for the event). Thawed in the database while a room is still
 * frozen in memory is safe: that room takes nothing until the event reaches it. One process has no
 * need of either: its room is the only one.
 */
async function setFrozen(deps: AppDeps, documentId: string, frozen: boolean): Promise<void> {
  if (deps.redis) await setTextFrozen(deps.db, documentId, frozen, new Date(), frozen ? FROZEN_FOR_CHECK_MS : 0);
  await deps.bus.publish({ type: 'document.frozen', documentId, frozen });
}

/** The running silence procedure, if any, and every one with its outcome. */
export async function silenceOf(deps: AppDeps, documentId: string): Promise<{ silence: SilenceView | null; history: SilenceView[] }> {
  const open = await findOpenSilence(deps.db, documentId);
  const history = await Promise.all((await listSilences(deps.db, documentId)).map((row) => presentSilence(deps, row)));
  return { silence: open ? await presentSilence(deps, open) : null, history };
}

async function auditAs<A extends AuditAction>(deps: AppDeps, actor: Actor | null, documentId: string, action: A, detail: AuditDetails[A], db = deps.db) {
  const delegation = actor?.delegationId ? await findDelegation(db, actor.delegationId) : undefined;
  await recordAudit(db, { documentId, actorId: actor?.id ?? null, delegationCode: delegation?.code ?? null, action, targetType: 'document', targetId: documentId, detail });
}

/** Thaws a text after a step that failed, if it is still a draft (never one under silence or adopted). */
async function thawIfDraft(deps: AppDeps, documentId: string): Promise<void> {
  const current = await findDocument(deps.db, documentId);
  if (current?.status === 'draft') await setFrozen(deps, documentId, false);
}

export function startSilence(deps: AppDeps, actor: Actor, document: DocumentRow, deadline: Date): Promise<SilenceView> {
  return deps.procedures.run(document.id, async () => {
    const now = new Date();
    if (deadline.getTime() <= now.getTime()) throw new Unprocessable('the deadline must be in the future');
    if (deadline.getTime() - now.getTime() > MAX_SILENCE_DAYS * 86_400_000) throw new Unprocessable(`a silence procedure lasts at most ${MAX_SILENCE_DAYS} days`);
    try {
      // Frozen first, so nothing slips in between the check and the procedure.
      await setFrozen(deps, document.id, true);
      const { unsettled } = await readinessNow(deps, document);
      if (unsettled.length) throw unsettledRefusal('go under silence', unsettled);
      const row: SilenceProcedureRow = {
        id: newId('sil'),
        document_id: document.id,
        started_by: actor.id,
        started_at: timestamp(now),
        deadline: timestamp(deadline),
        ended_at: null,
        outcome: null,
        broken_by: null,
        broken_delegation: null,
        statement: null,
      };
      await deps.db.transaction().execute(async (trx) => {
        if (!(await moveDocumentStatus(trx, document.id, ['draft'], 'silence', row.started_at))) throw new ProcedureConflict('the document is no longer a draft', 'status');
        await insertSilence(trx, row);
        await auditAs(deps, actor, document.id, 'silence.started', { deadline: row.deadline }, trx);
      });
      const view = await presentSilence(deps, row);
      await statusChanged(deps, document.id, 'silence', view, await authorOf(deps.db, actor), 'the text is under silence procedure: read-only');
      return view;
    } catch (err) {
      await thawIfDraft(deps, document.id);
      throw err;
    }
  });
}

/**
 * Ends a running silence before its deadline, back to a draft: broken by a delegation, or withdrawn
 * by the chair. Once the deadline has passed only adoption ends it, unless that adoption has failed:
 * then the chair may still withdraw the text, so a silence is never stuck.
 */
async function endSilenceEarly(
  deps: AppDeps,
  actor: Actor,
  document: DocumentRow,
  end: { outcome: 'broken' | 'withdrawn'; statement: string | null; reason: string } & (
    | { audit: 'silence.broken'; detail: AuditDetails['silence.broken'] }
    | { audit: 'silence.withdrawn'; detail: AuditDetails['silence.withdrawn'] }
  ),
): Promise<SilenceView> {
  return deps.procedures.run(document.id, async () => {
    const open = await findOpenSilence(deps.db, document.id);
    if (!open) throw new ProcedureConflict('no silence procedure is running on this document', 'ended');
    const delegation = actor.delegationId ? await findDelegation(deps.db, actor.delegationId) : undefined;
    const endedAt = timestamp();
    const broken = end.outcome === 'broken' ? { broken_by: actor.id, broken_delegation: delegation?.code ?? null } : {};
    const adoptionFailed = open.deadline <= endedAt && (await adoptionHasFailed(deps, document.id, open.id));
    const afterFailedAdoption = adoptionFailed && end.outcome === 'withdrawn';
    await deps.db.transaction().execute(async (trx) => {
      const ended = await endSilence(trx, open.id, { ended_at: endedAt, outcome: end.outcome, statement: end.statement, ...broken }, { beforeDeadline: !afterFailedAdoption });
      if (!ended && adoptionFailed) throw new ProcedureConflict('the deadline has passed unbroken, but the adoption failed: only the chair may now withdraw the text', 'ended');
      if (!ended) throw new ProcedureConflict('the deadline has passed: silence was not broken, and the text is being adopted', 'ended');
      await moveDocumentStatus(trx, document.id, ['silence'], 'draft', endedAt);
      const after = afterFailedAdoption ? { afterFailedAdoption: true as const } : {};
      if (end.audit === 'silence.broken') await auditAs(deps, actor, document.id, end.audit, { ...end.detail, ...after }, trx);
      else await auditAs(deps, actor, document.id, end.audit, { ...end.detail, ...after }, trx);
    });
    // A room that cannot load holds no flag to clear: loaded later, it reads the status from storage.
    await setFrozen(deps, document.id, false).catch((err: unknown) => {
      if (!(err instanceof DocumentLoadError)) throw err;
    });
    const view = await presentSilence(deps, { ...open, ended_at: endedAt, outcome: end.outcome, statement: end.statement, broken_by: null, broken_delegation: null, ...broken });
    await statusChanged(deps, document.id, 'draft', view, await authorOf(deps.db, actor), end.reason);
    return view;
  });
}

export async function breakSilence(deps: AppDeps, actor: Actor, document: DocumentRow, statement: string): Promise<SilenceView> {
  const delegation = actor.delegationId ? await findDelegation(deps.db, actor.delegationId) : undefined;
  return endSilenceEarly(deps, actor, document, {
    outcome: 'broken',
    statement,
    audit: 'silence.broken',
    detail: { statement, delegation: delegation?.code ?? null },
    reason: `${delegation?.code ?? actor.name} broke silence; editing reopens`,
  });
}

/** The chair takes the text back from silence (a wrong deadline, consultations still needed). */
export function withdrawSilence(deps: AppDeps, actor: Actor, document: DocumentRow, note: string | null): Promise<SilenceView> {
  return endSilenceEarly(deps, actor, document, {
    outcome: 'withdrawn',
    statement: note,
    audit: 'silence.withdrawn',
    detail: { note },
    reason: 'the chair withdrew the text from silence; editing reopens',
  });
}

export interface AdoptionInput {
  actor: Actor | null;
  via: 'chair' | 'silence';
  /** For an adoption by silence: the procedure whose deadline passed; it must still be running. */
  silenceId?: string;
  adoptedAt?: Date | undefined;
  venue?: string | undefined;
  body?: string | undefined;
  /** The symbol the adopted text bears ("SOMTC/2019/1"); without it, the draft's own. */
  finalSymbol?: string | undefined;
}

/** Adopts a document: freezes it, records the final text with its hash, and files it in the archive. */
export function adoptDocument(deps: AppDeps, documentId: string, input: AdoptionInput): Promise<void> {
  return deps.procedures.run(documentId, () => adoptNow(deps, documentId, input));
}

async function adoptNow(deps: AppDeps, documentId: string, input: AdoptionInput): Promise<void> {
  const document = await findDocument(deps.db, documentId);
  if (!document) throw new NotFound(`no document ${documentId}`);
  if (document.status === 'adopted') throw new ProcedureConflict('the document is already adopted', 'status');
  if (input.via === 'silence') {
    const open = await findOpenSilence(deps.db, documentId);
    if (!open || open.id !== input.silenceId) throw new ProcedureConflict('the silence procedure is no longer running', 'ended');
  }
  let endedSilence: SilenceProcedureRow | null;
  try {
    await setFrozen(deps, documentId, true);
    const statuses = new Map((await listClauseStatuses(deps.db, documentId)).map((r) => [r.clause_id, r.status]));
    // Checked, renumbered cleanly and copied in one step of the room's queue, after everything
    // received before the freeze: the record holds exactly the text that was frozen.
    const outcome = await deps.rooms.change(
      documentId,
      (doc) => {
        const { unsettled } = readinessOf(declarationFromYDoc(doc), statuses, document.numbering);
        if (unsettled.length) return { unsettled, declaration: null };
        editDeclaration(doc, (state) => renumberDeclaration(state, document.numbering).tr);
        return { unsettled, declaration: declarationFromYDoc(doc) };
      },
      { evenIfFrozen: true },
    );
    if (!outcome.declaration) throw unsettledRefusal('be adopted', outcome.unsettled);
    const declaration = outcome.declaration;
    const adoptedAt = timestamp(input.adoptedAt ?? new Date());
    const venue = input.venue ?? document.venue;
    const draftSymbol = baseSymbol(document);
    const finalSymbol = input.finalSymbol?.trim() || document.final_symbol || null;
    const symbol = finalSymbol ?? draftSymbol;
    const rendition = renditionOf(declaration, {
      ...identityOf(document),
      finalSymbol,
      symbol,
      stage: 'adopted',
      clean: true,
      revisionNumber: null,
      date: adoptedAt,
      venue,
      lifecycle: [],
      adoption: null,
    });
    const finalText = canonicalText(rendition);
    const members = await listMembers(deps.db, documentId);
    const delegations = new Map<string, { code: string; name: string }>();
    for (const m of members) {
      if ((m.role === 'chair' || m.role === 'delegate') && m.delegation_id && m.delegation_code && m.delegation_name) delegations.set(m.delegation_id, { code: m.delegation_code, name: m.delegation_name });
    }
    endedSilence = await deps.db.transaction().execute(async (trx) => {
      // Conditional on the status the step started from: a silence broken meanwhile is never adopted.
      const from: DocumentRow['status'][] = input.via === 'silence' ? ['silence'] : ['draft', 'silence'];
      if (!(await moveDocumentStatus(trx, documentId, from, 'adopted', timestamp(), { final_symbol: finalSymbol }))) throw new ProcedureConflict('the document is no longer where adoption needs it (already adopted, or silence was broken)', 'status');
      const open = await findOpenSilence(trx, documentId);
      if (input.via === 'silence' && open?.id !== input.silenceId) throw new ProcedureConflict('the silence procedure is no longer running', 'ended');
      const ended = open ? { ...open, ended_at: timestamp(), outcome: 'adopted' as const } : null;
      if (ended && !(await endSilence(trx, ended.id, { ended_at: ended.ended_at, outcome: 'adopted' }))) {
        throw new ProcedureConflict('the silence procedure has already ended', 'ended');
      }
      const record = await insertArchiveRecord(
        trx,
        {
          document_id: documentId,
          title: rendition.title || document.title,
          symbol,
          draft_symbol: symbol === draftSymbol ? null : draftSymbol,
          venue,
          body: input.body ?? null,
          adopted_at: adoptedAt,
          // The year where it was adopted: 00:30 on 1 January in Ulaanbaatar is the new year there.
          year: localYear(adoptedAt, document.time_zone),
          time_zone: document.time_zone,
          language: document.language,
          adopted_by: input.actor?.id ?? null,
          via: input.via,
          numbering: document.numbering,
          final_text: finalText,
          content: JSON.stringify(declaration.toJSON()),
          recorded_at: timestamp(),
        },
        [...delegations].map(([id, d]) => ({ document_id: documentId, delegation_id: id, code: d.code, name: d.name })),
      );
      await auditAs(deps, input.actor, documentId, 'document.adopted', { via: input.via, hash: record.text_hash, venue, body: input.body ?? null, symbol }, trx);
      return ended;
    });
  } catch (err) {
    await thawIfDraft(deps, documentId).catch(() => {});
    throw err;
  }
  // Adopted for good: announcing it may still fail, which must not read as a failed adoption.
  try {
    const view = endedSilence ? await presentSilence(deps, endedSilence) : null;
    await statusChanged(deps, documentId, 'adopted', view, input.actor ? await authorOf(deps.db, input.actor) : null, 'the text was adopted: it is now read-only');
  } catch (err) {
    log.error({ documentId, err }, 'the text was adopted, but announcing it failed');
  }
}

/** A failed adoption is tried again after this long, doubling each time up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 10_000;
const RETRY_MAX_MS = 15 * 60_000;
const ADOPTION_FAILED = 'silence.adoptionFailed';

/** Whether the clock has failed to adopt this procedure (recorded in the audit log, so every instance knows). */
async function adoptionHasFailed(deps: AppDeps, documentId: string, silenceId: string): Promise<boolean> {
  const rows = await listAudit(deps.db, documentId, { actions: [ADOPTION_FAILED], limit: 100 });
  return rows.some((r) => (JSON.parse(r.detail) as { silence?: unknown }).silence === silenceId);
}

/** Why an adoption failed, in words for the document's members (the details go to the server log). */
function failureReason(err: unknown): string {
  if (err instanceof DocumentLoadError) return 'the stored text of this document cannot be read; an operator must look at it';
  return 'the server could not complete the adoption; the server log says why';
}

/**
 * Adopts texts whose silence has expired unbroken. Deadlines live in the database, so a restart
 * loses none: the first check after start adopts whatever expired while the server was down.
 * Every instance runs a clock; each adopts only under the document's procedure lock, and inside it
 * only a silence still running (conditional writes in one transaction), so a text is adopted once.
 * An adoption that fails (storage trouble, an unreadable text) leaves the procedure open, is said
 * live and recorded, lets the chair withdraw the text, and is tried again later, less and less often.
 */
export class SilenceClock {
  private stopTimer: (() => void) | null = null;
  private running: Promise<void> | null = null;
  /** Procedures whose adoption failed here: how often, when to try again, and whether that was said. */
  private readonly failures = new Map<string, { tries: number; retryAt: number; reported: boolean }>();

  constructor(
    private readonly deps: AppDeps,
    private readonly intervalMs: number,
    /** Whose time decides that a deadline has passed, and when to look again (the system's, but in tests). */
    private readonly clock: Clock = systemClock,
  ) {}

  start(): void {
    if (this.stopTimer) return;
    this.stopTimer = this.clock.every(this.intervalMs, () => void this.check());
    void this.check();
  }

  async stop(): Promise<void> {
    this.stopTimer?.();
    this.stopTimer = null;
    await this.running;
  }

  /** Adopts every text whose deadline has passed; one check at a time; never rejects. */
  check(): Promise<void> {
    this.running ??= this.adoptExpired()
      .catch((err: unknown) => log.error({ err }, 'silence clock: the check failed; it runs again shortly'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async adoptExpired(): Promise<void> {
    const expired = await listExpiredSilences(this.deps.db, timestamp(this.clock.now()));
    const open = new Set(expired.map((s) => s.id));
    for (const id of this.failures.keys()) if (!open.has(id)) this.failures.delete(id);
    for (const silence of expired) {
      const failed = this.failures.get(silence.id);
      if (failed && failed.retryAt > this.clock.now().getTime()) continue;
      try {
        // Only if no step of this document is under way here or on another instance (another clock
        // adopting it, a delegation breaking silence): that step decides, and the next check looks again.
        const input: AdoptionInput = { actor: null, via: 'silence', silenceId: silence.id, adoptedAt: new Date(silence.deadline) };
        const tried = await this.deps.procedures.tryRun(silence.document_id, () => adoptNow(this.deps, silence.document_id, input));
        if (!tried.ran) continue;
        this.failures.delete(silence.id);
      } catch (err) {
        if (err instanceof ProcedureConflict && err.reason !== 'unsettled') continue; // ended meanwhile (broken, withdrawn, adopted): nothing to do
        // Backed off before anything else can fail, so that no failure makes the clock spin.
        const failure = { tries: (failed?.tries ?? 0) + 1, retryAt: 0, reported: failed?.reported ?? false };
        failure.retryAt = this.clock.now().getTime() + Math.min(RETRY_FIRST_MS * 2 ** (failure.tries - 1), RETRY_MAX_MS);
        this.failures.set(silence.id, failure);
        try {
          if (err instanceof ProcedureConflict) await this.giveUp(silence, err.message);
          else if (!failure.reported) {
            await this.reportFailure(silence, err, new Date(failure.retryAt));
            failure.reported = true;
          } else log.error({ documentId: silence.document_id }, `silence: adoption failed again (${failure.tries} tries); next try at ${new Date(failure.retryAt).toISOString()}`);
        } catch (trouble) {
          log.error({ documentId: silence.document_id, err, trouble }, `silence: its adoption failed, and so did saying so; trying again at ${new Date(failure.retryAt).toISOString()}`);
        }
      }
    }
  }

  /**
   * The silence stays open (storage trouble may pass), but the members hear why it was not adopted,
   * and the failure is recorded so the chair may withdraw the text although its deadline has passed.
   */
  private async reportFailure(silence: SilenceProcedureRow, err: unknown, retryAt: Date): Promise<void> {
    log.error({ documentId: silence.document_id, err }, `silence expired, but its adoption failed; retrying at ${retryAt.toISOString()}; the chair may withdraw the text meanwhile`);
    const reason = failureReason(err);
    await this.deps.procedures.run(silence.document_id, async () => {
      if (!(await adoptionHasFailed(this.deps, silence.document_id, silence.id))) {
        await auditAs(this.deps, null, silence.document_id, ADOPTION_FAILED, { silence: silence.id, reason, retryAt: timestamp(retryAt) });
      }
    });
    await this.deps.bus.publish({ type: 'silence.adoptionFailed', documentId: silence.document_id, silence: await presentSilence(this.deps, silence), reason, retryAt: timestamp(retryAt) });
  }

  /** The text changed under silence, which the room forbids: never adopt what was not circulated. */
  private async giveUp(silence: SilenceProcedureRow, why: string): Promise<void> {
    const statement = `Not adopted: ${why}`;
    const endedAt = timestamp(this.clock.now());
    const ended = await this.deps.procedures.run(silence.document_id, async () => {
      const done = await endSilence(this.deps.db, silence.id, { ended_at: endedAt, outcome: 'withdrawn', statement });
      if (done) await moveDocumentStatus(this.deps.db, silence.document_id, ['silence'], 'draft', endedAt);
      return done;
    });
    if (!ended) return;
    log.error({ documentId: silence.document_id }, `silence expired but the text could not be adopted: ${why}`);
    await thawIfDraft(this.deps, silence.document_id).catch(() => {});
    const view = await presentSilence(this.deps, { ...silence, ended_at: endedAt, outcome: 'withdrawn', statement });
    await statusChanged(this.deps, silence.document_id, 'draft', view, null, 'the silence procedure ended without adoption');
  }
}

import type SQLite from 'better-sqlite3';
import { LogStatements, openLogConnection, type AppendBody } from './statements.js';

/** How long inline commits may take before they stop for a while and the worker takes every append. */
export interface InlinePolicy {
  /**
   * Once inline commits typically hold the event loop longer than this (the median of the last few: a
   * slow disk, a busy one), or the last few held it four times as long in all (one that stalls), they
   * stop...
   */
  budgetMs: number;
  /**
   * ...for this long: meanwhile every append goes to the worker, which never blocks the event loop.
   * Stopped again soon after, for twice as long as the last time, up to `maxPauseMs`.
   */
  pauseMs: number;
  maxPauseMs: number;
}

/**
 * A commit on this disk takes 0.25-0.7 ms (a lone keystroke's 0.4-0.7 ms; a group of a few documents'
 * appends under load 0.25 ms at the median, 3 ms at p99): with a budget of 2 ms, whatever the clients
 * send, the event loop is typically held for at most that between two turns in which it reads sockets,
 * and for at most 64 ms in any eight commits but the last.
 */
export const DEFAULT_INLINE_POLICY: InlinePolicy = { budgetMs: 2, pauseMs: 1_000, maxPauseMs: 30_000 };

/** Inline commits between two checkpoints asked of the worker (this connection never checkpoints). */
const CHECKPOINT_EVERY = 200;

/** Commits after the start that are not judged, and how many recent ones are (CommitBudget). */
const WARM_UP_COMMITS = 8;
const JUDGED_COMMITS = 8;

/**
 * Appends committed on the event loop, a turn's worth in one transaction (LogWriter groups them).
 * Handing appends to the log writer's thread costs two thread wake-ups per commit (the worker's, then
 * the answer's) and a copy of every update, which on a virtual machine cost more than the commit's own
 * work: committing here, when nothing is waiting in the worker, makes a keystroke durable sooner and
 * cheaper, and under load the appends of every document that arrived while the last fsync ran share
 * the next one. An append that finds the write lock taken goes to the worker (this connection never
 * waits for it); so does, for a while, every append once inline commits grew slower than `budgetMs`.
 * The guarantee is the worker's: WAL, synchronous=FULL, committed before the append resolves.
 */
export class InlineCommits {
  private readonly sqlite: SQLite.Database;
  private readonly statements: LogStatements;
  private readonly commitAll: (rs: readonly AppendBody[]) => number[];
  private readonly budget: CommitBudget;
  private sinceCheckpoint = 0;

  constructor(
    path: string,
    policy: InlinePolicy,
    /** Asks the worker to checkpoint the WAL that inline commits grow. */
    private readonly askCheckpoint: () => void,
  ) {
    this.budget = new CommitBudget(policy);
    this.sqlite = openLogConnection(path, { busyTimeoutMs: 0, autoCheckpointPages: 0 });
    this.statements = new LogStatements(this.sqlite);
    // IMMEDIATE: the write lock is taken at BEGIN, or SQLITE_BUSY at once; never half way through.
    const transaction = this.sqlite.transaction((rs: readonly AppendBody[]) => rs.map((r) => this.statements.append(r)));
    this.commitAll = (rs) => transaction.immediate(rs);
  }

  /** Whether appends may be gathered for the event loop to commit (inline commits are not paused). */
  get open(): boolean {
    return this.budget.open(performance.now());
  }

  /**
   * Commits the appends here in one transaction, returning each one's last update id; null if they
   * are the worker's to commit (paused, or the write lock is taken). Throws what storing them threw
   * (a missing document, say): nothing of them is stored then, and the worker, committing each alone,
   * tells which one failed.
   */
  tryCommit(rs: readonly AppendBody[]): number[] | null {
    const started = performance.now();
    if (!this.budget.open(started)) return null;
    let ids: number[];
    try {
      ids = this.commitAll(rs);
    } catch (err) {
      // Another connection holds the write lock (the main connection's transaction, the worker's commit).
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return null;
      throw err;
    }
    const ended = performance.now();
    this.budget.record(ended - started, ended);
    if (++this.sinceCheckpoint >= CHECKPOINT_EVERY) {
      this.sinceCheckpoint = 0;
      this.askCheckpoint();
    }
    return ids;
  }

  close(): void {
    this.sqlite.close();
  }
}

/**
 * Whether inline commits may go on. Of the last eight commits (counting those not yet made as quick),
 * once the median took longer than the budget (the disk is slow) or together they took longer than
 * four budgets each (it stalls), inline commits stop for `pauseMs`. A disk that is still slow or
 * stalls again soon after is paused twice as long each time, up to `maxPauseMs`: a sick disk holds
 * the event loop for a few commits per pause at most, while one stall on a healthy disk (this virtual
 * machine's take 20-70 ms every few thousand commits) costs a second of commits in the worker. The
 * first few commits are not judged: they also prepare statements and warm a cold file.
 */
export class CommitBudget {
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private lastPauseMs = 0;
  private readonly recent = new Float64Array(JUDGED_COMMITS);
  private commits = 0;

  constructor(private readonly policy: InlinePolicy) {}

  open(now: number): boolean {
    return now >= this.pausedUntil;
  }

  /** Counts a commit that took `tookMs` and ended at `now`. */
  record(tookMs: number, now: number): void {
    if (++this.commits <= WARM_UP_COMMITS) return;
    this.recent[this.commits % JUDGED_COMMITS] = tookMs;
    const sorted = this.recent.slice().sort();
    const median = (sorted[JUDGED_COMMITS / 2 - 1]! + sorted[JUDGED_COMMITS / 2]!) / 2;
    const total = sorted.reduce((sum, ms) => sum + ms, 0);
    if (median <= this.policy.budgetMs && total <= 4 * this.policy.budgetMs * JUDGED_COMMITS) return;
    // Soon after the last pause: twice as long as it.
    const again = now - this.pausedUntil < this.lastPauseMs * 4;
    this.lastPauseMs = again ? Math.min(this.lastPauseMs * 2, this.policy.maxPauseMs) : this.policy.pauseMs;
    this.pausedUntil = now + this.lastPauseMs;
    this.recent.fill(0);
  }
}

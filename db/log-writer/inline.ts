import type SQLite from 'better-sqlite3';
import { LogStatements, openLogConnection, type AppendBody } from './statements.js';

/** When the event loop may commit an append itself, and for how long it stops after a slow one. */
export interface InlinePolicy {
  /** The log counts as idle once nothing was committed for this long, and nothing is in the worker. */
  idleMs: number;
  /**
   * Once inline commits typically hold the event loop longer than this (a running average: a slow
   * disk, a busy one), or one holds it ten times as long (a sick one), they stop...
   */
  budgetMs: number;
  /** ...for this long: meanwhile every append goes to the worker, as under load. */
  pauseMs: number;
}

/**
 * A commit on this disk takes 0.6-0.7 ms when it is quiet (p99 1.8 ms, the slowest of 300 4.5 ms):
 * at most one every 5 ms holds the event loop at most about a tenth of the time, whatever the clients
 * send; a typist's keystrokes (one message per frame) and the benchmark's writer (one every 10 ms) are
 * further apart than that.
 */
export const DEFAULT_INLINE_POLICY: InlinePolicy = { idleMs: 5, budgetMs: 2, pauseMs: 10_000 };

/** Inline commits between two checkpoints asked of the worker (this connection never checkpoints). */
const CHECKPOINT_EVERY = 200;

/**
 * Appends committed on the event loop while the update log is idle. Handing an append to the log
 * writer's thread costs two thread wake-ups (the worker's, then the answer's), which on a virtual
 * machine cost more than the commit's own work: committing here instead, when no one else is
 * committing, makes a lone keystroke durable sooner and cheaper. Under load (commits closer together
 * than `idleMs`, anything in the worker) appends go to the worker, which commits them in groups and
 * never blocks the event loop; so does an append that finds the write lock taken (this connection
 * never waits for it) and, for `pauseMs`, every append once inline commits grew slower than `budgetMs`.
 * The guarantee is the worker's: WAL, synchronous=FULL, committed before the append resolves.
 */
export class InlineCommits {
  private readonly sqlite: SQLite.Database;
  private readonly statements: LogStatements;
  private readonly commitAppend: (r: AppendBody) => number;
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  /** How long an inline commit typically takes: a running average, the latest weighing 1/8; 0 before the first. */
  private typicalMs = 0;
  private sinceCheckpoint = 0;
  /** Appends committed here, and appends offered here and left to the worker: for tests and the benchmark. */
  readonly counts = { inline: 0, handedOff: 0 };

  constructor(
    path: string,
    private readonly policy: InlinePolicy,
    /** Asks the worker to checkpoint the WAL that inline commits grow. */
    private readonly askCheckpoint: () => void,
  ) {
    this.sqlite = openLogConnection(path, { busyTimeoutMs: 0, autoCheckpointPages: 0 });
    this.statements = new LogStatements(this.sqlite);
    // IMMEDIATE: the write lock is taken at BEGIN, or SQLITE_BUSY at once; never half way through.
    const transaction = this.sqlite.transaction((r: AppendBody) => this.statements.append(r));
    this.commitAppend = (r) => transaction.immediate(r);
  }

  /** The worker committed: the log is busy until `idleMs` after this. */
  noteCommit(): void {
    this.lastCommitAt = performance.now();
  }

  /**
   * Commits the append here if the log is idle, returning the last update's id; null if it is the
   * worker's to commit. Throws what storing it threw (a missing document, say), as the worker answers.
   */
  tryAppend(r: AppendBody): number | null {
    const now = performance.now();
    if (now - this.lastCommitAt < this.policy.idleMs || now < this.pausedUntil) return this.handOff();
    let id: number;
    try {
      id = this.commitAppend(r);
    } catch (err) {
      // Another connection holds the write lock (the main connection's transaction, the worker's commit).
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return this.handOff();
      throw err;
    }
    const ended = performance.now();
    this.lastCommitAt = ended;
    const took = ended - now;
    // The first commit also prepares the statements: it counts as no slower than the budget.
    this.typicalMs = this.typicalMs ? this.typicalMs + (took - this.typicalMs) / 8 : Math.min(took, this.policy.budgetMs);
    if (this.typicalMs > this.policy.budgetMs || took > this.policy.budgetMs * 10) {
      this.pausedUntil = ended + this.policy.pauseMs;
      this.typicalMs = 0; // measured afresh after the pause
    }
    this.counts.inline++;
    if (++this.sinceCheckpoint >= CHECKPOINT_EVERY) {
      this.sinceCheckpoint = 0;
      this.askCheckpoint();
    }
    return id;
  }

  close(): void {
    this.sqlite.close();
  }

  private handOff(): null {
    this.counts.handedOff++;
    return null;
  }
}

import { Worker } from 'node:worker_threads';
import { channel } from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Answer, FromWorker, ToWorker, WriteRequest } from './protocol.js';
import { DEFAULT_INLINE_POLICY, InlineCommits, type InlinePolicy } from './inline.js';
import type { AppendBody } from './statements.js';

/**
 * Each commit is announced here (the message: how many transactions), for the benchmark's probe
 * (tests/bench/collab/probe.ts) to count commits per update; nothing is published without a subscriber.
 */
export const commitChannel = channel('accord.store.commit');

/** What a request says, before it has a sequence number. */
type Request = WriteRequest extends infer R ? (R extends WriteRequest ? Omit<R, 'seq'> : never) : never;

interface Waiting {
  resolve(lastUpdateId: number): void;
  reject(error: Error): void;
}

/** An append gathered for the event loop to commit, with its caller's promise. */
interface InlineAppend {
  body: AppendBody;
  resolve(lastUpdateId: number): void;
  reject(error: Error): void;
}

/**
 * Starts the worker. It is TypeScript like the rest of the server, which runs under tsx; on Node 20
 * a worker does not inherit the loader (`execArgv: ['--import', 'tsx']` is ignored there), so the
 * worker's first module asks tsx to import the real one. tsx's ESM API is its .mjs build: the .cjs
 * one that `require.resolve` names cannot load its own ESM half from a worker.
 */
function startWorker(path: string): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: { path } });
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const worker = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(worker)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(bootstrap, { eval: true, workerData: { path } });
}

/**
 * The main thread's side of the log writer: document updates and snapshots go to a worker thread with
 * its own connection to the SQLite file, which commits them (group commit across documents) and
 * answers once they are durable. Awaiting `append` is awaiting "stored and fsynced", as a synchronous
 * better-sqlite3 commit was. While nothing waits in the worker, the event loop commits appends itself
 * (inline.ts), those of one turn in one transaction: an fsync on the loop costs less, and is durable
 * sooner, than waking the worker and being woken by its answer, and while it runs the next turn's
 * appends gather for the next one. Once inline commits grow slow, the worker takes every append, and
 * the event loop is never held by an fsync.
 */
export class LogWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private outbox: WriteRequest[] = [];
  /** Answers received and not yet delivered. */
  private answers: Answer[] = [];
  private inlineGroup: InlineAppend[] = [];
  private nextSeq = 1;
  private failure: Error | null = null;
  private closed: Promise<void> | null = null;
  /** Appends the event loop commits itself; null when every commit is the worker's. */
  private readonly inline: InlineCommits | null;
  /** Appends committed on the event loop, in how many transactions, and appends committed by the worker: for tests and the benchmark. */
  readonly counts = { inline: 0, inlineCommits: 0, worker: 0 };

  /** `inline`: how long the event loop may take committing appends itself (inline.ts), or false for never. */
  constructor(path: string, inline: InlinePolicy | false = DEFAULT_INLINE_POLICY) {
    this.worker = startWorker(path);
    // Idle, the worker does not keep the process alive; it does while a commit is awaited.
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => {
      if (commitChannel.hasSubscribers) commitChannel.publish(message.commits);
      this.settle(message.answers);
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => this.failAll(new Error(`the log writer stopped (exit code ${code})`)));
    // A checkpoint that did not happen costs only WAL length: the next one copies what it left.
    this.inline = inline ? new InlineCommits(path, inline, () => void this.checkpoint().catch(() => {})) : null;
  }

  /** Appends updates (and the client ids they claimed) to a document's log; resolves with the last update's id once committed. */
  append(documentId: string, updates: readonly Uint8Array[], claims: ReadonlyMap<number, string>, createdAt: string): Promise<number> {
    const body = { documentId, updates: [...updates], claims: [...claims], createdAt };
    // Only with nothing in the worker: what is there was asked for first and must be committed first.
    if (this.inlineGroup.length || (this.inline?.open && !this.waiting.size && !this.failure && !this.closed)) {
      return new Promise<number>((resolve, reject) => {
        // The next turn of the event loop: every room that takes a batch in this one joins the commit.
        if (!this.inlineGroup.length) setImmediate(() => this.commitInlineGroup());
        this.inlineGroup.push({ body, resolve, reject });
      });
    }
    return this.appendInWorker(body);
  }

  /** Replaces a document's snapshot and deletes the log entries it covers, in order with appends. */
  async writeSnapshot(documentId: string, data: Uint8Array, throughUpdateId: number, updatedAt: string): Promise<void> {
    await this.request({ kind: 'snapshot', documentId, data, throughUpdateId, updatedAt });
  }

  /** Copies the WAL into the database file, in order with the requests before and after it (protocol.ts). */
  async checkpoint(): Promise<void> {
    await this.answerTo((seq) => {
      this.flushOutbox(); // the requests asked for before it go first
      this.worker.postMessage({ kind: 'checkpoint', seq } satisfies ToWorker);
    });
  }

  /** Commits what is queued and stops the worker. */
  close(): Promise<void> {
    if (!this.closed) {
      this.leaveGroupToWorker();
      this.inline?.close();
      this.flushOutbox();
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.worker.ref(); // let what is queued be committed before the process may exit
      this.worker.postMessage({ kind: 'close' });
      this.closed = exited;
    }
    return this.closed;
  }

  /** Commits the appends gathered since the last turn on the event loop, or leaves them to the worker. */
  private commitInlineGroup(): void {
    const group = this.inlineGroup;
    this.inlineGroup = [];
    if (!group.length) return;
    let ids: number[] | null;
    try {
      ids = this.inline!.tryCommit(group.map((g) => g.body));
    } catch {
      ids = null; // nothing of them is stored: the worker commits each alone and answers each as it fares
    }
    if (!ids) return this.handToWorker(group);
    this.counts.inline += group.length;
    this.counts.inlineCommits++;
    if (commitChannel.hasSubscribers) commitChannel.publish(1);
    group.forEach((g, i) => g.resolve(ids[i]!));
  }

  /** Sends the appends gathered for the event loop to the worker instead, before anything asked for after them. */
  private leaveGroupToWorker(): void {
    if (!this.inlineGroup.length) return;
    const group = this.inlineGroup;
    this.inlineGroup = [];
    this.handToWorker(group);
  }

  private handToWorker(group: readonly InlineAppend[]): void {
    for (const g of group) this.appendInWorker(g.body).then(g.resolve, g.reject);
  }

  private appendInWorker(body: AppendBody): Promise<number> {
    this.counts.worker++;
    return this.request({ kind: 'append', ...body });
  }

  private request(request: Request): Promise<number> {
    return this.answerTo((seq) => {
      // Requests of one tick (several rooms' commits) travel in one message.
      if (!this.outbox.length) queueMicrotask(() => this.flushOutbox());
      this.outbox.push({ ...request, seq } as WriteRequest);
    });
  }

  /** Numbers something for the worker, has `send` send it, and resolves with the worker's answer to it. */
  private answerTo(send: (seq: number) => void): Promise<number> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the log writer is closed'));
    this.leaveGroupToWorker(); // asked for before this: committed before it
    const seq = this.nextSeq++;
    return new Promise<number>((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      if (this.waiting.size === 1) this.worker.ref();
      send(seq);
    });
  }

  private flushOutbox(): void {
    if (!this.outbox.length) return;
    const requests = this.outbox;
    this.outbox = [];
    this.worker.postMessage({ kind: 'requests', requests });
  }

  /**
   * Answers a group commit one request per turn of the event loop: each answer resumes a room, which
   * broadcasts and takes its next batch. Resumed all at once, twenty rooms' batches would run as one
   * task and hold timers and sockets back for all of that time. The first is answered in this very
   * task (the worker's message is a turn of its own), the rest one per turn after it.
   */
  private settle(answers: Answer[]): void {
    this.answers.push(...answers);
    if (this.answers.length === answers.length) this.answerNext();
  }

  private answerNext(): void {
    const answer = this.answers.shift();
    if (!answer) return;
    if (this.answers.length) setImmediate(() => this.answerNext());
    const waiting = this.waiting.get(answer.seq);
    if (!waiting) return;
    this.waiting.delete(answer.seq);
    // Closing, the worker stays referenced until it has exited (close() waits for that).
    if (!this.waiting.size && !this.closed) this.worker.unref();
    if (answer.ok) waiting.resolve(answer.lastUpdateId);
    else waiting.reject(new Error(`storing failed: ${answer.error}`));
  }

  private failAll(err: Error): void {
    this.failure ??= err;
    for (const waiting of this.waiting.values()) waiting.reject(err);
    this.waiting.clear();
  }
}

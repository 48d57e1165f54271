/**
 * Reads asked for in one turn of the event loop, answered together: each `load(key)` joins the turn's
 * batch, and at the end of the turn (setImmediate) the batch is read by `readMany`, in chunks of at
 * most `perStatement` distinct keys read at once. Used where many requests arrive together and each
 * would otherwise cost a statement of its own (sockets reconnecting after a restart, hundreds of
 * documents opening at once): on PostgreSQL a statement's round trip, not the work in the database,
 * is most of what such a request costs the server.
 */
export class TurnBatch<K, V> {
  private asked = new Map<string, { key: K; waiting: { resolve(value: V): void; reject(err: unknown): void }[] }>();

  constructor(
    /** Reads these keys (distinct, at most perStatement); returns a value for every one of them, by its id. */
    private readonly readMany: (keys: readonly K[]) => Promise<Map<string, V>>,
    /** The key's identity: keys with the same id are read once. */
    private readonly idOf: (key: K) => string,
    private readonly perStatement: number,
  ) {}

  load(key: K): Promise<V> {
    return new Promise((resolve, reject) => {
      if (!this.asked.size) setImmediate(() => void this.readAll());
      const id = this.idOf(key);
      const entry = this.asked.get(id) ?? { key, waiting: [] };
      entry.waiting.push({ resolve, reject });
      this.asked.set(id, entry);
    });
  }

  private async readAll(): Promise<void> {
    const entries = [...this.asked.entries()];
    this.asked = new Map();
    const chunks: (typeof entries)[] = [];
    for (let start = 0; start < entries.length; start += this.perStatement) chunks.push(entries.slice(start, start + this.perStatement));
    await Promise.all(chunks.map((chunk) => this.readChunk(chunk)));
  }

  private async readChunk(chunk: readonly [string, { key: K; waiting: { resolve(value: V): void; reject(err: unknown): void }[] }][]): Promise<void> {
    let values: Map<string, V>;
    try {
      values = await this.readMany(chunk.map(([, entry]) => entry.key));
    } catch (err) {
      for (const [, entry] of chunk) for (const w of entry.waiting) w.reject(err);
      return;
    }
    for (const [id, entry] of chunk) {
      if (!values.has(id)) {
        const err = new Error(`TurnBatch: no value read for ${id}`);
        for (const w of entry.waiting) w.reject(err);
        continue;
      }
      const value = values.get(id) as V;
      for (const w of entry.waiting) w.resolve(value);
    }
  }
}

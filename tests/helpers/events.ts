/**
 * A reader of a document's Server-Sent Events stream over real HTTP (fetch, reading the body as it
 * arrives), as one signed-in person: it keeps every event it has seen and says when the stream ends.
 */

export interface ReceivedEvent {
  /** The `event:` field ("message" when absent). */
  type: string;
  /** The `data:` field, parsed as JSON. */
  data: unknown;
  /** When it arrived (Date.now()). */
  at: number;
}

export class EventStream {
  readonly events: ReceivedEvent[] = [];
  endedAt: number | null = null;
  /** Resolves when the server ends the stream (or it is closed here). */
  readonly ended: Promise<void>;
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly status: number,
    private readonly controller: AbortController,
    body: ReadableStream<Uint8Array> | null,
  ) {
    this.ended = body ? this.pump(body) : Promise.resolve().then(() => this.finish());
  }

  /** Opens GET `path` with the session cookie; rejects unless the server answers 200 text/event-stream. */
  static async open(baseUrl: string, path: string, cookie: string): Promise<EventStream> {
    const controller = new AbortController();
    const res = await fetch(`${baseUrl}${path}`, {
      headers: { accept: 'text/event-stream', ...(cookie ? { cookie } : {}) },
      signal: controller.signal,
    });
    if (res.status !== 200 || !res.headers.get('content-type')?.startsWith('text/event-stream')) {
      const text = await res.text();
      throw new Error(`GET ${path}: expected a 200 event stream, got ${res.status} ${res.headers.get('content-type')}: ${text}`);
    }
    return new EventStream(res.status, controller, res.body);
  }

  private finish(): void {
    if (this.endedAt === null) this.endedAt = Date.now();
    for (const l of this.listeners) l();
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          this.parse(block);
        }
      }
    } catch {
      // aborted here, or the connection dropped: either way the stream has ended
    } finally {
      this.finish();
    }
  }

  private parse(block: string): void {
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue; // comments are keep-alives
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (!data.length) return;
    const raw = data.join('\n');
    let parsed: unknown = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // not JSON: keep the text
    }
    this.events.push({ type, data: parsed, at: Date.now() });
    for (const l of this.listeners) l();
  }

  /**
   * The first event (counting from `from`, an index into `events`) of this type that matches; rejects
   * after `timeoutMs`, or at once if the stream ends first.
   */
  next<T = unknown>(type: string, match: (data: T) => boolean = () => true, timeoutMs = 1_000, from = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const hit = this.events.slice(from).find((e) => e.type === type && match(e.data as T));
        if (hit) {
          cleanup();
          resolve(hit.data as T);
        } else if (this.endedAt !== null) {
          cleanup();
          reject(new Error(`the stream ended before a matching '${type}' event; saw ${this.describe()}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching '${type}' event within ${timeoutMs} ms; saw ${this.describe()}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Resolves true once the stream has ended, false if it is still open after `timeoutMs`. */
  async endsWithin(timeoutMs: number): Promise<boolean> {
    return Promise.race([this.ended.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
  }

  private describe(): string {
    return JSON.stringify(this.events.map((e) => e.type));
  }

  close(): void {
    this.controller.abort();
  }
}

/**
 * Typing in a long text, in Chromium: keydown to the next frame while a second delegate types in
 * another paragraph, in an 18-paragraph and a 300-paragraph declaration, and the time a document
 * takes to open to an editable text (the client's code in the browser's cache and the text on the
 * device, as on a delegate's daily opening). A benchmark, not a test: it prints, it asserts nothing.
 *
 *   npm run bench:browser                       builds the client into a temporary directory
 *   STATIC_DIR=/tmp/dist npm run bench:browser  uses a client already built there
 *   BENCH_KEYS=200 BENCH_RUNS=1                 keystrokes per size, and how many times to repeat
 *   BENCH_SIZES=300                             only these sizes (comma-separated; the ratio needs 18 and 300)
 *   BENCH_PROFILE=1                             also prints where the typing's time goes (CDP profiler)
 *   BENCH_PROFILE=open                          ... and where the second opening's time goes: what the page
 *                                               fetched and when, and the client's accord:* marks (connecting,
 *                                               text-ready, editor-creating, editor-mounted, workspace)
 *   BENCH_PROFILE=trace                         ... the same, and where the page's main thread spent the opening by
 *                                               the browser's kinds of work (style, layout, parsing, GC), from a trace
 *   BENCH_PROFILE=marks                         the same account of each opening, without the profiler (which
 *                                               slows the page): the figures as they are, step by step
 *   BENCH_PROFILE_DIR=/tmp/profiles             ... and keeps each profile there (.cpuprofile, and the trace, for DevTools)
 *
 * "Next frame" is measured two ways from a capturing keydown listener: `raf`, the next
 * requestAnimationFrame callback (what the issue quotes), and `paint`, a task posted from that
 * callback, which runs once the frame's style, layout and paint are done. `remote` is what the page
 * spends on each message of the collaboration socket while the other delegate types (applying their
 * keystroke to the text, outside the frame's own layout and paint).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { negotiation } from '../helpers/api.js';
import { clauseText, collabClient } from '../helpers/collab.js';
import { caretAtEnd, writeZeroDraft } from '../helpers/page.js';
import { TestServer } from '../helpers/server.js';
import { benchDraft } from './declaration.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KEYS = Number(process.env.BENCH_KEYS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
/** A delegate types about eight characters a second; the other delegate a little slower. */
const KEY_DELAY_MS = 120;
const REMOTE_DELAY_MS = 150;

function staticDir(): string {
  if (process.env.STATIC_DIR) return process.env.STATIC_DIR;
  const out = join(tmpdir(), 'accord-bench-client');
  console.log(`building the client into ${out} …`);
  execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  return out;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface SizeResult {
  paragraphs: number;
  characters: number;
  openMs: number[];
  raf: number[];
  paint: number[];
  remote: number[];
}

/** Times each message handler of the collaboration socket (installed before the page's scripts run). */
const SOCKET_TIMER = `(() => {
  window.__socketMs = [];
  const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    get() { return onmessage.get.call(this); },
    set(handler) {
      const timed = typeof handler === 'function' && this.url.includes('/collab')
        ? function (event) {
            const start = performance.now();
            try { return handler.call(this, event); } finally { window.__socketMs.push(performance.now() - start); }
          }
        : handler;
      onmessage.set.call(this, timed);
    },
  });
})()`;

/** Installs the measuring listener: each keydown's delay to the next frame, and to after its paint. */
async function installProbe(page: Page): Promise<void> {
  // A string, not a function: tsx names functions with a helper the page does not have.
  await page.evaluate(`(() => {
    window.__keyRaf = [];
    window.__keyPaint = [];
    const channel = new MessageChannel();
    const pending = [];
    channel.port1.onmessage = () => {
      const start = pending.shift();
      if (start !== undefined) window.__keyPaint.push(performance.now() - start);
    };
    document.addEventListener('keydown', () => {
      const start = performance.now();
      requestAnimationFrame(() => {
        window.__keyRaf.push(performance.now() - start);
        pending.push(start);
        channel.port2.postMessage(null);
      });
    }, true);
  })()`);
}

/**
 * From navigation to a text that takes typing: the editor editable, its last paragraph labelled. The
 * page navigates from the open document itself, as a reload: Chromium tears the old page down first
 * (~70 ms for 300 paragraphs, counted here). From a blank page instead, Chromium starts a renderer of
 * its own with the client's code not yet compiled there: ~850 and ~1,050 ms for 18 and 300 paragraphs.
 */
async function openDocument(page: Page, url: string, lastLabel: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const marks = await page.evaluate<{ loading: number; editor: number; ready: number; dcl: number }>(`new Promise((resolve) => {
    const marks = { loading: 0, editor: 0, ready: 0, dcl: 0 };
    const check = () => {
      const now = performance.now();
      if (!marks.loading && document.querySelector('.paper--loading')) marks.loading = now;
      if (!marks.editor && document.querySelector('[data-testid=editor]')) marks.editor = now;
      const el = document.querySelector('[data-testid=editor][contenteditable=true]');
      if (el && el.querySelector('[data-label="${lastLabel}"]')) {
        marks.ready = now;
        marks.dcl = performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0;
        resolve(marks);
      } else requestAnimationFrame(check);
    };
    check();
  })`);
  if (process.env.BENCH_PROFILE) {
    console.log(`open: DOMContentLoaded ${marks.dcl.toFixed(0)} ms, "Loading the text" ${marks.loading.toFixed(0)} ms, editor ${marks.editor.toFixed(0)} ms, editable and labelled ${marks.ready.toFixed(0)} ms`);
    // What the page fetched on the way, and when: the waterfall the open time is made of.
    const fetched = await page.evaluate<string[]>(`performance.getEntriesByType('resource')
      .filter((e) => /[/]api[/]|[.]js$/.test(e.name))
      .map((e) => '  ' + e.startTime.toFixed(0).padStart(5) + ' -> ' + e.responseEnd.toFixed(0).padStart(5) + ' ms  ' + new URL(e.name).pathname + (e.transferSize === 0 ? '  (cache)' : e.transferSize < 1000 && e.encodedBodySize > 0 ? '  (revalidated: ' + e.transferSize + ' B)' : '  (' + e.transferSize + ' B)'))`);
    console.log(fetched.join('\n'));
    // Before the page's own work: leaving the previous page, and the document's HTML.
    const nav = await page.evaluate<string>(`(() => { const n = performance.getEntriesByType('navigation')[0]; return ['unloadEventStart', 'unloadEventEnd', 'fetchStart', 'requestStart', 'responseStart', 'responseEnd', 'domInteractive'].map((k) => k + ' ' + n[k].toFixed(0)).join(', '); })()`);
    console.log(`  navigation: ${nav}`);
    const steps = await page.evaluate<string[]>(`performance.getEntriesByType('mark').filter((m) => m.name.startsWith('accord:')).map((m) => '  ' + m.startTime.toFixed(0).padStart(5) + ' ms  ' + m.name)`);
    console.log(steps.join('\n'));
  }
  return marks.ready;
}

async function benchSize(browser: Browser, dir: string, size: number): Promise<SizeResult> {
  const server = await TestServer.start({ STATIC_DIR: dir });
  try {
    const n = await negotiation(server.url);
    const marker = `B${size}`;
    const draft = benchDraft(size, marker);
    await writeZeroDraft(server, n, draft, marker);
    const characters = [...draft.preambular, ...draft.operative].reduce((sum, c) => sum + (c.lead?.length ?? 0) + 1 + c.text.length, 0);
    const lastLabel = `OP${draft.operative.length}`;
    const url = `${server.url}/documents/${n.documentId}`;
    const page = await signInPage(browser, server.url, 'aisyah@kln.example');
    page.setDefaultTimeout(60_000);
    // A page that breaks would leave the figures waiting: say so.
    page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') console.log(`page console: ${message.text()}`);
    });
    await page.addInitScript(SOCKET_TIMER);

    const result: SizeResult = { paragraphs: size, characters, openMs: [], raf: [], paint: [], remote: [] };
    // The first open warms the browser's cache of the client; the second is the one a delegate sees daily.
    await openDocument(page, url, lastLabel);
    for (let run = 0; run < RUNS; run++) {
      const openProfiler = process.env.BENCH_PROFILE === 'open' ? await page.context().newCDPSession(page) : null;
      if (openProfiler) {
        await openProfiler.send('Profiler.enable');
        await openProfiler.send('Profiler.setSamplingInterval', { interval: 200 });
        await openProfiler.send('Profiler.start');
      }
      const tracing = process.env.BENCH_PROFILE === 'trace';
      if (tracing) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'loading'] });
      result.openMs.push(await openDocument(page, url, lastLabel));
      if (tracing) {
        const trace = await browser.stopTracing();
        if (process.env.BENCH_PROFILE_DIR) writeFileSync(join(process.env.BENCH_PROFILE_DIR, `${size}-paragraphs-opening.trace.json`), trace);
        printTrace(trace);
      }
      if (openProfiler) {
        // The page's clock when the profile ends: places the profile's samples on the marks' time line.
        const pageNow = await page.evaluate<number>('performance.now()');
        const { profile } = await openProfiler.send('Profiler.stop');
        printTimeline(profile, pageNow);
        printProfile(`${size} paragraphs, opening`, profile);
      }

      // The other delegate (IDN) types into an early operative paragraph, over the socket.
      const remote = collabClient(server.wsUrl, n.documentId, n.idn.api.cookie, server.origin);
      await remote.synced();
      let typing = true;
      const remoteTyping = (async () => {
        const text = clauseText(remote.doc, 'operative', 1);
        const words = 'the other delegation is typing here too ';
        for (let i = 0; typing; i++) {
          text.insert(text.length, words[i % words.length]!);
          await new Promise((r) => setTimeout(r, REMOTE_DELAY_MS));
        }
      })();

      // This delegate types in the middle of the text.
      const middle = `OP${Math.ceil(draft.operative.length / 2)}`;
      await caretAtEnd(page, middle);
      await installProbe(page);
      await page.evaluate('window.__socketMs = []');
      const profiler = process.env.BENCH_PROFILE && !['open', 'marks', 'trace'].includes(process.env.BENCH_PROFILE) ? await page.context().newCDPSession(page) : null;
      if (profiler) {
        await profiler.send('Profiler.enable');
        await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
        await profiler.send('Profiler.start');
      }
      const sentence = ' and to report on its implementation to the next meeting of the Ministers';
      for (let i = 0; i < KEYS; i++) await page.keyboard.type(sentence[i % sentence.length]!, { delay: 0 }).then(() => page.waitForTimeout(KEY_DELAY_MS));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
      const samples = await page.evaluate<{ raf: number[]; paint: number[]; remote: number[] }>('({ raf: window.__keyRaf, paint: window.__keyPaint, remote: window.__socketMs })');
      // What the typing left on the page: labels, the typed words, the other delegate's caret.
      await page.locator(`[data-label="${middle}"]`).first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifact(`bench-typing-${size}.png`) });
      if (profiler) printProfile(`${size} paragraphs, typing`, (await profiler.send('Profiler.stop')).profile);
      result.raf.push(...samples.raf);
      result.paint.push(...samples.paint);
      result.remote.push(...samples.remote);
      typing = false;
      await remoteTyping;
      remote.destroy();
    }
    await page.context().close();
    return result;
  } finally {
    await server.stop();
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/**
 * The opening, 20 ms at a time on the page's clock (the marks' and the waterfall's): what the main
 * thread did then, by script (the deepest frame that has one) or by what the engine was doing
 * (GC, idle, "(program)": the browser's own work, such as parsing, style, layout and tearing the old
 * page down), and the task it was part of (the outermost frame with a script). `pageNow` is the
 * page's performance.now() just before the profile stopped; the two clocks are lined up there.
 */
function printTimeline(profile: CpuProfile, pageNow: number): void {
  const BUCKET = 20;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const file = (url: string) => url.split('/').pop()!.replace(/-[\w-]{8}[.]js$/, '');
  const buckets = new Map<number, Map<string, number>>();
  const tasks = new Map<number, Map<string, number>>();
  const add = (into: Map<number, Map<string, number>>, at: number, key: string, ms: number) => {
    const m = into.get(at) ?? new Map<string, number>();
    m.set(key, (m.get(key) ?? 0) + ms);
    into.set(at, m);
  };
  let t = profile.startTime;
  const samples = profile.samples ?? [];
  samples.forEach((id, i) => {
    t += profile.timeDeltas?.[i] ?? 0;
    const ms = (profile.timeDeltas?.[i + 1] ?? 0) / 1000;
    const at = Math.floor((pageNow - (profile.endTime - t) / 1000) / BUCKET) * BUCKET;
    const leaf = byId.get(id)!.callFrame.functionName;
    let deepest = '';
    let outer = '';
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const f = byId.get(n)!.callFrame;
      if (!f.url) continue;
      deepest ||= file(f.url);
      outer = `${f.functionName || '(anonymous)'} ${file(f.url)}`;
    }
    // GC, idle and the engine's own work by their names; a native call (send, encodeInto) by its script's.
    const what = leaf.startsWith('(') ? leaf : deepest || `${leaf} (native)`;
    add(buckets, at, what, ms);
    if (outer) add(tasks, at, outer, ms);
  });
  console.log('\ntimeline of the opening (page clock, 20 ms buckets: the main thread\'s time by script or engine work; the outermost task)');
  for (const at of [...buckets.keys()].sort((a, b) => a - b)) {
    if (at < -200) continue;
    const parts = [...buckets.get(at)!].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 1).map(([k, v]) => `${k} ${v.toFixed(0)}`);
    const task = [...(tasks.get(at) ?? [])].sort((a, b) => b[1] - a[1])[0];
    console.log(`  ${String(at).padStart(5)}  ${parts.join(', ')}${task ? `   [${task[0]}]` : ''}`);
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

/**
 * Where the renderer's main thread spent the opening, from a Chromium trace: the browser's own work
 * by kind (style, layout, paint, parsing, compiling, GC, tearing the old page down), which a CPU
 * profile lumps together as "(program)". Self time: each event less the events nested in it.
 */
function printTrace(buffer: Buffer): void {
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return;
  const events = traceEvents.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: TraceEvent[] = [];
  for (const e of events) {
    while (stack.length && stack[stack.length - 1]!.ts + stack[stack.length - 1]!.dur! <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur! / 1000);
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur! / 1000);
    stack.push(e);
  }
  const top = [...self].filter(([, ms]) => ms >= 2).sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`trace of the opening, the page's main thread, self time by event:\n${top.map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n')}`);
}

/** The functions the typing spent its time in: self time, and time including callees. */
function printProfile(what: string, profile: CpuProfile): void {
  // BENCH_PROFILE_DIR keeps each profile whole, for Chromium's DevTools (Performance, load profile).
  if (process.env.BENCH_PROFILE_DIR) writeFileSync(join(process.env.BENCH_PROFILE_DIR, `${what.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const samples = profile.samples ?? [];
  samples.forEach((id, i) => {
    const dt = (profile.timeDeltas?.[i] ?? 0) / 1000;
    self.set(name(id), (self.get(name(id)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = name(at);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + dt);
    }
  });
  const top = (m: Map<string, number>) =>
    [...m]
      .filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)') && !k.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms  ${k}`)
      .join('\n');
  console.log(`\nprofile, ${what}: self time\n${top(self)}\ntotal time\n${top(total)}`);
  // Who calls the costliest functions: their heaviest call stacks, a few frames up.
  const heavy = [...self].filter(([k]) => !k.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k]) => k);
  for (const fn of heavy) {
    const stacks = new Map<string, number>();
    samples.forEach((id, i) => {
      if (name(id) !== fn) return;
      const frames: string[] = [];
      for (let at = parent.get(id); at !== undefined && frames.length < 7; at = parent.get(at)) frames.push(name(at));
      const key = frames.join(' < ');
      stacks.set(key, (stacks.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
    });
    const lines = [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `    ${v.toFixed(0).padStart(5)} ms  < ${k}`);
    console.log(`  ${fn} called from:\n${lines.join('\n')}`);
  }
}

function row(r: SizeResult): string {
  const f = (v: number) => v.toFixed(1).padStart(6);
  return `${String(r.paragraphs).padStart(5)} ${String(r.characters).padStart(7)} | ${f(percentile(r.raf, 50))} ${f(percentile(r.raf, 95))} | ${f(percentile(r.paint, 50))} ${f(percentile(r.paint, 95))} | ${f(percentile(r.remote, 50))} ${f(percentile(r.remote, 95))} | ${f(percentile(r.openMs, 50))} | ${r.raf.length}`;
}

async function main(): Promise<void> {
  const dir = staticDir();
  const browser = await launchChromium();
  try {
    const sizes = (process.env.BENCH_SIZES ?? '18,300').split(',').map(Number);
    const results = [];
    for (const size of sizes) results.push(await benchSize(browser, dir, size));
    const small = results.find((r) => r.paragraphs === 18);
    const large = results.find((r) => r.paragraphs === 300);
    if (!small || !large) {
      console.log('\nkeydown -> next frame (ms)\nparas   chars |  raf50  raf95 |  pnt50  pnt95 | rem50  rem95 |   open | keys');
      for (const r of results) console.log(row(r));
      return;
    }
    console.log('\nkeydown -> next frame (ms), a second delegate typing in another paragraph');
    console.log('paras   chars |  raf50  raf95 |  pnt50  pnt95 | rem50  rem95 |   open | keys');
    console.log(row(small));
    console.log(row(large));
    const ratio = (p: number, xs: (r: SizeResult) => number[]) => (percentile(xs(large), p) / percentile(xs(small), p)).toFixed(2);
    console.log(`ratio 300/18: raf p50 ${ratio(50, (r) => r.raf)}x, raf p95 ${ratio(95, (r) => r.raf)}x, paint p50 ${ratio(50, (r) => r.paint)}x, paint p95 ${ratio(95, (r) => r.paint)}x, remote p95 ${ratio(95, (r) => r.remote)}x`);
  } finally {
    await browser.close();
  }
}

await main();

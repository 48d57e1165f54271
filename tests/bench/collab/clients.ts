/**
 * One unmodified provider per socket, the same for every server of a kind: y-websocket's
 * WebsocketProvider for the bare relay and Accord, @hocuspocus/provider for Hocuspocus, both over
 * the `ws` package. Accord's sockets send the session cookie and an Origin, as a browser does.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { declarationUpdate, FRAGMENT } from '../../../shared/editor/yjs.js';
import { skeletonJSON } from '../../../shared/editor/content.js';
import type { ServerAddress } from './servers.js';

// Each provider registers a process 'exit' handler (y-websocket) or listeners; thousands are opened.
process.setMaxListeners(0);

export interface BenchClient {
  readonly doc: Y.Doc;
  /** Resolves once the provider has synced with the server. */
  synced(timeoutMs?: number): Promise<void>;
  /** Resolves once the server has processed everything this client sent before. */
  flushed(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function openClient(server: ServerAddress, documentName: string, cookie: string, origin: string): BenchClient {
  return server.name === 'hocuspocus' ? hocuspocusClient(server, documentName) : websocketClient(server, documentName, cookie, origin);
}

function websocketClient(server: ServerAddress, documentName: string, cookie: string, origin: string): BenchClient {
  const doc = new Y.Doc();
  const headers = server.isAccord ? { cookie, origin } : {};
  class BrowserLikeSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const provider = new WebsocketProvider(server.wsUrl, documentName, doc, {
    WebSocketPolyfill: BrowserLikeSocket as unknown as typeof globalThis.WebSocket, // ws's class is API-compatible
    disableBc: true,
  });
  const whenSynced = (timeoutMs: number) =>
    within(
      new Promise<void>((resolve) => {
        if (provider.synced) return resolve();
        const done = (isSynced: boolean) => {
          if (!isSynced) return;
          provider.off('sync', done);
          resolve();
        };
        provider.on('sync', done);
      }),
      timeoutMs,
      `${server.name}: ${documentName} to sync`,
    );
  return {
    doc,
    synced: (timeoutMs = 60_000) => whenSynced(timeoutMs),
    // A sync step 1 is answered from the server's queue after everything sent before it.
    async flushed(timeoutMs = 60_000) {
      await whenSynced(timeoutMs);
      const ws = provider.ws;
      if (!ws) throw new Error(`${server.name}: no socket`);
      provider.synced = false;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, doc);
      ws.send(encoding.toUint8Array(encoder));
      await whenSynced(timeoutMs);
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

function hocuspocusClient(server: ServerAddress, documentName: string): BenchClient {
  const doc = new Y.Doc();
  // HocuspocusProvider passes its whole configuration to the socket it makes, WebSocketPolyfill included.
  const configuration = { url: server.wsUrl, name: documentName, document: doc, WebSocketPolyfill: WebSocket };
  const provider = new HocuspocusProvider(configuration);
  const until = (check: () => boolean, event: 'synced' | 'unsyncedChanges', what: string, timeoutMs: number) =>
    within(
      new Promise<void>((resolve) => {
        if (check()) return resolve();
        const done = () => {
          if (!check()) return;
          provider.off(event, done);
          resolve();
        };
        provider.on(event, done);
      }),
      timeoutMs,
      `hocuspocus: ${documentName} ${what}`,
    );
  return {
    doc,
    synced: (timeoutMs = 60_000) => until(() => provider.isSynced, 'synced', 'to sync', timeoutMs),
    // Hocuspocus acknowledges every update it has applied; the provider counts those still unacknowledged.
    flushed: (timeoutMs = 60_000) => until(() => provider.isSynced && provider.unsyncedChanges === 0, 'unsyncedChanges', 'to acknowledge', timeoutMs),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * Accord starts every document as a skeleton declaration (a title, one preambular and one operative
 * paragraph) and accepts only that schema; the others start empty, so the first writer gives them
 * the same skeleton, and every server then carries the same edits.
 */
export function ensureSkeleton(doc: Y.Doc): void {
  if (doc.getXmlFragment(FRAGMENT).length === 0) Y.applyUpdate(doc, declarationUpdate(skeletonJSON('Bench')));
}

/** The running text of the first operative paragraph, where every writer types. */
export function typingText(doc: Y.Doc): Y.XmlText {
  const fragment = doc.getXmlFragment(FRAGMENT);
  const operative = fragment.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === 'operative') as Y.XmlElement | undefined;
  const body = (operative?.get(0) as Y.XmlElement | undefined)?.get(0) as Y.XmlElement | undefined;
  if (!body) throw new Error('the document has no operative paragraph');
  let text = body.get(0);
  if (!(text instanceof Y.XmlText)) {
    text = new Y.XmlText();
    body.insert(0, [text]);
  }
  return text as Y.XmlText;
}

/** How many characters the first operative paragraph holds, or -1 before the skeleton arrived. */
export function typedLength(doc: Y.Doc): number {
  const fragment = doc.getXmlFragment(FRAGMENT);
  const operative = fragment.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === 'operative') as Y.XmlElement | undefined;
  const body = (operative?.get(0) as Y.XmlElement | undefined)?.get(0) as Y.XmlElement | undefined;
  if (!body) return -1;
  return body.toArray().reduce((sum, node) => sum + (node instanceof Y.XmlText ? node.length : 0), 0);
}

/** Opens `count` clients a batch at a time and waits until each has synced. */
export async function openMany(count: number, open: (i: number) => BenchClient, batch = 50): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  for (let start = 0; start < count; start += batch) {
    const opened = Array.from({ length: Math.min(batch, count - start) }, (_, k) => open(start + k));
    clients.push(...opened);
    await Promise.all(opened.map((c) => c.synced()));
  }
  return clients;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

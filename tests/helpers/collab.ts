import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { FRAGMENT } from '../../shared/editor/yjs.js';
import { newClauseId } from '../../shared/editor/ids.js';

// Each WebsocketProvider in Node registers a process 'exit' handler; tests open dozens of them.
process.setMaxListeners(200);

/**
 * An unmodified y-websocket WebsocketProvider in Node, sending the session cookie and an Origin as a
 * browser would (ws lets Node set both).
 */
export function collabClient(wsUrl: string, documentId: string, cookie: string, origin: string) {
  const doc = new Y.Doc();
  const closes: { code: number; reason: string }[] = [];
  class BrowserLikeSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie, origin } });
    }
  }
  const provider = new WebsocketProvider(wsUrl, documentId, doc, {
    WebSocketPolyfill: BrowserLikeSocket as unknown as typeof globalThis.WebSocket, // ws's class is API-compatible
    disableBc: true,
  });
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    closes,
    fragment: doc.getXmlFragment(FRAGMENT),
    synced: () => waitFor(() => provider.synced, 'provider to sync'),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export type CollabClient = ReturnType<typeof collabClient>;

export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The XmlText of an operative clause's running text (creating it if the clause is still empty). */
export function clauseText(doc: Y.Doc, part: 'preamble' | 'operative', index: number): Y.XmlText {
  const fragment = doc.getXmlFragment(FRAGMENT);
  const partEl = fragment.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === part) as Y.XmlElement;
  const clause = partEl.get(index) as Y.XmlElement;
  const body = clause.get(0) as Y.XmlElement;
  let text = body.get(0) as Y.XmlText | undefined;
  if (!(text instanceof Y.XmlText)) {
    text = new Y.XmlText();
    body.insert(0, [text]);
  }
  return text;
}

/**
 * The words of a clause as this copy has them, without writing anything: a check polled while
 * waiting for someone else's edit must not use clauseText, whose empty text node made in a live
 * copy would be sent, stored and race the other's node for the clause's first place.
 */
export function clausePlainText(doc: Y.Doc, part: 'preamble' | 'operative', index: number): string {
  const partEl = doc.getXmlFragment(FRAGMENT).toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === part) as Y.XmlElement | undefined;
  const clause = partEl?.get(index) as Y.XmlElement | undefined;
  const body = clause?.get(0) as Y.XmlElement | undefined;
  const text = body?.get(0);
  return text instanceof Y.XmlText ? plainText(text) : '';
}

/** Raw sockets for protocol abuse tests. */
export function rawSocket(wsUrl: string, documentId: string, cookie: string, origin: string) {
  const ws = new WebSocket(`${wsUrl}/${documentId}`, { headers: { cookie, origin } });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, opened, closed };
}

/**
 * Sends binary messages in ONE write to the socket, so the server reads them together and its room
 * takes them in one batch (`ws.send` writes each on its own: they may or may not be read together).
 * Client frames must be masked; the mask here is all zeros, which leaves the payload as it is.
 */
export function sendInOneWrite(ws: WebSocket, messages: Uint8Array[]): void {
  const frames = messages.map((m) => {
    if (m.byteLength > 0xffff) throw new Error('sendInOneWrite: messages up to 64 KiB');
    const header = m.byteLength < 126 ? [0x82, 0x80 | m.byteLength] : [0x82, 0x80 | 126, m.byteLength >> 8, m.byteLength & 0xff];
    return Buffer.concat([Buffer.from([...header, 0, 0, 0, 0]), m]);
  });
  // ws keeps its TCP socket as _socket; nothing public writes raw bytes.
  (ws as unknown as { _socket: import('node:net').Socket })._socket.write(Buffer.concat(frames));
}

/** The HTTP status a refused upgrade got, or 101 if the socket opened. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => {});
  });
}

/** How many characters a clause's running text holds, without touching the document. */
export function clauseLength(doc: Y.Doc, part: 'preamble' | 'operative', index: number): number {
  const fragment = doc.getXmlFragment(FRAGMENT);
  const partEl = fragment.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === part) as Y.XmlElement | undefined;
  const body = (partEl?.get(index) as Y.XmlElement | undefined)?.get(0) as Y.XmlElement | undefined;
  if (!body) return 0;
  return body.toArray().reduce((sum, node) => sum + (node instanceof Y.XmlText ? node.length : 0), 0);
}

/** The running text of OP1 (the first operative paragraph), if it has any yet. */
export function firstOperativeText(doc: Y.Doc): Y.XmlText | undefined {
  const operative = doc.getXmlFragment(FRAGMENT).toArray().find((e) => e instanceof Y.XmlElement && e.nodeName === 'operative') as Y.XmlElement;
  const text = ((operative.get(0) as Y.XmlElement | undefined)?.get(0) as Y.XmlElement | undefined)?.get(0);
  return text instanceof Y.XmlText ? text : undefined;
}

/** A Yjs text's characters, without its formatting. */
export function plainText(text: Y.XmlText | undefined): string {
  return ((text?.toDelta() ?? []) as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

/**
 * Opens a fresh client as `cookie`, lets `edit` change its copy, and waits for the server's answer:
 * the close it got (a refusal), or null when the change came back acknowledged by a sync round trip.
 * Asked to try again later (1013), it does, as a client reconnecting would.
 */
export async function attempt(
  wsUrl: string,
  documentId: string,
  cookie: string,
  origin: string,
  edit: (doc: Y.Doc) => void,
): Promise<{ code: number; reason: string } | null> {
  for (let tries = 0; ; tries++) {
    const answer = await attemptOnce(wsUrl, documentId, cookie, origin, edit);
    if (answer?.code !== 1013 || tries >= 20) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One attempt: the close it got, or null (see attempt). */
export async function attemptOnce(
  wsUrl: string,
  documentId: string,
  cookie: string,
  origin: string,
  edit: (doc: Y.Doc) => void,
): Promise<{ code: number; reason: string } | null> {
  const client = collabClient(wsUrl, documentId, cookie, origin);
  try {
    await client.synced();
    edit(client.doc);
    await syncRoundTrip(client);
    return client.closes[0] ?? null;
  } finally {
    client.destroy();
  }
}

/** What the server holds now, read by a fresh client after a full sync round trip. */
export async function serverCopy(wsUrl: string, documentId: string, cookie: string, origin: string): Promise<Y.Doc> {
  const client = collabClient(wsUrl, documentId, cookie, origin);
  await client.synced();
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.doc));
  client.destroy();
  return copy;
}

/**
 * A sync round trip: sends a sync step 1 and waits for the server's answer (or a close). The answer
 * comes from the server's queue, so everything the client sent before has been judged and stored.
 * Returns how long it took, in ms.
 */
export async function syncRoundTrip(client: CollabClient, timeoutMs = 10_000): Promise<number> {
  const started = performance.now();
  const closesBefore = client.closes.length;
  const closedSince = () => client.closes.length > closesBefore;
  // A socket still reconnecting (after a server restart, say) is waited for, never spun on.
  await waitFor(() => client.provider.ws?.readyState === 1 || closedSince(), 'the socket to be open', timeoutMs);
  const ws = client.provider.ws;
  if (closedSince() || !ws) return performance.now() - started;
  client.provider.synced = false;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, client.doc);
  ws.send(encoding.toUint8Array(encoder));
  await waitFor(() => client.provider.synced || closedSince(), 'a sync round trip', timeoutMs);
  return performance.now() - started;
}

/** The operative part of a declaration's Yjs document. */
export function operativePart(doc: Y.Doc): Y.XmlElement {
  return doc.getXmlFragment(FRAGMENT).toArray().find((e) => e instanceof Y.XmlElement && e.nodeName === 'operative') as Y.XmlElement;
}

/** An operative paragraph by its id. */
export function operativeClause(doc: Y.Doc, id: string): Y.XmlElement | undefined {
  return operativePart(doc).toArray().find((c) => c instanceof Y.XmlElement && c.getAttribute('id') === id) as Y.XmlElement | undefined;
}

/** The running text of an operative paragraph, to type into (its first text). */
export function operativeClauseBody(doc: Y.Doc, id: string): Y.XmlText | undefined {
  return (operativeClause(doc, id)?.get(0) as Y.XmlElement | undefined)?.get(0) as Y.XmlText | undefined;
}

/** What an operative paragraph says, or null if there is no such paragraph. */
export function operativeClauseText(doc: Y.Doc, id: string): string | null {
  const clause = operativeClause(doc, id);
  if (!clause) return null;
  const body = clause.get(0) as Y.XmlElement;
  return body.toArray().map((t) => (t instanceof Y.XmlText ? t.toString() : '')).join('');
}

/** Appends an operative paragraph with this text, as an editor would; returns its id. */
export function addOperativeClause(doc: Y.Doc, text: string): string {
  const id = newClauseId();
  const clause = new Y.XmlElement('clause');
  clause.setAttribute('id', id);
  clause.setAttribute('kind', 'operative');
  const body = new Y.XmlElement('clauseText');
  body.insert(0, [new Y.XmlText(text)]);
  clause.insert(0, [body]);
  operativePart(doc).insert(operativePart(doc).length, [clause]);
  return id;
}

/**
 * The client's side of a keystroke (issue 13, item 5), headless in Node: a 300-paragraph declaration
 * built with the shared editor schema (tests/bench/declaration.ts, as bench:browser types into), one
 * character inserted into a paragraph's Y.XmlText (what y-tiptap does for a keystroke), the update
 * encoded into the y-websocket sync frame the provider sends, and the frame applied to a second copy
 * as the other provider does on receipt. No server: what a keystroke costs the two clients.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { declarationUpdate, FRAGMENT } from '../../../shared/editor/yjs.js';
import { declarationJSON } from '../../../shared/editor/content.js';
import { benchDraft } from '../declaration.js';
import { percentile } from './clients.js';

const PARAGRAPHS = 300;
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 2000);
const WARMUP = 200;

/** Every paragraph's running text (the XmlText inside each clause's body), in document order. */
function paragraphTexts(doc: Y.Doc): Y.XmlText[] {
  const texts: Y.XmlText[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) texts.push(child);
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  walk(doc.getXmlFragment(FRAGMENT));
  return texts.filter((t) => t.length > 100);
}

export interface KeystrokeResult {
  p50Ms: number;
  p99Ms: number;
  paragraphs: number;
}

export function keystroke(): KeystrokeResult {
  const initial = declarationUpdate(declarationJSON(benchDraft(PARAGRAPHS, '')));
  const local = new Y.Doc();
  const remote = new Y.Doc();
  Y.applyUpdate(local, initial);
  Y.applyUpdate(remote, initial);
  const texts = paragraphTexts(local);
  let frame: Uint8Array | null = null;
  // What WebsocketProvider does on a local update: a sync message of type update, sent as one frame.
  local.on('update', (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0); // messageSync
    syncProtocol.writeUpdate(encoder, update);
    frame = encoding.toUint8Array(encoder);
  });
  const times: number[] = [];
  for (let i = 0; i < WARMUP + KEYSTROKES; i++) {
    const text = texts[(i * 7) % texts.length]!;
    const started = performance.now();
    text.insert(Math.min(text.length, 20 + (i % 40)), 'x');
    // What the other provider does on receipt: read the frame, apply the update to its copy.
    const decoder = decoding.createDecoder(frame!);
    decoding.readVarUint(decoder);
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), remote, 'remote');
    if (i >= WARMUP) times.push(performance.now() - started);
  }
  if (remote.getXmlFragment(FRAGMENT).toString() !== local.getXmlFragment(FRAGMENT).toString()) throw new Error('the copies diverged');
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), paragraphs: texts.length };
}

import * as encoding from 'lib0/encoding';
import { FRAGMENT } from '../../shared/editor/yjs.js';

/**
 * Yjs updates written by hand, byte by byte (update format v1), as a hostile client would: with
 * parents, origins, clocks and root types no honest Yjs client would produce. See Yjs's Item.write
 * and UpdateEncoderV1 for the layout.
 */

export interface Id {
  client: number;
  clock: number;
}

export type Content =
  | { string: string }
  | { element: string }
  | { text: true }
  | { format: string; value: unknown }
  | { any: unknown[] };

export interface CraftedItem {
  client: number;
  clock: number;
  origin?: Id;
  rightOrigin?: Id;
  /** A root type's name, or the id of the item holding the parent type (only without origins). */
  parent?: string | Id;
  parentSub?: string;
  content: Content;
}

const REF = { string: 4, format: 6, type: 7, any: 8 } as const;
const TYPE = { element: 3, text: 6 } as const;

function length(content: Content): number {
  if ('string' in content) return content.string.length;
  if ('any' in content) return content.any.length;
  return 1;
}

function writeItem(e: encoding.Encoder, item: CraftedItem): void {
  const c = item.content;
  const ref = 'string' in c ? REF.string : 'format' in c ? REF.format : 'any' in c ? REF.any : REF.type;
  const info = ref | (item.origin ? 0x80 : 0) | (item.rightOrigin ? 0x40 : 0) | (item.parentSub !== undefined ? 0x20 : 0);
  encoding.writeUint8(e, info);
  if (item.origin) {
    encoding.writeVarUint(e, item.origin.client);
    encoding.writeVarUint(e, item.origin.clock);
  }
  if (item.rightOrigin) {
    encoding.writeVarUint(e, item.rightOrigin.client);
    encoding.writeVarUint(e, item.rightOrigin.clock);
  }
  if (!item.origin && !item.rightOrigin) {
    const parent = item.parent ?? FRAGMENT;
    if (typeof parent === 'string') {
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, parent);
    } else {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, parent.client);
      encoding.writeVarUint(e, parent.clock);
    }
    if (item.parentSub !== undefined) encoding.writeVarString(e, item.parentSub);
  }
  if ('string' in c) encoding.writeVarString(e, c.string);
  else if ('format' in c) {
    encoding.writeVarString(e, c.format);
    encoding.writeVarString(e, JSON.stringify(c.value));
  } else if ('any' in c) {
    encoding.writeVarUint(e, c.any.length);
    for (const v of c.any) encoding.writeAny(e, v as Parameters<typeof encoding.writeAny>[1]);
  } else if ('element' in c) {
    encoding.writeVarUint(e, TYPE.element);
    encoding.writeVarString(e, c.element);
  } else encoding.writeVarUint(e, TYPE.text);
}

/**
 * An update of `items` (each client's items in clock order, clocks consecutive) and deletions
 * (client -> [clock, length] ranges).
 */
export function craftUpdate(items: CraftedItem[], deletes: Map<number, [number, number][]> = new Map()): Uint8Array {
  const byClient = new Map<number, CraftedItem[]>();
  // Appended in place: copying the list per item made a 40,000-item update take most of a minute to build.
  for (const item of items) {
    const list = byClient.get(item.client);
    if (list) list.push(item);
    else byClient.set(item.client, [item]);
  }
  return craftRuns([...byClient.values()], deletes);
}

/**
 * An update listing each of `runs` as a run of its own (each run one client's items, clocks
 * consecutive), so a client may be listed more than once, which no Yjs encoder writes.
 */
export function craftRuns(runs: CraftedItem[][], deletes: Map<number, [number, number][]> = new Map()): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, runs.length);
  for (const list of runs) {
    encoding.writeVarUint(e, list.length);
    encoding.writeVarUint(e, list[0]!.client);
    encoding.writeVarUint(e, list[0]!.clock);
    for (const item of list) writeItem(e, item);
  }
  encoding.writeVarUint(e, deletes.size);
  for (const [client, ranges] of deletes) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
  }
  return encoding.toUint8Array(e);
}

/** Consecutive items of one client from `clock`, each one's clock following the previous one's length. */
export function run(client: number, clock: number, make: (i: number, id: Id, previous: Id | null) => Omit<CraftedItem, 'client' | 'clock'>, count: number): CraftedItem[] {
  const out: CraftedItem[] = [];
  let at = clock;
  let previous: Id | null = null;
  for (let i = 0; i < count; i++) {
    const item: CraftedItem = { client, clock: at, ...make(i, { client, clock: at }, previous) };
    out.push(item);
    previous = { client, clock: at + length(item.content) - 1 };
    at += length(item.content);
  }
  return out;
}

/** A y-websocket frame carrying an update (sync message type 2). */
export function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

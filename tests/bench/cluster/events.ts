/**
 * Live events across instances: the delegate opens threads through the first instance (HTTP POST),
 * one at a time at EVENTS_PER_SECOND, and the reader's event streams (GET /api/documents/:id/events),
 * one on every instance, hear them. Latency is from just before the POST is sent to the event's arrival
 * on each stream (both Date.now() in the driver's process, 1 ms resolution), kept apart for the
 * stream on the posting instance and the streams on the others (published through Redis).
 */
import * as Y from 'yjs';
import type { TestServer } from '../../helpers/server.js';
import { EventStream } from '../../helpers/events.js';
import { percentile, sleep } from '../collab/clients.js';
import { openClient } from '../collab/clients.js';
import { FRAGMENT } from '../../../shared/editor/yjs.js';
import { addressOf, type ClusterAccess } from './access.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const EVENTS_PER_SECOND = Number(process.env.BENCH_EVENTS_RATE ?? 20);

export interface EventsResult {
  local: { p50: number; p99: number; samples: number };
  remote: { p50: number; p99: number; samples: number };
  /**
   * Per event, how much later the other instance's stream heard it than the posting instance's: the
   * cost of crossing Redis, paired event by event, so the machine's noise common to both cancels.
   */
  crossing: { p50: number; p99: number; samples: number };
}

export const EVENTS_SHAPE = { events: EVENTS, rate: EVENTS_PER_SECOND };

/** The id of the document's first operative clause, read from a synced copy (threads hang on a clause). */
async function firstClause(instance: TestServer, document: string, cookie: string): Promise<string> {
  const client = openClient(addressOf(instance), document, cookie, instance.origin);
  try {
    await client.synced();
    const operative = client.doc
      .getXmlFragment(FRAGMENT)
      .toArray()
      .find((n) => n instanceof Y.XmlElement && n.nodeName === 'operative') as Y.XmlElement | undefined;
    const id = (operative?.get(0) as Y.XmlElement | undefined)?.getAttribute('id');
    if (typeof id !== 'string') throw new Error('the document has no operative clause');
    return id;
  } finally {
    client.destroy();
  }
}

export async function liveEvents(instances: TestServer[], access: ClusterAccess): Promise<EventsResult> {
  const [document] = await access.documents(1, 'events');
  const [cookie] = await access.cookiesFor(1);
  const clauseId = await firstClause(instances[0]!, document!, cookie!);
  const path = `/api/documents/${document}/events`;
  const streams = await Promise.all(instances.map((i) => EventStream.open(i.url, path, access.readerCookie)));
  const local: number[] = [];
  const remote: number[] = [];
  const crossing: number[] = [];
  try {
    await sleep(200);
    const started = performance.now();
    for (let n = 0; n < EVENTS; n++) {
      const wait = started + (n * 1000) / EVENTS_PER_SECOND - performance.now();
      if (wait > 0) await sleep(wait);
      const sent = Date.now();
      const { thread } = await access.delegateApi.json<{ thread: { id: string } }>('POST', `/api/documents/${document}/threads`, { clauseId, body: `Point ${n + 1}` }, 201);
      // Wait for it on every stream; the arrival time is the stream's own record of it.
      await Promise.all(streams.map((s) => s.next<{ thread: { id: string } }>('thread', (t) => t.thread.id === thread.id, 10_000)));
      const heard = streams.map((s) => s.events.find((e) => e.type === 'thread' && (e.data as { thread: { id: string } }).thread.id === thread.id)!.at);
      heard.forEach((at, i) => {
        (i === 0 ? local : remote).push(at - sent);
        if (i > 0) crossing.push(at - heard[0]!);
      });
    }
  } finally {
    for (const s of streams) s.close();
  }
  const figures = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99), samples: values.length });
  return { local: figures(local), remote: figures(remote), crossing: figures(crossing) };
}

/**
 * Open: a document of UPDATES one-character updates (ten writers at WRITER_RATE), everyone then
 * leaves; a new client's time from creating its provider to synced. Accord and Hocuspocus are
 * restarted in between (SIGTERM: each stores what it must), so the document comes from the database,
 * not from memory; a small document is opened first so the server's own code is warm. The bare relay
 * keeps nothing on disk and cannot be restarted without losing the document: it keeps every document
 * in memory (no persistence: its docs map is never emptied), so its figure is an open from memory.
 */
import type { Access } from './access.js';
import { openClient, sleep, typedLength } from './clients.js';
import type { ServerProcess } from './servers.js';
import { openWriters, typeAll } from './writers.js';

const UPDATES = Number(process.env.BENCH_OPEN_UPDATES ?? 20_000);
const WRITERS = 10;

export interface OpenResult {
  ms: number;
  /** How the document was held when opened. */
  from: string;
  characters: number;
}

export async function open(server: ServerProcess, access: Access): Promise<OpenResult> {
  const [document, warm] = await access.documents(2, 'open');
  const writers = await openWriters(server, access, [document!, warm!], 1);
  const more = await openWriters(server, access, [document!], WRITERS - 1);
  try {
    await typeAll([writers[0]!, ...more], Math.ceil(UPDATES / WRITERS));
  } finally {
    for (const w of [...writers, ...more]) w.destroy();
  }
  await sleep(500);
  const restarted = server.name !== 'relay';
  if (restarted) await server.restart();
  const [cookie] = await access.cookiesFor(1);

  const warmer = openClient(server.address, warm!, cookie!, access.origin);
  await warmer.synced();
  warmer.destroy();
  await sleep(200);

  const started = performance.now();
  const reader = openClient(server.address, document!, cookie!, access.origin);
  try {
    await reader.synced();
    const ms = performance.now() - started;
    return { ms, from: restarted ? 'database, after a restart' : 'memory (the relay keeps every document)', characters: typedLength(reader.doc) };
  } finally {
    reader.destroy();
  }
}

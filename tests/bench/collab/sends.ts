/**
 * One message to every reader, as the relay sends it and as Accord does (issue 13): the relay calls
 * ws.send once per reader, so ws frames the same bytes again for each; Accord frames the message once
 * (server/collab/wire.ts) and its Connection.send writes that frame to each socket. Both are measured
 * here in this process, alternately, to the same readers (real ws clients in a child process, so that
 * their reading is not counted), with nothing else in the way: no document, no store, no network
 * beyond the loopback. Wall time of the sending loop and this process's CPU per message.
 */
import { fork } from 'node:child_process';
import { WebSocketServer, type WebSocket } from 'ws';
import { connectionOver } from '../../helpers/connection.js';
import { WireMessage } from '../../../server/collab/wire.js';

const MESSAGES = Number(process.env.BENCH_SENDS_MESSAGES ?? 400);
const ROUNDS = 3;

export interface SendCost {
  readers: number;
  /** Per message to all readers, the median of the rounds. */
  wsSend: { wallUs: number; cpuUs: number };
  framedOnce: { wallUs: number; cpuUs: number };
}

/** The readers: a child process opening `count` sockets and reading everything sent to them. */
const READERS = `
  const { WebSocket } = require('ws');
  const [url, count] = process.argv.slice(1);
  let open = 0;
  for (let i = 0; i < Number(count); i++) {
    const ws = new WebSocket(url);
    ws.on('open', () => { if (++open === Number(count)) process.send('open'); });
    ws.on('message', () => {});
  }`;

async function measure(send: () => void): Promise<{ wallUs: number; cpuUs: number }> {
  for (let i = 0; i < 50; i++) send();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const cpu = process.cpuUsage();
  let wall = 0;
  for (let i = 0; i < MESSAGES; i++) {
    const started = performance.now();
    send();
    wall += performance.now() - started;
    // Let the sockets drain and their write callbacks run (counted), as between two keystrokes.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const used = process.cpuUsage(cpu);
  return { wallUs: (wall * 1000) / MESSAGES, cpuUs: (used.user + used.system) / MESSAGES };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function sendCost(readers: number): Promise<SendCost> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const sockets: WebSocket[] = [];
  server.on('connection', (ws) => sockets.push(ws));
  const { port } = server.address() as { port: number };
  const child = fork('-e', [READERS, `ws://127.0.0.1:${port}`, String(readers)], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    await new Promise((resolve) => child.once('message', resolve));
    while (sockets.length < readers) await new Promise((resolve) => setTimeout(resolve, 10));
    const connections = sockets.map((ws) => connectionOver(ws));
    // A one-character update as the server sends it: about 30 bytes.
    const message = new Uint8Array(30).fill(7);
    const runs = { wsSend: [] as { wallUs: number; cpuUs: number }[], framedOnce: [] as { wallUs: number; cpuUs: number }[] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.wsSend.push(await measure(() => {
        for (const ws of sockets) ws.send(message);
      }));
      runs.framedOnce.push(await measure(() => {
        const wire = new WireMessage(message);
        for (const c of connections) c.send(wire);
      }));
    }
    const pick = (list: { wallUs: number; cpuUs: number }[]) => ({ wallUs: median(list.map((r) => r.wallUs)), cpuUs: median(list.map((r) => r.cpuUs)) });
    return { readers, wsSend: pick(runs.wsSend), framedOnce: pick(runs.framedOnce) };
  } finally {
    child.kill();
    for (const ws of sockets) ws.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
}

export function describeSendCost(costs: SendCost[]): string {
  const parts = costs.map(
    (c) =>
      `${c.readers} readers: ws.send per reader ${Math.round(c.wsSend.cpuUs)} us CPU (${Math.round(c.wsSend.wallUs)} us in the loop), ` +
      `framed once ${Math.round(c.framedOnce.cpuUs)} us (${Math.round(c.framedOnce.wallUs)} us), ${(c.framedOnce.cpuUs / c.wsSend.cpuUs).toFixed(2)}x`,
  );
  return `One 30-byte message to every reader, in this process, median of ${ROUNDS} alternating rounds of ${MESSAGES}, per message: ${parts.join('; ')}.`;
}

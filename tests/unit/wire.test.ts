import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { wireWork } from '../../server/collab/connection.js';
import { connectionOver } from '../helpers/connection.js';
import { WireMessage, binaryFrame } from '../../server/collab/wire.js';

/**
 * A message framed once (WireMessage) and written to the socket past ws must reach a real WebSocket
 * client exactly as ws.send would have sent it, in order with ws's own frames, at every length
 * class of the protocol (7, 16 and 64 bits).
 */

let server: WebSocketServer;
let serverSide: WebSocket;
let client: WebSocket;
const received: Buffer[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  client = new WebSocket(`ws://127.0.0.1:${port}`);
  client.on('message', (data: Buffer) => received.push(data));
  serverSide = await accepted;
});

afterAll(async () => {
  client.close();
  await new Promise((resolve) => server.close(resolve));
});

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);

async function receivedCount(n: number): Promise<void> {
  for (let i = 0; i < 500 && received.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(received.length).toBe(n);
}

describe('a message framed once for many sockets', () => {
  it('reaches a ws client byte for byte, in order with ws.send, at every length class', async () => {
    const connection = connectionOver(serverSide);
    const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];
    const sent: Uint8Array[] = [];
    const before = { ...wireWork };
    received.length = 0;
    lengths.forEach((length, i) => {
      const framed = bytes(length, i);
      const plain = bytes(length + 3, i + 100);
      connection.send(new WireMessage(framed)); // framed here, written past ws
      connection.send(plain); // through ws.send
      sent.push(framed, plain);
    });
    await receivedCount(sent.length);
    received.forEach((got, i) => expect(Buffer.compare(got, Buffer.from(sent[i]!))).toBe(0));
    // Every framed message took the direct route: the test proves the route, not ws's.
    expect(wireWork.direct - before.direct).toBe(lengths.length);
    expect(wireWork.throughWs - before.throughWs).toBe(0);
  });

  it('writes the header RFC 6455 gives each length class: 7, 16 and 64 bits', () => {
    expect(binaryFrame(bytes(5, 0)).subarray(0, 2)).toEqual(Buffer.from([0x82, 5]));
    expect(binaryFrame(bytes(300, 0)).subarray(0, 4)).toEqual(Buffer.from([0x82, 126, 1, 44]));
    expect(binaryFrame(bytes(70_000, 0)).subarray(0, 10)).toEqual(Buffer.from([0x82, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70]));
  });
});

/**
 * A message as it goes on the wire to every reader of a document: one WebSocket frame, framed once.
 *
 * A keystroke is sent to every socket on the document. Through `ws`, each send frames the message
 * again (a header buffer, an options object, two writes under cork, a writev): at 50 readers that is
 * 50 framings of the same bytes, and most of a send's JavaScript. Framed once here, each reader's
 * send is one write of the same buffer to its socket (Connection.send). The frame is what `ws`
 * itself writes for a server's binary message: FIN, opcode 2, no mask, no compression (the server
 * has no permessage-deflate), the length in 7, 16 or 64 bits (RFC 6455, 5.2).
 */
export class WireMessage {
  private framed: Buffer | null = null;

  constructor(readonly message: Uint8Array) {}

  /** The whole frame, built on first use and shared by every socket it is written to. */
  get frame(): Buffer {
    return (this.framed ??= binaryFrame(this.message));
  }
}

export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x82; // FIN, binary
  if (length < 126) frame[1] = length;
  else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, headerLength);
  return frame;
}

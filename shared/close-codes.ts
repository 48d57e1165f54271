/**
 * Close codes of the collaboration socket. Standard codes where one fits; 4xxx for Accord's own,
 * so the client can tell "reconnect" from "stop and tell the person".
 */
export const CloseCode = {
  /** A frame larger than MAX_FRAME_BYTES (ws closes with it by itself). */
  messageTooBig: 1009,
  /** A frame that is not a valid y-websocket message. */
  malformed: 1007,
  /** Text frames: the protocol is binary only. */
  unsupportedData: 1003,
  /** Too many messages too fast. */
  flood: 1008,
  /** The server is busy with this client's earlier refused changes: reconnect and send again later. */
  tryAgainLater: 1013,
  /** Something failed on the server (storage); the client may reconnect. */
  serverError: 1011,
  /** The server is shutting down; reconnect. */
  goingAway: 1001,
  /** The session ended while the socket was open. */
  sessionEnded: 4401,
  /** Access to the document was withdrawn. */
  accessRevoked: 4403,
  /**
   * The person's role changed; reconnect to get the new one. In 4500-4599, the range y-websocket
   * reconnects after (4400-4499 means "stop"), so an unmodified provider comes back with the new role.
   */
  roleChanged: 4509,
  /**
   * The server refused a change (it touched agreed text, or was not the sender's own proposal in an
   * "amendments only" phase): nothing of it was applied. The sender's copy holds a change nobody else
   * will ever have, so the page starts again from the server's text. In 4400-4499, so an unmodified
   * y-websocket provider stops rather than re-sending the refused change forever.
   */
  refused: 4422,
  /** The document went under silence, came out of it, or was adopted; reconnect with the new access. */
  statusChanged: 4300,
  /** The document's stored state cannot be loaded; nobody may edit it until an operator looks. */
  documentUnavailable: 4500,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** Codes after which reconnecting cannot help. */
export const FATAL_CLOSE_CODES: readonly number[] = [
  CloseCode.sessionEnded,
  CloseCode.accessRevoked,
  CloseCode.documentUnavailable,
];

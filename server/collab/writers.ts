import type * as Y from 'yjs';

/** The owner recorded for client ids the server itself writes with. */
const SERVER_WRITER = '@server';

/**
 * Who may write with which Yjs client id in one document: the person who first wrote with it, from
 * then on, also while they are offline and across restarts (the table document_writers). Claims made
 * since the last commit are stored with the updates that made them, in one transaction.
 */
export class Writers {
  private pending = new Map<number, string>();

  constructor(private readonly owners: Map<number, string> = new Map()) {}

  /** The owner of a client id, if anyone wrote with it. */
  owner(clientId: number): string | undefined {
    return this.owners.get(clientId);
  }

  claim(clientId: number, userId: string): void {
    if (this.owners.has(clientId)) return;
    this.owners.set(clientId, userId);
    this.pending.set(clientId, userId);
  }

  /** An owner stored by another instance (relayed with its updates): known here, not to be stored again. */
  learn(clientId: number, userId: string): void {
    if (!this.owners.has(clientId)) this.owners.set(clientId, userId);
  }

  /** These owners, updated with what the database holds now; claims not yet stored stay pending. */
  withStored(stored: Map<number, string>): Writers {
    const writers = new Writers(stored);
    for (const [clientId, userId] of this.pending) writers.claim(clientId, userId);
    return writers;
  }

  /**
   * The server writes under its copy's client id, which it claims before anyone can; should someone
   * already own the id the copy happened to draw, the copy draws another.
   */
  claimForServer(doc: Y.Doc): void {
    while (this.owners.has(doc.clientID) && this.owners.get(doc.clientID) !== SERVER_WRITER) doc.clientID = Math.floor(Math.random() * 0xffffffff);
    this.claim(doc.clientID, SERVER_WRITER);
  }

  /** The claims not yet stored, handed over to be stored now. */
  takePending(): Map<number, string> {
    const pending = this.pending;
    this.pending = new Map();
    return pending;
  }
}

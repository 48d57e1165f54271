import * as Y from 'yjs';

/**
 * This device's copy of a document, in IndexedDB: what lets a delegate's edits survive going offline
 * and closing the tab, to be merged when the socket syncs again.
 *
 * The copy is stored as y-indexeddb 9 stores it (the database `accord-doc-<id>`, its `updates` store
 * of Yjs updates under increasing keys, gathered into one update once there are 500), so copies made
 * before this module keep opening. It is not y-indexeddb itself for two reasons, both about opening
 * a document fast:
 * - the reading starts in index.html's first lines (see there), before any of the app's code has
 *   arrived, and this takes what it read: the database opens and the copy is read while the code
 *   loads, not after;
 * - the connection chooses how the copy is applied (`apply`): before the socket is open it applies it
 *   without announcing it as an update (connection.ts), which spares encoding the whole text again.
 */

/** Updates gathered into one once the copy holds this many (y-indexeddb's PREFERRED_TRIM_SIZE). */
const GATHER_AT = 500;
/** How long to wait, after the copy grew past GATHER_AT, before gathering (y-indexeddb's _storeTimeout). */
const GATHER_AFTER_MS = 1_000;
const UPDATES = 'updates';

/** What a read found: the open database, the stored updates and their keys (increasing). */
export interface StoredCopy {
  db: IDBDatabase;
  updates: Uint8Array[];
  keys: number[];
}

/** What index.html's first lines started reading, for the document its address names. */
interface EarlyRead {
  name: string;
  read: Promise<StoredCopy | null>;
}

declare global {
  interface Window {
    __accordDeviceCopy?: EarlyRead;
  }
}

/** Opens (creating it as y-indexeddb does) and reads a copy; the same steps as index.html's. */
function readCopy(name: string): Promise<StoredCopy | null> {
  return new Promise((resolve) => {
    const open = indexedDB.open(name);
    open.onupgradeneeded = () => {
      open.result.createObjectStore(UPDATES, { autoIncrement: true });
      open.result.createObjectStore('custom');
    };
    open.onerror = () => resolve(null);
    open.onsuccess = () => {
      const db = open.result;
      // Another tab deleting the copy (access withdrawn) must not wait for this page.
      db.onversionchange = () => db.close();
      try {
        const tx = db.transaction([UPDATES], 'readonly');
        const values = tx.objectStore(UPDATES).getAll();
        const keys = tx.objectStore(UPDATES).getAllKeys();
        tx.oncomplete = () => resolve({ db, updates: values.result as Uint8Array[], keys: keys.result as number[] });
        tx.onerror = tx.onabort = () => {
          db.close();
          resolve(null);
        };
      } catch {
        db.close();
        resolve(null);
      }
    };
  });
}

/** The read index.html started for this copy, taken once (null when it started none, or another's). */
function takeEarlyRead(name: string): Promise<StoredCopy | null> | null {
  const early = window.__accordDeviceCopy;
  if (!early || early.name !== name) return null;
  delete window.__accordDeviceCopy;
  return early.read;
}

export class DeviceCopy {
  /** Settles once the copy has been applied to the document (or could not be read). */
  readonly whenLoaded: Promise<void>;
  private db: IDBDatabase | null = null;
  /** The key after the last update applied from the store (y-indexeddb's _dbref). */
  private nextKey = 0;
  /** How many updates the store holds (y-indexeddb's _dbsize). */
  private size = 0;
  private gatherTimer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;

  constructor(
    readonly name: string,
    private readonly doc: Y.Doc,
    /** Applies the copy (calls `run`), as the connection sees fit: announced as an update or not. */
    apply: (run: () => void) => void,
  ) {
    const reading = takeEarlyRead(name) ?? readCopy(name);
    this.whenLoaded = reading.then((copy) => {
      if (!copy) return;
      if (this.destroyed) {
        copy.db.close();
        return;
      }
      this.db = copy.db;
      this.size = copy.keys.length;
      this.nextKey = copy.keys.length ? copy.keys[copy.keys.length - 1]! + 1 : 0;
      // What came from the server before the copy was open was not stored then: store it now.
      if (this.doc.store.clients.size > 0) this.store(Y.encodeStateAsUpdate(this.doc));
      if (copy.updates.length) apply(() => this.applyUpdates(copy.updates));
      // For the benchmark's account of an opening (tests/bench/browser.ts).
      performance.mark('accord:device-applied');
    });
  }

  /** Stores an update of the document (the page's edits and what the server sent). */
  store = (update: Uint8Array): void => {
    if (!this.db || this.destroyed) return;
    try {
      this.db.transaction([UPDATES], 'readwrite').objectStore(UPDATES).add(update);
    } catch {
      return; // closed under us (another tab deleted the copy): nothing to keep it in
    }
    if (++this.size >= GATHER_AT) {
      clearTimeout(this.gatherTimer);
      this.gatherTimer = setTimeout(() => this.gather(), GATHER_AFTER_MS);
    }
  };

  private applyUpdates(updates: Uint8Array[]): void {
    Y.transact(this.doc, () => {
      for (const update of updates) Y.applyUpdate(this.doc, update);
    }, this, false);
  }

  /**
   * Replaces the stored updates by one holding the whole document, as y-indexeddb's storeState:
   * first applies what other tabs stored since (so that nothing of theirs is dropped), then adds the
   * document's state and deletes the updates it now holds, in one transaction.
   */
  private gather(): void {
    this.gatherTimer = undefined;
    if (!this.db || this.destroyed) return;
    let tx: IDBTransaction;
    try {
      tx = this.db.transaction([UPDATES], 'readwrite');
    } catch {
      return;
    }
    const updates = tx.objectStore(UPDATES);
    const values = updates.getAll(IDBKeyRange.lowerBound(this.nextKey, false));
    const keys = updates.getAllKeys(IDBKeyRange.lowerBound(this.nextKey, false));
    keys.onsuccess = () => {
      if (this.destroyed) return;
      const newer = values.result as Uint8Array[];
      if (newer.length) this.applyUpdates(newer);
      const newerKeys = keys.result as number[];
      if (newerKeys.length) this.nextKey = newerKeys[newerKeys.length - 1]! + 1;
      updates.add(Y.encodeStateAsUpdate(this.doc));
      updates.delete(IDBKeyRange.upperBound(this.nextKey, true));
      const count = updates.count();
      count.onsuccess = () => {
        this.size = count.result;
      };
    };
  }

  /** Stops storing and closes the database (what was stored stays). */
  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.gatherTimer);
    this.db?.close();
    this.db = null;
  }

  /** Stops, and deletes the copy from this device (as y-indexeddb's clearData: asked, not awaited). */
  async clearData(): Promise<void> {
    const wasOpen = this.db !== null;
    this.destroy();
    // A read still under way closes its database on seeing this destroyed; the deletion waits for that.
    if (!wasOpen) await this.whenLoaded.catch(() => undefined);
    indexedDB.deleteDatabase(this.name);
  }
}

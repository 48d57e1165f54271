import * as decoding from 'lib0/decoding';

/** What a quick read of an update's headers found. */
export interface StructCount {
  /** How many structs it holds (once past the limit, the count stops there). */
  structs: number;
  /**
   * Whether some client's structs may be listed in more than one run. Yjs applies only the last run
   * of such a client while its decoder (and so the check) lists them all: the update must be
   * rewritten in canonical form before it is checked and applied. Yjs's encoders list each client
   * once, in decreasing order of client id; any other order counts as a possible repeat, which
   * costs nothing to tell (a set of the clients seen would cost a hostile update of 380,000 empty
   * runs 17 MB and 100 ms).
   */
  repeatsClient: boolean;
}

/**
 * How many structs an update (format v1) holds, reading only their headers and skipping contents,
 * and stopping once past `limit`; null when the bytes are not an update. See Yjs's Item.write and
 * readItemContent for the layout. With `onRoot`, each root type an item names as its parent is
 * shown to it as it is read; returning false stops the count there (the update is refused anyway:
 * decoding the rest of it would only cost the server).
 */
export function countStructs(update: Uint8Array, limit: number, onRoot?: (name: string) => boolean): StructCount | null {
  const d = decoding.createDecoder(update);
  let previousClient = Infinity;
  let repeatsClient = false;
  try {
    let count = 0;
    for (let groups = decoding.readVarUint(d); groups > 0; groups--) {
      let structs = decoding.readVarUint(d);
      const client = decoding.readVarUint(d);
      decoding.readVarUint(d); // clock
      if (client >= previousClient) repeatsClient = true;
      previousClient = client;
      for (; structs > 0; structs--) {
        if (++count > limit) return { structs: count, repeatsClient };
        const info = decoding.readUint8(d);
        const ref = info & 0b11111;
        if (ref === 0 || ref === 10) {
          decoding.readVarUint(d); // GC or Skip: a length
          continue;
        }
        if (info & 0x80) skipId(d); // origin
        if (info & 0x40) skipId(d); // right origin
        if ((info & 0xc0) === 0) {
          if (decoding.readVarUint(d) !== 1) skipId(d); // parent as an item's id
          else if (!onRoot) skipString(d);
          else if (!onRoot(decoding.readVarString(d))) return { structs: count, repeatsClient };
          if (info & 0x20) skipString(d);
        }
        switch (ref) {
          case 1: // deleted
            decoding.readVarUint(d);
            break;
          case 2: // JSON
            for (let n = decoding.readVarUint(d); n > 0; n--) skipString(d);
            break;
          case 3: // binary
          case 4: // string
          case 5: // embed
            skipString(d);
            break;
          case 6: // format
            skipString(d);
            skipString(d);
            break;
          case 7: {
            const typeRef = decoding.readVarUint(d);
            if (typeRef === 3 || typeRef === 5) skipString(d); // XmlElement's node name, XmlHook's key
            break;
          }
          case 8: // any
            for (let n = decoding.readVarUint(d); n > 0; n--) decoding.readAny(d);
            break;
          case 9: // subdocument
            skipString(d);
            decoding.readAny(d);
            break;
          default:
            return null;
        }
      }
    }
    return { structs: count, repeatsClient };
  } catch {
    return null;
  }
}

// Functions of the module, not closures made per call: under tsx (esbuild's keepNames) each named
// closure is wrapped in a call that sets its name, on the path of every keystroke.

function skipString(d: decoding.Decoder): void {
  const len = decoding.readVarUint(d);
  if (d.pos + len > d.arr.length) throw new Error('truncated');
  d.pos += len;
}

/** An id: client, then clock. */
function skipId(d: decoding.Decoder): void {
  decoding.readVarUint(d);
  decoding.readVarUint(d);
}

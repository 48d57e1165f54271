import { describe, expect, it } from 'vitest';
import { TurnBatch } from '../../db/batch.js';

/** TurnBatch (db/batch.ts): what is asked in one turn of the event loop is read together. */

function recorder(read: (keys: readonly string[]) => Map<string, string> | Promise<Map<string, string>> = (keys) => new Map(keys.map((k) => [k, k.toUpperCase()]))) {
  const calls: string[][] = [];
  const batch = new TurnBatch<string, string>(
    async (keys) => {
      calls.push([...keys]);
      return read(keys);
    },
    (key) => key,
    3,
  );
  return { batch, calls };
}

describe('TurnBatch', () => {
  it('reads the keys of one turn together, each once, and answers every caller', async () => {
    const { batch, calls } = recorder();
    expect(await Promise.all(['a', 'b', 'a', 'c'].map((k) => batch.load(k)))).toEqual(['A', 'B', 'A', 'C']);
    expect(calls).toEqual([['a', 'b', 'c']]);
    // A later turn is another read.
    expect(await batch.load('d')).toBe('D');
    expect(calls).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('reads at most perStatement keys at once', async () => {
    const { batch, calls } = recorder();
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => batch.load(k)));
    expect(calls).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  });

  it('a failed read fails its own chunk only, and a key it did not answer fails with a reason', async () => {
    const { batch } = recorder((keys) => {
      if (keys.includes('bad')) throw new Error('the database went away');
      return new Map(keys.filter((k) => k !== 'lost').map((k) => [k, k]));
    });
    const results = await Promise.allSettled(['x', 'y', 'bad', 'lost', 'z'].map((k) => batch.load(k)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'the database went away',
      'the database went away',
      'the database went away',
      'TurnBatch: no value read for lost',
      'z',
    ]);
  });
});

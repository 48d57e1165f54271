import { describe, expect, it } from 'vitest';
import { fuzzUpdates } from '../fuzz/updates.js';

describe('the update check against Yjs, fuzzed', () => {
  it('lets through only what Yjs integrates whole, without throwing, into a readable declaration', () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const { accepted, problems } = fuzzUpdates({ rounds: 10_000, seed });
    expect(problems, `seed ${seed}`).toEqual([]);
    expect(accepted).toBeGreaterThan(100);
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { fuzzCollab } from '../fuzz/collab.js';

/** A short run of `npm run fuzz` in every test run: the server must come out of it whole. */
describe('fuzzing the collaboration socket', () => {
  it('ends with the server up, every document loadable and the text exact', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const report = await fuzzCollab({ seconds: Number(process.env.FUZZ_SECONDS ?? 15), seed });
    expect(report.attempts, `seed ${seed}`).toBeGreaterThan(100);
  }, 180_000);
});

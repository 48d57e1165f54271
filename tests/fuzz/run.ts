/**
 * npm run fuzz: fuzzes the update check against Yjs in-process (FUZZ_ROUNDS rounds), then the
 * collaboration socket of a real server (FUZZ_SECONDS seconds). Exits non-zero on any problem.
 */
import { fuzzUpdates } from './updates.js';
import { fuzzCollab } from './collab.js';

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const rounds = Number(process.env.FUZZ_ROUNDS ?? 200_000);
const seconds = Number(process.env.FUZZ_SECONDS ?? 120);

console.log(`seed ${seed}: ${rounds} crafted and damaged updates against Yjs in-process…`);
const started = Date.now();
const { accepted, problems } = fuzzUpdates({ rounds, seed });
console.log(`  ${accepted} let through and integrated, ${problems.length} problems, ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const p of problems) console.log(`  ${p.kind}: ${p.message}\n    before ${p.before}\n    update ${p.update}`);

console.log(`then ${seconds} s of hostile frames against a real server…`);
const report = await fuzzCollab({ seconds, seed });
console.log(`  ${report.attempts} hostile frames; closes by code: ${JSON.stringify(report.closes)}`);
console.log('  the server is up, the document loads and exports, and the agreed paragraph is exact');
if (problems.length) process.exit(1);

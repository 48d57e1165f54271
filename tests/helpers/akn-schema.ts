import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Validation of Akoma Ntoso exports against the official OASIS schema (vendored in
 * tests/fixtures/akn, with its licence), by xmllint: an independent reader, not our own parser.
 */

const SCHEMA = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'akn', 'akomantoso30.xsd');

/** The schema errors xmllint finds in a document; empty when it validates. */
export function aknSchemaErrors(xml: string): string[] {
  // --nonet: the schema imports xml.xsd from its own folder and must never reach for the network.
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, '-'], { input: xml, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.error) throw new Error(`xmllint is needed to validate Akoma Ntoso (apt-get install libxml2-utils): ${run.error.message}`);
  if (run.status === 0) return [];
  const errors = run.stderr.split('\n').filter((line) => line.trim() && !/^- (validates|fails to validate)$/.test(line.trim()));
  return errors.length ? errors : [`xmllint exited with ${String(run.status)}`];
}

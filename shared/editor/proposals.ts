/**
 * Proposals, in two parts: making them (proposing.ts: proposing mode, which turns a person's edits
 * into attributed insertion and deletion marks) and reading and deciding them (amendments.ts). This
 * module gathers both for the importers that use either.
 */
export * from './proposing.js';
export * from './amendments.js';

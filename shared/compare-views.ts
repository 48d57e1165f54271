/**
 * How pending proposals (attributed insertions and deletions not yet decided) are read:
 * "clean" leaves them out, so each text reads as it stands if none is accepted (proposed words
 * omitted, words proposed for deletion kept); "proposals" keeps them, attributed to their delegation.
 * Clean is the default: a proposal must never read as an adopted change.
 */
export const COMPARE_VIEWS = ['clean', 'proposals'] as const;
export type CompareView = (typeof COMPARE_VIEWS)[number];
export const DEFAULT_COMPARE_VIEW: CompareView = 'clean';


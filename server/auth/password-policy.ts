import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordRules } from '../../shared/api/schemas.js';

let common: Set<string> | null = null;

/**
 * Whether a password is on zxcvbn-ts's list of the most common passwords (about 49,000, from breach
 * corpora; shipped in the package, so no network at run time). The list is lower case, so case does
 * not make a common password uncommon; neither do surrounding blanks.
 */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common']);
  return common.has(password.trim().toLowerCase());
}

/**
 * The one check for every password a person sets (first-run setup, sign-up by invitation, an account
 * the secretariat creates): the shared rules (length, not blank) and then the common-password list.
 * Request bodies use it as their `password` field, so a refusal is a 400 naming the field, like any other.
 */
export const newPassword = passwordRules.refine((p) => !isCommonPassword(p), {
  message: 'is too common',
  when: (payload) => payload.issues.length === 0, // a too-short password is told only that
});

import { randomBytes } from 'node:crypto';

/** Row ids: 128 random bits, URL-safe. Never reused, never guessable. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}

/** Secrets handed to people (invitation tokens): 256 random bits. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

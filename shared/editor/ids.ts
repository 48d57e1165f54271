/**
 * Clause ids: random, never reused, stable through edits. 16 random bytes, base32-ish, prefixed so a
 * reader of the Yjs document or an API response can tell a clause id from other ids at a glance.
 * crypto.getRandomValues exists in browsers (also outside secure contexts) and in Node.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function randomToken(length: number): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % 32];
  return out;
}

export function newClauseId(): string {
  return `c_${randomToken(20)}`;
}

export function newSubclauseId(): string {
  return `s_${randomToken(20)}`;
}

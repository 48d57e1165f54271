import { createHash } from 'node:crypto';

/** Secrets (session ids, invitation tokens) are stored only as this digest. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

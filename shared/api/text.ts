import { z } from 'zod';
import { hasNul, isWellFormedText } from '../text.js';

/**
 * The string every request field is built on (bodies and query strings alike): valid Unicode without
 * NUL, which PostgreSQL cannot keep in text (see shared/text.ts). Refused here, the request is a 400
 * naming the field, on both databases, instead of a 500 from PostgreSQL halfway through a route.
 * Further checks (trim, min, max, regex) chain on as on z.string(); these two stop the parse first.
 */
export function text() {
  return z
    .string()
    .refine((s) => !hasNul(s), { message: 'must not contain NUL characters', abort: true })
    .refine(isWellFormedText, { message: 'must be valid Unicode text', abort: true });
}

import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { badRequest } from './errors.js';

/** zValidator whose failures are 400s saying which field is wrong and why. */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || target, message: i.message }));
      const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      throw badRequest(`invalid ${target === 'json' ? 'body' : target}: ${summary}`, issues);
    }
  });
}

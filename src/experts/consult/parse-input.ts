/**
 * Validate service input with zod, failing with E_VALIDATION per field: the service is called from the CLI
 * as well as through the gateway. (Same helper as src/auth/parse-input.ts; move both to core/ together.)
 */
import type { z } from 'zod';
import { AppError } from '../../core/errors.js';

/** Parse `raw` or throw E_VALIDATION with one issue per bad field. */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));
  throw new AppError('E_VALIDATION', `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

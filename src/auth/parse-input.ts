/**
 * Validate service input with zod and fail with E_VALIDATION naming each field (services are called from
 * the CLI and the gateway too, not only from routes that already validated).
 */
import type { z } from 'zod';
import { AppError } from '../core/errors.js';

/** Parse `raw` or throw E_VALIDATION with one issue per bad field. */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));
  throw new AppError('E_VALIDATION', `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

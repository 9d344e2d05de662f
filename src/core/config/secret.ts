/**
 * Marks config fields that hold secrets: they are redacted by `config print`, never echoed in errors,
 * and may be read from files (`<ENV>_FILE`, or a sibling `<key>File` in config files).
 */
import { z } from 'zod';

/** Registry of schemas that hold secret values. */
export const secretRegistry = z.registry<{ secret: true }>();

/** Wrap a string schema so the loader and printers treat it as a secret. */
export function secret<T extends z.ZodType>(schema: T): T {
  secretRegistry.add(schema, { secret: true });
  return schema;
}

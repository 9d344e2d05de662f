/**
 * The zod schema that validates calls to an upstream tool, converted from the upstream's JSON Schema. Clients
 * still see the upstream's exact JSON Schema (Operation.inputJsonSchema); this only checks arguments early.
 */
import { z } from 'zod';

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** Any object: the fallback when a schema cannot be converted (the upstream validates its arguments anyway). */
const looseObject = (): AnyObject => z.looseObject({}) as unknown as AnyObject;

const isObject = (schema: z.ZodType): schema is AnyObject =>
  (schema as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'object';

/**
 * Convert an upstream tool's `inputSchema` with `z.fromJSONSchema`. A schema that converts to something other
 * than an object (e.g. `allOf`) is checked by a refinement on a loose object; one that cannot be converted at
 * all yields a loose object.
 * @example inputSchemaFrom({ type: 'object', properties: { q: { type: 'string' } }, required: ['q'] })
 */
export function inputSchemaFrom(jsonSchema: Record<string, unknown>): AnyObject {
  let converted: z.ZodType;
  try {
    converted = z.fromJSONSchema(jsonSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return looseObject();
  }
  if (isObject(converted)) return converted;
  return looseObject().superRefine((value, ctx) => {
    const result = converted.safeParse(value);
    if (!result.success)
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }) as unknown as AnyObject;
}

/**
 * What each file parser returns before parseDependencies settles directness: lockfiles that do not record
 * which packages the project names itself leave `direct` undefined, and the sibling manifest decides.
 */
import type { Dependency } from '../types.js';

/** A dependency whose directness may still be unknown. */
export type RawDependency = Omit<Dependency, 'direct'> & {
  direct: boolean | undefined;
  /** When `direct` is undefined and no manifest is beside the lockfile: the lockfile's own best guess. */
  directGuess?: boolean;
};

/** Parse a JSON object, or undefined when the text is not a JSON object. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `value` as a record, or an empty one. */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `value` as a string, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

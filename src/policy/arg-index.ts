/**
 * A call's arguments, indexed once per call for the axioms that look for argument shapes: values of top-level
 * arguments by name, values of keys anywhere below (a manifest's `image`, `namespace`, `privileged`), and every
 * string leaf with its path. The walk is bounded so a hostile argument tree costs little.
 */

/** One value found in the arguments. */
export interface ArgEntry {
  /** Dotted path, e.g. `spec.containers.0.image`. */
  path: string;
  /** The key it sits under, lowercased with `_` and `-` removed (`host_network` → `hostnetwork`). */
  key: string;
  value: unknown;
}

const NONE: readonly ArgEntry[] = [];
/** Depth and breadth limits of the walk. */
const MAX_DEPTH = 12;
const MAX_ENTRIES = 5_000;

/** Normalise a key for shape matching. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

/** Lazily built views of one call's arguments. */
export class ArgIndex {
  #entries: ArgEntry[] | undefined;
  #byKey: Map<string, ArgEntry[]> | undefined;
  readonly input: Record<string, unknown>;

  constructor(input: Record<string, unknown>) {
    this.input = input;
  }

  /** Every value in the tree (objects and arrays included), depth-first, bounded. */
  entries(): readonly ArgEntry[] {
    if (!this.#entries) this.#entries = walk(this.input);
    return this.#entries;
  }

  /** Entries under `key` (a normalised name) at any depth. */
  deepEntries(key: string): readonly ArgEntry[] {
    if (!this.#byKey) {
      this.#byKey = new Map();
      for (const e of this.entries()) {
        const list = this.#byKey.get(e.key);
        if (list) list.push(e);
        else this.#byKey.set(e.key, [e]);
      }
    }
    return this.#byKey.get(key) ?? NONE;
  }

  /** Values under any of `keys` (normalised names) at any depth; arrays are flattened (their items are entries too). */
  deep(keys: readonly string[]): unknown[] {
    const out: unknown[] = [];
    for (const k of keys) for (const e of this.deepEntries(k)) if (!Array.isArray(e.value)) out.push(e.value);
    return out;
  }

  /** Values of top-level arguments named `names` (exact names); arrays are flattened. */
  top(names: readonly string[]): unknown[] {
    const out: unknown[] = [];
    for (const n of names) if (Object.hasOwn(this.input, n)) pushFlat(out, this.input[n]);
    return out;
  }

  /** Strings among `top(names)`. */
  topStrings(names: readonly string[]): string[] {
    return this.top(names).filter((v): v is string => typeof v === 'string');
  }

  /** Strings among `deep(keys)`. */
  deepStrings(keys: readonly string[]): string[] {
    return this.deep(keys).filter((v): v is string => typeof v === 'string');
  }

  /** Every string leaf with its path. */
  strings(): ArgEntry[] {
    return this.entries().filter((e) => typeof e.value === 'string');
  }
}

function pushFlat(out: unknown[], value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) if (!Array.isArray(item)) out.push(item);
  } else if (value !== undefined) out.push(value);
}

function walk(root: Record<string, unknown>): ArgEntry[] {
  const out: ArgEntry[] = [];
  const visit = (value: unknown, path: string, key: string, depth: number) => {
    if (out.length >= MAX_ENTRIES) return;
    out.push({ path, key, value });
    if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      // Array items keep the key of their array: `images: ['a', 'b']` yields two `images` values.
      for (let i = 0; i < value.length && out.length < MAX_ENTRIES; i++) visit(value[i], `${path}.${i}`, key, depth + 1);
      return;
    }
    for (const k of Object.keys(value)) {
      if (out.length >= MAX_ENTRIES) return;
      visit((value as Record<string, unknown>)[k], path ? `${path}.${k}` : k, normalizeKey(k), depth + 1);
    }
  };
  for (const k of Object.keys(root)) visit(root[k], k, normalizeKey(k), 1);
  return out;
}

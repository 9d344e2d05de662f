/**
 * Package metadata for "outdated" and risk checks: the latest version, known versions and deprecation of a
 * package. Offline from a JSON file by default; from the npm registry API only when `supplyChain.registry.enabled`
 * is set and the call asks for it, always through the SSRF-guarded HTTP client.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError, isAppError } from '../../core/errors.js';
import type { Ecosystem } from '../../crawler/deps/types.js';
import type { SupplyChainDeps } from './deps.js';
import { parseJsonObject } from './npm-lockfile.js';
import { MAX_MANIFEST_BYTES } from './project.js';

/** What is known about one package. */
export interface PackageMetadata {
  latest?: string;
  versions?: string[];
  /** Deprecation message of the latest version (npm). */
  deprecated?: string;
}

/** Looks up package metadata. */
export interface MetadataSource {
  readonly kind: 'offline' | 'registry';
  get(ecosystem: Ecosystem, name: string, signal: AbortSignal): Promise<PackageMetadata | undefined>;
}

const entrySchema = z.object({
  latest: z.string().min(1).optional(),
  versions: z.array(z.string()).optional(),
  deprecated: z.string().optional(),
});

/**
 * The offline metadata file: `{ "<ecosystem>": { "<package>": { "latest", "versions", "deprecated" } } }`, with
 * ecosystems spelled as OSV spells them (npm, PyPI, Go, crates.io, Maven, RubyGems).
 */
export const metadataFileSchema = z.record(z.string(), z.record(z.string(), entrySchema));

/** A source over a parsed metadata file. */
export function offlineMetadata(file: string, text: string): MetadataSource {
  const parsed = metadataFileSchema.safeParse(parseJsonObject(file, text));
  if (!parsed.success)
    throw new AppError(
      'E_VALIDATION',
      `${file} is not a package metadata file: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
    );
  const data = parsed.data;
  return { kind: 'offline', get: async (ecosystem, name) => data[ecosystem]?.[name] };
}

/** A source over the npm registry API (abbreviated metadata); other ecosystems have none. */
export function npmRegistryMetadata(http: NonNullable<SupplyChainDeps['http']>, baseUrl: string): MetadataSource {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    kind: 'registry',
    async get(ecosystem, name, signal) {
      if (ecosystem !== 'npm') return undefined;
      const res = await http.request(`${base}/${name.replace('/', '%2f')}`, {
        headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' },
        signal,
      });
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw new AppError('E_UPSTREAM', `The npm registry answered ${res.status} for ${name}.`);
      const doc = res.json() as { 'dist-tags'?: { latest?: unknown }; versions?: Record<string, { deprecated?: unknown }> };
      const latest = typeof doc['dist-tags']?.latest === 'string' ? doc['dist-tags'].latest : undefined;
      const deprecated = latest ? doc.versions?.[latest]?.deprecated : undefined;
      return {
        ...(latest ? { latest } : {}),
        versions: Object.keys(doc.versions ?? {}),
        ...(typeof deprecated === 'string' ? { deprecated } : {}),
      };
    },
  };
}

/**
 * The metadata source a call asks for. `offline`: the call's `metadataFile` (through the path guard) or
 * supplyChain.metadataFile (relative to dataDir); `registry`: only when supplyChain.registry.enabled.
 * Undefined when `required` is false and no offline file is configured.
 */
export async function metadataSource(
  deps: SupplyChainDeps,
  request: { source: 'offline' | 'registry'; metadataFile?: string | undefined },
  required: boolean,
): Promise<MetadataSource | undefined> {
  if (request.source === 'registry') {
    if (!deps.settings.registry.enabled || !deps.http)
      throw new AppError(
        'E_FORBIDDEN',
        'Registry lookups are off: set supplyChain.registry.enabled, or use source "offline" with a metadata file.',
        {
          details: { reason: 'config' },
        },
      );
    return npmRegistryMetadata(deps.http, deps.settings.registry.npmUrl);
  }
  if (request.metadataFile) {
    const text = (await deps.files.readFile(request.metadataFile, { maxBytes: MAX_MANIFEST_BYTES })).toString('utf8');
    return offlineMetadata(request.metadataFile, text);
  }
  if (deps.settings.metadataFile) {
    const file = resolve(deps.dataDir, deps.settings.metadataFile);
    // An operator's configured file, not a caller's argument: read directly, outside the tool roots.
    const text = await readFile(file, 'utf8').catch((e: unknown) => {
      throw new AppError('E_UNAVAILABLE', `supplyChain.metadataFile (${deps.settings.metadataFile}) cannot be read.`, { cause: e });
    });
    return offlineMetadata('supplyChain.metadataFile', text);
  }
  if (!required) return undefined;
  throw new AppError(
    'E_VALIDATION',
    'No package metadata: pass metadataFile (a JSON file inside the roots), set supplyChain.metadataFile, or use source "registry" where supplyChain.registry.enabled allows it.',
  );
}

/** Look up many packages with bounded concurrency; a failed lookup leaves that package unknown. */
export async function lookupAll<T extends { ecosystem: Ecosystem; name: string }>(
  source: MetadataSource,
  items: readonly T[],
  options: { concurrency: number; signal: AbortSignal },
): Promise<Map<T, PackageMetadata | { error: string }>> {
  const out = new Map<T, PackageMetadata | { error: string }>();
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      options.signal.throwIfAborted();
      const item = items[next++] as T;
      try {
        const found = await source.get(item.ecosystem, item.name, options.signal);
        if (found) out.set(item, found);
      } catch (e) {
        if (options.signal.aborted) throw e;
        out.set(item, { error: isAppError(e) ? e.message : 'lookup failed' });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, items.length) }, worker));
  return out;
}

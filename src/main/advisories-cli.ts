/**
 * Handlers of `code-engine advisories …`: read OSV files from disk and import them through the database-backed
 * advisory store, in batches so a full OSV export does not sit in memory at once.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { AdvisoriesCliHandlers } from '../adapters/cli/advisories.js';
import { AppError } from '../core/errors.js';
import { createAdvisoryStore } from '../crawler/deps/advisories/db-advisory-store.js';
import { type ProcessInfo, withRuntime } from './cli-handlers.js';

/** Files per import transaction. */
const BATCH = 500;

/** Every *.json file under `path` (or `path` itself when it is a file), sorted. */
async function jsonFiles(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (cause) {
    throw new AppError(
      'E_NOT_FOUND',
      `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (cause as Error).message}.`,
      {
        cause,
      },
    );
  }
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Build the advisories command handlers for this process. */
export function createAdvisoriesCliHandlers(proc: ProcessInfo): AdvisoriesCliHandlers {
  return {
    async advisoriesImport(ctx, paths) {
      const files = (await Promise.all(paths.map((p) => jsonFiles(resolve(proc.cwd, p))))).flat();
      return withRuntime(proc, ctx, async (runtime) => {
        const store = createAdvisoryStore(runtime.db, runtime.deps.clock);
        const total = { added: 0, updated: 0, unchanged: 0, problems: [] as Array<{ path: string; message: string }> };
        for (let i = 0; i < files.length; i += BATCH) {
          const batch = await Promise.all(
            files.slice(i, i + BATCH).map(async (f) => ({ path: relative(proc.cwd, f) || f, content: await readFile(f, 'utf8') })),
          );
          const r = await store.import(batch);
          total.added += r.added;
          total.updated += r.updated;
          total.unchanged += r.unchanged;
          total.problems.push(...r.problems);
        }
        runtime.deps.log.info({ files: files.length, added: total.added, updated: total.updated }, 'advisories imported');
        return { ...total, database: runtime.db.description, files: files.length };
      });
    },
    advisoriesList: (ctx, options) =>
      withRuntime(proc, ctx, async (runtime) => {
        const store = createAdvisoryStore(runtime.db, runtime.deps.clock);
        const advisories = await store.list({
          ...(options.ecosystem ? { ecosystem: options.ecosystem } : {}),
          ...(options.package ? { package: options.package } : {}),
          limit: options.limit,
          offset: options.offset,
        });
        return { total: await store.count(), advisories };
      }),
  };
}

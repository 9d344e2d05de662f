/**
 * Handlers of `code-engine scan` and `code-engine scans …`: open a runtime, call the crawler service, close.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ScanCliHandlers } from '../adapters/cli/scan.js';
import { AppError } from '../core/errors.js';
import { parseBaseline } from '../crawler/scan/baseline.js';
import { type ProcessInfo, withRuntime } from './cli-handlers.js';

/** The scan commands' handlers for this process. */
export function createScanHandlers(proc: ProcessInfo): ScanCliHandlers {
  return {
    scan: (ctx, input, control) =>
      withRuntime(proc, ctx, async (runtime) => {
        let baseline: ReturnType<typeof parseBaseline> | undefined;
        if (input.baselineFile) {
          const file = resolve(proc.cwd, input.baselineFile);
          const text = await readFile(file, 'utf8').catch((cause) => {
            throw new AppError(
              'E_VALIDATION',
              `Cannot read the baseline ${input.baselineFile}: ${(cause as NodeJS.ErrnoException).code ?? cause}.`,
              { cause },
            );
          });
          baseline = parseBaseline(input.baselineFile, text);
        }
        return runtime.services.crawler.scan(
          {
            root: resolve(proc.cwd, input.path),
            includeSymbols: input.includeSymbols,
            ...(input.analyses ? { analyses: input.analyses } : {}),
            ...(baseline ? { baseline } : {}),
          },
          control,
        );
      }),
    scansList: (ctx, options) =>
      withRuntime(proc, ctx, (runtime) =>
        runtime.services.crawler.list({ limit: options.limit, ...(options.root ? { root: resolve(proc.cwd, options.root) } : {}) }),
      ),
    scansShow: (ctx, id) => withRuntime(proc, ctx, (runtime) => runtime.services.crawler.show(id)),
    scansDiff: (ctx, from, to) => withRuntime(proc, ctx, (runtime) => runtime.services.crawler.diff(from, to)),
  };
}

/**
 * Vendor SDK clients built on first use. `@anthropic-ai/sdk` and `openai` take hundreds of milliseconds to
 * import; loading them with a dynamic `import()` at the first call keeps every process that never consults
 * (`code-engine mcp`, most CLI commands) from paying for them. The pure mappers beside each provider need no SDK.
 */
import { AppError } from '../../core/errors.js';
import type { ProviderId } from '../types.js';
import { PROVIDER_NAMES } from './errors.js';

/**
 * A memoised `() => Promise<T>` that loads an SDK and builds its client once. A failed load is not cached, so a
 * package installed later is picked up, and it fails as E_UNAVAILABLE naming the package instead of a stack trace.
 * @example const client = lazyClient('anthropic', '@anthropic-ai/sdk', async () => new (await import('@anthropic-ai/sdk')).default(opts));
 */
export function lazyClient<T>(provider: ProviderId, packageName: string, build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return function loadClient() {
    pending ??= build().catch((cause: unknown) => {
      pending = undefined;
      throw new AppError('E_UNAVAILABLE', `${PROVIDER_NAMES[provider]} is unavailable: its SDK (${packageName}) could not be loaded.`, {
        cause,
        details: { provider, package: packageName },
      });
    });
    return pending;
  };
}

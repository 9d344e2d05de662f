/**
 * Defer loading a command's implementation until the command runs: `code-engine --help` and `code-engine mcp`
 * then load only what they use (the HTTP server, LLM SDKs and parsers stay unloaded when not needed).
 */

type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never };

/**
 * A handlers object whose every method first imports the real implementation (once), then delegates to it.
 * Only for interfaces made of async methods.
 * @example lazyHandlers(() => import('./tools-cli.js').then((m) => m.createToolsCliHandlers(info)))
 */
export function lazyHandlers<T extends AsyncMethods<T>>(load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined;
  return new Proxy({} as T, {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      return async (...args: unknown[]) => {
        loaded ??= load();
        const handlers = await loaded;
        const method = (handlers as Record<string, unknown>)[key];
        if (typeof method !== 'function') throw new TypeError(`No handler "${key}".`);
        return (method as (...a: unknown[]) => Promise<unknown>).apply(handlers, args);
      };
    },
  });
}

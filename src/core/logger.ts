/**
 * Structured logging (pino): JSON in production, pretty on a TTY, every line passed through the redactor.
 */

import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, pino } from 'pino';
import { redact, redactString } from '../security/redact.js';

export type { Logger };

export interface LoggerOptions {
  level: string;
  format: 'auto' | 'json' | 'pretty';
  /** File descriptor to write to: 1 (stdout) or 2 (stderr; MCP stdio uses it). Ignored when `stream` is set. */
  fd?: 1 | 2;
  /** Write here instead (tests capture lines this way). */
  stream?: DestinationStream;
  /** Is the destination a TTY (decides `auto`)? */
  isTty?: boolean;
  /** Literal secret values to scrub from every line (configured keys and passwords). */
  knownSecrets?: readonly string[];
  /** Bindings on every line, e.g. { service: 'code-engine' }. */
  base?: Record<string, unknown>;
}

/**
 * Create the process logger. Secrets are removed by key name and value pattern from the merged object,
 * the bindings and the message itself, before serialization.
 * @example const log = createLogger({ level: 'info', format: 'auto', isTty: process.stdout.isTTY })
 */
export function createLogger(options: LoggerOptions): Logger {
  const knownSecrets = options.knownSecrets ?? [];
  const scrubObject = (obj: Record<string, unknown>) => redact(obj, { knownSecrets });
  const scrubText = (text: string) => {
    let out = redactString(text);
    for (const s of knownSecrets) if (s.length >= 6 && out.includes(s)) out = out.split(s).join('[REDACTED]');
    return out;
  };
  const usePretty = options.format === 'pretty' || (options.format === 'auto' && options.isTty === true);
  const destination =
    options.stream ??
    (usePretty
      ? loadPretty()({ destination: options.fd ?? 1, sync: true, colorize: options.isTty === true, translateTime: 'SYS:HH:MM:ss.l' })
      : pino.destination({ fd: options.fd ?? 1, sync: false }));
  const logger = pino(
    {
      level: options.level,
      base: options.base ?? { service: 'code-engine' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The redactor already turned errors into plain { type, message, stack } objects; keep them as they are.
      serializers: { err: (value: unknown) => (value instanceof Error ? pino.stdSerializers.err(value) : value) },
      formatters: {
        level: (label) => ({ level: label }),
        log: scrubObject,
        bindings: scrubObject,
      },
      hooks: {
        logMethod(args, method) {
          // The message and printf-style arguments can carry secrets too.
          const cleaned = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as typeof args;
          method.apply(this, cleaned);
        },
      },
    },
    destination,
  );
  return redactChildBindings(logger, scrubObject);
}

/**
 * pino does not pass child bindings through `formatters.bindings`, so scrub them on the way in. pino children are
 * `Object.create(parent)`, so they inherit this method and `this` is the logger `child` was called on: a grandchild
 * keeps its parent's bindings and serializers (binding the root here once made every descendant a child of the root).
 */
function redactChildBindings(logger: Logger, scrub: (o: Record<string, unknown>) => Record<string, unknown>): Logger {
  type ChildFn = (this: Logger, bindings: Record<string, unknown>, options?: object) => Logger;
  const original = logger.child as unknown as ChildFn;
  (logger as unknown as { child: ChildFn }).child = function scrubbedChild(bindings, options) {
    return original.call(this, scrub(bindings), options);
  };
  return logger;
}

/** pino-pretty (CommonJS) is loaded only when a TTY asks for it: servers and MCP stdio log JSON without it. */
function loadPretty(): PrettyFactory {
  const required = createRequire(import.meta.url)('pino-pretty') as PrettyFactory & { default?: PrettyFactory };
  return required.default ?? required;
}

type PrettyFactory = (options: { destination: number; sync: boolean; colorize: boolean; translateTime: string }) => DestinationStream;

/**
 * Axioms about file paths in arguments: they resolve inside security.files.roots (AX-02, through the path guard,
 * symlinks followed) and carry no traversal, NUL byte or home-directory shorthand (AX-03, lexical).
 */
import { isAppError } from '../../core/errors.js';
import type { Axiom } from '../types.js';
import { FILE_OPERATIONS, PATH_KEYS } from './shapes.js';

/** At most this many paths are resolved per call; more are refused (each resolution touches the filesystem). */
const MAX_PATHS = 64;

const shown = (path: string) => JSON.stringify(path.length > 120 ? `${path.slice(0, 117)}…` : path);

export const fileAxioms: readonly Axiom[] = [
  {
    id: 'AX-02',
    title: 'File operations stay inside the configured roots',
    rationale:
      'A tool that reads or writes any path the model names can leak SSH keys or overwrite system files. Every path argument must resolve, with symlinks followed, inside a configured root.',
    severity: 'critical',
    defaultOn: true,
    effect: 'deny',
    configKeys: ['security.files.roots'],
    operations: FILE_OPERATIONS,
    shape: { pathKeys: PATH_KEYS },
    examples: {
      fires: { operation: 'desktop_read_file', effects: 'read', arguments: { path: '/etc/shadow' } },
      passes: { operation: 'desktop_read_file', effects: 'read', arguments: { path: 'notes/todo.md' } },
    },
    async check(ctx) {
      const guard = ctx.ports.pathGuard;
      if (!guard) return undefined;
      const paths = ctx.args.deepStrings(PATH_KEYS);
      if (paths.length > MAX_PATHS)
        return { reason: `${ctx.operation} names ${paths.length} paths; at most ${MAX_PATHS} are checked per call.` };
      for (const path of paths) {
        try {
          await guard.resolve(path);
        } catch (e) {
          if (!isAppError(e) || (e.code !== 'E_FORBIDDEN' && e.code !== 'E_VALIDATION')) throw e;
          return { reason: `Path ${shown(path)} is outside the allowed roots (security.files.roots): ${e.message}` };
        }
      }
      return undefined;
    },
  },
  {
    id: 'AX-03',
    title: 'Path arguments carry no traversal, NUL bytes or home shorthand',
    rationale:
      '`..` segments, NUL bytes and `~` are how a path escapes the directory a tool meant; they are refused by shape before any filesystem access, also for tools that do not use the path guard.',
    severity: 'high',
    defaultOn: true,
    effect: 'deny',
    configKeys: [],
    operations: FILE_OPERATIONS,
    shape: { pathKeys: PATH_KEYS },
    examples: {
      fires: { operation: 'desktop_write_file', effects: 'write', arguments: { path: 'reports/../../.ssh/authorized_keys', content: 'x' } },
      passes: { operation: 'desktop_write_file', effects: 'write', arguments: { path: 'reports/today.md', content: 'x' } },
    },
    check(ctx) {
      for (const path of ctx.args.deepStrings(PATH_KEYS)) {
        if (path.includes('\0')) return { reason: `A path argument contains a NUL byte.` };
        if (path.split(/[\\/]/).includes('..')) return { reason: `Path ${shown(path)} contains a ".." segment; name the file directly.` };
        if (path.startsWith('~')) return { reason: `Path ${shown(path)} starts with "~"; use a path inside the allowed roots.` };
      }
      return undefined;
    },
  },
];

/**
 * desktop_create_directory: create a directory and any missing parents inside the roots (like `mkdir -p`).
 */
import { mkdir } from 'node:fs/promises';
import { z } from 'zod';
import { AppError, isAppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { fsError } from '../../security/path-resolve.js';
import type { DesktopContext } from './deps.js';
import { pathInput } from './schemas.js';

/** desktop_create_directory. */
export function createDirectoryOp(ctx: DesktopContext): Operation {
  const { files } = ctx;
  return defineOperation({
    name: 'desktop_create_directory',
    title: 'Create a directory',
    description: 'Create a directory inside the allowed roots, with any missing parents. Succeeds without change when it already exists.',
    input: z.object({ path: pathInput }),
    output: z.object({ path: z.string(), created: z.boolean() }),
    permission: 'desktop:write',
    effects: 'write',
    idempotent: true,
    example: { path: 'reports/2025' },
    render: (o) => `${o.created ? 'Created' : 'Already there:'} ${o.path}`,
    run: async (input) => {
      const real = await files.resolve(input.path);
      const existing = await files.stat(real).catch((e: unknown) => {
        if (isAppError(e) && e.code === 'E_NOT_FOUND') return undefined;
        throw e;
      });
      if (existing) {
        if (!existing.isDirectory()) throw new AppError('E_CONFLICT', `"${input.path}" exists and is not a directory.`);
        return { path: real, created: false };
      }
      await mkdir(real, { recursive: true, mode: 0o755 }).catch((e: unknown) => {
        throw fsError(e, input.path);
      });
      // Re-resolve: a symlink raced into the chain while mkdir ran shows up here (see docs/security.md).
      return { path: await files.resolve(real), created: true };
    },
  });
}

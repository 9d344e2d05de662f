/**
 * desktop_read_multiple_files: several files in one call; each file succeeds or fails on its own, and the total
 * returned stays under desktop.maxReadBytes.
 */
import { z } from 'zod';
import { AppError, toAppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { DesktopContext } from './deps.js';
import { describeRead, encodingInput, fileContent, readOne } from './read-file.js';
import { pathInput } from './schemas.js';

const fileResult = z.object({
  requested: z.string().describe('The path as given'),
  file: fileContent.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** desktop_read_multiple_files. */
export function readMultipleFilesOp(ctx: DesktopContext): Operation {
  const cap = ctx.settings.maxReadBytes;
  return defineOperation({
    name: 'desktop_read_multiple_files',
    title: 'Read several files',
    description: `Read up to 50 whole files inside the allowed roots at once (at most ${cap} bytes in total). A file that cannot be read gets an error entry; the others are still returned.`,
    input: z.object({ paths: z.array(pathInput).min(1).max(50).describe('Files to read'), encoding: encodingInput }),
    output: z.object({ files: z.array(fileResult), failed: z.number().int() }),
    permission: 'desktop:read',
    effects: 'read',
    example: { paths: ['README.md', 'package.json'] },
    render: (o) =>
      o.files
        .map((f) => (f.file ? `== ${describeRead(f.file)}\n${f.file.content}` : `== ${f.requested}: ${f.error?.code} ${f.error?.message}`))
        .join('\n\n'),
    run: async (input, { signal }) => {
      let remaining = cap;
      const files: Array<z.infer<typeof fileResult>> = [];
      for (const path of input.paths) {
        if (signal.aborted) throw new AppError('E_CANCELLED', 'Reading was cancelled.');
        try {
          if (remaining <= 0)
            throw new AppError('E_PAYLOAD_TOO_LARGE', `The ${cap}-byte total of one call is used up; read this file separately.`);
          const file = await readOne(ctx.files, { path, encoding: input.encoding, maxBytes: remaining });
          remaining -= Buffer.byteLength(file.content);
          files.push({ requested: path, file });
        } catch (e) {
          const error = toAppError(e);
          files.push({ requested: path, error: { code: error.code, message: error.message } });
        }
      }
      return { files, failed: files.filter((f) => f.error).length };
    },
  });
}

/**
 * desktop_edit_file: exact-match replacements in a text file with a unified diff of the result; `dryRun` shows the
 * diff without writing. The file keeps its encoding, byte-order mark and permissions, and is written atomically only
 * if nobody changed it meanwhile. Effects `write`: the call names every piece of text it removes (`oldText`), so
 * nothing the caller did not see is lost, unlike desktop_write_file.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { applyEdits } from './apply-edits.js';
import type { DesktopContext } from './deps.js';
import { currentHash, sha256 } from './file-facts.js';
import { pathInput, sha256Hex } from './schemas.js';
import { decodeBytes, detectEncoding, encodeText } from './text-encoding.js';
import { unifiedDiff } from './unified-diff.js';

const edit = z.object({
  oldText: z.string().min(1).describe('Exact text to replace (whitespace and line breaks included)'),
  newText: z.string().describe('Replacement text'),
  replaceAll: z.boolean().default(false).describe('Replace every occurrence instead of requiring exactly one'),
});

/** desktop_edit_file. */
export function editFileOp(ctx: DesktopContext): Operation {
  const { files, settings } = ctx;
  return defineOperation({
    name: 'desktop_edit_file',
    title: 'Edit a file',
    description:
      'Replace exact text in a text file and return a unified diff. Each oldText must occur exactly once unless replaceAll is set; edits apply in order. ' +
      'dryRun: true shows the diff without writing. expectedHash (sha256 from desktop_read_file) refuses the edit if the file changed since.',
    input: z.object({
      path: pathInput,
      edits: z.array(edit).min(1).max(100),
      dryRun: z.boolean().default(false).describe('Only show the diff'),
      expectedHash: sha256Hex.optional(),
    }),
    output: z.object({
      path: z.string(),
      diff: z.string().describe('Unified diff of the change (empty when nothing changed)'),
      dryRun: z.boolean(),
      changed: z.boolean(),
      occurrences: z.array(z.number().int()).describe('How often each edit matched'),
      previousSha256: sha256Hex,
      sha256: sha256Hex.describe('Of the new content (also for a dry run: what it would be)'),
    }),
    permission: 'desktop:write',
    effects: 'write',
    example: { path: 'src/app.ts', edits: [{ oldText: 'const retries = 3;', newText: 'const retries = 5;' }], dryRun: true },
    render: (o) => `${o.dryRun ? 'Would change' : o.changed ? 'Changed' : 'No change to'} ${o.path}\n${o.diff}`,
    run: async (input) => {
      const real = await files.resolve(input.path);
      const before = await files.readFile(real, { maxBytes: settings.maxReadBytes });
      const previousSha256 = sha256(before);
      if (input.expectedHash && input.expectedHash !== previousSha256) {
        throw new AppError('E_CONFLICT', `"${input.path}" changed since you read it; read it again before editing.`, {
          details: { reason: 'hash-mismatch' },
        });
      }
      const { encoding, bomBytes } = detectEncoding(before);
      if (encoding === 'base64') throw new AppError('E_VALIDATION', `"${input.path}" is binary; use desktop_write_file to replace it.`);
      const oldText = decodeBytes(before.subarray(bomBytes), encoding);
      const { text, occurrences } = applyEdits(oldText, input.edits);
      const after = encodeText(text, encoding, before.subarray(0, bomBytes));
      const diff = unifiedDiff(oldText, text, input.path.replace(/^\/+/, ''));
      const changed = text !== oldText;
      if (changed && !input.dryRun) {
        // Optimistic concurrency: re-check right before the rename.
        if ((await currentHash(files, real)) !== previousSha256) {
          throw new AppError('E_CONFLICT', `"${input.path}" changed while it was being edited; read it again.`, {
            details: { reason: 'hash-mismatch' },
          });
        }
        const st = await files.stat(real);
        await files.writeFile(real, after, { mode: st.mode & 0o7777 });
      }
      return { path: real, diff, dryRun: input.dryRun, changed, occurrences, previousSha256, sha256: sha256(after) };
    },
  });
}

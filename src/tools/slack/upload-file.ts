/**
 * `slack_upload_file`: share a file in a channel with Slack's external upload flow — files.getUploadURLExternal,
 * POST the bytes to the returned URL, files.completeUploadExternal to share it (files.upload is retired).
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { SlackClient } from './client.js';
import { channelIdArg, completeUploadAnswer, tsArg, uploadUrlAnswer } from './schemas.js';
import { SLACK_DEPENDENCY } from './slack-errors.js';

/** Build `slack_upload_file`. */
export function uploadFileOp(client: SlackClient): Operation {
  const s = client.settings;
  return defineOperation({
    name: 'slack_upload_file',
    title: 'Upload a file to Slack',
    description:
      `Share a file (a log excerpt, report or diff) in a channel or thread, with an optional comment. Give the content as UTF-8 text or ` +
      `base64; at most slack.maxUploadBytes (${s.maxUploadBytes} bytes) and gateway.maxArgumentBytes.`,
    input: z
      .object({
        channel: channelIdArg.describe('Channel ID to share the file in'),
        filename: z
          .string()
          .min(1)
          .max(255)
          .regex(/^[^/\\\0]+$/, 'must be a file name without directories')
          .describe('File name shown in Slack, e.g. deploy-1.4.2.log'),
        content: z.string().optional().describe('File content as UTF-8 text'),
        contentBase64: z.base64().optional().describe('File content as base64 (binary files)'),
        title: z.string().min(1).max(255).optional().describe('Title shown above the file; default the file name'),
        initialComment: z.string().min(1).max(4_000).optional().describe('Message posted with the file'),
        threadTs: tsArg.optional().describe('Share in the thread of this message'),
        snippetType: z.string().max(50).optional().describe('Syntax highlighting for text snippets, e.g. python, json, diff'),
      })
      .refine((v) => (v.content === undefined) !== (v.contentBase64 === undefined), {
        message: 'give exactly one of content and contentBase64',
        path: ['content'],
      }),
    output: z.object({ fileId: z.string(), title: z.string().optional(), permalink: z.string().optional() }),
    permission: 'slack:write',
    effects: 'external',
    dependency: SLACK_DEPENDENCY,
    timeoutMs: s.timeoutMs,
    example: { channel: 'C0123ABCD', filename: 'deploy.log', content: 'step 1 ok\nstep 2 ok\n', initialComment: 'Deploy log' },
    render: (o) => `Uploaded ${o.fileId}${o.permalink ? `: ${o.permalink}` : ''}.`,
    run: async (input, { signal }) => {
      const bytes = input.content !== undefined ? Buffer.from(input.content, 'utf8') : Buffer.from(input.contentBase64 ?? '', 'base64');
      if (bytes.length === 0) throw new AppError('E_VALIDATION', 'The file is empty.', { issues: [{ path: 'content', message: 'empty' }] });
      if (bytes.length > s.maxUploadBytes) {
        throw new AppError('E_PAYLOAD_TOO_LARGE', `The file has ${bytes.length} bytes; slack.maxUploadBytes allows ${s.maxUploadBytes}.`);
      }
      const target = await client.call(
        'files.getUploadURLExternal',
        { filename: input.filename, length: bytes.length, snippet_type: input.snippetType },
        uploadUrlAnswer,
        { signal },
      );
      await client.upload(target.upload_url, bytes, { signal });
      const done = await client.call(
        'files.completeUploadExternal',
        {
          files: [{ id: target.file_id, title: input.title ?? input.filename }],
          channel_id: input.channel,
          initial_comment: input.initialComment,
          thread_ts: input.threadTs,
        },
        completeUploadAnswer,
        { signal, write: true },
      );
      const file = done.files.find((f) => f.id === target.file_id) ?? done.files[0];
      return {
        fileId: target.file_id,
        ...(file?.title ? { title: file.title } : {}),
        ...(file?.permalink ? { permalink: file.permalink } : {}),
      };
    },
  });
}

/**
 * A small tool server for gateway tests: one operation per behaviour the pipeline must handle.
 */
import { z } from 'zod';
import { AppError } from '../../src/core/errors.js';
import { defineOperation, type ToolServer } from '../../src/gateway/operation.js';

export const testkitEcho = defineOperation({
  name: 'testkit_echo',
  title: 'Echo',
  description: 'Returns its message.',
  input: z.object({ message: z.string().min(1).max(100), token: z.string().optional() }),
  output: z.object({ echoed: z.string() }),
  permission: 'system:read',
  effects: 'read',
  render: (o) => `echo: ${o.echoed}`,
  run: async (input) => ({ echoed: input.message }),
});

export const testkitSlow = defineOperation({
  name: 'testkit_slow',
  title: 'Slow',
  description: 'Reports progress in steps, then finishes; honours cancellation.',
  input: z.object({ steps: z.number().int().min(1).max(10), stepMs: z.number().int().min(0).max(5000) }),
  output: z.object({ steps: z.number() }),
  permission: 'system:read',
  effects: 'read',
  run: async (input, ctx) => {
    for (let i = 1; i <= input.steps; i++) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, input.stepMs);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(ctx.signal.reason);
        });
      });
      ctx.progress({ progress: i, total: input.steps, message: `step ${i}` });
    }
    return { steps: input.steps };
  },
});

export const testkitWrite = defineOperation({
  name: 'testkit_write',
  title: 'Write',
  description: 'Pretends to change something.',
  input: z.object({ value: z.number() }),
  output: z.object({ written: z.number() }),
  permission: 'deploy:write',
  effects: 'write',
  run: async (input) => ({ written: input.value }),
});

export const deleted: string[] = [];
export const testkitDelete = defineOperation({
  name: 'testkit_delete',
  title: 'Delete a thing',
  description: 'Destructive: deletes a named thing.',
  input: z.object({ name: z.string() }),
  output: z.object({ deleted: z.string() }),
  permission: 'deploy:execute',
  effects: 'destructive',
  run: async (input) => {
    deleted.push(input.name);
    return { deleted: input.name };
  },
});

export const testkitFail = defineOperation({
  name: 'testkit_fail',
  title: 'Fail',
  description: 'Fails like an outside system would.',
  input: z.object({ code: z.enum(['E_UPSTREAM', 'E_INTERNAL_BUG', 'E_BAD_OUTPUT']) }),
  output: z.object({ ok: z.boolean() }),
  permission: 'system:read',
  effects: 'read',
  dependency: 'testkit:upstream',
  run: async (input) => {
    if (input.code === 'E_UPSTREAM') throw new AppError('E_UPSTREAM', 'The upstream answered 502.');
    if (input.code === 'E_BAD_OUTPUT') return { ok: 'yes' as unknown as boolean };
    throw new Error('null pointer with password=hunter2 inside');
  },
});

export const testkitAdmin = defineOperation({
  name: 'testkit_admin',
  title: 'Admin only',
  description: 'Needs users:write.',
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  permission: 'users:write',
  effects: 'write',
  run: async () => ({ ok: true }),
});

export const testkitServer: ToolServer = {
  name: 'testkit',
  title: 'Test kit',
  description: 'Operations that exercise the gateway pipeline.',
  operations: [testkitEcho, testkitSlow, testkitWrite, testkitDelete, testkitFail, testkitAdmin],
};

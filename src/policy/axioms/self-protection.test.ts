import { describe, expect, it } from 'vitest';
import { fire } from './test-kit.js';

const set = (args: Record<string, unknown>) => ({
  operation: 'policy_set_axiom',
  effects: 'write' as const,
  arguments: args,
  roles: ['admin'],
});

describe('AX-25 switching off a critical axiom needs approval', () => {
  it.each([
    ['disabling a critical axiom', { id: 'AX-01', enabled: false }, true],
    ['dry-running a critical axiom', { id: 'AX-21', dryRun: true }, true],
    ['enabling a critical axiom', { id: 'AX-01', enabled: true }, false],
    ['disabling a medium axiom', { id: 'AX-16', enabled: false }, false],
    ['an unknown axiom', { id: 'AX-99', enabled: false }, false],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-25', set(args)))).toBe(fires);
  });
});

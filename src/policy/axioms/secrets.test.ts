import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../security/redact.js';
import type { SecretFinder } from '../types.js';
import { redactorSecretFinder, redactSecretsDeep } from './secrets.js';
import { fire, inspect } from './test-kit.js';

const PAT = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
const call = (args: Record<string, unknown>, operation = 'deploy_create_config') => ({
  operation,
  effects: 'write' as const,
  arguments: args,
});

describe('AX-07 no secret material in tool arguments', () => {
  it.each([
    ['a GitHub token', { value: PAT }, true],
    ['a token deep in a list', { items: [{ env: [{ name: 'T', value: `Bearer ${PAT}` }] }] }, true],
    ['an AWS access key id', { note: 'key AKIAIOSFODNN7EXAMPLE' }, true],
    ['a private key block', { pem: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----' }, true],
    ['ordinary text', { message: 'deploy api 1.4.2 to shop' }, false],
    ['short strings', { a: 'x', b: 'yz' }, false],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-07', call(args)))).toBe(fires);
  });

  it('names the argument path but never the secret', async () => {
    const hit = await fire('AX-07', call({ config: { token: PAT } }));
    expect(hit?.reason).toContain('"config.token"');
    expect(hit?.reason).not.toContain(PAT);
  });

  it('skips exempt operations', async () => {
    expect(await fire('AX-07', { ...call({ value: PAT }), settings: { secrets: { exemptOperations: ['deploy_*'] } } })).toBeUndefined();
  });

  it('redacts instead of denying when configured', async () => {
    const hit = await fire('AX-07', { ...call({ value: PAT }), settings: { secrets: { inArguments: 'redact' } } });
    expect(hit?.effect).toBe('redact');
  });

  it('uses the finder it is given', async () => {
    const finder: SecretFinder = {
      redact: (t) => (t.includes('hunter22') ? { text: REDACTED, found: ['custom'] } : { text: t, found: [] }),
    };
    expect((await fire('AX-07', call({ password: 'hunter22' }), { secrets: finder }))?.reason).toContain('custom');
  });
});

describe('AX-08 secrets in tool outputs are redacted', () => {
  const read = { operation: 'desktop_read_file', effects: 'read' as const, arguments: { path: '.env' } };

  it('replaces the secret and keeps the rest of the output', async () => {
    const out = (await inspect('AX-08', read, { content: `TOKEN=${PAT}`, size: 46 })) as { content: string; size: number };
    expect(out.content).not.toContain(PAT);
    expect(out.content.startsWith('TOKEN=')).toBe(true);
    expect(out.size).toBe(46);
  });

  it('returns a clean output unchanged (same object)', async () => {
    const output = { lines: ['a', 'b'], n: 2 };
    expect(await inspect('AX-08', read, output)).toBe(output);
  });

  it('withholds the whole output with E_POLICY_DENIED when policy.secrets.inOutputs is deny', async () => {
    const error = await inspect('AX-08', { ...read, settings: { secrets: { inOutputs: 'deny' } } }, { content: `TOKEN=${PAT}` }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'E_POLICY_DENIED', details: { rule: 'AX-08' } });
    expect(String((error as Error).message)).not.toContain(PAT);
  });

  it.each(['write', 'destructive', 'external'] as const)(
    'redacts instead of withholding in deny mode when the call had effects (%s): it has already run',
    async (effects) => {
      const call = { operation: 'slack_post_message', effects, arguments: { text: 'hi' }, settings: { secrets: { inOutputs: 'deny' } } };
      const out = (await inspect('AX-08', call, { echoed: `TOKEN=${PAT}` })) as { echoed: string };
      expect(out.echoed).not.toContain(PAT);
      expect(out.echoed.startsWith('TOKEN=')).toBe(true);
    },
  );

  it('lets a clean output through when policy.secrets.inOutputs is deny', async () => {
    const output = { content: 'Hello, world' };
    expect(await inspect('AX-08', { ...read, settings: { secrets: { inOutputs: 'deny' } } }, output)).toBe(output);
  });

  it('skips exempt operations', async () => {
    const output = { content: PAT };
    expect(await inspect('AX-08', { ...read, settings: { secrets: { exemptOutputs: ['desktop_*'] } } }, output)).toBe(output);
  });

  it('falls back to the redactor patterns beyond the scan budget', () => {
    const seen: string[] = [];
    const finder: SecretFinder = {
      redact: (t) => {
        seen.push(t);
        return { text: t, found: [] };
      },
    };
    const scan = redactSecretsDeep(['a'.repeat(20), `x ${PAT}`], finder, 25);
    expect(seen).toHaveLength(1);
    expect(scan.found).toEqual(['redactor-pattern']);
  });

  it('keeps an own __proto__ key as data', () => {
    const value = JSON.parse(`{"__proto__": {"t": "${PAT}"}}`);
    const scan = redactSecretsDeep(value, redactorSecretFinder);
    expect(Object.getPrototypeOf(scan.value)).toBe(Object.prototype);
    expect(JSON.stringify(scan.value)).not.toContain(PAT);
  });
});

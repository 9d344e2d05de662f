import { describe, expect, it } from 'vitest';
import { fire } from './test-kit.js';

describe('AX-21 outbound URLs pass the SSRF guard', () => {
  const hook = (args: Record<string, unknown>) => ({ operation: 'monitoring_add_webhook', effects: 'write' as const, arguments: args });
  it.each([
    ['a public HTTPS URL', { url: 'https://hooks.example.com/x' }, false],
    ['cloud metadata', { url: 'http://169.254.169.254/latest/meta-data/' }, true],
    ['localhost', { url: 'http://localhost:8080/admin' }, true],
    ['a decimal IP', { url: 'http://2130706433/' }, true],
    ['a file URL', { url: 'file:///etc/passwd' }, true],
    ['credentials in the URL', { url: 'https://user:pw@example.com/' }, true],
    ['a private address deep in the arguments', { targets: [{ webhookUrl: 'http://10.0.0.5/' }] }, true],
    ['not a URL at all', { endpoint: 'not a url' }, true],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-21', hook(args)))).toBe(fires);
  });

  const privateLink = { severity: 'warning', title: 'CPU', message: 'high', link: { url: 'http://10.0.0.5:3000/d/cpu' } };

  it('skips operations that never fetch their URLs (slack_* by default)', async () => {
    expect(await fire('AX-21', { operation: 'slack_post_alert', effects: 'external', arguments: privateLink })).toBeUndefined();
  });

  it('never exempts a federated tool whose alias matches an exempt glob (slack_ops__fetch)', async () => {
    const fetch = { operation: 'slack_ops__fetch', effects: 'external' as const, arguments: { url: 'http://169.254.169.254/' } };
    expect((await fire('AX-21', fetch))?.effect).toBe('deny');
    expect((await fire('AX-21', { ...fetch, settings: { urls: { exemptOperations: ['slack_ops__*'] } } }))?.effect).toBe('deny');
  });

  it('still exempts a built-in slack tool posting a metadata link (slack_post_message)', async () => {
    const post = {
      operation: 'slack_post_message',
      effects: 'external' as const,
      arguments: { text: 'see', url: 'http://169.254.169.254/' },
    };
    expect(await fire('AX-21', post)).toBeUndefined();
  });

  it('checks them again when they are taken off the exempt list', async () => {
    const call = {
      operation: 'slack_post_alert',
      effects: 'external' as const,
      arguments: privateLink,
      settings: { urls: { exemptOperations: [] } },
    };
    expect((await fire('AX-21', call))?.effect).toBe('deny');
  });

  it('lets policy_explain describe a call with a private URL', async () => {
    const explain = {
      operation: 'policy_explain',
      effects: 'read' as const,
      arguments: { operation: 'monitoring_add_webhook', arguments: { url: 'http://10.0.0.5/' } },
    };
    expect(await fire('AX-21', explain)).toBeUndefined();
  });
});

describe('AX-22 federated tools need an explicit allow in production', () => {
  const gh = (environment: string) => ({
    operation: 'github__create_issue',
    effects: 'external' as const,
    arguments: { title: 'x', environment },
  });
  const allow = { id: 'github-ok', effect: 'allow', reason: 'reviewed', match: { operations: ['github__*'] } };

  it('denies a federated tool in production', async () => {
    expect((await fire('AX-22', gh('production')))?.effect).toBe('deny');
  });

  it('passes a federated tool outside production', async () => {
    expect(await fire('AX-22', gh('dev'))).toBeUndefined();
  });

  it('passes a federated tool an allow rule names', async () => {
    expect(await fire('AX-22', gh('production'), { rules: [allow] })).toBeUndefined();
  });

  it('is not satisfied by a dry-run allow rule', async () => {
    expect(await fire('AX-22', gh('production'), { rules: [{ ...allow, dryRun: true }] })).toBeDefined();
  });

  it('ignores built-in tools', async () => {
    expect(await fire('AX-22', { ...gh('production'), operation: 'system_version' })).toBeUndefined();
  });
});

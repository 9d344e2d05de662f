import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(knownSecrets: string[] = []) {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', format: 'json', stream: { write: (s: string) => void lines.push(s) }, knownSecrets });
  return { log, lines, text: () => lines.join('') };
}

const SECRETS = {
  bearer: 'Bearer abcdefghijklmnopqrstuvwxyz0123456789',
  jwt: 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
  anthropic: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345',
  openai: 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  password: 'correct-horse-battery-staple',
};

describe('logger redaction', () => {
  it('removes values under secret key names at any depth and in any case', () => {
    const { log, text } = capture();
    log.info({ headers: { Authorization: 'whatever-value-1', Cookie: 'sid=abcdef123456' }, user: { PassWord: SECRETS.password } }, 'login');
    expect(text()).not.toContain('whatever-value-1');
    expect(text()).not.toContain('abcdef123456');
    expect(text()).not.toContain(SECRETS.password);
    expect(text()).toContain('[REDACTED]');
  });

  it('removes secret-looking values under innocent keys', () => {
    const { log, text } = capture();
    log.info({ note: `got ${SECRETS.bearer} and ${SECRETS.jwt}`, list: [SECRETS.anthropic, SECRETS.openai, SECRETS.aws] }, 'values');
    for (const s of [SECRETS.jwt, SECRETS.anthropic, SECRETS.openai, SECRETS.aws, 'abcdefghijklmnopqrstuvwxyz0123456789']) {
      expect(text()).not.toContain(s);
    }
  });

  it('removes secrets from the message itself', () => {
    const { log, text } = capture();
    log.warn(`calling with api_key=${SECRETS.password} and ${SECRETS.anthropic}`);
    expect(text()).not.toContain(SECRETS.password);
    expect(text()).not.toContain(SECRETS.anthropic);
  });

  it('removes secrets from error messages, stacks and child bindings', () => {
    const { log, text } = capture();
    const child = log.child({ token: 'child-binding-secret-value' });
    child.error({ err: new Error(`connect postgres://app:${SECRETS.password}@db:5432/x failed`) }, 'db down');
    expect(text()).not.toContain(SECRETS.password);
    expect(text()).not.toContain('child-binding-secret-value');
    expect(text()).toContain('db down');
  });

  it('removes configured literal secrets wherever they appear', () => {
    const { log, text } = capture(['plain-looking-value-42']);
    log.info({ detail: 'the value plain-looking-value-42 leaked' }, 'x plain-looking-value-42');
    expect(text()).not.toContain('plain-looking-value-42');
  });

  it('keeps ordinary fields and token counts', () => {
    const { log, lines } = capture();
    log.info({ user: 'alice', inputTokens: 120, outputTokens: 80 }, 'usage');
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({ user: 'alice', inputTokens: 120, outputTokens: 80, msg: 'usage', level: 'info' });
  });
});

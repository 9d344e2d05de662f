import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, isSecretKey, REDACTED, redact, redactString, redactUrl, VALUE_PATTERNS } from './redact.js';

interface Sample {
  kind: string;
  text: string;
  secret: string;
  keep?: string;
}
const corpus = JSON.parse(readFileSync(new URL('../../test/fixtures/attacks/redaction-samples.json', import.meta.url), 'utf8')) as {
  samples: Sample[];
};

describe('redaction corpus', () => {
  it('holds at least 50 samples', () => {
    expect(corpus.samples.length).toBeGreaterThanOrEqual(50);
  });

  it.each(corpus.samples.map((s) => [`${s.kind}: ${s.text.slice(0, 50)}`, s] as const))('removes the secret from %s', (_n, sample) => {
    const out = redactString(sample.text);
    expect(out).not.toContain(sample.secret);
    if (sample.keep) expect(out).toContain(sample.keep);
  });

  it('removes every planted secret wherever it sits in surrounding text', () => {
    const text = fc.string({ unit: fc.constantFrom(' ', '\n', 'a', 'Z', '9', '.', ',', '{', '}', '"', '=', '/'), maxLength: 30 });
    fc.assert(
      fc.property(fc.constantFrom(...corpus.samples), text, text, (sample, before, after) => {
        const out = redactString(`${before} ${sample.text} ${after}`);
        expect(out).not.toContain(sample.secret);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent', () => {
    for (const s of corpus.samples) {
      const once = redactString(s.text);
      expect(redactString(once)).toBe(once);
    }
  });
});

describe('redactString: no over-redaction', () => {
  const innocent = [
    'GET /api/mcp/servers 200 in 12ms',
    'input_tokens: 532, output_tokens: 1200',
    'https://example.com/search?page=2&sort=desc',
    'deployment 4f3c2a1b9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b finished',
    'user 123e4567-e89b-12d3-a456-426614174000 signed in',
    'the token expired at 12:00',
    'disk-usage: 82%',
    'postgres://db.internal:5432/app',
  ];
  it.each(innocent)('leaves "%s" alone', (line) => {
    expect(redactString(line)).toBe(line);
  });
});

describe('redactString: linear time', () => {
  const adversarial = [
    'a-'.repeat(20_000),
    'x_secret_'.repeat(5_000),
    'password:'.repeat(10_000),
    'http://a:'.repeat(10_000),
    `a://b:${'c@'.repeat(20_000)}`,
    '-----BEGIN PRIVATE KEY-----'.repeat(2_000),
    'authorization: '.repeat(5_000),
    'eyJ'.repeat(20_000),
  ];
  it.each(adversarial.map((s) => [s.slice(0, 20), s] as const))('handles %s… (40 kB) in under 500 ms', (_n, input) => {
    const start = performance.now();
    redactString(input);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('uses only global regexes', () => {
    expect(VALUE_PATTERNS.every((p) => p.re.global)).toBe(true);
  });
});

describe('redact: by key name', () => {
  it('masks secret-named keys at any depth and in any case', () => {
    const out = redact({ a: { b: [{ API_KEY: 'abc', 'X-Api-Key': 'def', clientSecret: 'ghi' }] } });
    expect(out).toEqual({ a: { b: [{ API_KEY: REDACTED, 'X-Api-Key': REDACTED, clientSecret: REDACTED }] } });
  });

  it('keeps token counts', () => {
    expect(redact({ usage: { input_tokens: 10, prompt_tokens: 5, tokenizer: 'cl100k' } })).toEqual({
      usage: { input_tokens: 10, prompt_tokens: 5, tokenizer: 'cl100k' },
    });
  });

  it('masks a structured value under a secret key whole', () => {
    expect(redact({ credentials: { user: 'u', pass: 'p' } })).toEqual({ credentials: REDACTED });
  });

  it('knows camelCase, snake_case and kebab-case spellings', () => {
    expect(['accessToken', 'access_token', 'access-token', 'Set-Cookie', 'privateKey', 'AccountKey', 'jwt'].every(isSecretKey)).toBe(true);
  });

  it('does not flag ordinary keys', () => {
    expect(['author', 'footprint', 'keyboard', 'monkey', 'passage', 'name', 'tokens'].some(isSecretKey)).toBe(false);
  });

  it('handles Maps, Sets, URLs and Headers', () => {
    const headers = new Headers({ authorization: 'Bearer abcdefghijk', accept: 'json' });
    const out = redact({
      m: new Map([['password', 'x']]),
      s: new Set(['sk-ant-api03-abcdefghijklmnopqrstuvwxyz']),
      u: new URL('https://u:pw123456@example.com/?token=abc'),
      headers,
    });
    expect(JSON.stringify({ ...out, m: [...out.m] })).not.toMatch(/pw123456|abcdefghijk|token=abc|sk-ant|"x"/);
  });

  it('redacts errors, their own properties and their cause', () => {
    const error = Object.assign(new Error('failed with password=hunter22'), { apiKey: 'k', cause: new Error('Bearer abcdefghijklmnop') });
    expect(JSON.stringify(redact(error))).not.toMatch(/hunter22|abcdefghijklmnop|"k"/);
  });

  it('marks cycles instead of looping', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redact(a)).toEqual({ name: 'a', self: '[Circular]' });
  });

  it('truncates beyond the maximum depth', () => {
    expect(redact({ a: { b: { c: 1 } } }, { maxDepth: 1 })).toEqual({ a: { b: '[Truncated]' } });
  });
});

describe('redactUrl', () => {
  it('drops secret query parameters and keeps the rest', () => {
    expect(redactUrl('/cb?code=abc&state=xyz&client_secret=s3')).toBe(`/cb?code=${REDACTED}&state=xyz&client_secret=${REDACTED}`);
  });

  it('drops secret fragment parameters (OAuth implicit flow)', () => {
    expect(redactUrl('https://app.example/cb#access_token=abc123&expires_in=3600')).not.toContain('abc123');
  });

  it('drops credentials in the authority', () => {
    expect(redactUrl('https://user:pw-9876543@example.com/x?y=1')).not.toContain('pw-9876543');
  });
});

describe('createRedactor', () => {
  const secret = 'my"configured\\key/+=';
  const redactor = createRedactor({ knownSecrets: [secret, 'short'] });

  it('scrubs a configured literal secret', () => {
    expect(redactor.redactString(`value ${secret} here`)).toBe(`value ${REDACTED} here`);
  });

  it('scrubs its JSON-escaped spelling', () => {
    expect(redactor.redactString(JSON.stringify({ note: secret }))).not.toContain(JSON.stringify(secret).slice(1, -1));
  });

  it('scrubs its URL-encoded spelling', () => {
    expect(redactor.redactUrl(`https://x.example/?q=${encodeURIComponent(secret)}`)).not.toContain(encodeURIComponent(secret));
  });

  it('scrubs it inside objects', () => {
    expect(redactor.redact({ note: `a ${secret}` })).toEqual({ note: `a ${REDACTED}` });
  });

  it('ignores literals shorter than 6 characters', () => {
    expect(redactor.redactString('a short note')).toBe('a short note');
  });
});

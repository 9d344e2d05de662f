import { describe, expect, it } from 'vitest';
import { findingSchema } from '../findings.js';
import { SECRET_RULES } from './rules.js';
import { compileSecretRules, scanSecrets } from './scan-secrets.js';

// Built from pieces so this file holds no literal token.
const GHP = ['gh', 'p_'].join('') + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const scan = (content: string, path = 'src/config.ts') => scanSecrets({ path, content });

describe('scanSecrets', () => {
  it('reports a token with its rule, position and a valid finding shape', () => {
    const [finding] = scan(`// config\nexport const token = '${GHP}';\n`);
    expect(findingSchema.parse(finding)).toMatchObject({
      ruleId: 'secret/github-pat',
      kind: 'secret',
      severity: 'high',
      startLine: 2,
      endLine: 2,
      startColumn: 23,
      endColumn: 63,
      cwe: ['CWE-798'],
    });
  });

  it('shows only a redacted match', () => {
    const [finding] = scan(`TOKEN=${GHP}`);
    expect(finding?.match).toBe('ghp_************');
    expect(JSON.stringify(finding)).not.toContain(GHP.slice(4));
  });

  it('keeps the fingerprint when the secret moves to another line', () => {
    const a = scan(`TOKEN=${GHP}`)[0]?.fingerprint;
    const b = scan(`\n\n# moved\nTOKEN=${GHP}`)[0]?.fingerprint;
    expect(a).toBeDefined();
    expect(b).toBe(a);
  });

  it('changes the fingerprint with the file', () => {
    expect(scan(`T=${GHP}`, 'a.env')[0]?.fingerprint).not.toBe(scan(`T=${GHP}`, 'b.env')[0]?.fingerprint);
  });

  it('skips placeholders such as EXAMPLE, xxxx and variable references', () => {
    expect(scan(['AK', 'IA', 'IOSFODNN7EXAMPLE'].join(''))).toEqual([]);
    expect(scan(`t = "${['gh', 'p_'].join('')}${'x'.repeat(36)}"`)).toEqual([]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference is the input under test.
    expect(scan('password = "${DB_PASSWORD_FROM_ENV}"')).toEqual([]);
  });

  it('reports a high-entropy generic assignment but not a low-entropy one', () => {
    expect(scan('client_secret = "Zq8vL2mR7pX4wN9tK3sH"').map((f) => f.ruleId)).toEqual(['secret/generic-secret-assignment']);
    expect(scan('client_secret = "aaaabbbbaaaabbbb"')).toEqual([]);
  });

  it('lets a specific rule win over the generic one on the same text', () => {
    expect(scan(`api_key = "${GHP}"`).map((f) => f.ruleId)).toEqual(['secret/github-pat']);
  });

  it('honours code-engine:allow on the same line', () => {
    expect(scan(`const t = '${GHP}'; // code-engine:allow`)).toEqual([]);
  });

  it('honours code-engine:allow on the previous line', () => {
    expect(scan(`# code-engine:allow secret/github-pat\nTOKEN=${GHP}`)).toEqual([]);
  });

  it('keeps findings of rules that code-engine:allow does not name', () => {
    expect(scan(`TOKEN=${GHP} # code-engine:allow secret/jwt`)).toHaveLength(1);
  });

  it('leaves out findings whose fingerprint is in the baseline', () => {
    const fingerprint = scan(`TOKEN=${GHP}`)[0]?.fingerprint as string;
    expect(scanSecrets({ path: 'src/config.ts', content: `TOKEN=${GHP}` }, { baseline: new Set([fingerprint]) })).toEqual([]);
  });

  it('reports a private key block from its BEGIN to its END line', () => {
    const body = Array.from({ length: 4 }, (_, i) => 'MIIEow' + 'IBAAKCAQEA'.repeat(5) + String(i).repeat(8)).join('\n');
    const [finding] = scan(`key:\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`);
    expect(finding).toMatchObject({ ruleId: 'secret/private-key', severity: 'critical', startLine: 2, endLine: 7 });
    expect(finding?.match).toBe('************');
  });

  it('accepts a JWT only when its header decodes to JSON with alg', () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: '42', iat: 1 })}.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg`;
    expect(scan(`Authorization: Bearer ${jwt}`).map((f) => f.ruleId)).toEqual(['secret/jwt']);
    expect(scan(`x = "eyJhbGciOiJub25lIn0x.eyJzdWIiOiI0MiJ9xx.abcdefghijklmnopqrstu"`)).toEqual([]);
  });

  it('reports the password of a database URL, not the URL', () => {
    const [finding] = scan('DATABASE_URL=postgres://app:Hb4Tq9Lm2Xv7@db:5432/app');
    expect(finding).toMatchObject({ ruleId: 'secret/database-url-password', startColumn: 29, endColumn: 41 });
  });

  it('ignores binary content', () => {
    expect(scan(`\0\0\0${GHP}`)).toEqual([]);
  });

  it('runs a custom compiled rule set', () => {
    const rules = compileSecretRules([
      { id: 'acme-key', description: 'ACME key', regex: /\b(acme_[a-z0-9]{16})\b/g, keywords: ['acme_'], severity: 'low' },
    ]);
    expect(scanSecrets({ path: 'x', content: 'k = acme_q8v2m7x4n9t3h5k1' }, { rules }).map((f) => f.ruleId)).toEqual(['secret/acme-key']);
  });
});

describe('generic assignment rule', () => {
  it.each([
    "BetaAPIKeyScopeMissingError._errorName = 'BetaAPIKeyScopeMissingError';",
    'var SECRET_KEY_FILE_ENV = "MCP_INSPECTOR_SECRET_KEY_FILE";',
    "const tokenType = 'urn:ietf:params:oauth:token-type:saml2';",
    "function provider(tokenPath = '/var/run/secrets/kubernetes.io/serviceaccount/token') {}",
    "type TokenKind = 'cache_creation.ephemeral_1h_input_tokens' | 'output_tokens';",
    'const secret_label = "予期しないトークンです。トークン";',
  ])('skips identifiers, names and paths: %s', (line) => {
    expect(scan(line)).toEqual([]);
  });
});

describe('secret rule table', () => {
  it('has at least 40 rules with unique ids', () => {
    const ids = SECRET_RULES.map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every rule lower-case keywords that its regex needs', () => {
    for (const rule of SECRET_RULES) {
      expect(rule.keywords.length, rule.id).toBeGreaterThan(0);
      for (const k of rule.keywords) expect(k, rule.id).toBe(k.toLowerCase());
      expect(rule.regex.flags, rule.id).toContain('g');
    }
  });
});

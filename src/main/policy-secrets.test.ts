import { describe, expect, it } from 'vitest';
import { crawlerSecretFinder } from './policy-secrets.js';

const finder = crawlerSecretFinder();
const PAT = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';

describe('the crawler-rule secret finder', () => {
  it('finds a token by the crawler rule and replaces exactly it', () => {
    const r = finder.redact(`token: ${PAT} (ci)`);
    expect(r.found).toContain('secret/github-pat');
    expect(r.text).toBe('token: [REDACTED] (ci)');
  });

  it('finds a secret on a later line', () => {
    const r = finder.redact(`a\nb\nexport GITHUB_TOKEN=${PAT}\n`);
    expect(r.text).not.toContain(PAT);
    expect(r.text.startsWith('a\nb\nexport GITHUB_TOKEN=')).toBe(true);
  });

  it('redacts a whole private key block', () => {
    const pem =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDqTzNkR7b1a2VQ1sW7H1O1aQx8N2kH5m9xW3rT8v0y5wAAAJgwSlWnMEpV\n-----END OPENSSH PRIVATE KEY-----';
    const r = finder.redact(`key:\n${pem}\nend`);
    expect(r.found.length).toBeGreaterThan(0);
    expect(r.text).not.toContain('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ');
  });

  it('falls back to the redactor patterns', () => {
    const r = finder.redact('https://user:s3cretpassw0rd@db.example.com/x');
    expect(r.found).toContain('redactor-pattern');
    expect(r.text).not.toContain('s3cretpassw0rd');
  });

  it('leaves ordinary text alone', () => {
    expect(finder.redact('deploy api 1.4.2 to shop-eu')).toEqual({ text: 'deploy api 1.4.2 to shop-eu', found: [] });
  });

  it('ignores documented placeholders', () => {
    expect(finder.redact('aws_access_key_id = AKIAIOSFODNN7EXAMPLE').found).not.toContain('secret/aws-access-key-id');
  });
});

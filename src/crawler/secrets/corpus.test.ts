import { describe, expect, it } from 'vitest';
import { evaluateSecrets, loadSecretsCorpus } from '../../../test/fixtures/secrets-corpus/corpus.js';
import { scanSecrets } from './scan-secrets.js';

describe('secrets corpus', () => {
  const corpus = loadSecretsCorpus();
  const score = evaluateSecrets(corpus, (file) => scanSecrets(file));

  it('labels at least one positive for every rule kind it generates and a set of hard negatives', () => {
    expect(score.labels).toBeGreaterThanOrEqual(150);
    expect(corpus.filter((f) => f.labels.length === 0).length).toBeGreaterThanOrEqual(10);
  });

  it('reaches precision ≥ 0.95', () => {
    expect(score.falsePositives).toEqual([]);
    expect(score.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('reaches recall ≥ 0.95', () => {
    expect(score.falseNegatives).toEqual([]);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
  });
});

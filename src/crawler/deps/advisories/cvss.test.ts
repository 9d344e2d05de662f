import { describe, expect, it } from 'vitest';
import { cvss3BaseScore, severityOfScore } from './cvss.js';

describe('CVSS v3 base score', () => {
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.8],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', 5.9],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
  ])('scores %s as %s', (vector, score) => {
    expect(cvss3BaseScore(vector)).toBe(score);
  });

  it('rejects incomplete and non-v3 vectors', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L')).toBeUndefined();
    expect(cvss3BaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toBeUndefined();
  });

  it('maps scores to ratings', () => {
    expect([9.8, 7.5, 5.3, 2.1, 0].map(severityOfScore)).toEqual(['critical', 'high', 'medium', 'low', 'info']);
  });
});

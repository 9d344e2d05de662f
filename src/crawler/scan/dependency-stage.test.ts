import { describe, expect, it } from 'vitest';
import { createDependencyStage } from './dependency-stage.js';

describe('dependency stage', () => {
  it('recognises manifests and lockfiles', () => {
    const stage = createDependencyStage(undefined);
    expect(stage.isManifest('app/package.json')).toBe(true);
    expect(stage.isManifest('src/index.ts')).toBe(false);
  });

  it('lists dependencies without an advisory store', async () => {
    const stage = createDependencyStage(undefined);
    const content = JSON.stringify({ name: 'app', dependencies: { lodash: '4.17.20' } });
    const { dependencies, findings } = await stage.analyze([{ path: 'package.json', content }]);
    expect(dependencies).toEqual([expect.objectContaining({ ecosystem: 'npm', name: 'lodash', direct: true, file: 'package.json' })]);
    expect(findings).toEqual([]);
  });
});

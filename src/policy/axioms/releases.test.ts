import { describe, expect, it } from 'vitest';
import type { AxiomExample } from '../types.js';
import { parseImageRef } from './shapes.js';
import { fire } from './test-kit.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const rollout = (args: Record<string, unknown>, extra: Partial<AxiomExample> = {}): AxiomExample => ({
  operation: 'deploy_rollout',
  effects: 'write',
  arguments: { environment: 'production', ...args },
  ...extra,
});

describe('image references', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx', tag: undefined, digest: undefined }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27', digest: undefined }],
    ['acme/api:2', { registry: 'docker.io', repository: 'acme/api', tag: '2', digest: undefined }],
    ['ghcr.io/acme/api@sha256:abc', { registry: 'ghcr.io', repository: 'acme/api', tag: undefined, digest: 'sha256:abc' }],
    ['localhost:5000/api:dev', { registry: 'localhost:5000', repository: 'api', tag: 'dev', digest: undefined }],
    ['Registry.Example:443/a/b:1@sha256:x', { registry: 'registry.example:443', repository: 'a/b', tag: '1', digest: 'sha256:x' }],
  ])('parses %s', (ref, expected) => {
    expect(parseImageRef(ref)).toEqual(expected);
  });
});

describe('AX-09 no deployments during a freeze window', () => {
  const freeze = { freezeWindows: [{ name: 'year-end', reason: 'holidays', from: '2026-12-20T00:00:00Z', until: '2027-01-04T00:00:00Z' }] };
  const weekly = { freezeWindows: [{ name: 'friday', days: ['fri'], between: '12:00-23:59', environments: ['*'] }] };
  it.each([
    ['inside the window in production', rollout({}, { at: '2026-12-24T10:00:00Z', settings: freeze }), true],
    ['after the window', rollout({}, { at: '2027-01-04T00:00:00Z', settings: freeze }), false],
    ['staging is not frozen by default', rollout({ environment: 'staging' }, { at: '2026-12-24T10:00:00Z', settings: freeze }), false],
    ['a window for every environment', rollout({ environment: 'staging' }, { at: '2026-01-09T13:00:00Z', settings: weekly }), true],
    ['a read call', { ...rollout({}, { at: '2026-12-24T10:00:00Z', settings: freeze }), effects: 'read' as const }, false],
    ['no windows configured', rollout({}, { at: '2026-12-24T10:00:00Z' }), false],
  ])('%s → fires: %s', async (_, c, fires) => {
    expect(Boolean(await fire('AX-09', c))).toBe(fires);
  });

  it('tells the caller which window and why', async () => {
    expect((await fire('AX-09', rollout({}, { at: '2026-12-24T10:00:00Z', settings: freeze })))?.reason).toContain('(year-end): holidays');
  });
});

describe('AX-10 no latest or untagged image in production', () => {
  it.each([
    ['latest', { image: 'nginx:latest' }, true],
    ['LATEST', { image: 'nginx:LATEST' }, true],
    ['no tag', { image: 'ghcr.io/acme/api' }, true],
    ['a version', { image: 'nginx:1.27.3' }, false],
    ['latest pinned by digest', { image: `nginx:latest@${DIGEST}` }, false],
    ['latest deep in a manifest', { manifest: { spec: { containers: [{ image: 'api:latest' }] } } }, true],
    ['latest in staging', { image: 'nginx:latest', environment: 'staging' }, false],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-10', rollout(args)))).toBe(fires);
  });
});

describe('AX-11 production images are pinned by digest', () => {
  it.each([
    ['a tag only', { image: 'nginx:1.27' }, true],
    ['a digest', { image: `nginx@${DIGEST}` }, false],
    ['a short fake digest', { image: 'nginx@sha256:abc' }, true],
    ['one of two unpinned', { images: [`a@${DIGEST}`, 'b:1'] }, true],
    ['no image at all', { replicas: 3 }, false],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-11', rollout(args)))).toBe(fires);
  });
});

describe('AX-12 images come from allowed registries', () => {
  const settings = { images: { registries: ['ghcr.io/acme/*', 'registry.internal'] } };
  it.each([
    ['an allowed path', 'ghcr.io/acme/api:1', true],
    ['an allowed registry', 'registry.internal/team/x:2', true],
    ['another org on the same registry', 'ghcr.io/evil/api:1', false],
    ['Docker Hub', 'nginx:1.27', false],
  ])('%s (%s) → allowed: %s', async (_, image, allowed) => {
    expect(Boolean(await fire('AX-12', rollout({ image, environment: 'dev' }, { settings })))).toBe(!allowed);
  });

  it('allows any registry when none is configured', async () => {
    expect(await fire('AX-12', rollout({ image: 'evil.example/x:1' }))).toBeUndefined();
  });
});

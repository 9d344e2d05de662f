/**
 * Axioms about what gets rolled out and when: no deployments in a freeze window (AX-09), no `latest` or untagged
 * image in production (AX-10), production images pinned by digest (AX-11), images only from allowed registries
 * (AX-12). Images are found under `image`-like keys at any depth, so manifests in arguments are covered too.
 */
import { globAny } from '../glob-match.js';
import { inWindow } from '../time-window.js';
import type { Axiom, AxiomContext } from '../types.js';
import { DEPLOY_OPERATIONS, IMAGE_KEYS, parseImageRef } from './shapes.js';

const images = (ctx: AxiomContext) => ctx.args.deepStrings(IMAGE_KEYS).filter((s) => s.trim().length > 0);

export const releaseAxioms: readonly Axiom[] = [
  {
    id: 'AX-09',
    title: 'No deployments during a freeze window',
    rationale:
      'Freeze windows (holidays, sales events, incidents) exist because a failed change would hurt most then. The gateway enforces them for people and agents alike.',
    severity: 'high',
    defaultOn: true,
    effect: 'deny',
    configKeys: ['policy.freezeWindows'],
    operations: DEPLOY_OPERATIONS,
    effects: ['write', 'destructive', 'external'],
    examples: {
      fires: {
        operation: 'deploy_rollout',
        effects: 'write',
        arguments: { environment: 'production', image: 'ghcr.io/acme/api@sha256:0d1c' },
        at: '2026-12-24T10:00:00Z',
        settings: { freezeWindows: [{ name: 'year-end freeze', from: '2026-12-20T00:00:00Z', until: '2027-01-04T00:00:00Z' }] },
      },
      passes: {
        operation: 'deploy_rollout',
        effects: 'write',
        arguments: { environment: 'production', image: 'ghcr.io/acme/api@sha256:0d1c' },
        at: '2027-01-05T10:00:00Z',
        settings: { freezeWindows: [{ name: 'year-end freeze', from: '2026-12-20T00:00:00Z', until: '2027-01-04T00:00:00Z' }] },
      },
    },
    check(ctx) {
      for (const w of ctx.settings.freezeWindows) {
        const applies = w.environments.length ? globAny(w.environments, ctx.environment) : ctx.production;
        if (applies && inWindow(w, ctx.now)) {
          return { reason: `Deployments to "${ctx.environment}" are frozen (${w.name})${w.reason ? `: ${w.reason}` : ''}.` };
        }
      }
      return undefined;
    },
  },
  {
    id: 'AX-10',
    title: 'No `latest` or untagged image in production',
    rationale:
      '`latest` (and no tag, which means latest) changes under your feet: two replicas can run different code and a rollback may not roll back. Production names a version.',
    severity: 'high',
    defaultOn: true,
    effect: 'deny',
    configKeys: [],
    effects: ['write', 'destructive', 'external'],
    productionOnly: true,
    shape: { imageKeys: IMAGE_KEYS },
    examples: {
      fires: {
        operation: 'kubernetes_set_image',
        effects: 'write',
        arguments: { namespace: 'shop', name: 'api', image: 'nginx:latest', environment: 'production' },
      },
      passes: {
        operation: 'kubernetes_set_image',
        effects: 'write',
        arguments: { namespace: 'shop', name: 'api', image: 'nginx:1.27.3', environment: 'production' },
      },
    },
    check(ctx) {
      for (const image of images(ctx)) {
        const ref = parseImageRef(image);
        if (ref.digest) continue;
        if (ref.tag === undefined)
          return { reason: `Image "${image}" has no tag (it means latest); name a version or a digest in production.` };
        if (ref.tag.toLowerCase() === 'latest')
          return { reason: `Image "${image}" uses the latest tag; name a version or a digest in production.` };
      }
      return undefined;
    },
  },
  {
    id: 'AX-11',
    title: 'Production images are pinned by digest',
    rationale:
      'A tag can be moved to other content after review; a digest cannot. Pinning by digest makes the reviewed image the one that runs.',
    severity: 'medium',
    defaultOn: true,
    effect: 'deny',
    configKeys: [],
    effects: ['write', 'destructive', 'external'],
    productionOnly: true,
    shape: { imageKeys: IMAGE_KEYS },
    examples: {
      fires: { operation: 'deploy_rollout', effects: 'write', arguments: { image: 'ghcr.io/acme/api:1.4.2', environment: 'production' } },
      passes: {
        operation: 'deploy_rollout',
        effects: 'write',
        arguments: {
          image: 'ghcr.io/acme/api:1.4.2@sha256:3f1b2c7d9e0a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c',
          environment: 'production',
        },
      },
    },
    check(ctx) {
      const loose = images(ctx).find((image) => !/^sha256:[a-f0-9]{64}$/.test(parseImageRef(image).digest ?? ''));
      return loose ? { reason: `Image "${loose}" is not pinned by digest (name@sha256:…); production images must be.` } : undefined;
    },
  },
  {
    id: 'AX-12',
    title: 'Images come from allowed registries',
    rationale:
      'Pulling from an arbitrary registry runs code nobody vetted. When policy.images.registries is set, every image must come from a registry (or registry path) on it.',
    severity: 'high',
    defaultOn: true,
    effect: 'deny',
    configKeys: ['policy.images.registries'],
    effects: ['write', 'destructive', 'external'],
    shape: { imageKeys: IMAGE_KEYS },
    examples: {
      fires: {
        operation: 'docker_run_container',
        effects: 'write',
        arguments: { image: 'evil.example/miner:1.0' },
        settings: { images: { registries: ['ghcr.io/acme/*'] } },
      },
      passes: {
        operation: 'docker_run_container',
        effects: 'write',
        arguments: { image: 'ghcr.io/acme/api:1.0' },
        settings: { images: { registries: ['ghcr.io/acme/*'] } },
      },
    },
    check(ctx) {
      const allowed = ctx.settings.images.registries;
      if (allowed.length === 0) return undefined;
      for (const image of images(ctx)) {
        const ref = parseImageRef(image);
        if (!globAny(allowed, ref.registry) && !globAny(allowed, `${ref.registry}/${ref.repository}`)) {
          return { reason: `Image "${image}" comes from ${ref.registry}, which is not in policy.images.registries.` };
        }
      }
      return undefined;
    },
  },
];

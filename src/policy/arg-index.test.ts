import { describe, expect, it } from 'vitest';
import { ArgIndex, normalizeKey } from './arg-index.js';

describe('argument index', () => {
  const args = new ArgIndex({
    image: 'nginx:1.27',
    images: ['a:1', 'b:2'],
    spec: { template: { spec: { containers: [{ image: 'redis' }], host_network: true } } },
  });

  it('finds keys at any depth, flattening arrays', () => {
    expect(args.deep(['image', 'images'])).toEqual(['nginx:1.27', 'redis', 'a:1', 'b:2']);
  });

  it('normalises key spelling', () => {
    expect(normalizeKey('Host_Network')).toBe('hostnetwork');
    expect(args.deep(['hostnetwork'])).toEqual([true]);
  });

  it('reads top-level arguments only with top', () => {
    expect(args.top(['image'])).toEqual(['nginx:1.27']);
    expect(args.top(['containers'])).toEqual([]);
  });

  it('lists every string leaf with its path', () => {
    expect(args.strings().map((e) => e.path)).toEqual(['image', 'images.0', 'images.1', 'spec.template.spec.containers.0.image']);
  });

  it('bounds the walk of a deep tree', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 1_000; i++) deep = { next: deep };
    expect(new ArgIndex(deep).entries().length).toBeLessThanOrEqual(12);
  });

  it('bounds the walk of a wide tree', () => {
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    expect(new ArgIndex(wide).entries().length).toBe(5_000);
  });

  it('ignores inherited properties', () => {
    const input = JSON.parse('{"__proto__": {"image": "evil"}}') as Record<string, unknown>;
    expect(new ArgIndex(input).top(['image'])).toEqual([]);
  });
});

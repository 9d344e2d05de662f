/**
 * Which operations this deployment exposes at all: allow/deny globs and the read_only / non_destructive modes.
 * The same filter applies to listing and calling, on every face.
 */
import { matchesAny } from './glob.js';
import type { Operation } from './operation.js';

export interface ModeConfig {
  mode: 'full' | 'read_only' | 'non_destructive';
  allow: readonly string[];
  deny: readonly string[];
}

/** undefined when the operation is exposed, else the reason it is not. */
export function modeBlock(op: Pick<Operation, 'name' | 'effects'>, config: ModeConfig): string | undefined {
  if (matchesAny(op.name, config.deny)) return `${op.name} is denied by gateway.deny`;
  if (!matchesAny(op.name, config.allow)) return `${op.name} is not in gateway.allow`;
  if (config.mode === 'read_only' && op.effects !== 'read')
    return `${op.name} has ${op.effects} effects and the gateway is in read_only mode`;
  if (config.mode === 'non_destructive' && op.effects === 'destructive')
    return `${op.name} is destructive and the gateway is in non_destructive mode`;
  return undefined;
}

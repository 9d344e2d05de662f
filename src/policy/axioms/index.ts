/**
 * Every built-in axiom, sorted by id. Numbers are stable forever: a retired axiom keeps its number unused.
 * docs/policy.md documents each one (a test keeps the two in sync).
 */
import type { Axiom } from '../types.js';
import { commandAxioms } from './commands.js';
import { containerAxioms } from './containers.js';
import { fileAxioms } from './files.js';
import { kubernetesAxioms } from './kubernetes.js';
import { limitAxioms } from './limits.js';
import { networkAxioms } from './network.js';
import { productionAxioms } from './production.js';
import { releaseAxioms } from './releases.js';
import { secretAxioms } from './secrets.js';
import { selfProtectionAxioms } from './self-protection.js';

export const AXIOMS: readonly Axiom[] = [
  ...productionAxioms,
  ...fileAxioms,
  ...commandAxioms,
  ...secretAxioms,
  ...releaseAxioms,
  ...kubernetesAxioms,
  ...limitAxioms,
  ...networkAxioms,
  ...containerAxioms,
  ...selfProtectionAxioms,
].sort((a, b) => a.id.localeCompare(b.id));

/**
 * Axioms about secret material: none in tool arguments (AX-07: deny, or redact and run) and none leaving in tool
 * outputs (AX-08: redacted on the way out). Detection is the SecretFinder port — the crawler's secret rules in
 * src/main, the redactor's patterns otherwise.
 */
import { redactString } from '../../security/redact.js';
import { globAny } from '../glob-match.js';
import type { Axiom, SecretFinder } from '../types.js';

const MAX_DEPTH = 32;
/** Strings shorter than this cannot hold a credential worth finding (the shortest rule matches 8+ characters). */
const MIN_SECRET_CHARS = 8;

/** The redactor's value patterns as a SecretFinder: the fallback when the crawler's rules are not plugged in. */
export const redactorSecretFinder: SecretFinder = {
  redact(text) {
    const out = redactString(text);
    return { text: out, found: out === text ? [] : ['redactor-pattern'] };
  },
};

/** Result of a deep secret scan. */
export interface SecretScan {
  value: unknown;
  /** Rule ids that found something (deduplicated). */
  found: string[];
}

/**
 * Replace secrets in every string of a JSON-like value (plain objects and arrays, bounded depth). After
 * `budgetChars` characters have been scanned with `finder`, the rest is scanned by the redactor patterns only.
 * Unchanged subtrees are returned as they are (no copy).
 */
export function redactSecretsDeep(value: unknown, finder: SecretFinder, budgetChars = Number.POSITIVE_INFINITY): SecretScan {
  const found = new Set<string>();
  let budget = budgetChars;
  const visit = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') {
      if (v.length < MIN_SECRET_CHARS) return v;
      const useFinder = budget >= v.length;
      budget -= v.length;
      const r = useFinder ? finder.redact(v) : redactorSecretFinder.redact(v);
      for (const id of r.found) found.add(id);
      return r.found.length ? r.text : v;
    }
    if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return v;
    if (Array.isArray(v)) {
      let copy: unknown[] | undefined;
      v.forEach((item, i) => {
        const next = visit(item, depth + 1);
        if (next === item) return;
        copy ??= [...v];
        copy[i] = next;
      });
      return copy ?? v;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    let copy: Record<string, unknown> | undefined;
    for (const [k, item] of Object.entries(v)) {
      const next = visit(item, depth + 1);
      if (next !== item) {
        copy ??= Object.fromEntries(Object.entries(v));
        Object.defineProperty(copy, k, { value: next, enumerable: true, writable: true, configurable: true });
      }
    }
    return copy ?? v;
  };
  const out = visit(value, 0);
  return { value: out, found: [...found].sort() };
}

export const secretAxioms: readonly Axiom[] = [
  {
    id: 'AX-07',
    title: 'No secret material in tool arguments',
    rationale:
      'Arguments are logged (redacted), audited, stored with approvals and often echoed by tools; a token pasted into a prompt must not travel further. By default the call is denied; with policy.secrets.inArguments = redact the secret is replaced and the call runs.',
    severity: 'high',
    defaultOn: true,
    effect: 'deny',
    configKeys: ['policy.secrets.inArguments', 'policy.secrets.exemptOperations'],
    examples: {
      fires: {
        operation: 'deploy_create_config',
        effects: 'write',
        arguments: { name: 'ci', value: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a' },
      },
      passes: { operation: 'deploy_create_config', effects: 'write', arguments: { name: 'ci', value: 'replicas=3' } },
    },
    check(ctx) {
      if (globAny(ctx.settings.secrets.exemptOperations, ctx.operation)) return undefined;
      const finder = ctx.ports.secrets;
      let hit: string[] | undefined;
      for (const entry of ctx.args.strings()) {
        const value = entry.value as string;
        if (value.length < MIN_SECRET_CHARS) continue;
        const r = finder.redact(value);
        if (r.found.length) {
          hit = [entry.path, ...r.found];
          break;
        }
      }
      if (!hit) return undefined;
      const [path, ...rules] = hit;
      if (ctx.settings.secrets.inArguments === 'redact') {
        return {
          effect: 'redact',
          reason: `Argument "${path}" carried secret material (${rules.join(', ')}); it was replaced before the call ran.`,
          redactInput: (input) => redactSecretsDeep(input, finder).value as Record<string, unknown>,
        };
      }
      return {
        reason: `Argument "${path}" looks like secret material (${rules.join(', ')}). Do not pass credentials as tool arguments; reference a stored secret instead.`,
      };
    },
  },
  {
    id: 'AX-08',
    title: 'Secrets in tool outputs are redacted',
    rationale:
      'Tool outputs go back to an LLM and into its provider’s logs. Credentials found in an output (a config file, a process environment, a log line) are replaced before the result leaves the gateway; with policy.secrets.inOutputs = deny the whole output of a read is withheld instead and the call fails with E_POLICY_DENIED. Calls with other effects have already run, so their outputs are always redacted: failing them would invite a retry that repeats the side effect.',
    severity: 'high',
    defaultOn: true,
    effect: 'redact',
    configKeys: ['policy.secrets.inOutputs', 'policy.secrets.exemptOutputs', 'policy.secrets.maxScanBytes'],
    stage: 'output',
    examples: {
      fires: {
        operation: 'desktop_read_file',
        effects: 'read',
        arguments: { path: '.env' },
        output: { content: 'GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a' },
      },
      passes: { operation: 'desktop_read_file', effects: 'read', arguments: { path: 'README.md' }, output: { content: 'Hello, world' } },
    },
    check: () => undefined,
    inspect(ctx, output) {
      if (globAny(ctx.settings.secrets.exemptOutputs, ctx.operation)) return { output, found: [] };
      const scan = redactSecretsDeep(output, ctx.ports.secrets, ctx.settings.secrets.maxScanBytes);
      if (scan.found.length && ctx.settings.secrets.inOutputs === 'deny') {
        return {
          output: scan.value,
          found: scan.found,
          deny: `The output of ${ctx.operation} carried secret material (${scan.found.join(', ')}); it is withheld (policy.secrets.inOutputs is deny).`,
        };
      }
      return { output: scan.value, found: scan.found };
    },
  },
];

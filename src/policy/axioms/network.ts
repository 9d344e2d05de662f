/**
 * Axioms about the world outside: outbound URLs in arguments pass the SSRF guard (AX-21), and federated upstream
 * tools — external by default — run in production only where a user rule explicitly allows them (AX-22).
 */
import { isAppError } from '../../core/errors.js';
import { globAny } from '../glob-match.js';
import type { Axiom } from '../types.js';
import { URL_KEYS } from './shapes.js';

const MAX_URLS = 64;

/**
 * A federated upstream tool (`<alias>__<tool>`, src/gateway/names.ts; built-in names never contain `__`). Its
 * arguments follow the upstream's rules, not ours: an exempt glob such as `slack_*` must not exempt the tools of an
 * upstream aliased `slack_ops`, which may well fetch what they are given.
 */
const federated = (operation: string) => operation.includes('__');

export const networkAxioms: readonly Axiom[] = [
  {
    id: 'AX-21',
    title: 'Outbound URLs pass the SSRF guard',
    rationale:
      'A URL argument is an invitation to fetch cloud metadata (169.254.169.254), localhost admin ports or the internal network. URLs are checked by the same guard as every outbound request, before the tool sees them. Operations that never fetch their URL arguments (links in chat messages: slack_* by default) are exempt through policy.urls.exemptOperations; federated tools (`<alias>__<tool>`) never are.',
    severity: 'critical',
    defaultOn: true,
    effect: 'deny',
    configKeys: ['http.allowHosts', 'http.allowCidrs', 'policy.urls.exemptOperations'],
    // policy_explain's arguments describe another call, whose URLs are checked when that call is made.
    exceptOperations: ['policy_explain'],
    shape: { urlKeys: URL_KEYS },
    examples: {
      fires: { operation: 'monitoring_add_webhook', effects: 'write', arguments: { url: 'http://169.254.169.254/latest/meta-data/' } },
      passes: { operation: 'monitoring_add_webhook', effects: 'write', arguments: { url: 'https://hooks.example.com/alerts' } },
    },
    check(ctx) {
      const guard = ctx.ports.ssrfGuard;
      if (!guard) return undefined;
      if (!federated(ctx.operation) && globAny(ctx.settings.urls.exemptOperations, ctx.operation)) return undefined;
      const urls = ctx.args.deepStrings(URL_KEYS);
      if (urls.length > MAX_URLS)
        return { reason: `${ctx.operation} names ${urls.length} URLs; at most ${MAX_URLS} are checked per call.` };
      for (const url of urls) {
        try {
          guard.checkUrlShape(url);
        } catch (e) {
          if (!isAppError(e) || (e.code !== 'E_FORBIDDEN' && e.code !== 'E_VALIDATION')) throw e;
          return { reason: e.message };
        }
      }
      return undefined;
    },
  },
  {
    id: 'AX-22',
    title: 'Federated tools need an explicit allow in production',
    rationale:
      'Tools of federated MCP servers (`<alias>__<tool>`) are code-engine’s least known: their effects default to `external`, and their arguments follow no shape the axioms know. In production they run only where an enforced user rule with effect allow names them.',
    severity: 'high',
    defaultOn: true,
    effect: 'deny',
    configKeys: ['federation.servers[].effects', 'policy.rulesFiles'],
    operations: ['*__*'],
    productionOnly: true,
    examples: {
      fires: { operation: 'github__create_issue', effects: 'external', arguments: { title: 'x', environment: 'production' } },
      passes: { operation: 'github__create_issue', effects: 'external', arguments: { title: 'x', environment: 'staging' } },
    },
    check: (ctx) =>
      ctx.allowedByRule
        ? undefined
        : {
            reason: `${ctx.operation} is a federated tool and "${ctx.environment}" is production: add a policy rule with effect allow for it (docs/policy.md).`,
          },
  },
];

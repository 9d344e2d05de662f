/**
 * Secret rules as data (a rule table: longer than the usual file by design). Each rule names the keywords
 * that must appear on a line before its regex runs, the capture group holding the secret, and optional
 * entropy and allowlist checks. Formats follow each vendor's documentation of its token prefixes and
 * the community rule sets of gitleaks and GitHub secret scanning.
 * docs/crawler-analyzers.md lists these rules; a test keeps the table there in sync.
 */
import type { Severity } from '../findings.js';

/** One kind of secret. */
export interface SecretRule {
  /** Stable id; findings use `secret/<id>`. */
  id: string;
  description: string;
  /** Global regex; capture group `group` (default 1) is the secret itself. */
  regex: RegExp;
  /** Lower-case ASCII substrings; the regex runs only on lines containing one of them. */
  keywords: readonly string[];
  severity: Severity;
  group?: number;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** Secrets matching one of these are placeholders or known non-secrets for this rule. */
  allowlist?: readonly RegExp[];
  /** The regex may span lines (it then runs over the whole file when a keyword occurs). */
  multiline?: boolean;
  /** A catch-all rule: dropped where any other rule already reported an overlapping secret. */
  generic?: boolean;
  /** Found by a vendor name nearby rather than a token prefix: yields to prefixed rules on overlap. */
  contextual?: boolean;
  /** Extra structural check of the secret (e.g. a JWT header that decodes to JSON). */
  validate?: (secret: string) => boolean;
  /** Characters of the secret that may be shown in reports (a vendor prefix, not key material). */
  visiblePrefix?: number;
}

const B64URL = 'A-Za-z0-9_-';
/** "name … = 'value'" context for vendor secrets that have no prefix of their own. */
const near = (names: string, value: string): RegExp =>
  new RegExp(
    `(?:${names})[\\w.-]{0,30}?(?:key|secret|token|password|pat)?[\\w.-]{0,20}?["']?\\s*(?:=|:|:=|=>)\\s*["'\`]?(${value})(?![${B64URL}])`,
    'gi',
  );

function isJwt(secret: string): boolean {
  const [header, payload] = secret.split('.');
  try {
    const h = JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')) as unknown;
    JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    return typeof h === 'object' && h !== null && 'alg' in h;
  } catch {
    return false;
  }
}

/**
 * Identifiers, dotted names and paths rather than secrets: every segment (split on _ . / : # @ -) is made of
 * words (lower-case runs, Capitalised words, CAPITALS) with at most one single letter and one number, as in
 * BetaAPIKeyScopeMissingError, cache_creation.ephemeral_1h_input_tokens or /var/run/secrets/token.
 * Random keys fail: their segments are full of single letters and digits.
 */
export function isIdentifierLike(value: string): boolean {
  const core = value.replace(/^[?./:_#@-]+/, '').replace(/[./:]+$/, '');
  if (!core || /[^A-Za-z0-9_./:#@-]/.test(core)) return false;
  return core.split(/[_./:#@-]+/).every((segment) => {
    const pieces = segment.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [];
    if (pieces.join('') !== segment) return false;
    return pieces.filter((p) => /^[A-Za-z]$/.test(p)).length <= 1 && pieces.filter((p) => /^\d/.test(p)).length <= 1;
  });
}

/** Basic credentials whose password part is real: not a placeholder or a stock word like "password". */
function isRealBasicAuth(secret: string): boolean {
  const decoded = Buffer.from(secret, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const password = decoded.slice(colon + 1);
  return password.length >= 4 && !/^[a-z]*(?:password|passwd|pass|pwd|secret)[a-z0-9]*$|^(?:changeme|test|admin|guest)$/i.test(password);
}

function isPemBody(secret: string): boolean {
  return secret.replace(/^[A-Za-z-]+:.*$/gm, '').replace(/[^A-Za-z0-9+/=]/g, '').length >= 64;
}

/** The rule table. */
export const SECRET_RULES: readonly SecretRule[] = [
  // — Cloud providers —
  {
    id: 'aws-access-key-id',
    description: 'AWS access key ID',
    regex: /\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b/g,
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    severity: 'high',
    visiblePrefix: 4,
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key',
    regex: /aws[\w.-]{0,20}?(?:secret|sk)[\w.-]{0,20}?["']?\s*(?:=|:|:=|=>)\s*["'`]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    keywords: ['aws'],
    severity: 'critical',
    entropy: 4,
    contextual: true,
  },
  {
    id: 'aws-mws-key',
    description: 'Amazon Marketplace Web Service auth token',
    regex: /\b(amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g,
    keywords: ['amzn.mws.'],
    severity: 'high',
    visiblePrefix: 9,
  },
  {
    id: 'google-api-key',
    description: 'Google Cloud / Gemini API key',
    regex: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g,
    keywords: ['aiza'],
    severity: 'high',
    visiblePrefix: 4,
  },
  {
    id: 'gcp-service-account-key',
    description: 'Google Cloud service account key (private_key_id of a key file)',
    regex: /"private_key_id"\s*:\s*"([0-9a-f]{40})"/g,
    keywords: ['private_key_id'],
    severity: 'critical',
  },
  {
    id: 'google-oauth-client-secret',
    description: 'Google OAuth client secret',
    regex: /\b(GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])/g,
    keywords: ['gocspx-'],
    severity: 'high',
    visiblePrefix: 7,
  },
  {
    id: 'google-oauth-access-token',
    description: 'Google OAuth access token',
    regex: /\b(ya29\.[0-9A-Za-z_-]{30,})/g,
    keywords: ['ya29.'],
    severity: 'high',
    visiblePrefix: 5,
  },
  {
    id: 'azure-storage-account-key',
    description: 'Azure storage account key in a connection string',
    regex: /AccountKey=([A-Za-z0-9+/]{86}==)/gi,
    keywords: ['accountkey='],
    severity: 'critical',
  },
  {
    id: 'azure-sas-token',
    description: 'Azure shared access signature',
    regex: /\bsv=\d{4}-\d\d-\d\d&[^\s"'<>]*?\bsig=([A-Za-z0-9%+/]{30,}(?:%3D|=){0,2})/gi,
    keywords: ['sv=20'],
    severity: 'high',
  },
  {
    id: 'azure-ad-client-secret',
    description: 'Microsoft Entra ID (Azure AD) client secret',
    regex: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
    keywords: ['q~'],
    severity: 'critical',
    entropy: 3.5,
  },
  {
    id: 'digitalocean-token',
    description: 'DigitalOcean personal access, OAuth or refresh token',
    regex: /\b(do[opr]_v1_[a-f0-9]{64})\b/g,
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    severity: 'critical',
    visiblePrefix: 7,
  },
  {
    id: 'heroku-api-key',
    description: 'Heroku API key',
    regex: near('heroku', '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'),
    contextual: true,
    keywords: ['heroku'],
    severity: 'high',
  },
  {
    id: 'hashicorp-vault-token',
    description: 'HashiCorp Vault service token',
    regex: /\b(hvs\.[A-Za-z0-9_-]{90,120})(?![A-Za-z0-9_-])/g,
    keywords: ['hvs.'],
    severity: 'critical',
    visiblePrefix: 4,
  },
  {
    id: 'terraform-cloud-token',
    description: 'Terraform Cloud / Enterprise API token',
    regex: /\b([a-zA-Z0-9]{14}\.atlasv1\.[a-zA-Z0-9_=-]{60,70})(?![a-zA-Z0-9_=-])/g,
    keywords: ['.atlasv1.'],
    severity: 'high',
  },
  {
    id: 'databricks-token',
    description: 'Databricks personal access token',
    regex: /\b(dapi[a-f0-9]{32}(?:-\d)?)\b/g,
    keywords: ['dapi'],
    severity: 'high',
    visiblePrefix: 4,
  },
  // — Version control and developer platforms —
  {
    id: 'github-pat',
    description: 'GitHub personal access token (classic)',
    regex: /\b(ghp_[A-Za-z0-9]{36})\b/g,
    keywords: ['ghp_'],
    severity: 'high',
    visiblePrefix: 4,
  },
  {
    id: 'github-fine-grained-pat',
    description: 'GitHub fine-grained personal access token',
    regex: /\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/g,
    keywords: ['github_pat_'],
    severity: 'high',
    visiblePrefix: 11,
  },
  {
    id: 'github-oauth-token',
    description: 'GitHub OAuth access token',
    regex: /\b(gho_[A-Za-z0-9]{36})\b/g,
    keywords: ['gho_'],
    severity: 'high',
    visiblePrefix: 4,
  },
  {
    id: 'github-app-token',
    description: 'GitHub App user-to-server or installation token',
    regex: /\b((?:ghu|ghs)_[A-Za-z0-9]{36})\b/g,
    keywords: ['ghu_', 'ghs_'],
    severity: 'high',
    visiblePrefix: 4,
  },
  {
    id: 'github-refresh-token',
    description: 'GitHub refresh token',
    regex: /\b(ghr_[A-Za-z0-9]{36,76})\b/g,
    keywords: ['ghr_'],
    severity: 'high',
    visiblePrefix: 4,
  },
  {
    id: 'gitlab-pat',
    description: 'GitLab personal, project or group access token',
    regex: /\b(glpat-[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
    keywords: ['glpat-'],
    severity: 'high',
    visiblePrefix: 6,
  },
  {
    id: 'gitlab-pipeline-trigger-token',
    description: 'GitLab pipeline trigger token',
    regex: /\b(glptt-[0-9a-f]{40})\b/g,
    keywords: ['glptt-'],
    severity: 'high',
    visiblePrefix: 6,
  },
  {
    id: 'gitlab-runner-token',
    description: 'GitLab runner registration or authentication token',
    regex: /\b((?:GR1348941|glrt-)[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
    keywords: ['gr1348941', 'glrt-'],
    severity: 'high',
    visiblePrefix: 5,
  },
  {
    id: 'bitbucket-app-password',
    description: 'Bitbucket / Atlassian app password',
    regex: /\b(ATBB[A-Za-z0-9_=.-]{28,})(?![A-Za-z0-9_=.-])/g,
    keywords: ['atbb'],
    severity: 'high',
    entropy: 3.5,
    visiblePrefix: 4,
  },
  {
    id: 'bitbucket-client-secret',
    description: 'Bitbucket OAuth consumer secret',
    regex: near('bitbucket', '[a-zA-Z0-9_-]{32,64}'),
    contextual: true,
    keywords: ['bitbucket'],
    severity: 'high',
    entropy: 3.5,
  },
  {
    id: 'atlassian-api-token',
    description: 'Atlassian (Jira, Confluence) API token',
    regex: /\b(ATATT3[A-Za-z0-9_=-]{150,})(?![A-Za-z0-9_=-])/g,
    keywords: ['atatt3'],
    severity: 'high',
    visiblePrefix: 6,
  },
  {
    id: 'npm-token',
    description: 'npm access token',
    regex: /\b(npm_[A-Za-z0-9]{36})\b/g,
    keywords: ['npm_'],
    severity: 'high',
    entropy: 3.5,
    visiblePrefix: 4,
  },
  {
    id: 'pypi-token',
    description: 'PyPI upload token',
    regex: /\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})(?![A-Za-z0-9_-])/g,
    keywords: ['pypi-ageichlwas5vcmc'],
    severity: 'high',
    visiblePrefix: 5,
  },
  {
    id: 'postman-api-key',
    description: 'Postman API key',
    regex: /\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b/gi,
    keywords: ['pmak-'],
    severity: 'high',
    visiblePrefix: 5,
  },
  {
    id: 'linear-api-key',
    description: 'Linear API key',
    regex: /\b(lin_api_[a-zA-Z0-9]{40})\b/g,
    keywords: ['lin_api_'],
    severity: 'high',
    visiblePrefix: 8,
  },
  {
    id: 'shopify-token',
    description: 'Shopify access or shared-secret token',
    regex: /\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/g,
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    severity: 'high',
    visiblePrefix: 6,
  },
  // — Chat and messaging —
  {
    id: 'slack-bot-token',
    description: 'Slack bot token',
    regex: /\b(xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24})\b/g,
    keywords: ['xoxb-'],
    severity: 'high',
    visiblePrefix: 5,
  },
  {
    id: 'slack-user-token',
    description: 'Slack user or workspace token',
    regex: /\b(xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34})\b/g,
    keywords: ['xoxp-', 'xoxe-'],
    severity: 'high',
    visiblePrefix: 5,
  },
  {
    id: 'slack-app-token',
    description: 'Slack app-level token',
    regex: /\b(xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)\b/gi,
    keywords: ['xapp-'],
    severity: 'high',
    visiblePrefix: 5,
  },
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming webhook URL',
    regex: /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{30,80})/g,
    keywords: ['hooks.slack.com'],
    severity: 'medium',
    visiblePrefix: 32,
  },
  {
    id: 'discord-bot-token',
    description: 'Discord bot token',
    regex: near('discord', '[MNO][A-Za-z\\d_-]{23,25}\\.[\\w-]{6}\\.[\\w-]{27,38}'),
    contextual: true,
    keywords: ['discord'],
    severity: 'high',
  },
  {
    id: 'discord-webhook-url',
    description: 'Discord webhook URL',
    regex: /(https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[\w-]{60,68})/g,
    keywords: ['discord.com/api/webhooks', 'discordapp.com/api/webhooks'],
    severity: 'medium',
    visiblePrefix: 34,
  },
  {
    id: 'telegram-bot-token',
    description: 'Telegram bot token',
    regex: /(?<![\w:])(\d{8,10}:AA[0-9A-Za-z_-]{33})(?![\w-])/g,
    keywords: [':aa'],
    severity: 'high',
  },
  {
    id: 'sendgrid-api-key',
    description: 'SendGrid API key',
    regex: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    keywords: ['sg.'],
    severity: 'high',
    visiblePrefix: 3,
  },
  {
    id: 'new-relic-user-key',
    description: 'New Relic user API key',
    regex: /\b(NRAK-[A-Z0-9]{27})\b/g,
    keywords: ['nrak-'],
    severity: 'high',
    visiblePrefix: 5,
  },
  // — Payments —
  {
    id: 'stripe-live-secret-key',
    description: 'Stripe live secret or restricted key',
    regex: /\b((?:sk|rk)_live_[0-9a-zA-Z]{24,99})\b/g,
    keywords: ['sk_live_', 'rk_live_'],
    severity: 'critical',
    visiblePrefix: 8,
  },
  {
    id: 'stripe-test-secret-key',
    description: 'Stripe test-mode secret or restricted key',
    regex: /\b((?:sk|rk)_test_[0-9a-zA-Z]{24,99})\b/g,
    keywords: ['sk_test_', 'rk_test_'],
    severity: 'low',
    visiblePrefix: 8,
  },
  {
    id: 'stripe-webhook-secret',
    description: 'Stripe webhook signing secret',
    regex: /\b(whsec_[A-Za-z0-9]{32,})\b/g,
    keywords: ['whsec_'],
    severity: 'high',
    visiblePrefix: 6,
  },
  {
    id: 'square-access-token',
    description: 'Square access token',
    regex: /(?<![A-Za-z0-9+/_-])((?:EAAA|sq0atp-)[0-9A-Za-z_-]{22,60})(?![0-9A-Za-z_+/=-])/g,
    keywords: ['eaaa', 'sq0atp-'],
    severity: 'critical',
    entropy: 3.5,
    visiblePrefix: 4,
  },
  {
    id: 'square-oauth-secret',
    description: 'Square OAuth application secret',
    regex: /\b(sq0csp-[0-9A-Za-z_-]{43})(?![0-9A-Za-z_-])/g,
    keywords: ['sq0csp-'],
    severity: 'critical',
    visiblePrefix: 7,
  },
  {
    id: 'paypal-braintree-access-token',
    description: 'PayPal Braintree production access token',
    regex: /\b(access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})\b/g,
    keywords: ['access_token$production$'],
    severity: 'critical',
    visiblePrefix: 24,
  },
  {
    id: 'paypal-client-secret',
    description: 'PayPal REST API client secret',
    regex: near('paypal', `[${B64URL}]{80}`),
    contextual: true,
    keywords: ['paypal'],
    severity: 'critical',
    entropy: 4,
  },
  // — LLM and AI providers —
  {
    id: 'anthropic-api-key',
    description: 'Anthropic API key',
    regex: /\b(sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{32,120})(?![A-Za-z0-9_-])/g,
    keywords: ['sk-ant-'],
    severity: 'high',
    visiblePrefix: 7,
  },
  {
    id: 'openai-api-key',
    description: 'OpenAI API key',
    regex: /\b(sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}))(?![A-Za-z0-9_-])/g,
    keywords: ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 't3blbkfj'],
    severity: 'high',
    entropy: 3.5,
    visiblePrefix: 3,
  },
  {
    id: 'openrouter-api-key',
    description: 'OpenRouter API key',
    regex: /\b(sk-or-v1-[0-9a-f]{64})\b/g,
    keywords: ['sk-or-v1-'],
    severity: 'high',
    visiblePrefix: 9,
  },
  {
    id: 'huggingface-token',
    description: 'Hugging Face access token',
    regex: /\b(hf_[A-Za-z0-9]{34,40})\b/g,
    keywords: ['hf_'],
    severity: 'high',
    entropy: 3.5,
    visiblePrefix: 3,
  },
  {
    id: 'groq-api-key',
    description: 'Groq API key',
    regex: /\b(gsk_[A-Za-z0-9]{52})\b/g,
    keywords: ['gsk_'],
    severity: 'high',
    visiblePrefix: 4,
  },
  {
    id: 'xai-api-key',
    description: 'xAI (Grok) API key',
    regex: /\b(xai-[A-Za-z0-9]{80})\b/g,
    keywords: ['xai-'],
    severity: 'high',
    visiblePrefix: 4,
  },
  {
    id: 'replicate-api-token',
    description: 'Replicate API token',
    regex: /\b(r8_[A-Za-z0-9]{37})\b/g,
    keywords: ['r8_'],
    severity: 'high',
    entropy: 3.5,
    visiblePrefix: 3,
  },
  {
    id: 'perplexity-api-key',
    description: 'Perplexity API key',
    regex: /\b(pplx-[A-Za-z0-9]{48})\b/g,
    keywords: ['pplx-'],
    severity: 'high',
    visiblePrefix: 5,
  },
  // — Keys, tokens and credentials in general formats —
  {
    id: 'private-key',
    description: 'Private key (PEM or OpenSSH)',
    regex: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----\s*?([\s\S]{64,12000}?)\s*-----END \1-----/g,
    group: 2,
    keywords: ['private key-----', 'private key block-----'],
    severity: 'critical',
    multiline: true,
    validate: isPemBody,
    visiblePrefix: 0,
  },
  {
    id: 'age-secret-key',
    description: 'age encryption secret key',
    regex: /\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b/g,
    keywords: ['age-secret-key-1'],
    severity: 'critical',
    visiblePrefix: 15,
  },
  {
    id: 'jwt',
    description: 'JSON Web Token',
    regex: /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g,
    keywords: ['eyj'],
    severity: 'medium',
    validate: isJwt,
    visiblePrefix: 3,
  },
  {
    id: 'database-url-password',
    description: 'Database or broker URL with a password',
    regex:
      /\b((?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb):\/\/[^\s:/@'"`]*:([^\s@/'"`]{3,200})@[^\s'"`]+)/gi,
    group: 2,
    keywords: [
      'postgres://',
      'postgresql://',
      'mysql://',
      'mariadb://',
      'mongodb://',
      'mongodb+srv://',
      'redis://',
      'rediss://',
      'amqp://',
      'amqps://',
      'mssql://',
      'sqlserver://',
      'clickhouse://',
      'cockroachdb://',
    ],
    severity: 'high',
    allowlist: [/^[a-z]*(?:password|passwd|pass|pwd|secret)[a-z0-9]*$|^(?:changeme|postgres|root|admin|guest|user|test)$/i],
  },
  {
    id: 'basic-auth-header',
    description: 'HTTP Basic credentials in an Authorization header',
    regex: /authorization["']?\s*[:=]\s*["']?basic\s+([A-Za-z0-9+/]{16,}={0,2})/gi,
    keywords: ['basic '],
    severity: 'high',
    entropy: 3.5,
    validate: isRealBasicAuth,
  },
  {
    id: 'generic-secret-assignment',
    description: 'High-entropy value assigned to a secret-named variable or key',
    regex:
      /(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|client[_-]?secret|private[_-]?key|credentials?|signing[_-]?key|encryption[_-]?key)[\w.-]{0,30}["']?\s*(?:=|:|:=|=>|\?\?=)\s*(?:[rbuf]?["'`])([\x21\x23-\x26\x28-\x5f\x61-\x7e]{12,200})["'`]/gi,
    keywords: [
      'password',
      'passwd',
      'pwd',
      'secret',
      'token',
      'api_key',
      'apikey',
      'api-key',
      'access_key',
      'accesskey',
      'auth_key',
      'authkey',
      'credential',
      'private_key',
      'privatekey',
      'signing_key',
      'encryption_key',
    ],
    severity: 'medium',
    entropy: 3.5,
    generic: true,
    allowlist: [
      // Password hashes are not passwords.
      /^\$(?:2[abxy]?|argon2(?:id|i|d)|scrypt|pbkdf2[\w-]*|[156])\$/,
      // Environment variable names, URNs, and code rather than a literal (calls, indexing, env lookups).
      /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/,
      /^urn:/i,
      /[()[\]]|^process\.env|^os\.environ/,
      // URLs without credentials.
      /^[a-z][a-z0-9+.-]*:\/\/[^:@]*$/i,
    ],
    validate: (secret) => !isIdentifierLike(secret),
  },
];

/**
 * SAST rules for Python (a rule table: data, longer than the usual file on purpose), written against the
 * tree-sitter-python grammar. docs/crawler-analyzers.md lists these rules; a test keeps it in sync.
 */

import {
  fileMentions,
  fromRequest,
  hasNestedQuantifier,
  inSecurityContext,
  inSecurityPurpose,
  isCredentialName,
  isCredentialValue,
  isDynamicSql,
  isSanitized,
  isStringLiteral,
  redirectValidated,
  stringValue,
} from './predicates.js';
import type { SastRule } from './rule.js';

/** A call's function as a bare name or an attribute name: captures @fn. */
const CALLEE = '[(identifier) @fn (attribute attribute: (identifier) @fn)]';
/** `module.function(…)`: captures @m and @fn. */
const MODULE_CALL = '(attribute object: (identifier) @m attribute: (identifier) @fn)';

/** Python rules. */
export const PY_RULES: readonly SastRule[] = [
  {
    id: 'py-eval-exec',
    keywords: ['eval', 'exec'],
    family: 'py',
    title: 'eval/exec of dynamic code',
    severity: 'high',
    cwe: 'CWE-95',
    message: 'eval()/exec() runs a string that is not a constant as code.',
    fix: 'Parse data with json.loads or ast.literal_eval; dispatch over a dict of functions.',
    query: '(call function: (identifier) @fn (#any-of? @fn "eval" "exec") arguments: (argument_list . (_) @arg)) @match',
    where: (c) => !isStringLiteral(c.arg),
  },
  {
    id: 'py-subprocess-shell',
    keywords: ['shell'],
    family: 'py',
    title: 'subprocess with shell=True and a dynamic command',
    severity: 'high',
    cwe: 'CWE-78',
    message: 'shell=True runs the command through /bin/sh, and the command is built at run time.',
    fix: 'Pass a list of arguments without shell=True (shlex.split for fixed strings).',
    query: `(call function: ${CALLEE} (#any-of? @fn "run" "call" "check_call" "check_output" "Popen" "getoutput" "getstatusoutput")
      arguments: (argument_list . (_) @cmd (keyword_argument name: (identifier) @k (#eq? @k "shell") value: (true)))) @match`,
    where: (c) => !isStringLiteral(c.cmd),
  },
  {
    id: 'py-os-system',
    keywords: ['os.'],
    family: 'py',
    title: 'os.system/os.popen with a dynamic command',
    severity: 'high',
    cwe: 'CWE-78',
    message: 'os.system/os.popen pass a non-constant command line to the shell.',
    fix: 'Use subprocess.run([...]) with an argument list.',
    query: `(call function: ${MODULE_CALL} (#eq? @m "os") (#any-of? @fn "system" "popen" "popen2" "popen3") arguments: (argument_list . (_) @arg)) @match`,
    where: (c) => !isStringLiteral(c.arg),
  },
  {
    id: 'py-sql-injection',
    keywordScope: 'file',
    keywords: ['select', 'insert', 'update', 'delete', 'drop', 'alter', 'create', 'where', 'order by'],
    family: 'py',
    title: 'SQL built by formatting or concatenation',
    severity: 'critical',
    cwe: 'CWE-89',
    message: 'A SQL statement is assembled with f-strings, %, + or .format() and executed.',
    fix: 'Use parameters: cursor.execute("… WHERE id = %s", (user_id,)), or the ORM.',
    query: `
      (call function: (attribute attribute: (identifier) @fn)
        (#any-of? @fn "execute" "executemany" "executescript" "raw" "extra" "from_statement" "read_sql" "read_sql_query" "mogrify")
        arguments: (argument_list . (_) @arg)) @match
      (call function: ${CALLEE} (#eq? @fn "text") arguments: (argument_list . (_) @arg)) @match`,
    where: (c) => isDynamicSql(c.arg),
  },
  {
    id: 'py-pickle',
    keywords: ['pickle', 'dill', 'marshal', 'shelve'],
    family: 'py',
    title: 'Insecure deserialization (pickle and friends)',
    severity: 'high',
    cwe: 'CWE-502',
    message: 'pickle/dill/marshal/shelve/jsonpickle run code while loading; never load untrusted data with them.',
    fix: 'Use JSON (json.loads) and validate the result.',
    query: `(call function: ${MODULE_CALL} (#any-of? @m "pickle" "cPickle" "_pickle" "dill" "jsonpickle" "marshal" "shelve")
      (#any-of? @fn "load" "loads" "decode" "Unpickler" "open")) @match`,
  },
  {
    id: 'py-yaml-load',
    keywords: ['yaml'],
    family: 'py',
    title: 'yaml.load without a safe loader',
    severity: 'high',
    cwe: 'CWE-502',
    message: 'yaml.load with the default/full/unsafe loader can construct arbitrary Python objects.',
    fix: 'Use yaml.safe_load(data), or yaml.load(data, Loader=yaml.SafeLoader).',
    query: `(call function: ${MODULE_CALL} (#eq? @m "yaml") (#any-of? @fn "load" "load_all" "unsafe_load" "unsafe_load_all" "full_load" "full_load_all")
      arguments: (argument_list) @args) @match`,
    where: (c) => /^(?:unsafe|full)_/.test(c.fn?.text ?? '') || !/\b(?:C?SafeLoader|BaseLoader)\b/.test(c.args?.text ?? ''),
  },
  {
    id: 'py-weak-hash',
    keywords: ['hashlib'],
    family: 'py',
    title: 'MD5/SHA-1 for credentials or signatures',
    severity: 'high',
    cwe: 'CWE-328',
    message: 'MD5/SHA-1 hashes passwords, tokens or signatures; both are broken for that use.',
    fix: 'Hash passwords with argon2/scrypt/bcrypt (or hashlib.scrypt); use SHA-256+ / hmac for tokens.',
    query: `
      (call function: ${MODULE_CALL} (#eq? @m "hashlib") (#any-of? @fn "md5" "sha1" "md4") arguments: (argument_list) @args) @match
      (call function: ${MODULE_CALL} (#eq? @m "hashlib") (#eq? @fn "new") arguments: (argument_list . (string) @alg) @args) @match`,
    where: (c) =>
      (!c.alg || /^(?:md5|sha1|md4)$/i.test(stringValue(c.alg))) &&
      !/usedforsecurity\s*=\s*False/.test(c.args?.text ?? '') &&
      c.match !== undefined &&
      inSecurityContext(c.match),
  },
  {
    id: 'py-weak-cipher',
    keywords: ['des', 'arc4', 'arc2', 'blowfish', 'cast', 'xor', 'ecb', 'algorithms'],
    family: 'py',
    title: 'Broken cipher or mode (DES, RC4, Blowfish, ECB)',
    severity: 'high',
    cwe: 'CWE-327',
    message: 'The cipher or block mode is broken: DES/3DES/RC4/Blowfish, or ECB which leaks patterns.',
    fix: 'Use AES-GCM (cryptography AESGCM, or PyCryptodome AES.MODE_GCM) with a random nonce.',
    query: `
      (call function: ${MODULE_CALL} (#any-of? @m "DES" "DES3" "ARC4" "ARC2" "Blowfish" "CAST" "XOR") (#eq? @fn "new")) @match
      (attribute object: (identifier) @m (#any-of? @m "AES" "DES3" "Blowfish" "ARC2" "CAST") attribute: (identifier) @fn (#eq? @fn "MODE_ECB")) @match
      (call function: ${MODULE_CALL} (#eq? @m "modes") (#eq? @fn "ECB")) @match
      (call function: ${MODULE_CALL} (#eq? @m "algorithms") (#any-of? @fn "ARC4" "TripleDES" "Blowfish" "CAST5" "IDEA" "SEED")) @match`,
  },
  {
    id: 'py-tls-verify-disabled',
    keywords: ['verify'],
    family: 'py',
    title: 'HTTP client with verify=False',
    severity: 'high',
    cwe: 'CWE-295',
    message: 'verify=False accepts any TLS certificate, so a man in the middle can read and alter traffic.',
    fix: 'Keep verification on; pass verify="/path/to/ca.pem" for a private CA.',
    query: '(call arguments: (argument_list (keyword_argument name: (identifier) @k (#eq? @k "verify") value: (false)))) @match',
  },
  {
    id: 'py-ssl-unverified-context',
    keywords: ['ssl', 'check_hostname'],
    family: 'py',
    title: 'ssl context without certificate checks',
    severity: 'high',
    cwe: 'CWE-295',
    message: 'An unverified SSL context, CERT_NONE or check_hostname = False disables certificate checks.',
    fix: 'Use ssl.create_default_context() and load a private CA with load_verify_locations().',
    query: `
      (attribute object: (identifier) @m (#eq? @m "ssl") attribute: (identifier) @a (#any-of? @a "_create_unverified_context" "CERT_NONE")) @match
      (assignment left: (attribute attribute: (identifier) @a (#eq? @a "check_hostname")) right: (false)) @match`,
    // Comparing against CERT_NONE (verify_mode != ssl.CERT_NONE) checks verification rather than disabling it.
    where: (c) => c.match?.parent?.type !== 'comparison_operator',
  },
  {
    id: 'py-path-traversal',
    keywordScope: 'file',
    keywords: ['request'],
    family: 'py',
    title: 'File path from request input',
    severity: 'high',
    cwe: 'CWE-22',
    message: 'A file path is built from request input, so "../" can reach files outside the intended folder.',
    fix: 'Use werkzeug.utils.secure_filename / os.path.basename, join under a base folder and check the resolved path stays inside it.',
    query: `(call function: ${CALLEE} (#any-of? @fn "open" "join" "send_file" "send_from_directory" "FileResponse" "remove" "unlink" "rmtree" "Path")
      arguments: (argument_list (_) @arg)) @match`,
    where: (c) => fromRequest(c.arg, 'py'),
  },
  {
    id: 'py-open-redirect',
    keywords: ['redirect'],
    family: 'py',
    title: 'Redirect to a request-supplied URL',
    severity: 'medium',
    cwe: 'CWE-601',
    message: 'The redirect target comes from the request, so a link can send users to any site.',
    fix: "Check it with Django's url_has_allowed_host_and_scheme (or an allowlist) before redirecting.",
    query: `(call function: ${CALLEE} (#any-of? @fn "redirect" "HttpResponseRedirect" "RedirectResponse") arguments: (argument_list . (_) @arg)) @match`,
    where: (c) => fromRequest(c.arg, 'py') && c.match !== undefined && !redirectValidated(c.match),
  },
  {
    id: 'py-hardcoded-credentials',
    skipInTests: true,
    keywords: ['pass', 'pwd', 'secret', 'key', 'token', 'credential'],
    family: 'py',
    title: 'Hard-coded credential',
    severity: 'high',
    cwe: 'CWE-798',
    message: 'A password, secret or key is written as a string literal in the code.',
    fix: 'Read it from the environment (os.environ) or a secret store at run time.',
    query: `
      (assignment left: [(identifier) (attribute)] @name right: (string) @val) @match
      (keyword_argument name: (identifier) @name value: (string) @val) @match
      (pair key: (string) @name value: (string) @val) @match`,
    where: (c) =>
      isCredentialName(c.name?.type === 'string' ? stringValue(c.name) : (c.name?.text.split('.').pop() ?? '')) &&
      isStringLiteral(c.val) &&
      c.val !== undefined &&
      isCredentialValue(stringValue(c.val)),
    sensitiveMatch: true,
  },
  {
    id: 'py-flask-debug',
    keywords: ['debug'],
    family: 'py',
    title: 'Flask app run with debug=True',
    severity: 'high',
    cwe: 'CWE-489',
    message: 'The Werkzeug debugger lets anyone who reaches the app run code.',
    fix: 'Drive debug from configuration (FLASK_DEBUG) and never enable it in production.',
    query:
      '(call function: (attribute attribute: (identifier) @fn (#eq? @fn "run")) arguments: (argument_list (keyword_argument name: (identifier) @k (#eq? @k "debug") value: (true)))) @match',
  },
  {
    id: 'py-jwt-decode-without-verify',
    keywords: ['jwt'],
    family: 'py',
    title: 'JWT decoded without verification or pinned algorithms',
    severity: 'high',
    cwe: 'CWE-347',
    message: 'jwt.decode() without verification, or without algorithms=[…], accepts forged tokens.',
    fix: 'jwt.decode(token, key, algorithms=["RS256"]) and keep signature verification on.',
    query: `(call function: ${MODULE_CALL} (#eq? @m "jwt") (#eq? @fn "decode") arguments: (argument_list) @args) @match`,
    where: (c) =>
      /verify_signature["']\s*:\s*False|\bverify\s*=\s*False/.test(c.args?.text ?? '') || !/\balgorithms\s*=/.test(c.args?.text ?? ''),
  },
  {
    id: 'py-xxe',
    keywords: ['.parse', 'fromstring', '.xml(', 'parsestring', 'iterparse', 'xmlparser', 'make_parser'],
    family: 'py',
    title: 'XML parsed with the standard library or lxml (XXE)',
    severity: 'high',
    cwe: 'CWE-611',
    message: 'This XML parser expands entities (XXE, billion laughs) on untrusted input.',
    fix: 'Use defusedxml (defusedxml.ElementTree.fromstring) or lxml with resolve_entities=False, no_network=True.',
    query: `(call function: (attribute object: [(identifier) (attribute)] @m attribute: (identifier) @fn)
      (#any-of? @fn "parse" "fromstring" "XML" "parseString" "iterparse" "XMLParser" "make_parser")) @match`,
    where: (c, root) =>
      /(?:^|\.)(?:etree|ElementTree|ET|cElementTree|minidom|pulldom|sax|expatbuilder)$/.test(c.m?.text ?? '') &&
      !fileMentions(root, /\bdefusedxml\b/) &&
      !/resolve_entities\s*=\s*False/.test(c.match?.text ?? ''),
  },
  {
    id: 'py-mktemp',
    keywords: ['mktemp'],
    family: 'py',
    title: 'tempfile.mktemp',
    severity: 'medium',
    cwe: 'CWE-377',
    message: 'tempfile.mktemp() returns a name another process can create first (race).',
    fix: 'Use tempfile.mkstemp() or NamedTemporaryFile().',
    query: `(call function: ${MODULE_CALL} (#eq? @m "tempfile") (#eq? @fn "mktemp")) @match`,
  },
  {
    id: 'py-insecure-random',
    keywords: ['random'],
    family: 'py',
    title: 'random module for security values',
    severity: 'medium',
    cwe: 'CWE-338',
    message: 'The random module is predictable; it generates a token, password or session value here.',
    fix: 'Use the secrets module (secrets.token_urlsafe, secrets.choice).',
    query: `(call function: ${MODULE_CALL} (#eq? @m "random") (#any-of? @fn "random" "randint" "randrange" "choice" "choices" "getrandbits" "sample" "uniform")) @match`,
    where: (c) => c.match !== undefined && inSecurityPurpose(c.match),
  },
  {
    id: 'py-mark-safe',
    keywords: ['mark_safe', 'markup', 'safestring'],
    family: 'py',
    title: 'mark_safe/Markup of a variable',
    severity: 'medium',
    cwe: 'CWE-79',
    message: 'A non-constant string is marked safe, so the template will not escape it (cross-site scripting).',
    fix: 'Let the template escape it, or build it with format_html / markupsafe.escape.',
    query: `(call function: ${CALLEE} (#any-of? @fn "mark_safe" "Markup" "SafeString") arguments: (argument_list . (_) @arg)) @match`,
    where: (c) => !isStringLiteral(c.arg) && !(c.arg && isSanitized(c.arg)),
  },
  {
    id: 'py-cors-wildcard-credentials',
    keywords: ['cors'],
    family: 'py',
    title: 'CORS any origin with credentials',
    severity: 'high',
    cwe: 'CWE-942',
    message: 'CORS allows every origin and also allows credentials, so any site can act as the user.',
    fix: 'List allowed origins explicitly when credentials are allowed.',
    query: `
      (call function: [(identifier) (attribute)] @fn arguments: (argument_list) @args) @match
      (assignment left: (identifier) @name (#eq? @name "CORS_ALLOW_CREDENTIALS") right: (true)) @match`,
    where: (c, root) =>
      c.args
        ? /\b(?:supports_credentials|allow_credentials)\s*=\s*True/.test(c.args.text) &&
          /\b(?:origins|allow_origins)\s*=\s*\[?\s*["']\*["']/.test(c.args.text)
        : /\bCORS_(?:ALLOW_ALL_ORIGINS|ORIGIN_ALLOW_ALL)\s*=\s*True/.test(root.text),
  },
  {
    id: 'py-redos',
    keywords: ['re.'],
    family: 'py',
    title: 'Regular expression with nested quantifiers',
    severity: 'medium',
    cwe: 'CWE-1333',
    message: 'A quantified group that contains a quantifier can backtrack exponentially (ReDoS).',
    fix: 'Rewrite without nesting ((a+)+ → a+), or bound the input length before matching.',
    query: `(call function: ${MODULE_CALL} (#eq? @m "re") (#any-of? @fn "compile" "match" "search" "fullmatch" "findall" "finditer" "sub" "subn" "split")
      arguments: (argument_list . (string) @p)) @match`,
    where: (c) => c.p !== undefined && hasNestedQuantifier(stringValue(c.p)),
  },
  {
    id: 'py-ssh-auto-add-host-key',
    keywords: ['set_missing_host_key_policy'],
    family: 'py',
    title: 'Paramiko accepting unknown host keys',
    severity: 'high',
    cwe: 'CWE-295',
    message: 'AutoAddPolicy/WarningPolicy trusts any SSH host key, so a man in the middle goes unnoticed.',
    fix: 'Load known hosts (load_system_host_keys) and keep RejectPolicy.',
    query:
      '(call function: (attribute attribute: (identifier) @fn (#eq? @fn "set_missing_host_key_policy")) arguments: (argument_list . (_) @arg)) @match',
    where: (c) => /AutoAddPolicy|WarningPolicy/.test(c.arg?.text ?? ''),
  },
  {
    id: 'py-csrf-exempt',
    keywords: ['csrf_exempt'],
    family: 'py',
    title: 'Django view exempt from CSRF protection',
    severity: 'medium',
    cwe: 'CWE-352',
    message: '@csrf_exempt turns off CSRF protection for this view.',
    fix: 'Remove it; for API clients use token authentication, which is not cookie-based.',
    query: '(decorator [(identifier) @d (attribute attribute: (identifier) @d)] (#eq? @d "csrf_exempt")) @match',
  },
  {
    id: 'py-jinja-autoescape-off',
    keywords: ['environment'],
    family: 'py',
    title: 'Jinja2 environment without autoescape',
    severity: 'high',
    cwe: 'CWE-79',
    message: 'Jinja2 does not escape HTML unless autoescape is on (cross-site scripting).',
    fix: 'Environment(autoescape=select_autoescape()) or autoescape=True.',
    query: `(call function: ${CALLEE} (#eq? @fn "Environment") arguments: (argument_list) @args) @match`,
    where: (c, root) => fileMentions(root, /\bjinja2\b/) && !/\bautoescape\s*=\s*(?:True|select_autoescape)/.test(c.args?.text ?? ''),
  },
];

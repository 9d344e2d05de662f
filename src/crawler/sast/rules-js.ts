/**
 * SAST rules for JavaScript and TypeScript (a rule table: data, longer than the usual file on purpose).
 * Queries use node types common to the tree-sitter-javascript, -typescript and -tsx grammars.
 * docs/crawler-analyzers.md lists these rules; a test keeps it in sync.
 */

import {
  fileMentions,
  fromRequest,
  hasNestedQuantifier,
  hasSql,
  inSecurityContext,
  inSecurityPurpose,
  isCredentialName,
  isCredentialValue,
  isDynamicSql,
  isSanitized,
  isStringLiteral,
  onlyConstantSubstitutions,
  redirectValidated,
  stringValue,
} from './predicates.js';
import type { SastRule } from './rule.js';

/** A call's function as a bare name or a member name: captures @fn. */
const CALLEE = '[(identifier) @fn (member_expression property: (property_identifier) @fn)]';

/** JavaScript/TypeScript rules. */
export const JS_RULES: readonly SastRule[] = [
  {
    id: 'js-eval',
    keywords: ['eval'],
    family: 'js',
    title: 'eval of dynamic code',
    severity: 'high',
    cwe: 'CWE-95',
    message: 'eval() runs a string that is not a constant as code.',
    fix: 'Parse data with JSON.parse, or dispatch over a fixed map of functions; never eval input.',
    query: '(call_expression function: (identifier) @fn (#eq? @fn "eval") arguments: (arguments . (_) @arg)) @match',
    where: (c) => !isStringLiteral(c.arg),
  },
  {
    id: 'js-new-function',
    keywords: ['function('],
    family: 'js',
    title: 'Function constructor',
    severity: 'high',
    cwe: 'CWE-95',
    message: 'The Function constructor compiles a string into code, like eval.',
    fix: 'Write the function in source, or look the behaviour up in a fixed table.',
    query: `
      (new_expression constructor: (identifier) @fn (#eq? @fn "Function") arguments: (arguments (_) @arg)) @match
      (call_expression function: (identifier) @fn (#eq? @fn "Function") arguments: (arguments (_) @arg)) @match`,
  },
  {
    id: 'js-string-timer',
    keywords: ['settimeout', 'setinterval', 'setimmediate'],
    family: 'js',
    title: 'setTimeout/setInterval with a code string',
    severity: 'medium',
    cwe: 'CWE-95',
    message: 'A string passed to setTimeout/setInterval is evaluated as code.',
    fix: 'Pass a function: setTimeout(() => refresh(id), 1000).',
    query: `(call_expression function: ${CALLEE} (#any-of? @fn "setTimeout" "setInterval" "setImmediate")
      arguments: (arguments . [(string) (template_string) (binary_expression operator: "+")] @arg)) @match`,
    where: (c) => c.arg?.type !== 'binary_expression' || /["'`]/.test(c.arg.text),
  },
  {
    id: 'js-command-injection',
    keywords: ['exec'],
    family: 'js',
    title: 'Shell command built from strings',
    severity: 'critical',
    cwe: 'CWE-78',
    message: 'child_process exec() runs a shell command assembled by concatenation or a template.',
    fix: 'Use execFile/spawn with an argument array (no shell), and validate the arguments.',
    query: `(call_expression function: ${CALLEE} (#any-of? @fn "exec" "execSync")
      arguments: (arguments . [(template_string (template_substitution)) (binary_expression operator: "+")] @arg)) @match`,
    // RegExp#exec and SQL exec() calls are not shell commands.
    where: (c) => !hasSql(c.arg?.text ?? '') && c.match?.childForFieldName('function')?.childForFieldName('object')?.type !== 'regex',
  },
  {
    id: 'js-spawn-shell',
    keywords: ['shell'],
    family: 'js',
    title: 'spawn/execFile with shell: true and dynamic input',
    severity: 'high',
    cwe: 'CWE-78',
    message: 'shell: true makes spawn/execFile interpret its command through a shell, and the command is not constant.',
    fix: 'Drop shell: true and pass the arguments as an array.',
    query: `(call_expression function: ${CALLEE} (#any-of? @fn "spawn" "spawnSync" "execFile" "execFileSync")
      arguments: (arguments . (_) @cmd (object (pair key: (property_identifier) @k (#eq? @k "shell") value: (true))))) @match`,
    where: (c) => !isStringLiteral(c.cmd) || /\$\{|\+/.test(c.match?.text ?? ''),
  },
  {
    id: 'js-sql-injection',
    keywordScope: 'file',
    keywords: ['select', 'insert', 'update', 'delete', 'drop', 'alter', 'create', 'where', 'order by'],
    family: 'js',
    title: 'SQL built by concatenation',
    severity: 'critical',
    cwe: 'CWE-89',
    message: 'A SQL statement is assembled from strings and values and sent to the database.',
    fix: 'Use placeholders ($1, ?) with a values array, or the query builder.',
    query: `(call_expression function: (member_expression property: (property_identifier) @fn)
      (#any-of? @fn "query" "execute" "raw" "prepare" "run" "all" "get" "exec" "whereRaw" "$queryRawUnsafe" "$executeRawUnsafe" "unsafe")
      arguments: (arguments . (_) @arg)) @match`,
    where: (c) => isDynamicSql(c.arg) && !onlyConstantSubstitutions(c.arg),
  },
  {
    id: 'js-unsafe-deserialization',
    keywords: ['unserialize'],
    family: 'js',
    title: 'node-serialize unserialize',
    severity: 'critical',
    cwe: 'CWE-502',
    message: 'node-serialize (and similar) unserialize() executes functions embedded in the data.',
    fix: 'Exchange plain JSON and JSON.parse it; validate the result with a schema.',
    query: `(call_expression function: ${CALLEE} (#eq? @fn "unserialize")) @match`,
    where: (_c, root) => fileMentions(root, /node-serialize|serialize-to-js|funcster|cryo/),
  },
  {
    id: 'js-weak-hash',
    keywords: ['createhash'],
    family: 'js',
    title: 'MD5/SHA-1 for credentials or signatures',
    severity: 'high',
    cwe: 'CWE-328',
    message: 'MD5/SHA-1 hashes passwords, tokens or signatures; both are broken for that use.',
    fix: 'Hash passwords with argon2id/scrypt/bcrypt; use SHA-256+ or HMAC-SHA-256 for tokens and signatures.',
    query: `(call_expression function: ${CALLEE} (#eq? @fn "createHash") arguments: (arguments . (string (string_fragment) @alg))) @match`,
    where: (c) => /^(?:md5|md4|md2|sha1|sha-1|ripemd160)$/i.test(c.alg?.text ?? '') && c.match !== undefined && inSecurityContext(c.match),
  },
  {
    id: 'js-weak-cipher',
    keywords: ['createcipher', 'createdecipher'],
    family: 'js',
    title: 'Broken cipher or mode (DES, RC4, ECB, createCipher)',
    severity: 'high',
    cwe: 'CWE-327',
    message: 'The cipher, its mode, or the IV-less createCipher API is broken or deprecated.',
    fix: 'Use createCipheriv("aes-256-gcm", key, randomIv) and keep the auth tag.',
    query: `(call_expression function: ${CALLEE} (#any-of? @fn "createCipheriv" "createDecipheriv" "createCipher" "createDecipher")
      arguments: (arguments . (string (string_fragment) @alg))) @match`,
    where: (c) => /des|rc4|rc2|blowfish|^bf|ecb/i.test(c.alg?.text ?? '') || /^create(?:De)?cipher$/.test(c.fn?.text ?? ''),
  },
  {
    id: 'js-tls-verification-disabled',
    keywords: ['rejectunauthorized'],
    family: 'js',
    title: 'TLS certificate verification disabled',
    severity: 'high',
    cwe: 'CWE-295',
    message: 'rejectUnauthorized: false accepts any certificate, so a man in the middle can read and alter traffic.',
    fix: 'Keep verification on; for a private CA pass it as `ca`.',
    query: '(pair key: [(property_identifier) (string)] @k (#match? @k "rejectUnauthorized") value: (false)) @match',
  },
  {
    id: 'js-node-tls-reject-unauthorized',
    keywords: ['node_tls_reject_unauthorized'],
    family: 'js',
    title: 'NODE_TLS_REJECT_UNAUTHORIZED=0',
    severity: 'high',
    cwe: 'CWE-295',
    message: 'Setting NODE_TLS_REJECT_UNAUTHORIZED to 0 turns off certificate checks for the whole process.',
    fix: 'Remove it; trust a private CA with NODE_EXTRA_CA_CERTS instead.',
    query: `
      (assignment_expression left: (member_expression property: (property_identifier) @p (#eq? @p "NODE_TLS_REJECT_UNAUTHORIZED")) right: (_) @v) @match
      (assignment_expression left: (subscript_expression index: (string (string_fragment) @p (#eq? @p "NODE_TLS_REJECT_UNAUTHORIZED"))) right: (_) @v) @match
      (pair key: [(property_identifier) (string)] @p (#match? @p "NODE_TLS_REJECT_UNAUTHORIZED") value: (_) @v) @match`,
    where: (c) => /^["'`]?0["'`]?$/.test(c.v?.text ?? ''),
  },
  {
    id: 'js-path-traversal',
    keywordScope: 'file',
    keywords: ['req.', 'request.', 'ctx.'],
    family: 'js',
    title: 'File path from request input',
    severity: 'high',
    cwe: 'CWE-22',
    message: 'A file path is built from request input, so "../" can reach files outside the intended folder.',
    fix: 'Take path.basename() of the input (or look it up in an allowlist), resolve it under a base folder and check the result starts with it.',
    query: `(call_expression function: (member_expression object: (_) @o property: (property_identifier) @fn)
      (#match? @fn "^(join|resolve|readFile|readFileSync|createReadStream|createWriteStream|writeFile|writeFileSync|appendFile|unlink|unlinkSync|rm|rmSync|readdir|sendFile|download)$")
      arguments: (arguments (_) @arg)) @match`,
    // Only path, fs and response objects: Promise.resolve(x) or resolver.join(x) are not file access.
    where: (c) =>
      /(?:^|\.)(?:path|posix|win32|fs|fsp|promises|fsPromises|res|reply|response)$/.test(c.o?.text ?? '') && fromRequest(c.arg, 'js'),
  },
  {
    id: 'js-open-redirect',
    keywords: ['redirect'],
    family: 'js',
    title: 'Redirect to a request-supplied URL',
    severity: 'medium',
    cwe: 'CWE-601',
    message: 'The redirect target comes from the request, so a link can send users to any site.',
    fix: 'Redirect only to relative paths or hosts from an allowlist.',
    query:
      '(call_expression function: (member_expression property: (property_identifier) @fn (#eq? @fn "redirect")) arguments: (arguments (_) @arg)) @match',
    where: (c) => fromRequest(c.arg, 'js') && c.match !== undefined && !redirectValidated(c.match),
  },
  {
    id: 'js-hardcoded-credentials',
    skipInTests: true,
    keywords: ['pass', 'pwd', 'secret', 'key', 'token', 'credential'],
    family: 'js',
    title: 'Hard-coded credential',
    severity: 'high',
    cwe: 'CWE-798',
    message: 'A password, secret or key is written as a string literal in the code.',
    fix: 'Read it from the environment or a secret store at run time.',
    query: `
      (variable_declarator name: (identifier) @name value: (string) @val) @match
      (pair key: [(property_identifier) (string)] @name value: (string) @val) @match
      (assignment_expression left: (member_expression property: (property_identifier) @name) right: (string) @val) @match`,
    where: (c) => isCredentialName(c.name?.text ?? '') && c.val !== undefined && isCredentialValue(stringValue(c.val)),
    sensitiveMatch: true,
  },
  {
    id: 'js-inner-html',
    keywords: ['innerhtml', 'outerhtml', 'insertadjacenthtml'],
    family: 'js',
    title: 'innerHTML/outerHTML from a variable',
    severity: 'high',
    cwe: 'CWE-79',
    message: 'HTML built from a non-constant value is written into the DOM (cross-site scripting).',
    fix: 'Set textContent, build nodes with createElement, or sanitise with DOMPurify first.',
    query: `
      (assignment_expression left: (member_expression property: (property_identifier) @p (#any-of? @p "innerHTML" "outerHTML")) right: (_) @v) @match
      (augmented_assignment_expression left: (member_expression property: (property_identifier) @p (#any-of? @p "innerHTML" "outerHTML")) right: (_) @v) @match
      (call_expression function: (member_expression property: (property_identifier) @p (#eq? @p "insertAdjacentHTML")) arguments: (arguments (_) (_) @v)) @match`,
    where: (c) => !isStringLiteral(c.v) && !(c.v && isSanitized(c.v)),
  },
  {
    id: 'js-dangerously-set-inner-html',
    keywords: ['__html'],
    family: 'js',
    title: 'dangerouslySetInnerHTML from a variable',
    severity: 'high',
    cwe: 'CWE-79',
    message: 'React renders a non-constant HTML string without escaping (cross-site scripting).',
    fix: 'Render the value as text, or sanitise it with DOMPurify.sanitize() in place.',
    query: '(pair key: (property_identifier) @k (#eq? @k "__html") value: (_) @v) @match',
    where: (c) => !isStringLiteral(c.v) && !(c.v && isSanitized(c.v)),
  },
  {
    id: 'js-document-write',
    keywords: ['document.write'],
    family: 'js',
    title: 'document.write of a variable',
    severity: 'medium',
    cwe: 'CWE-79',
    message: 'document.write() inserts non-constant HTML into the page.',
    fix: 'Create elements with the DOM API and set textContent.',
    query: `(call_expression function: (member_expression object: (identifier) @o (#eq? @o "document") property: (property_identifier) @p (#any-of? @p "write" "writeln"))
      arguments: (arguments . (_) @v)) @match`,
    where: (c) => !isStringLiteral(c.v),
  },
  {
    id: 'js-insecure-random',
    keywords: ['math.random'],
    family: 'js',
    title: 'Math.random for security values',
    severity: 'medium',
    cwe: 'CWE-338',
    message: 'Math.random() is predictable; it generates a token, password or session value here.',
    fix: 'Use crypto.randomBytes / crypto.randomUUID / crypto.getRandomValues.',
    query:
      '(call_expression function: (member_expression object: (identifier) @o (#eq? @o "Math") property: (property_identifier) @p (#eq? @p "random"))) @match',
    where: (c) => c.match !== undefined && inSecurityPurpose(c.match),
  },
  {
    id: 'js-jwt-verify-without-algorithms',
    keywords: ['verify'],
    family: 'js',
    title: 'JWT verified without pinning algorithms',
    severity: 'high',
    cwe: 'CWE-347',
    message: 'jwt.verify() accepts whatever algorithm the token names (alg confusion, "none").',
    fix: 'Pass { algorithms: ["RS256"] } (the one you issue) as the options argument.',
    query:
      '(call_expression function: (member_expression object: (identifier) @o property: (property_identifier) @fn (#eq? @fn "verify")) arguments: (arguments) @args) @match',
    where: (c) => {
      if (!/^(?:jwt|jsonwebtoken|jws)$/i.test(c.o?.text ?? '')) return false;
      const options = c.args?.namedChildren.filter((n) => n.type !== 'comment')[2];
      return !options || !/\b(?:algorithms|alg)\b/.test(options.text) || /["']none["']/i.test(options.text);
    },
  },
  {
    id: 'js-jwt-decode-without-verify',
    keywords: ['jwt', 'jsonwebtoken'],
    family: 'js',
    title: 'JWT decoded without verification',
    severity: 'medium',
    cwe: 'CWE-345',
    message: 'jwt.decode() does not check the signature; its claims can be forged.',
    fix: 'Use jwt.verify() with the key and pinned algorithms before trusting claims.',
    query:
      '(call_expression function: (member_expression object: (identifier) @o (#match? @o "^(jwt|jsonwebtoken)$") property: (property_identifier) @fn (#eq? @fn "decode"))) @match',
  },
  {
    id: 'js-jwt-hardcoded-secret',
    skipInTests: true,
    keywords: ['jwt', 'jsonwebtoken'],
    family: 'js',
    title: 'JWT signed with a hard-coded secret',
    severity: 'high',
    cwe: 'CWE-798',
    message: 'The JWT signing/verification key is a string literal in the code.',
    fix: 'Load the key from the environment or a key store; rotate the one in the code.',
    query: `(call_expression function: (member_expression object: (identifier) @o (#match? @o "^(jwt|jsonwebtoken)$") property: (property_identifier) @fn (#any-of? @fn "sign" "verify"))
      arguments: (arguments . (_) . (string) @key)) @match`,
    sensitiveMatch: true,
  },
  {
    id: 'js-xxe',
    keywords: ['noent', 'dtdload', 'dtdvalid'],
    family: 'js',
    title: 'XML parser with external entities enabled',
    severity: 'high',
    cwe: 'CWE-611',
    message: 'noent/dtdload makes the XML parser expand external entities (XXE: file reads, SSRF).',
    fix: 'Leave noent and dtdload off (the default).',
    query: '(pair key: (property_identifier) @k (#any-of? @k "noent" "dtdload" "dtdvalid") value: (true)) @match',
  },
  {
    id: 'js-redos',
    family: 'js',
    title: 'Regular expression with nested quantifiers',
    severity: 'medium',
    cwe: 'CWE-1333',
    message: 'A quantified group that contains a quantifier can backtrack exponentially (ReDoS).',
    fix: 'Rewrite without nesting ((a+)+ → a+), use atomic alternatives, or bound the input length.',
    query: `
      (regex pattern: (regex_pattern) @p) @match
      (new_expression constructor: (identifier) @c (#eq? @c "RegExp") arguments: (arguments . (string) @p)) @match`,
    where: (c) => hasNestedQuantifier(c.p?.type === 'string' ? stringValue(c.p) : (c.p?.text ?? '')),
  },
  {
    id: 'js-regexp-injection',
    keywords: ['regexp'],
    family: 'js',
    title: 'RegExp built from request input',
    severity: 'medium',
    cwe: 'CWE-1333',
    message: 'A regular expression is compiled from request input (ReDoS, pattern injection).',
    fix: 'Escape the input (e.g. with a regex-escape helper) or match with includes()/startsWith().',
    query: `
      (new_expression constructor: (identifier) @c (#eq? @c "RegExp") arguments: (arguments . (_) @arg)) @match
      (call_expression function: (identifier) @c (#eq? @c "RegExp") arguments: (arguments . (_) @arg)) @match`,
    where: (c) => fromRequest(c.arg, 'js'),
  },
  {
    id: 'js-cors-wildcard-credentials',
    keywords: ['credentials'],
    family: 'js',
    title: 'CORS any origin with credentials',
    severity: 'high',
    cwe: 'CWE-942',
    message: 'CORS allows every origin (or reflects it) and also allows credentials, so any site can act as the user.',
    fix: 'List the allowed origins explicitly when credentials are allowed.',
    query: `
      (pair key: (property_identifier) @k (#eq? @k "credentials") value: (true)) @match
      (call_expression function: (member_expression property: (property_identifier) @fn (#any-of? @fn "setHeader" "header" "set"))
        arguments: (arguments . (string (string_fragment) @h (#match? @h "^[Aa]ccess-[Cc]ontrol-[Aa]llow-[Cc]redentials$")) . (_) @v)) @match`,
    where: (c, root) => {
      if (c.h) return /^["'`]?true["'`]?$/.test(c.v?.text ?? '') && /Access-Control-Allow-Origin['"`]\s*,\s*['"`]\*['"`]/i.test(root.text);
      const origin = c.match?.parent?.namedChildren.find((p) => p.type === 'pair' && p.childForFieldName('key')?.text === 'origin');
      return /^(?:["'`]\*["'`]|true)$/.test(origin?.childForFieldName('value')?.text ?? '');
    },
  },
  {
    id: 'js-cookie-without-httponly',
    keywords: ['httponly'],
    family: 'js',
    title: 'Cookie readable by scripts',
    severity: 'medium',
    cwe: 'CWE-1004',
    message: 'httpOnly: false lets page scripts (and XSS) read the cookie.',
    fix: 'Set httpOnly: true (and secure: true, sameSite) on session cookies.',
    query: '(pair key: (property_identifier) @k (#eq? @k "httpOnly") value: (false)) @match',
  },
  {
    id: 'js-vm-code-injection',
    keywords: ['vm.'],
    family: 'js',
    title: 'vm module running dynamic code',
    severity: 'high',
    cwe: 'CWE-94',
    message: 'node:vm is not a security boundary; it runs non-constant code here.',
    fix: 'Do not run untrusted code in-process; use a separate, locked-down process or a real sandbox.',
    query: `
      (call_expression function: (member_expression object: (identifier) @o (#eq? @o "vm") property: (property_identifier) @fn
        (#match? @fn "^(runInNewContext|runInThisContext|runInContext|compileFunction)$")) arguments: (arguments . (_) @arg)) @match
      (new_expression constructor: (member_expression object: (identifier) @o (#eq? @o "vm") property: (property_identifier) @fn (#eq? @fn "Script")) arguments: (arguments . (_) @arg)) @match`,
    where: (c) => !isStringLiteral(c.arg),
  },
  {
    id: 'js-nosql-where',
    keywords: ['$where'],
    family: 'js',
    title: 'MongoDB $where with dynamic code',
    severity: 'high',
    cwe: 'CWE-943',
    message: '$where evaluates JavaScript on the server; here it is built at run time.',
    fix: 'Express the filter with query operators ($eq, $in, …) instead of $where.',
    query: '(pair key: [(property_identifier) (string)] @k (#match? @k "^[\'\\"]?\\\\$where[\'\\"]?$") value: (_) @v) @match',
    where: (c) => !isStringLiteral(c.v),
  },
];

/**
 * `npm run build`, after tsc: bundle the CLI into dist/bundle/ with esbuild, so `code-engine` loads a few chunks
 * instead of ~1,000 modules (issue #6: `code-engine mcp` start-up). dist/main/bin.js runs it (see src/main/bin.ts).
 *
 * - ESM with code splitting: the CLI's lazy `import()`s (command handlers, `serve`, LLM SDKs) stay lazy, as chunks.
 * - Dependencies are bundled too (per-file ESM loading of kysely, zod, the MCP SDK … cost more than our own code),
 *   except those in EXTERNAL, which need their own files at run time or are native addons.
 * - A bundled package must not locate files through `__dirname`/`__filename`/`require.resolve`/`import.meta.url`
 *   (they would point into dist/bundle/): the build fails naming it, unless REVIEWED says why it is harmless.
 * - Entry points keep fixed names: analysis-pool.ts finds `./analyze-worker.js` beside its own chunk.
 * - `await import('pkg')` of a bundled CommonJS package yields only `default` (module.exports) in the bundle, where
 *   Node would also give named exports: destructure `default` (test/regressions/issue-6.test.ts covers undici).
 * - Chunks are written before entry points, each atomically, and the previous build's chunks are kept, so a
 *   process started from the previous bundle can still load its lazy chunks while you rebuild.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist/bundle');
const manifestFile = join(outdir, 'manifest.json');

const ENTRY_POINTS = {
  'cli-main': 'src/main/cli-main.ts',
  // piscina loads it by file URL (src/crawler/analyze/analysis-pool.ts).
  'analyze-worker': 'src/crawler/analyze/analyze-worker.ts',
};

/** Left in node_modules, with why. */
const EXTERNAL: Record<string, string> = {
  'better-sqlite3': 'native addon',
  '@node-rs/argon2': 'native addon',
  'web-tree-sitter': 'loads its .wasm beside its own module',
  piscina: 'starts worker threads from its own files',
  pino: 'transports start worker threads from its own files',
  'pino-pretty': 'loaded by createRequire in src/core/logger.ts',
  ioredis: 'reads its package.json and error stacks through __dirname',
  '@fastify/swagger': 'reads its package.json through __dirname',
  '@fastify/swagger-ui': 'serves static files from its own folder',
};

/** Bundled packages whose file-locating code is harmless, with why. */
const REVIEWED: Record<string, string> = {
  commander: '__dirname/__filename only for executable subcommands, which code-engine does not use',
  undici: 'reads __filename only behind a typeof check',
};

const LOCATING = /\b__dirname\b|\b__filename\b|\brequire\.resolve\b|\bimport\.meta\.(url|dirname|filename)\b/;

function packageOf(input: string): string | undefined {
  return /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
}

/** Bundled packages that locate files relative to themselves and were not reviewed. */
function unreviewedLocators(metafile: Metafile): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const input of Object.keys(metafile.inputs)) {
    const pkg = packageOf(input);
    if (!pkg || pkg in REVIEWED || !LOCATING.test(readFileSync(join(root, input), 'utf8'))) continue;
    found.set(pkg, [...(found.get(pkg) ?? []), input]);
  }
  return found;
}

function writeAtomically(path: string, contents: Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, path);
}

function previousOutputs(): string[] {
  try {
    return (JSON.parse(readFileSync(manifestFile, 'utf8')) as { files: string[] }).files;
  } catch {
    return [];
  }
}

const started = performance.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: ENTRY_POINTS,
  outdir,
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: Object.keys(EXTERNAL),
  // Bundled CommonJS dependencies call require() for Node built-ins and optional peers.
  banner: {
    js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
  },
  metafile: true,
  write: false,
  logLevel: 'warning',
});

const locators = unreviewedLocators(result.metafile);
if (locators.size > 0) {
  for (const [pkg, files] of locators) console.error(`bundle: ${pkg} locates files relative to itself (${files.join(', ')})`);
  console.error('bundle: add each to EXTERNAL in scripts/bundle.ts, or to REVIEWED with the reason it is harmless.');
  process.exit(1);
}

mkdirSync(outdir, { recursive: true });
const entryNames = new Set(Object.keys(ENTRY_POINTS).map((name) => `${name}.js`));
const isEntry = (path: string) => entryNames.has(basename(path));
const outputs = [...result.outputFiles].sort((a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)));
for (const file of outputs) writeAtomically(file.path, file.contents);

const current = outputs.map((f) => relative(outdir, f.path));
const keep = new Set([...current, ...previousOutputs(), basename(manifestFile)]);
for (const name of readdirSync(outdir)) if (!keep.has(name)) rmSync(join(outdir, name), { force: true });
writeAtomically(manifestFile, Buffer.from(`${JSON.stringify({ files: current }, null, 2)}\n`));

const bytes = outputs.reduce((sum, f) => sum + (f.path.endsWith('.js') ? f.contents.byteLength : 0), 0);
console.log(
  `bundle: ${current.filter((f) => f.endsWith('.js')).length} files, ${(bytes / 1e6).toFixed(1)} MB → dist/bundle/ in ${(performance.now() - started).toFixed(0)} ms`,
);

#!/usr/bin/env node
/**
 * The `code-engine` executable. It runs the CLI from the bundle `npm run build` writes to dist/bundle/ (see
 * scripts/bundle.ts): a few chunks load several times faster than the ~1,000 modules of the unbundled graph, which
 * is what makes `code-engine mcp` answer `initialize` quickly (issue #6).
 * Falls back to the unbundled modules (dist/main/cli-main.js, same code) when the bundle is missing or older than
 * the last tsc build or the last npm install, so neither a `tsc`-only rebuild nor a dependency update runs stale code.
 */
import { statSync } from 'node:fs';

const bundle = new URL('../bundle/cli-main.js', import.meta.url);
const mtimeMs = (url: URL): number | undefined => statSync(url, { throwIfNoEntry: false })?.mtimeMs;
const bundledAt = mtimeMs(bundle);
// Without dist/.tsbuildinfo (e.g. an installed package) only the bundle's presence counts.
const compiledAt = mtimeMs(new URL('../.tsbuildinfo', import.meta.url)) ?? 0;
// The bundle holds dependencies too: after an `npm install`/`npm update` (npm rewrites node_modules/.package-lock.json)
// the unbundled modules run the newly installed ones until the next build.
const installedAt = mtimeMs(new URL('../../node_modules/.package-lock.json', import.meta.url)) ?? 0;

if (bundledAt !== undefined && bundledAt >= compiledAt && bundledAt >= installedAt) await import(bundle.href);
else await import('./cli-main.js');

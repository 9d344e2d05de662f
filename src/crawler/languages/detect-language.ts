/**
 * Language detection from a path (file name, then the longest matching extension) and, for files
 * without a known extension, the `#!` line — as tokei does.
 */
import { LANGUAGES, type LanguageDef } from './language-table.js';

const byExtension = new Map<string, LanguageDef>();
const byFilename = new Map<string, LanguageDef>();
const byInterpreter = new Map<string, LanguageDef>();
for (const lang of LANGUAGES) {
  for (const e of lang.extensions ?? []) if (!byExtension.has(e)) byExtension.set(e, lang);
  for (const f of lang.filenames ?? []) byFilename.set(f.toLowerCase(), lang);
  for (const s of lang.shebangs ?? []) byInterpreter.set(s, lang);
}
const byName = new Map(LANGUAGES.map((l) => [l.name, l]));

/** The definition of a language by display name, e.g. "Rust". */
export function languageByName(name: string): LanguageDef | undefined {
  return byName.get(name);
}

/** The language of `path` from its name alone, or undefined when the name says nothing. */
export function languageFromPath(path: string): LanguageDef | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  const named = byFilename.get(lower);
  if (named) return named;
  // Longest extension first, so "foo.d.ts" tries "d.ts" before "ts".
  for (let dot = lower.indexOf('.', 1); dot !== -1; dot = lower.indexOf('.', dot + 1)) {
    const hit = byExtension.get(lower.slice(dot + 1));
    if (hit) return hit;
  }
  if (lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile')) return byName.get('Dockerfile');
  return undefined;
}

/** The interpreter named by a `#!` line: `#!/usr/bin/env -S node --flag` → "node", `#!/bin/bash` → "bash". */
export function interpreterOf(firstLine: string): string | undefined {
  if (!firstLine.startsWith('#!')) return undefined;
  const words = firstLine.slice(2).trim().split(/\s+/);
  let program = words[0]?.slice((words[0]?.lastIndexOf('/') ?? -1) + 1);
  let i = 1;
  if (program === 'env') {
    while (i < words.length && words[i]?.startsWith('-')) i++;
    program = words[i];
  }
  // "python3.11" → "python3", so versioned interpreters resolve.
  return program?.replace(/(\d)\.\d+$/, '$1');
}

/** The language of a file: by name, else by its `#!` line. */
export function detectLanguage(path: string, firstLine: string): LanguageDef | undefined {
  const fromPath = languageFromPath(path);
  if (fromPath) return fromPath;
  const interpreter = interpreterOf(firstLine);
  return interpreter ? byInterpreter.get(interpreter) : undefined;
}
